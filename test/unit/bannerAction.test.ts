import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorInfo } from '../../shared/errors';
import { bannerAction } from '../../renderer/src/app/bannerAction';
import type { CloneRequest, OpenRequest } from '../../renderer/src/app/openRequests';

test("the error banner offers what the error's fields allow, whatever its wording", () => {
  const open: OpenRequest = { dir: '/r/linux', path: 'mm/hmmm.c', follow: true };
  const clone: CloneRequest = { url: 'https://example.org/linux.git', path: 'mm/hmm.c' };
  const cases: readonly [why: string, error: ErrorInfo | null, want: ReturnType<typeof bannerAction>][] = [
    ['no error', null, null],
    [
      'a path with a suggestion reopens with it, keeping the folder and follow',
      { code: 'PathNotInRepository', message: 'mm/hmmm.c does not exist at HEAD', suggestion: 'mm/hmm.c' },
      { label: 'Open mm/hmm.c', kind: 'open', request: { dir: '/r/linux', path: 'mm/hmm.c', follow: true } },
    ],
    ['a path without a suggestion: nothing', { code: 'PathNotInRepository', message: 'nothing close' }, null],
    [
      'a cut resumable clone resumes',
      { code: 'NetworkLost', message: 'Connection reset', resumable: { stepsKept: 2 } },
      { label: 'Resume the clone', kind: 'clone', request: clone },
    ],
    [
      'a message saying "kept" is not enough to resume',
      { code: 'NetworkLost', message: 'The 2 steps of history already received are kept' },
      { label: 'Try again', kind: 'clone', request: clone },
    ],
    [
      'an unreachable host with steps kept resumes too',
      { code: 'HostUnreachable', message: 'x', resumable: { stepsKept: 1 } },
      { label: 'Resume the clone', kind: 'clone', request: clone },
    ],
    ['other errors: nothing', { code: 'NotAGitRepository', message: '/tmp is not a git repository' }, null],
  ];
  for (const [why, error, want] of cases) assert.deepEqual(bannerAction(error, open, clone), want, why);
  assert.equal(
    bannerAction({ code: 'NetworkLost', message: 'x', resumable: { stepsKept: 1 } }, open, null),
    null,
    'nothing cloned yet: nothing to resume',
  );
  assert.equal(bannerAction({ code: 'PathNotInRepository', message: 'x', suggestion: 'a.c' }, null, clone), null, 'nothing opened yet');
});
