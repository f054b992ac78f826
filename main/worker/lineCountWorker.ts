import { parentPort, workerData } from 'node:worker_threads';
import { LineCounter } from '../diff/lineCounter';
import { PackObjectStore } from '../objects/pack/packObjectStore';
import { ABSENT, BINARY, claimBatchForWorker, COUNT_BATCH, type CountAnswer, type CountWork } from '../services/countPipeline';
import { countVersionPair } from '../services/readVersions';

/**
 * The second core of a timeline's +/- counts (countPairs): takes batches of version pairs from the back (the
 * oldest commits) while the caller counts from the front, until the two meet.
 */
const { gitdir, algorithm, pairs, claims } = workerData as CountWork;
const port = parentPort!;
const post = (m: CountAnswer) => port.postMessage(m);
const store = new PackObjectStore(gitdir, 16 * 1024 * 1024);
const counter = new LineCounter(algorithm);

async function run(): Promise<void> {
  for (let b = Math.ceil(pairs.length / COUNT_BATCH) - 1; b >= 0; b--) {
    if (!claimBatchForWorker(claims, b)) break; // the caller has reached it: every batch before it is the caller's
    const first = b * COUNT_BATCH;
    const last = Math.min(pairs.length, first + COUNT_BATCH);
    const counts = new Int32Array(2 * (last - first));
    for (let i = first; i < last; i++) {
      const [before, after, binary] = pairs[i]!;
      const c = await countVersionPair(store, counter, before, after, binary);
      counts[2 * (i - first)] = c === 'absent' ? ABSENT : (c.additions ?? BINARY);
      counts[2 * (i - first) + 1] = c === 'absent' ? ABSENT : (c.deletions ?? BINARY);
    }
    port.postMessage({ batch: b, counts } satisfies CountAnswer, [counts.buffer]);
  }
  post({ done: true });
}

run()
  .catch((err: unknown) => post({ error: err instanceof Error ? err.message : String(err) }))
  .finally(() => store.close());
