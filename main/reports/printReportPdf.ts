import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Progress } from '../../shared/model';
import { StrataError } from '../../shared/errors';
import { PART_BYTES, reportPdfParts } from './reportPdfParts';

/** The answer of a PDF stopped by its caller, whichever printer or step it was at. */
export function pdfCancelled(): StrataError {
  return new StrataError('Cancelled', 'The PDF was cancelled.');
}

/** Prints one HTML document to PDF (the host's printer: headless Chromium, or Electron's printToPDF). */
export type PdfPrinter = (html: string, o: PrintOptions) => Promise<Uint8Array>;

export interface PrintOptions {
  readonly signal?: AbortSignal;
  /** false: no structure tree (a part to be joined: the join keeps pages, not a part's tags). */
  readonly tagged: boolean;
}

export interface PrintReportOptions {
  /** The HTML report (reportHtml). */
  readonly html: string;
  readonly title: string;
  readonly print: PdfPrinter;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  /** Parts of about this many bytes (reportPdfParts). */
  readonly partBytes?: number;
  /** How many parts print at once (by default two where there are two cores: each is a renderer of its own). */
  readonly concurrency?: number;
}

/**
 * The report as a PDF: a small one printed whole; a large one in parts (reportPdfParts), two at a time on two
 * cores, then joined — progress after each part, and cancel stops the printers.
 */
export async function printReportPdf(o: PrintReportOptions): Promise<Uint8Array> {
  const parts = reportPdfParts(o.html, o.partBytes ?? PART_BYTES);
  const progress = (loaded: number) => o.onProgress?.({ phase: 'Printing the PDF', loaded, total: parts.length });
  progress(0);
  if (parts.length === 1) {
    const whole = await o.print(o.html, { tagged: true, ...(o.signal ? { signal: o.signal } : {}) });
    progress(1);
    return whole;
  }
  const printed: Uint8Array[] = [];
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let done = 0;
  const printer = async (): Promise<void> => {
    while (next < parts.length && !stop.signal.aborted) {
      const i = next++;
      printed[i] = await o.print(parts[i]!, { tagged: false, signal: stop.signal });
      progress(++done);
    }
  };
  const lanes = Math.max(1, Math.min(o.concurrency ?? Math.min(2, os.availableParallelism()), parts.length));
  try {
    // one part failing stops the others: its error is the answer
    await Promise.all(
      Array.from({ length: lanes }, () =>
        printer().catch((e: unknown) => {
          stop.abort();
          throw e;
        }),
      ),
    );
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (o.signal?.aborted) throw pdfCancelled();
  o.onProgress?.({ phase: 'Joining the PDF', loaded: 0, total: 1 });
  const joined = await mergeOffThread({ parts: printed, title: o.title }, o.signal);
  if (o.signal?.aborted) throw pdfCancelled();
  return joined;
}

/** What the merge worker is given, and what it answers. */
export interface PdfMergeWork {
  readonly parts: readonly Uint8Array[];
  readonly title: string;
}
export type PdfMergeAnswer = { readonly pdf: Uint8Array } | { readonly error: string };

/** mergePdfParts in a worker thread (the host answers meanwhile), or here where the worker's file is not there. */
function mergeOffThread(work: PdfMergeWork, signal?: AbortSignal): Promise<Uint8Array> {
  const file = path.join(__dirname, '..', 'worker', 'pdfMergeWorker.js');
  // pdf-lib is loaded where it is used (it takes 160 ms to load: every command line's start paid for it)
  if (!fs.existsSync(file)) return import('./mergePdfParts').then((m) => m.mergePdfParts(work.parts, work.title));
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: work });
    const stop = () => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    const settle = (f: () => void) => {
      signal?.removeEventListener('abort', stop);
      f();
    };
    worker.once('message', (m: PdfMergeAnswer) =>
      settle(() => ('pdf' in m ? resolve(m.pdf) : reject(new StrataError('Internal', `The PDF's parts could not be joined: ${m.error}`)))),
    );
    worker.once('error', (e) => settle(() => reject(e)));
    worker.once('exit', () => settle(() => reject(pdfCancelled())));
  });
}
