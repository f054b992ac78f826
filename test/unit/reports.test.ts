import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { smallRepo, tmpDir } from '../fixtures/generateRepo';
import { gitLogOids } from '../fixtures/gitOracle';
import { writeSampleRepository } from '../../main/git/writeSampleRepository';
import { collectReport } from '../fixtures/openAndRun';
import { renderReport } from '../../main/reports/renderReport';
import { EMPTY_FILTER } from '../../shared/timelineFilter';
import type { Discussion, DiscussionThread } from '../../shared/discussion';

const bin = path.join(__dirname, '..', '..', '..', 'bin', 'strata.js');
const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '](javascript:alert(1))',
  "'; DROP TABLE x; --",
  '=HYPERLINK("http://evil")',
  '`code` **bold** <b>',
  '\u202Eevil',
];

function repoWithHostileHistory(root: string): string {
  const dir = path.join(root, 'hostile');
  execFileSync('git', ['init', '-q', '-b', 'master', dir]);
  XSS.forEach((bad, i) => {
    fs.mkdirSync(path.join(dir, 'mm'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'mm', 'hmm.c'),
      `/* ${bad} */\nint f${i}(void) { return ${i}; }\nEXPORT_SYMBOL${i % 2 ? '_GPL' : ''}(f0);\n</pre></section>${bad}\n`,
    );
    execFileSync('git', ['-C', dir, 'add', '-A']);
    execFileSync(
      'git',
      [
        '-C',
        dir,
        '-c',
        `user.name=${bad.replace(/[<>\n]/g, '')}`,
        '-c',
        'user.email=x@example.org',
        'commit',
        '-qm',
        `mm/hmm: ${bad}\n\n${bad}\nLink: javascript:alert(1)\nLink: https://lore.kernel.org/r/${encodeURIComponent(bad)}\nSigned-off-by: ${bad} <x@example.org>`,
      ],
      { env: { ...process.env, GIT_AUTHOR_DATE: `2020-01-0${i + 1}T10:00:00Z`, GIT_COMMITTER_DATE: `2020-01-0${i + 1}T10:00:00Z` } },
    );
  });
  return dir;
}

