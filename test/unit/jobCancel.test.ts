import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { commitVersions, editedVersions } from '../fixtures/editedVersions';
import { tmpDir } from '../fixtures/generateRepo';
import { JobRunner } from '../../main/api/jobRunner';
import { StrataError } from '../../shared/errors';
import type { ApiMethod } from '../../shared/api';

// A job over a timeline's versions reads them synchronously (promises that resolve without a turn of the event
// loop): unless it takes a turn now and then, the cancel message sent to its worker waits until the job is done.
test(
  'background analyses and reports hear a cancel while they go through the versions: they stop themselves, nothing kept',
  { timeout: 180_000 },
  async () => {
    const root = tmpDir('job-cancel');
    const dir = path.join(root, 'repo');
    commitVersions(dir, 'src/long.c', editedVersions(7, 600, { startLines: 400, maxLines: 1500 }));
    // the job must stop itself: no terminate after a grace period may answer for it, however loaded the machine
    const jobs = new JobRunner(path.join(root, 'home'), { cancelGraceMs: 600_000 });
    const key = { dir, path: 'src/long.c', follow: false };
    try {
      await jobs.run('indexFile', key, {});
      // (each cancelled at its first progress in the phase that goes through the versions)
      const cases: [ApiMethod, object, string][] = [
        ['changedFunctions', key, 'Finding changed functions'],
        ['writeReport', { ...key, format: 'json' }, 'Writing report'],
        ['lineHistory', { dir, path: 'src/long.c', lines: { start: 1, end: 400 } }, 'Following the lines'],
      ];
      for (const [method, params, phase] of cases) {
        let asked = false;
        let furthest = 0;
        let total = 0;
        const job = jobs.run(method, params, {
          jobId: `cancel-${method}`,
          onProgress: (p) => {
            if (p.phase !== phase) return;
            furthest = Math.max(furthest, p.loaded);
            total = p.total ?? total;
            if (!asked) {
              asked = true;
              jobs.cancel(`cancel-${method}`);
            }
          },
        });
        await assert.rejects(job, (e) => e instanceof StrataError && e.code === 'Cancelled', `${method}: cancelled by the job itself`);
        assert.ok(asked, `${method}: progress came`);
        assert.ok(furthest < total, `${method}: it stopped before the end (${furthest} of ${total})`);
      }
      // what a cancelled analysis left is not taken for its answer: asked again, it is computed whole
      const functions = (await jobs.run('changedFunctions', key, {})) as Record<string, string[]>;
      assert.equal(Object.keys(functions).length, 600);
    } finally {
      await jobs.cancelAll();
    }
  },
);
