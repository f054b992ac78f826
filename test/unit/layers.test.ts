import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The layer rule lives in eslint.config.mjs (npm test's lint runs it over the tree); these tests check the
// rule itself, so that a rule that stopped reporting would fail here rather than pass the lint silently.
const ROOT = path.join(__dirname, '..', '..', '..');

interface LayerConfig {
  readonly MAIN_TIERS: readonly (readonly string[])[];
  readonly strataPlugin: NonNullable<Linter.Config['plugins']>[string];
}

async function loadConfig(): Promise<LayerConfig> {
  return (await import(path.join(ROOT, 'eslint.config.mjs'))) as LayerConfig;
}

function layerMessages(config: LayerConfig, file: string, code: string): string[] {
  const linter = new Linter({ cwd: ROOT });
  const only: Linter.Config = {
    files: ['**/*.ts', '**/*.tsx'],
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    languageOptions: { parser: tseslint.parser },
    plugins: { strata: config.strataPlugin },
    rules: { 'strata/layers': 'error' },
  };
  const messages = linter.verify(code, [only], { filename: path.join(ROOT, file) });
  return messages.filter((m) => m.ruleId === 'strata/layers' || m.fatal).map((m) => (m.fatal ? `cannot parse: ${m.message}` : m.message));
}

// [file, code, a word the message must contain, or null when the import is allowed]
const cases: readonly [string, string, string | null][] = [
  ['shared/x.ts', "import { z } from 'zod';", null],
  ['shared/x.ts', "import { Commit } from './model';", null],
  ['shared/x.ts', "import fs from 'node:fs';", 'shared/ runs anywhere'],
  ['shared/x.ts', "import fs from 'fs';", 'shared/ runs anywhere'],
  ['shared/x.ts', "import React from 'react';", 'shared/ runs anywhere'],
  ['shared/x.ts', "import { ObjectStore } from '../main/objects/objectStore';", 'not main/objects/'],
  ['shared/x.ts', "import type { Props } from '../renderer/src/App';", 'not renderer/'],
  ['renderer/src/components/X.tsx', "import { useState } from 'react';", null],
  ['renderer/src/components/X.tsx', "import { API } from '../../../shared/api';", null],
  ['renderer/src/components/X.tsx', "import { Y } from '../timeline/y';", null],
  ['renderer/src/components/X.tsx', "import path from 'node:path';", 'renderer/ runs in the browser'],
  ['renderer/src/components/X.tsx', "import { ipcRenderer } from 'electron';", 'only in main/electron/'],
  ['renderer/src/components/X.tsx', "import { runApiMethod } from '../../../main/services/runApiMethod';", 'not main/services/'],
  ['main/objects/x.ts', "import fs from 'node:fs';", null],
  ['main/objects/x.ts', "import { commonBytes } from '../diff/commonBytes';", null],
  ['main/diff/x.ts', "import { ObjectStore } from '../objects/objectStore';", 'may not import main/objects/'],
  ['main/objects/x.ts', "import type { Commit } from '../../shared/model';", null],
  ['main/objects/pack/x.ts', "import { inflate } from '../inflate';", null],
  ['main/objects/pack/x.ts', "import { walk } from '../../history/walk';", 'a lower folder never imports a higher one'],
  ['main/objects/x.ts', "import type { T } from '../history/commitTable';", 'may not import main/history/'],
  ['main/objects/x.ts', "import { app } from 'electron';", 'only in main/electron/'],
  ['main/objects/x.ts', "import git from 'isomorphic-git';", 'only in main/git/'],
  ['main/objects/x.ts', "import { App } from '../../renderer/src/App';", 'never imports renderer/'],
  ['main/electron/x.ts', "import { app } from 'electron';", null],
  ['main/git/x.ts', "import git from 'isomorphic-git';", null],
  ['main/git/x.ts', "import { PackObjectStore } from '../objects/pack/packObjectStore';", null],
  ['main/cli/x.ts', "import { startWebHost } from '../webhost/webHost';", null],
  ['main/services/x.ts', "import { main } from '../cli/index';", 'may not import main/cli/'],
  ['main/worker/x.ts', "import { startWebHost } from '../webhost/webHost';", 'side by side'],
  ['main/git/x.ts', "export * from '../services/y';", 'may not import main/services/'],
  ['main/git/x.ts', "export { y } from '../services/y';", 'may not import main/services/'],
  ['main/git/x.ts', "async function f() { return import('../services/y'); }", 'may not import main/services/'],
  ['main/git/x.ts', "type T = import('../services/y').T;", 'may not import main/services/'],
  ['main/git/x.ts', "import y = require('../services/y');", 'may not import main/services/'],
  ['main/git/x.ts', "const y = require('../services/y');", 'may not import main/services/'],
  ['main/newfolder/x.ts', "import { y } from '../objects/y';", 'not in the layer table'],
  ['test/unit/x.test.ts', "import { app } from 'electron'; import { y } from '../../main/services/y';", null],
];

test('the layer rule: each import allowed or refused with a reason', async () => {
  const config = await loadConfig();
  for (const [file, code, expected] of cases) {
    const got = layerMessages(config, file, code);
    if (expected === null) assert.deepEqual(got, [], `${file}: ${code}`);
    else {
      assert.equal(got.length, 1, `${file}: ${code} → ${JSON.stringify(got)}`);
      assert.ok(got[0]!.includes(expected), `${file}: ${code} → ${got[0]!} (expected “${expected}”)`);
    }
  }
});

test('every folder of main/ has its place in the layer order, once', async () => {
  const config = await loadConfig();
  const placed = config.MAIN_TIERS.flat();
  assert.equal(new Set(placed).size, placed.length, 'a folder listed twice');
  const folders = fs.readdirSync(path.join(ROOT, 'main'), { withFileTypes: true }).filter((e) => e.isDirectory());
  for (const f of folders) assert.ok(placed.includes(f.name), `main/${f.name} is not in MAIN_TIERS (eslint.config.mjs)`);
});

test('the tree keeps the layer order (the rule alone, without the rest of the lint)', async () => {
  const config = await loadConfig();
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(e.name)) files.push(rel);
    }
  };
  for (const top of ['main', 'shared', path.join('renderer', 'src')]) walk(top);
  assert.ok(files.length > 50, `only ${files.length} source files found under ${ROOT}`);
  const problems = files.flatMap((f) => layerMessages(config, f, fs.readFileSync(path.join(ROOT, f), 'utf8')).map((m) => `${f}: ${m}`));
  assert.deepEqual(problems, []);
});