test('every report format from the sample, with the sample story in it', async () => {
  const root = tmpDir('reports');
  const sample = await writeSampleRepository({ dir: path.join(root, 'sample') });
  const home = path.join(root, 'home');
  const data = await collectReport({ dir: sample.dir, path: 'mm/hmm.c', follow: false, home });
  assert.deepEqual(
    data.commits.map((c) => c.entry.oid),
    gitLogOids(sample.dir, 'mm/hmm.c'),
  );

  const json = JSON.parse(renderReport(data, 'json').content) as {
    $schema: string;
    commits: { oid: string; trailers: unknown[]; diff: string; functions: string[] }[];
    exports: { symbol: string; events: { kind: string; from: string | null; to: string | null }[] }[];
  };
  assert.match(json.$schema, /report-1\.json$/);
  assert.equal(json.commits.length, data.commits.length);
  for (const c of json.commits) {
    assert.match(c.oid, /^[0-9a-f]{40}$/);
    assert.ok(Array.isArray(c.trailers) && typeof c.diff === 'string' && Array.isArray(c.functions));
  }
  const remove = json.exports.find((s) => s.symbol === 'hmm_devmem_remove')!;
  assert.deepEqual(
    remove.events.map((e) => [e.kind, e.from, e.to]),
    [
      ['added', null, 'EXPORT_SYMBOL'],
      ['changed', 'EXPORT_SYMBOL', 'EXPORT_SYMBOL_GPL'],
      ['changed', 'EXPORT_SYMBOL_GPL', 'EXPORT_SYMBOL'],
      ['removed', 'EXPORT_SYMBOL', null],
    ],
  );

  const csv = renderReport(data, 'csv').content;
  const rows = parseCsv(csv);
  assert.equal(rows.length, data.commits.length + 1);
  assert.equal(rows[0]![0], 'oid');
  assert.ok(rows.every((r) => r.length === rows[0]!.length));

  const html = renderReport(data, 'html').content;
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<link[^>]+href=|src=["']?https?:/i, 'nothing is loaded from the network');
  assert.match(html, /EXPORT_SYMBOL → EXPORT_SYMBOL_GPL/);

  const md = renderReport(data, 'md').content;
  assert.match(md, /^# History of mm\/hmm.c/);

  // the function filter keeps only commits that changed that function
  const fnOnly = await collectReport({
    dir: sample.dir,
    path: 'mm/hmm.c',
    follow: false,
    home,
    filter: { ...EMPTY_FILTER, fn: 'hmm_devmem_add' },
  });
  assert.ok(fnOnly.commits.length > 0 && fnOnly.commits.length < data.commits.length);
  assert.ok(fnOnly.commits.every((c) => c.functions.includes('hmm_devmem_add')));
  // the CSV says on each row what the filter kept (a spreadsheet has no heading to say it in); empty when unfiltered
  const csvColumn = (rows: string[][], name: string) => rows.slice(1).map((r) => r[rows[0]!.indexOf(name)]);
  assert.deepEqual(
    new Set(csvColumn(parseCsv(renderReport(fnOnly, 'csv').content), 'filter')),
    new Set(['changed function hmm_devmem_add']),
  );
  assert.deepEqual(new Set(csvColumn(parseCsv(renderReport(data, 'csv').content), 'filter')), new Set(['']));

  // the search marking (not filtering): every commit is listed, the marked ones are git log --grep's
  const marking = await collectReport({
    dir: sample.dir,
    path: 'mm/hmm.c',
    follow: false,
    home,
    filter: { ...EMPTY_FILTER, text: 'devmem', mark: 'yes' },
  });
  assert.equal(marking.commits.length, data.commits.length);
  const grep = execFileSync('git', ['-C', sample.dir, 'log', '-i', '--grep=devmem', '--format=%H', '--', 'mm/hmm.c'])
    .toString()
    .split('\n')
    .filter(Boolean);
  assert.ok(grep.length > 0);
  assert.deepEqual(marking.marked, grep);
  assert.match(renderReport(marking, 'md').content, /Marked by the search \(not a filter\): id or message contains "devmem": \d+ commits/);
  assert.deepEqual((JSON.parse(renderReport(marking, 'json').content) as { marked: string[] }).marked, grep);
  const markedRows = parseCsv(renderReport(marking, 'csv').content);
  assert.deepEqual(
    markedRows
      .slice(1)
      .filter((r) => r[markedRows[0]!.indexOf('marked')] === 'yes')
      .map((r) => r[0]),
    grep,
  );

  // a function still in the file: its history is git log -L :fn:path's (15 commits; the diff-name analysis finds 10)
  const byLines = await collectReport({
    dir: sample.dir,
    path: 'mm/hmm.c',
    follow: false,
    home,
    filter: { ...EMPTY_FILTER, fn: 'hmm_range_fault' },
  });
  const wantOids = execFileSync('git', ['-C', sample.dir, 'log', '--format=%H', '-L', ':hmm_range_fault:mm/hmm.c'])
    .toString()
    .split('\n')
    .filter((l) => /^[0-9a-f]{40}$/.test(l));
  assert.equal(wantOids.length, 15);
  // (in the timeline's order, which is by date; git log -L's is topological)
  assert.deepEqual(byLines.commits.map((c) => c.entry.oid).sort(), [...wantOids].sort());

  // restricted to a line range: git log -L A,B:path's commits, each with git's diff of those lines
  const range = await collectReport({
    dir: sample.dir,
    path: 'mm/hmm.c',
    follow: false,
    home,
    filter: { ...EMPTY_FILTER, lines: '30,41' },
  });
  const gitRange = new Map<string, string>();
  const log = execFileSync('git', ['-C', sample.dir, 'log', '--format=%x00%H', '-L', '30,41:mm/hmm.c']).toString();
  for (const part of log.split('\0').slice(1)) {
    const nl = part.indexOf('\n');
    gitRange.set(
      part.slice(0, nl),
      part
        .slice(nl + 1)
        .replace(/^\n/, '')
        .replace(/\n$/, ''),
    );
  }
  assert.ok(gitRange.size > 1 && gitRange.size < data.commits.length, `${gitRange.size} commits`);
  assert.deepEqual(range.commits.map((c) => c.entry.oid).sort(), [...gitRange.keys()].sort());
  for (const c of range.commits) assert.equal(c.diff.replace(/\n$/, ''), gitRange.get(c.entry.oid), c.entry.oid);
  assert.ok(range.filter.lines === '30,41');
  assert.match(renderReport(range, 'md').content, /changed lines 30–41/);
  // the function filter's diffs are the function's lines too (a merge has none, as in git log -L)
  for (const c of byLines.commits)
    if (c.entry.parents.length < 2) assert.match(c.diff, /^diff --git a\/mm\/hmm\.c b\/mm\/hmm\.c\n[^]*@@ -\d+,\d+ \+\d+,\d+ @@/);
});

test('repository content is data, never markup, in every format (XSS corpus)', async () => {
  const root = tmpDir('xss');
  const dir = repoWithHostileHistory(root);
  const data = await collectReport({ dir, path: 'mm/hmm.c', follow: false, home: path.join(root, 'home') });
  const html = renderReport(data, 'html').content;
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.doesNotMatch(html, /<[^>]*onerror=/i);
  assert.equal(
    (html.match(/<\/pre>/g) ?? []).length,
    (html.match(/<pre>/g) ?? []).length,
    "file text cannot close the report's own elements",
  );
  // in Markdown, text outside code fences is escaped; fenced code is shown literally by every renderer
  const md = renderReport(data, 'md').content.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
  assert.doesNotMatch(md, /<script/i);
  assert.doesNotMatch(md, /(?<!\\)\](?:\s*)\(javascript:/i, 'no live javascript: link');
  assert.doesNotMatch(md, /<img/i);
  const csv = parseCsv(renderReport(data, 'csv').content);
  for (const r of csv.slice(1)) for (const cell of r) assert.doesNotMatch(cell, /^[=+@]/, 'no cell starts a spreadsheet formula');
  const json = JSON.parse(renderReport(data, 'json').content) as { commits: { subject: string }[] };
  assert.ok(
    json.commits.some((c) => c.subject.includes('<script>alert(1)</script>')),
    'JSON keeps the text exactly',
  );
});

test('strata exports --json tells the sample story; strata export writes each format', async () => {
  const root = tmpDir('cli-exports');
  const sample = await writeSampleRepository({ dir: path.join(root, 'sample') });
  const env = { ...process.env, STRATA_HOME: path.join(root, 'home') };
  const r = spawnSync(process.execPath, [bin, 'exports', '--repo', sample.dir, '--path', 'mm/hmm.c', '--json'], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const ledger = JSON.parse(r.stdout) as {
    symbol: string;
    path: string;
    events: { oid: string; kind: string; from: string | null; to: string | null }[];
  }[];
  const subjectOf = (oid: string) => execFileSync('git', ['-C', sample.dir, 'log', '-1', '--format=%s', oid], { encoding: 'utf8' }).trim();
  const story = (symbol: string) =>
    ledger.find((s) => s.symbol === symbol)!.events.map((e) => `${e.kind} ${e.from ?? '-'}→${e.to ?? '-'} ${subjectOf(e.oid)}`);
  assert.deepEqual(story('hmm_devmem_add'), [
    'added -→EXPORT_SYMBOL mm/hmm: heterogeneous memory management (HMM for short)',
    'changed EXPORT_SYMBOL→EXPORT_SYMBOL_GPL mm/hmm: mark hmm_devmem_{add, add_resource} EXPORT_SYMBOL_GPL',
    'removed EXPORT_SYMBOL_GPL→- mm: remove the HMM devmem helpers in favour of devm_memremap_pages()',
  ]);
  assert.deepEqual(story('hmm_range_fault'), [
    'added -→EXPORT_SYMBOL mm/hmm: replace hmm_vma_fault() with hmm_range_fault()',
    'changed EXPORT_SYMBOL→EXPORT_SYMBOL_GPL mm/hmm: export hmm_range_fault() to GPL modules only',
  ]);
  assert.deepEqual(
    story('hmm_mirror_register').map((s) => s.split(' ')[0]),
    ['added', 'changed', 'removed'],
  );
  // a directory ledger includes the file's symbols
  const dirLedger = spawnSync(process.execPath, [bin, 'exports', '--repo', sample.dir, '--path', 'mm', '--json'], {
    encoding: 'utf8',
    env,
  });
  assert.equal(dirLedger.status, 0, dirLedger.stderr);
  assert.ok((JSON.parse(dirLedger.stdout) as { path: string }[]).some((s) => s.path === 'mm/hmm.c'));

  for (const format of ['html', 'md', 'json', 'csv']) {
    const out = path.join(root, `report.${format}`);
    const w = spawnSync(
      process.execPath,
      [
        bin,
        'export',
        '--repo',
        sample.dir,
        '--path',
        'mm/hmm.c',
        '--format',
        format,
        '--out',
        out,
        '--from',
        '2019-01-01',
        '--to',
        '2019-12-31',
      ],
      { encoding: 'utf8', env },
    );
    assert.equal(w.status, 0, w.stderr);
    assert.ok(fs.statSync(out).size > 500);
  }
  const filtered = JSON.parse(fs.readFileSync(path.join(root, 'report.json'), 'utf8')) as { commits: { author: { date: string } }[] };
  assert.ok(filtered.commits.length > 0 && filtered.commits.every((c) => c.author.date.startsWith('2019')));
  if (fs.existsSync('/usr/bin/chromium')) {
    const pdf = path.join(root, 'report.pdf');
    const w = spawnSync(
      process.execPath,
      [
        bin,
        'export',
        '--repo',
        sample.dir,
        '--path',
        'mm/hmm.c',
        '--format',
        'pdf',
        '--out',
        pdf,
        '--from',
        '2019-06-01',
        '--to',
        '2019-08-31',
      ],
      { encoding: 'utf8', env, timeout: 120_000 },
    );
    assert.equal(w.status, 0, w.stderr);
    assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
  }
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const HOSTILE_MAIL = [
  ...XSS,
  "=cmd|' /C calc'!A0",
  '+SUM(1)',
  '@SUM(1)',
  '# heading\n* item [x](javascript:alert(1))',
  'bell\u0007 nul\u0000 escape\u001b[2J\u001b]0;title\u0007 del\u007f',
  '</pre></details></div><script>alert(2)</script>',
];

test('mail text is data, never markup, in every format: hostile thread summary and conversation', async () => {
  const root = tmpDir('xss-mail');
  const dir = repoWithHostileHistory(root);
  const plain = await collectReport({ dir, path: 'mm/hmm.c', follow: false, home: path.join(root, 'home') });
  const bad = HOSTILE_MAIL.join(' ');
  const first = plain.commits[0]!;
  const messageId = `${HOSTILE_MAIL[0]}@example.org`;
  const discussion: Discussion = {
    messageId,
    how: 'link',
    confidence: 1,
    subject: `[PATCH] ${bad}`,
    from: { name: bad, email: 'x@example.org' },
    date: '2020-01-01T10:00:00.000Z',
    thread: { root: messageId, messageIds: [messageId, 'r@example.org'], messages: 2 },
    series: { version: 2, versions: [{ version: 2, messageId, date: '2020-01-01T10:00:00.000Z' }] },
    replies: 1,
    participants: HOSTILE_MAIL.map((h) => ({ name: h, email: `${h}@example.org`, messages: 1 })),
    tags: HOSTILE_MAIL.map((h) => ({ tag: 'Reviewed-by', who: `${h} <x@example.org>`, messageId, inCommit: false })),
  };
  const thread: DiscussionThread = {
    root: messageId,
    messages: HOSTILE_MAIL.map((h, i) => ({
      messageId: i === 0 ? messageId : `m${i}@example.org`,
      parent: i === 0 ? null : `${h}@example.org`,
      subject: h,
      from: { name: h, email: `${h}@example.org` },
      date: '2020-01-01T10:00:00.000Z',
      text: `${h}\n> ${h}\n\nReviewed-by: ${h}\nNAK\n---\ndiff --git a/mm/hmm.c b/mm/hmm.c\n+${h}\n-- \n${h}\n`,
      html: false,
      tags: [],
    })),
  };
  const data = { ...plain, commits: [{ ...first, discussion }, ...plain.commits.slice(1)], threads: { [messageId]: thread } };
  const rendered = { html: '', md: '', csv: '', json: '' };
  for (const f of ['html', 'md', 'csv', 'json'] as const) rendered[f] = renderReport(data, f).content;
  for (const [f, text] of Object.entries(rendered)) {
    // eslint-disable-next-line no-control-regex -- control characters must not reach the file
    if (f !== 'json') assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, `${f}: no raw control character`);
  }
  assert.match(rendered.html, /escape␛\[2J/, 'control characters shown as control pictures');
  const html = rendered.html;
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /<[^>]*onerror=/i);
  assert.equal((html.match(/<\/pre>/g) ?? []).length, (html.match(/<pre[ >]/g) ?? []).length, 'mail cannot close a <pre>');
  assert.equal((html.match(/<\/details>/g) ?? []).length, (html.match(/<details[ >]/g) ?? []).length, 'nor a <details>');
  assert.equal((html.match(/<\/div>/g) ?? []).length, (html.match(/<div[ >]/g) ?? []).length, 'nor a <div>');
  assert.match(html, /<details class="quote"><summary>quoted text/, 'quoted text folded');
  assert.match(html, /<pre class="nak">NAK<\/pre>/, 'a NAK is marked');
  assert.match(html, /Review thread: \[PATCH\] &lt;script&gt;/);
  // fenced code and the addresses' code spans are shown literally by every renderer
  const md = rendered.md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/`<[^`\n]*>`/g, '');
  assert.doesNotMatch(md, /<script/i);
  assert.doesNotMatch(md, /(?<!\\)\](?:\s*)\(javascript:/i, 'no live javascript: link');
  assert.doesNotMatch(md, /^#+ heading/m, 'a newline in a mail header cannot start a Markdown heading');
  assert.match(md, /^- Review thread: \\\[PATCH\\\]/m);
  const csv = parseCsv(rendered.csv);
  const header = csv[0]!;
  const row = csv[1]!;
  for (const col of ['thread', 'replies', 'participants', 'review_tags', 'versions']) assert.ok(header.includes(col), col);
  assert.equal(row[header.indexOf('replies')], '1');
  for (const r of csv.slice(1)) for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@]/, 'no cell starts a spreadsheet formula');
  const json = JSON.parse(rendered.json) as { commits: { discussion: Discussion | null }[] };
  assert.deepEqual(json.commits[0]!.discussion, discussion, 'JSON keeps the mail text exactly');
});

test('a CSV cell never starts a formula, not even after white space (a subject keeps its indentation, as git %s does)', async () => {
  const { dir, git, write } = smallRepo('csv-indented-formula');
  const subjects = ['   =HYPERLINK("https://example.org/x","click")', '\t+cmd|calc', ' -2+3', 'plain subject'];
  for (const [i, subject] of subjects.entries()) {
    write('f.c', `int v = ${i};\n`);
    git('add', 'f.c');
    git('commit', '-q', '--cleanup=verbatim', '-m', `${subject}\n`);
  }
  const data = await collectReport({ dir, path: 'f.c', follow: false, home: path.join(path.dirname(dir), 'home') });
  // the subjects are git's, indentation and all
  assert.deepEqual(
    data.commits.map((c) => c.entry.subject),
    git('log', '--format=%s', '--', 'f.c').split('\n').filter(Boolean),
  );
  const csv = parseCsv(renderReport(data, 'csv').content);
  for (const r of csv.slice(1))
    for (const cell of r) assert.doesNotMatch(cell, /^\s*[=+\-@]|^[\t\r]/, `no cell starts a spreadsheet formula: ${JSON.stringify(cell)}`);
  const subjectColumn = csv[0]!.indexOf('subject');
  assert.deepEqual(
    csv.slice(1).map((r) => r[subjectColumn]),
    // newest first: each formula-like one defused with a quote, the plain one as it is
    [subjects[3], `'${subjects[2]}`, `'${subjects[1]}`, `'${subjects[0]}`],
  );
});
