import { parentPort, workerData } from 'node:worker_threads';
import { mergePdfParts } from '../reports/mergePdfParts';
import type { PdfMergeAnswer, PdfMergeWork } from '../reports/printReportPdf';

/** Joins a report's printed parts (mergePdfParts) off the host's thread: seconds of parsing for thousands of pages. */
const { parts, title } = workerData as PdfMergeWork;
mergePdfParts(parts, title)
  .then((pdf) => parentPort!.postMessage({ pdf } satisfies PdfMergeAnswer, [pdf.buffer as ArrayBuffer]))
  .catch((err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies PdfMergeAnswer));
