import { isAllowedExternalLink, validateRequest, type ApiMessage } from '../../shared/api';
import { StrataError, toErrorInfo } from '../../shared/errors';
import { JobRunner } from './jobRunner';
import type { ReportResult } from '../../shared/reports';

/** What differs between hosts: a desktop opens links and folder pickers itself; a browser does not. */
export interface HostHooks {
  openExternal(url: string): Promise<boolean>;
  pickDirectory(title?: string): Promise<string | null>;
  /** Prints a self-contained HTML page to PDF (Electron's printToPDF, or headless Chromium). */
  printPdf(html: string): Promise<Buffer>;
}

/**
 * Takes one untrusted request (from IPC or a WebSocket), validates it against
 * the API contract, runs it, and sends progress and the answer back.
 */
export class ApiDispatcher {
  readonly runner: JobRunner;

  constructor(home: string, private readonly hooks: HostHooks) {
    this.runner = new JobRunner(home);
  }

  async handle(raw: unknown, send: (m: ApiMessage) => void): Promise<void> {
    const req = raw as { id?: unknown; method?: unknown; params?: unknown } | null;
    const id = typeof req?.id === 'string' && req.id.length <= 64 ? req.id : '';
    try {
      if (!id || typeof req?.method !== 'string') throw new StrataError('InvalidRequest', 'A request needs an id and a method.');
      const { method, params } = validateRequest(req.method, req.params);
      let result: unknown;
      if (method === 'cancel') result = { cancelled: this.runner.cancel((params as { jobId: string }).jobId) };
      else if (method === 'openExternal') {
        const url = (params as { url: string }).url;
        if (!isAllowedExternalLink(url)) throw new StrataError('InvalidRequest', `Links to ${safeHost(url)} are not opened from Strata; only kernel.org mailing-list and git addresses are.`);
        result = { opened: await this.hooks.openExternal(url), url };
      } else if (method === 'pickDirectory') result = { dir: await this.hooks.pickDirectory((params as { title?: string }).title) };
      else if (method === 'writeReport' && (params as { format: string }).format === 'pdf') {
        // the PDF is the HTML report printed: the same content whichever front end asks
        const html = (await this.runner.run(method, { ...(params as object), format: 'html' }, (progress) => send({ id, progress }), id)) as ReportResult;
        const pdf = await this.hooks.printPdf(html.content);
        result = { format: 'pdf', fileName: html.fileName.replace(/\.html$/, '.pdf'), mime: 'application/pdf', content: pdf.toString('base64'), encoding: 'base64' } satisfies ReportResult;
      }
      else result = await this.runner.run(method, params, (progress) => send({ id, progress }), id);
      send({ id, ok: true, result });
    } catch (err) {
      send({ id, ok: false, error: toErrorInfo(err) });
    }
  }

  close(): void {
    this.runner.cancelAll();
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host || 'that address';
  } catch {
    return 'that address';
  }
}
