import { StrataError } from '../../shared/errors';
import type { Progress } from '../../shared/model';
import { compileBasic, compileExtended, escapeRegExp } from '../../shared/posixRegex';
import type { GrepSyntax } from '../../shared/commitGrep';
import { configBoolean, readEffectiveConfig } from '../objects/configFile';
import { eventLoopTurns } from '../objects/eventLoopTurns';
import { parseCommit } from '../objects/parseCommit';
import { repositoryMailmap } from '../mailmap/repositoryMailmap';
import type { Repository } from '../repository/repository';

export interface GrepCommitsOptions {
  readonly repo: Repository;
  /** The commits to filter, in the order the answer keeps. */
  readonly oids: readonly string[];
  /** git log --author: the author ("Name <email>") matches one of them. */
  readonly author?: readonly string[];
  /** git log --committer. */
  readonly committer?: readonly string[];
  /** git log --grep: a line of the message matches one of them (all of them with allMatch). */
  readonly grep?: readonly string[];
  /** git's -G/-E/-F: basic (git's default), extended or fixed strings. */
  readonly syntax?: GrepSyntax;
  /** git log -i. */
  readonly ignoreCase?: boolean;
  /** git log --all-match: every --grep pattern matches a line of the message. */
  readonly allMatch?: boolean;
  /** git log --invert-grep: no line of the message matches a --grep pattern. */
  readonly invertGrep?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/**
 * git log's commit filters, as its grep reads a commit: the author and committer lines ("Name <email>", through the
 * .mailmap unless log.mailmap is false) against --author and --committer (the patterns of one field or'ed, the
 * fields and'ed), each line of the message (re-encoded to UTF-8, as git greps it) against --grep (or'ed; and'ed
 * with --all-match; none with --invert-grep), both required.
 */
export async function grepCommits(o: GrepCommitsOptions): Promise<string[]> {
  const flags = o.ignoreCase ? 'i' : '';
  const compile = (src: string): RegExp => {
    if (o.syntax === 'fixed') return new RegExp(escapeRegExp(src), flags);
    return o.syntax === 'extended' ? compileExtended(src, flags) : compileBasic(src, flags);
  };
  const authors = (o.author ?? []).map(compile);
  const committers = (o.committer ?? []).map(compile);
  const greps = (o.grep ?? []).map(compile);
  if (authors.length + committers.length + greps.length === 0) return [...o.oids];
  const useMailmap = configBoolean(readEffectiveConfig(o.repo.info.gitdir).get('log.mailmap')) ?? true;
  const mailmap = useMailmap ? await repositoryMailmap(o.repo) : null;
  const identity = (p: { name: string; email: string }) => {
    const mapped = mailmap?.map(p) ?? p;
    return `${mapped.name} <${mapped.email}>`;
  };
  const turn = eventLoopTurns();
  const out: string[] = [];
  for (let i = 0; i < o.oids.length; i++) {
    const turning = turn();
    if (turning) await turning;
    if (o.signal?.aborted) throw new StrataError('Cancelled', 'The search was cancelled.');
    if (i % 256 === 0) o.onProgress?.({ phase: 'Reading commits', loaded: i, total: o.oids.length });
    const oid = o.oids[i]!;
    const obj = await o.repo.store.readObject(oid);
    if (obj.type !== 'commit') throw new StrataError('InvalidRequest', `${oid} is not a commit.`);
    const c = parseCommit(obj.data);
    if (authors.length && !authors.some((re) => re.test(identity(c.author)))) continue;
    if (committers.length && !committers.some((re) => re.test(identity(c.committer)))) continue;
    if (greps.length && !messageMatches(c.message, greps, o)) continue;
    out.push(oid);
  }
  return out;
}

/** Whether the message passes --grep (per line, as git's grep reads it). */
function messageMatches(message: string, greps: readonly RegExp[], o: GrepCommitsOptions): boolean {
  // the lines of the message, as git's grep cuts the buffer (no line after its last newline)
  const lines = (message.endsWith('\n') ? message.slice(0, -1) : message).split('\n');
  const hit = (re: RegExp) => lines.some((line) => re.test(line));
  if (o.invertGrep) return !greps.some(hit);
  return o.allMatch ? greps.every(hit) : greps.some(hit);
}
