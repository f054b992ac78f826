/**
 * A page opened in a Chromium that no DevTools client watches as it loads, as a user's browser: Playwright has the
 * DevTools protocol report every WebSocket frame with its payload, and that made a 15.5 MB list (vim's
 * src/version.c) arrive 0.6 s later, a 1.4 MB one about 60 ms. The page's scripts go in before it loads
 * (Page.addScriptToEvaluateOnNewDocument; the Page domain reports no frames) and what they record is read with
 * Runtime.evaluate once `ready` holds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM } from '../fixtures/webHostProcess';

export interface BareOpen {
  readonly url: string;
  /** Page code run before the page's own, in order. */
  readonly scripts: readonly string[];
  /** A page expression: JSON of what was recorded, or undefined until it is all there. */
  readonly read: string;
  readonly timeoutMs: number;
}

export async function openBare(o: BareOpen): Promise<unknown> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-bare-'));
  const chrome = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      '--window-size=1400,900',
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  try {
    let port = '';
    for (let i = 0; i < 200 && !port; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        port = fs.readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]!;
      } catch {
        /* not yet written */
      }
    }
    if (!port) throw new Error('Chromium did not open its DevTools port');
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { type: string; webSocketDebuggerUrl: string }[];
    const page = targets.find((t) => t.type === 'page');
    if (!page) throw new Error('Chromium has no page');
    const cdp = new WebSocket(page.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => cdp.once('open', resolve).once('error', reject));
    let next = 0;
    const waiting = new Map<number, (result: unknown) => void>();
    cdp.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (m.id !== undefined) waiting.get(m.id)?.(m.result);
    });
    const send = (method: string, params: object = {}) =>
      new Promise<unknown>((resolve) => {
        const id = ++next;
        waiting.set(id, resolve);
        cdp.send(JSON.stringify({ id, method, params }));
      });
    await send('Page.enable');
    for (const source of o.scripts) await send('Page.addScriptToEvaluateOnNewDocument', { source });
    await send('Page.navigate', { url: o.url });
    const end = Date.now() + o.timeoutMs;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      const r = (await send('Runtime.evaluate', { expression: o.read, returnByValue: true })) as { result?: { value?: string } };
      if (typeof r.result?.value === 'string') {
        cdp.close();
        return JSON.parse(r.result.value) as unknown;
      }
    }
    throw new Error(`the page did not finish within ${o.timeoutMs / 1000} s`);
  } finally {
    chrome.kill();
    await new Promise((r) => setTimeout(r, 200));
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
