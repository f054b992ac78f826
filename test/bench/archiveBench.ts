/**
 * The discussion lens's rows of `npm run bench`: indexing a generated public-inbox archive against
 * `git cat-file --batch` of every message blob (the floor: reading the mail is all git can do) and against
 * `public-inbox-index -L basic` on the same archive; a fetch of 1,000 new messages; linking a 200-commit
 * timeline. BENCH_ARCHIVE_MESSAGES sets the size (default 100,000; "0": skip these rows);
 * BENCH_PUBLIC_INBOX=0 skips public-inbox-index (minutes at 100,000 messages).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLargeArchive } from '../fixtures/generateLargeArchive';
import { buildLongStory, publicInboxMissing, writeStoryMbox, writeStoryRepository } from '../fixtures/generateArchive';
import { indexFileHistory } from '../../main/services/indexFileHistory';
import { openRepository } from '../../main/repository/repository';
import { openCatalog } from '../../main/archive/archiveCatalog';
import { discussTimeline, linkTimeline, openArchiveIndexes } from '../../main/archive/discussFileHistory';

type Row = (what: string, native: number | null, strata: number | null, note?: string) => void;
interface IndexRun {
  added: number;
  total: number;
  seconds: number;
  cpuSeconds: number;
  rssMiB: number;
}

const indexOnce = path.join(__dirname, 'archiveIndexOnce.js');

function runIndex(source: string, home: string): IndexRun {
  const r = spawnSync(process.execPath, [indexOnce, source, home], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`archive index failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as IndexRun;
}

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function ensureArchive(cacheDir: string, messages: number): Promise<string> {
  const inbox = path.join(cacheDir, `archive-${messages}-v1`);
  if (!fs.existsSync(path.join(inbox, 'bench-ready'))) {
    fs.rmSync(inbox, { recursive: true, force: true });
    console.error(`Generating a public-inbox archive of ${messages} messages in ${inbox} (once; cached)…`);
    await generateLargeArchive({ inbox, messages });
    execFileSync('git', ['--git-dir', path.join(inbox, 'git', '0.git'), 'repack', '-adq']);
    fs.writeFileSync(path.join(inbox, 'bench-ready'), '');
  }
  return inbox;
}

export async function benchArchive(row: Row, cacheDir: string): Promise<void> {
  const messages = Number(process.env.BENCH_ARCHIVE_MESSAGES ?? 100_000);
  if (!(messages > 0)) return;
  const inbox = await ensureArchive(cacheDir, messages);
  const gitdir = path.join(inbox, 'git', '0.git');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-archive-'));
  try {
    // the floor: every message blob through one git cat-file --batch (the blob list made first, not timed)
    const blobs = execFileSync('sh', ['-c', `git --git-dir '${gitdir}' rev-list --objects master | awk 'NF==2 && $2=="m"{print $1}'`], {
      maxBuffer: 1 << 30,
    });
    const floor = Math.min(
      ...[0, 1].map(() =>
        timed(() =>
          execFileSync('git', ['--git-dir', gitdir, 'cat-file', '--batch'], { input: blobs, stdio: ['pipe', 'ignore', 'inherit'] }),
        ),
      ),
    );
    const first = [0, 1].map(() => runIndex(inbox, fs.mkdtempSync(path.join(work, 'home-')))).sort((a, b) => a.seconds - b.seconds)[0]!;
    row(
      `archive of ${messages} messages: git cat-file --batch of every message vs Strata's first index`,
      floor,
      first.seconds,
      `${first.added} indexed; CPU ${first.cpuSeconds.toFixed(2)} s; peak RSS ${first.rssMiB.toFixed(0)} MiB`,
    );

    if (process.env.BENCH_PUBLIC_INBOX !== '0' && !publicInboxMissing()) {
      const copy = path.join(work, 'pi-inbox');
      fs.mkdirSync(path.join(copy, 'git'), { recursive: true });
      execFileSync('cp', ['-r', gitdir, path.join(copy, 'git', '0.git')]);
      const env = { ...process.env, HOME: path.join(work, 'pi-home'), PI_CONFIG: path.join(work, 'pi-home', 'config') };
      fs.mkdirSync(env.HOME, { recursive: true });
      execFileSync('public-inbox-init', ['-V2', '-L', 'basic', 'bench', copy, 'http://127.0.0.1/bench', 'bench@gen.example'], {
        env,
        stdio: 'ignore',
      });
      const pi = timed(() => execFileSync('public-inbox-index', ['--no-fsync', '-L', 'basic', copy], { env, stdio: 'ignore' }));
      row(
        `archive of ${messages} messages: public-inbox-index -L basic --no-fsync vs Strata's first index`,
        pi,
        first.seconds,
        `${(pi / first.seconds).toFixed(1)}x faster`,
      );
    }

    // a fetch: 1,000 new messages appended to a copy of the archive, then indexed
    const grown = path.join(work, 'grown');
    fs.mkdirSync(path.join(grown, 'git'), { recursive: true });
    execFileSync('cp', ['-r', gitdir, path.join(grown, 'git', '0.git')]);
    const home = fs.mkdtempSync(path.join(work, 'home-'));
    runIndex(grown, home);
    await generateLargeArchive({ inbox: grown, messages: 1000, from: messages });
    const fetched = runIndex(grown, home);
    if (fetched.added !== 1000) throw new Error(`the fetch indexed ${fetched.added} messages, not 1000`);
    row('archive fetch: 1,000 new messages indexed (only those)', null, fetched.seconds, `peak RSS ${fetched.rssMiB.toFixed(0)} MiB`);

    // linking a 200-commit timeline against an indexed archive
    const story = buildLongStory(200);
    const repo = path.join(work, 'linked-repo');
    const oids = writeStoryRepository(repo, story.commits);
    const mbox = path.join(work, 'linked.mbox');
    writeStoryMbox(mbox, story.mails);
    const linkHome = fs.mkdtempSync(path.join(work, 'home-'));
    const opened = await openRepository({ dir: repo, home: linkHome });
    const timeline = await indexFileHistory({ repo: opened, path: 'mm/hmm.c' });
    const indexes = await openArchiveIndexes(linkHome, [mbox, grown]);
    const t = process.hrtime.bigint();
    const entries = await linkTimeline(opened, timeline, await openCatalog(indexes));
    const linkSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    // what the mentions filter, a thread read or a report asks after the lens: the same timeline again
    const lens = () => discussTimeline({ repo: opened, path: 'mm/hmm.c', home: linkHome, archives: [mbox, grown] });
    const asked = async () => {
      const t0 = process.hrtime.bigint();
      await lens();
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    const firstAsk = await asked();
    const againAsk = await asked();
    opened.close();
    const right = entries.filter((e) => {
      const c = story.commits.find((x) => oids.get(x.name) === e.oid)!;
      return (e.discussion?.messageId ?? null) === c.expect;
    }).length;
    row(
      `linking a ${entries.length}-commit timeline (archives: ${messages + 1000 + story.mails.length} messages)`,
      null,
      linkSeconds,
      `${right}/${entries.length} linked as the story says; catalog opened included`,
    );
    row(
      'the same timeline asked again (mentions filter, thread, report): kept links',
      null,
      againAsk,
      `first ask ${firstAsk.toFixed(3)} s, ${(firstAsk / againAsk).toFixed(0)}x faster again; the timeline and each archive checked for changes`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const rows: string[] = [];
  benchArchive(
    (what, native, strata, note = '') =>
      rows.push(
        `| ${what} | ${native?.toFixed(3) ?? ''} | ${strata?.toFixed(3) ?? ''} | ${native && strata ? `${(strata / native).toFixed(2)}x` : ''} | ${note} |`,
      ),
    process.env.BENCH_CACHE ?? path.join(os.tmpdir(), 'strata-bench'),
  )
    .then(() => console.log(rows.join('\n')))
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
