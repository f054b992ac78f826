import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printHtmlToPdfBytes } from '../../main/reports/printHtmlToPdf';

test('the PDF prints in a child process: the host keeps running timers meanwhile', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  try {
    const pdf = await printHtmlToPdfBytes('<!doctype html><title>r</title><h1>Report</h1><p>one commit</p>');
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  } finally {
    clearInterval(timer);
  }
  // Chromium takes hundreds of ms to start; a synchronous spawn leaves the event loop at 0 ticks
  assert.ok(ticks >= 5, `${ticks} timer ticks while printing`);
});

test('without Chromium the PDF says what to install, not a stack or stderr', async () => {
  const saved = process.env.STRATA_CHROMIUM;
  process.env.STRATA_CHROMIUM = '/nonexistent/chromium';
  try {
    await assert.rejects(printHtmlToPdfBytes('<p>x</p>'), (e: Error) =>
      /needs Chromium, which was not found: install the "chromium" package/.test(e.message),
    );
  } finally {
    if (saved === undefined) delete process.env.STRATA_CHROMIUM;
    else process.env.STRATA_CHROMIUM = saved;
  }
});
