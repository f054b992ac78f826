import { StrataError } from '../../../shared/errors';
import { toTimelineFilter } from '../../../shared/timelineFilter';
import type { ReportResult } from '../../../shared/reports';
import { reportDiscussions } from '../../archive/reportDiscussions';
import { writeReport } from '../../services/writeReport';
import type { ServiceHandler } from '../handler';
import { printReportPdf } from '../../reports/printReportPdf';

export const handler: ServiceHandler<'writeReport'> = {
  async run({ format, filter, dir, ...key }, ctx) {
    if (format === 'pdf')
      throw new StrataError(
        'InvalidRequest',
        'PDF reports are printed by a host (the app, the web host, the command line); ask for html here.',
      );
    const repo = await ctx.repositories.open(dir);
    return writeReport({
      repo,
      ...key,
      format,
      filter: toTimelineFilter(filter),
      discussions: reportDiscussions({ repo, ...key, home: ctx.home, signal: ctx.signal }),
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
  },
  /** The PDF is the HTML report printed by the host: the same content whichever front end asks. */
  async host(params, ctx) {
    if (params.format !== 'pdf') return ctx.service(params);
    const html = await ctx.service({ ...params, format: 'html' });
    const pdf = await printReportPdf({
      html: html.content,
      title: `History of ${params.path}`,
      print: ctx.hooks.printPdf,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    });
    return {
      format: 'pdf',
      fileName: html.fileName.replace(/\.html$/, '.pdf'),
      mime: 'application/pdf',
      content: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('base64'),
      encoding: 'base64',
      commits: html.commits,
    } satisfies ReportResult;
  },
};
