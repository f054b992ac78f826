import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { tmpDir } from '../fixtures/generateRepo';

const source = path.join(__dirname, '..', '..', '..');

/** Type-checks snippets against the real contract and handler types, in one program; the compiler's messages per snippet. */
function typeErrors(snippets: Record<string, string>): Record<string, string[]> {
  const dir = tmpDir('handler-table');
  const files = Object.entries(snippets).map(([name, text]) => {
    const file = path.join(dir, `${name}.ts`);
    fs.writeFileSync(file, text.replaceAll('SRC', source));
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    types: ['node'],
    typeRoots: [path.join(source, 'node_modules', '@types')],
  });
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(snippets).map((k) => [k, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file ? path.basename(d.file.fileName, '.ts') : 'global';
    (out[name] ??= []).push(ts.flattenDiagnosticMessageText(d.messageText, ' '));
  }
  return out;
}

test('the compiler checks the handler table: a method left out, or a handler loaded for another method, does not build', () => {
  const header = `import type { HandlerLoaders, ServiceHandler } from 'SRC/main/api/handler';\ndeclare const full: HandlerLoaders;\n`;
  const errors = typeErrors({
    whole: `${header}export const t: HandlerLoaders = { ...full };\n`,
    missing: `${header}const { pickDirectory: _left, ...rest } = full;\nexport const t: HandlerLoaders = rest;\n`,
    // the same parameters (a TimelineKey), different answers
    otherAnswer: `${header}export const t: HandlerLoaders = { ...full, findReleases: full.changedFunctions };\n`,
    // the same answer (RepositoryInfo), different parameters
    otherParams: `${header}declare const clone: ServiceHandler<'cloneRepository'>;\nexport const h: ServiceHandler<'openRepository'> = clone;\n`,
  });
  assert.deepEqual(errors.whole, [], 'the whole table builds');
  assert.equal(errors.global, undefined);
  assert.equal(errors.missing!.length, 1, errors.missing!.join('\n'));
  assert.match(errors.missing![0]!, /Property 'pickDirectory' is missing/);
  assert.equal(errors.otherAnswer!.length, 1, errors.otherAnswer!.join('\n'));
  assert.match(errors.otherAnswer![0]!, /findReleases/);
  assert.equal(errors.otherParams!.length, 1, errors.otherParams!.join('\n'));
  assert.match(errors.otherParams![0]!, /url/);
});
