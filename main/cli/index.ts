import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { toErrorInfo } from '../../shared/errors';
import { strataHome } from '../index/strataHome';
import { createCliEnv, type CliEnv, type Io } from './cliEnv';
import { fillRepository } from './currentRepository';
import { archiveCommand } from './commands/archive';
import { backportsCommand } from './commands/backports';
import { blameCommand } from './commands/blame';
import { cloneCommand } from './commands/clone';
import { diffCommand } from './commands/diff';
import { discussionCommand } from './commands/discussion';
import { exportCommand } from './commands/export';
import { exportsCommand } from './commands/exports';
import { fetchCommand } from './commands/fetch';
import { logCommand } from './commands/log';
import { sampleCommand } from './commands/sample';
import { serveCommand } from './commands/serve';
import { showCommand } from './commands/show';

/** Every command, in the order `strata --help` lists them; each is one file in commands/. */
const COMMANDS: readonly ((env: CliEnv) => Command)[] = [
  sampleCommand,
  logCommand,
  showCommand,
  diffCommand,
  blameCommand,
  cloneCommand,
  fetchCommand,
  exportsCommand,
  backportsCommand,
  exportCommand,
  serveCommand,
  archiveCommand,
  discussionCommand,
];

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Runs one command; returns the exit code (0 done, 1 failed, 2 not understood). */
export async function main(argv: string[], io: Io = stdio, cwd = process.cwd()): Promise<number> {
  const home = strataHome();
  if (fs.statSync(home, { throwIfNoEntry: false })?.isDirectory() === false) {
    io.err(`strata: STRATA_HOME (${home}) is a file, not a folder; point STRATA_HOME at a folder (or unset it).\n`);
    return 1;
  }
  const env = createCliEnv(io, home);
  const program = new Command('strata')
    .description('how did this file become what it is')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError()
    .showHelpAfterError("(strata <command> --help lists a command's options)")
    .addHelpText('after', `\nAll on-disk state lives in STRATA_HOME (now ${home}).\n`);
  for (const make of COMMANDS) program.addCommand(make(env).copyInheritedSettings(program));
  program.hook('preAction', (_, command) => fillRepository(command, cwd));
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // commander has printed what it had to say
    const info = toErrorInfo(err);
    io.err(`strata: ${info.message}\n`);
    return info.code === 'InvalidRequest' ? 2 : 1;
  } finally {
    env.close();
  }
}
