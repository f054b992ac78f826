import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProgress, PhaseClock } from '../../shared/formatProgress';

test("an ETA is the phase's own: a phase after a long one is not given the whole job's time", () => {
  const clock = new PhaseClock(0);
  const walk = { phase: 'Walking the file history', loaded: 50, total: 100 };
  // the first phase runs from the job's start
  assert.equal(clock.elapsed(walk, 4000), 4);
  assert.match(formatProgress(walk, clock.elapsed(walk, 4000)), /ETA 4 s/);
  // the next begins at its first progress: 10% after 2 s of its own is 18 s to go, not 54 (6 s of the job)
  const follow = { phase: 'Following the lines', loaded: 0, total: 100 };
  assert.equal(clock.elapsed(follow, 6000), 0);
  const later = { ...follow, loaded: 10 };
  assert.equal(clock.elapsed(later, 8000), 2);
  assert.match(formatProgress(later, clock.elapsed(later, 8000)), /ETA 18 s/);
  // no ETA in a phase's first second, nor when done
  assert.doesNotMatch(formatProgress(later, 0.5), /ETA/);
  assert.doesNotMatch(formatProgress({ ...follow, loaded: 100 }, 3), /ETA/);
});
