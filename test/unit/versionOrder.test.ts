import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersionTags } from '../../shared/versionOrder';

test('release tags sort as versions', () => {
  const tags = ['v5.0', 'v4.20', 'v5.0-rc1', 'v4.14', 'v5.0-rc10', 'v5.0-rc2', 'v5.10', 'v5.9', 'next-2020', 'v5.4.1'];
  assert.deepEqual([...tags].sort(compareVersionTags), [
    'v4.14',
    'v4.20',
    'v5.0-rc1',
    'v5.0-rc2',
    'v5.0-rc10',
    'v5.0',
    'v5.4.1',
    'v5.9',
    'v5.10',
    'next-2020',
  ]);
});
