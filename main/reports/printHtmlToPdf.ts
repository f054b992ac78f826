import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { StrataError } from '../../shared/errors';
import { pdfCancelled, type PrintOptions } from './printReportPdf';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const PRINT_TIMEOUT_MS = 120_000;

/**
 * The PDF's bytes, printed from an HTML document by headless Chromium in a child process (the web host's and
 * the command line's printer): the host keeps answering while it prints.
 */
export async function printHtmlToPdfBytes(html: string, o: PrintOptions = { tagged: true }): Promise<Buffer> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pdf-')), 'report.pdf');
  try {
    await printHtmlToPdf(html, out, o);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.STRATA_CHROMIUM !== undefined) return fs.existsSync(env.STRATA_CHROMIUM) ? env.STRATA_CHROMIUM : null;
  return CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/** PDF from an HTML document by headless Chromium where one is installed. */
export async function printHtmlToPdf(html: string, out: string, o: PrintOptions = { tagged: true }): Promise<void> {
  const signal = o.signal;
  const browser = findChromium();
  if (!browser) {
    throw new StrataError(
      'InvalidRequest',
      'A PDF report needs Chromium, which was not found: install the "chromium" package (or set STRATA_CHROMIUM to a Chromium or Chrome). ' +
        'Meanwhile export HTML and print it from a browser.',
    );
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-pdf-'));
  try {
    const src = path.join(tmp, 'report.html');
    fs.writeFileSync(src, html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${path.join(tmp, 'profile')}`,
      '--no-pdf-header-footer',
      ...(o.tagged ? [] : ['--disable-pdf-tagging']),
      `--print-to-pdf=${out}`,
      `file://${src}`,
    ];
    const { code, stderr, timedOut } = await run(browser, args, signal);
    if (signal?.aborted) throw pdfCancelled();
    if (!fs.existsSync(out)) {
      const why = timedOut
        ? `it did not finish within ${PRINT_TIMEOUT_MS / 1000} s`
        : `it exited with code ${code}${meaningful(stderr) ? `, saying: ${meaningful(stderr)}` : ''}`;
      throw new StrataError(
        'Internal',
        `Chromium (${browser}) did not print the PDF: ${why}. Export HTML and print it from a browser instead.`,
      );
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], signal?: AbortSignal): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 64 * 1024) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, PRINT_TIMEOUT_MS);
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    const done = (code: number | null) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      resolve({ code, stderr, timedOut });
    };
    child.on('error', (e) => {
      stderr += e.message;
      done(null);
    });
    child.on('close', done);
  });
}

/** Chromium's last lines of its own, without the D-Bus and GPU chatter a headless run always prints. */
function meaningful(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim())
    .filter((l) => l && !/dbus|bus\.cc|gpu|sandbox|Fontconfig/i.test(l))
    .slice(-2)
    .join(' ')
    .slice(0, 300);
}
