import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { StrataError } from '../../shared/errors';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The PDF's bytes, printed from the HTML report by headless Chromium (the web host's and the command line's printer). */
export async function printHtmlToPdfBytes(html: string): Promise<Buffer> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pdf-')), 'report.pdf');
  try {
    printHtmlToPdf(html, out);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

/** PDF from the HTML report by headless Chromium where one is installed. */
export function printHtmlToPdf(html: string, out: string): void {
  const browser = [process.env.STRATA_CHROMIUM, ...CHROMIUM_CANDIDATES].find((p): p is string => Boolean(p && fs.existsSync(p)));
  if (!browser) {
    throw new StrataError(
      'InvalidRequest',
      'PDF from the command line needs Chromium (not found; install the "chromium" package or set STRATA_CHROMIUM). Export HTML instead, or use File → Export report in the app.',
    );
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pdf-'));
  try {
    const src = path.join(tmp, 'report.html');
    fs.writeFileSync(src, html);
    const r = spawnSync(
      browser,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${path.join(tmp, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${out}`,
        `file://${src}`,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (!fs.existsSync(out))
      throw new StrataError('Internal', `Chromium did not write the PDF: ${(r.stderr || '').split('\n').slice(-3).join(' ')}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
