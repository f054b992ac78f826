import type { ReportFormat, ReportResult } from '../../shared/reports';
import type { Progress, TimelineEntry } from '../../shared/model';
import { parseMessageFacts } from '../../shared/trailers';
import { openRepository } from '../git/openRepository';
import { indexFileHistory } from './indexFileHistory';
import { ledgerFromTimeline } from './exportLedger';
import { diffVersions } from './fileVersions';
import { functionsChanged } from '../analysis/functionsChanged';
import { renderReport, type ReportData, type ReportFilter } from '../reports/renderReport';

export interface WriteReportOptions {
  readonly dir: string;
  readonly path: string;
  readonly follow: boolean;
  readonly format: Exclude<ReportFormat, 'pdf'>;
  readonly filter?: ReportFilter;
  readonly home: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** Collects a timeline report's content once; every format and front end renders the same data. */
export async function collectReport(o: Omit<WriteReportOptions, 'format'>): Promise<ReportData> {
  const extra = { ...(o.signal ? { signal: o.signal } : {}), ...(o.onProgress ? { onProgress: o.onProgress } : {}) };
  const timeline = await indexFileHistory({ dir: o.dir, path: o.path, follow: o.follow, home: o.home, ...extra });
  const { store } = await openRepository({ dir: o.dir });
  const filter = o.filter ?? {};
  const commits: ReportData['commits'][number][] = [];
  for (const [i, e] of timeline.entries.entries()) {
    if (o.signal?.aborted) break;
    o.onProgress?.({ phase: 'Writing report', loaded: i, total: timeline.entries.length });
    if (!matchesBasic(e, filter)) continue;
    const parent = e.parents[0] ?? null;
    const diff = await diffVersions({ dir: o.dir, path: e.path, from: e.status === 'A' || !parent ? null : parent, to: e.oid, ...(e.oldPath ? { fromPath: e.oldPath } : {}) });
    const functions = diff.from.binary || diff.to.binary ? [] : functionsChanged(diff.from.text, diff.to.text);
    if (filter.function && !functions.includes(filter.function)) continue;
    commits.push({ entry: e, facts: parseMessageFacts(`${e.subject}\n\n${e.body}`), functions, diff: diff.unified });
  }
  const ledger = await ledgerFromTimeline(store, timeline, undefined, o.signal);
  return { repo: timeline.repo, path: timeline.path, follow: timeline.follow, head: timeline.head, generatedAt: new Date().toISOString(), filter, total: timeline.entries.length, commits, ledger, tags: timeline.tags };
}

export function matchesBasic(e: TimelineEntry, f: ReportFilter): boolean {
  const date = e.author.date.slice(0, 10);
  if (f.from && date < f.from) return false;
  if (f.to && date > f.to) return false;
  if (f.author && !`${e.author.name} <${e.author.email}>`.toLowerCase().includes(f.author.toLowerCase())) return false;
  if (f.text && !`${e.subject}\n${e.body}`.toLowerCase().includes(f.text.toLowerCase())) return false;
  return true;
}

export async function writeReport(o: WriteReportOptions): Promise<ReportResult> {
  return renderReport(await collectReport(o), o.format);
}
