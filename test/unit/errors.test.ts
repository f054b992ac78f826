import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StrataError, toErrorInfo, type ErrorInfo } from '../../shared/errors';

test('an ErrorInfo survives the trip through a worker and back (suggestion, resumable)', () => {
  const cases: readonly ErrorInfo[] = [
    { code: 'NetworkLost', message: 'cut in step 3; 2 steps kept', resumable: { stepsKept: 2 } },
    { code: 'PathNotInRepository', message: 'mm/hmmm.c does not exist', suggestion: 'mm/hmm.c' },
    { code: 'HostUnreachable', message: 'Cannot reach example.org' },
  ];
  for (const info of cases) {
    const posted = JSON.parse(JSON.stringify(toErrorInfo(new StrataError(info.code, info.message, info)))) as unknown;
    assert.deepEqual(toErrorInfo(posted), info, 'as a plain object from the worker');
    assert.deepEqual(StrataError.fromInfo(toErrorInfo(posted)).toInfo(), info, 'as an error again in the main thread');
  }
  assert.deepEqual(new StrataError('PathNotInRepository', 'm', 'mm/hmm.c').toInfo(), {
    code: 'PathNotInRepository',
    message: 'm',
    suggestion: 'mm/hmm.c',
  });
});

test('toErrorInfo: unknown codes and malformed fields do not pass', () => {
  assert.deepEqual(toErrorInfo({ code: 'NetworkLost', message: 'm', resumable: { stepsKept: 'two' }, suggestion: 3 }), {
    code: 'NetworkLost',
    message: 'm',
  });
  assert.deepEqual(toErrorInfo({ code: 'EACCES', message: 'denied' }), { code: 'Internal', message: 'Unexpected error: [object Object]' });
  assert.deepEqual(toErrorInfo(new Error('boom')), { code: 'Internal', message: 'Unexpected error: boom' });
});
