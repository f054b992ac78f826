import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { pauseWhileWaitedOn, setCell, sharedCell } from '../../main/api/pauseGate';

test('the pause gate: only background work pauses, only while waited-on jobs run, at most maxMs, and wakes when told', async () => {
  const gate = { waitedOn: sharedCell(), pausable: sharedCell() };
  let told = 0;
  // nothing waited on, or not background work: no pause, nothing said
  assert.equal(
    pauseWhileWaitedOn(gate, 1000, () => told++),
    0,
  );
  setCell(gate.waitedOn, gate.waitedOn, 1);
  assert.equal(
    pauseWhileWaitedOn(gate, 1000, () => told++),
    0,
  );
  assert.equal(told, 0);
  // background work with a job waited on: it sleeps until the cap
  setCell(gate.pausable, gate.waitedOn, 1);
  const capped = pauseWhileWaitedOn(gate, 150, () => told++);
  assert.ok(capped >= 140 && capped < 1000, `${capped} ms`);
  assert.equal(told, 1);
  // another thread ends the waited-on job 100 ms in: the sleeper wakes then, not at its cap
  const waker = new Worker(
    `const { workerData } = require('node:worker_threads');
     setTimeout(() => { Atomics.store(workerData, 0, 0); Atomics.notify(workerData, 0); }, 100);`,
    { eval: true, workerData: gate.waitedOn },
  );
  const woken = pauseWhileWaitedOn(gate, 5000);
  assert.ok(woken >= 80 && woken < 2000, `${woken} ms`);
  await new Promise((r) => waker.once('exit', r));
});
