// ESLint: typescript-eslint's recommended rules (type-aware), react-hooks for the renderer, and the layer
// rule that keeps the folders' import order (VS Code's `code-import-patterns`, here `strata/layers`).
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// The folders of main/, lowest first. A folder may import folders of lower tiers only: never one of its own
// tier (folders side by side stay independent) nor a higher one, so no cycle between folders can form.
// A new folder of main/ is an error until it is placed here.
export const MAIN_TIERS = [
  ['diff'],
  ['objects', 'sample'],
  ['index'],
  ['history'],
  ['analysis', 'reports', 'transport'],
  ['git'],
  ['repository'],
  ['blame', 'mailmap'],
  ['lineLog'],
  ['services'],
  ['archive'],
  ['api'],
  ['worker', 'webhost'],
  ['cli', 'electron'],
];

// Packages a layer may import besides its own folders (node built-ins are main/'s alone).
const BROWSER_PACKAGES = ['react', 'react-dom', 'monaco-editor', '@tanstack/react-virtual', 'zod'];
const MAIN_ONLY_PACKAGES = { electron: 'main/electron', 'isomorphic-git': 'main/git' };

// Imports that break the order today and are being removed (issue 12, item 5): file → the folders it may
// still import (none left). The rule reports an entry that is no longer needed.
const KNOWN_VIOLATIONS = {};

const mainTier = new Map(MAIN_TIERS.flatMap((folders, tier) => folders.map((f) => [`main/${f}`, tier])));

/** The layer a repository-relative path belongs to: 'shared', 'renderer', 'main/<folder>', or null (free). */
export function layerOf(relPath) {
  const parts = relPath.split(/[\\/]/);
  if (parts[0] === 'shared') return 'shared';
  if (parts[0] === 'renderer' && parts[1] === 'src') return 'renderer';
  if (parts[0] === 'main') return parts.length > 2 ? `main/${parts[1]}` : 'main';
  return null;
}

const builtins = new Set(builtinModules);
function packageName(spec) {
  if (spec.startsWith('node:') || builtins.has(spec.split('/')[0])) return 'node:';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Why `from` (a layer) may not import `spec` seen in a file of that layer, or null when it may.
 * `target` is the imported file's layer for a relative import (undefined for a package).
 */
export function layerViolation(from, spec, target) {
  if (target === undefined) {
    const pkg = packageName(spec);
    if (pkg in MAIN_ONLY_PACKAGES && from !== MAIN_ONLY_PACKAGES[pkg]) return `'${pkg}' is imported only in ${MAIN_ONLY_PACKAGES[pkg]}/`;
    if (from === 'shared' && pkg !== 'zod') return `shared/ runs anywhere: it imports only shared/ and zod, not '${spec}'`;
    if (from === 'renderer' && !BROWSER_PACKAGES.includes(pkg)) {
      return `renderer/ runs in the browser: it imports renderer/, shared/ and ${BROWSER_PACKAGES.join(', ')}, not '${spec}'`;
    }
    return null;
  }
  if (target === from) return null;
  if (target === null) return `${from}/ may not import outside main/, shared/ and renderer/src/ ('${spec}')`;
  if (from === 'shared') return `shared/ imports only shared/ (and zod), not ${target}/`;
  if (from === 'renderer') return target === 'shared' ? null : `renderer/ imports only renderer/ and shared/, not ${target}/`;
  // from is in main/
  if (target === 'shared') return null;
  if (target === 'renderer') return `main/ never imports renderer/ (it talks to it through shared/api.ts)`;
  const ft = mainTier.get(from);
  const tt = mainTier.get(target);
  if (ft === undefined) return `${from}/ is not in the layer table (MAIN_TIERS in eslint.config.mjs): add it there`;
  if (tt === undefined) return `${target}/ is not in the layer table (MAIN_TIERS in eslint.config.mjs): add it there`;
  if (tt < ft) return null;
  const order = MAIN_TIERS.map((t) => t.join('/')).join(' < ');
  return tt === ft
    ? `${from}/ and ${target}/ are side by side in the layer order and do not import each other (${order})`
    : `${from}/ may not import ${target}/: a lower folder never imports a higher one (${order})`;
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps the import order between shared/, renderer/ and the folders of main/' },
    schema: [],
  },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const from = layerOf(file);
    if (from === null) return {};
    const known = KNOWN_VIOLATIONS[file] ?? [];
    let knownUsed = false;
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const target = spec.startsWith('.') ? layerOf(path.relative(ROOT, path.resolve(path.dirname(context.filename), spec))) : undefined;
      const why = layerViolation(from, spec, target);
      if (why === null) return;
      if (target && known.includes(target)) knownUsed = true;
      else context.report({ node, message: why });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument;
        const lit = arg && arg.type === 'TSLiteralType' ? arg.literal : arg;
        if (lit && lit.type === 'Literal') check(lit, lit.value);
      },
      TSExternalModuleReference: (node) => node.expression.type === 'Literal' && check(node.expression, node.expression.value),
      CallExpression: (node) => {
        const [arg] = node.arguments;
        const isRequire = node.callee.type === 'Identifier' && node.callee.name === 'require';
        if (isRequire && arg && arg.type === 'Literal') check(arg, arg.value);
      },
      'Program:exit': (node) => {
        if (known.length > 0 && !knownUsed) {
          const message = `${file} keeps the layer order now: delete its KNOWN_VIOLATIONS entry in eslint.config.mjs`;
          context.report({ node, loc: { line: 1, column: 0 }, message });
        }
      },
    };
  },
};

export const strataPlugin = { meta: { name: 'strata' }, rules: { layers: layersRule } };

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'renderer/public/**', 'docs/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'bin/*.js', 'test/run.js', 'scripts/*.js', 'renderer/vite.config.ts'] },
        tsconfigRootDir: ROOT,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { strata: strataPlugin },
    rules: {
      'strata/layers': 'error',
      // node:test's test() returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      // An async function without await is how a synchronous body implements an async interface (the pack
      // reader's ObjectStore methods, the web host's no-op host methods), and a throw in it still rejects.
      '@typescript-eslint/require-await': 'off',
      // Strata's callbacks are closures in plain objects typed with method shorthand ({ update(p): void }), which
      // this rule cannot tell from class methods that need `this`: its 11 reports on the tree were all of that kind.
      '@typescript-eslint/unbound-method': 'off',
      // With noUncheckedIndexedAccess, `a[i]!` states that the element exists; this rule would strip the `!` wherever
      // the receiver also takes undefined (buf.toString('latin1', starts[i]!, starts[i + 1]!)), where undefined means
      // something else (to the end).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['tools/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['bin/**/*.js', 'test/run.js', 'scripts/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    // React Compiler diagnostics (Strata does not build with the compiler) that today's renderer trips: a ref
    // passed inside a props or context object (FilterBar's searchRef, DiffTab's ctx.diffHandle set in a callback),
    // Date.now() in a progress label, TimeAxis's domain reset from its limits. Shown by `npm run lint`, not
    // failing npm test (--quiet): they are the compiler's rules about what it can memoize, not bugs here.
    rules: {
      'react-hooks/refs': 'warn',
      'react-hooks/immutability': 'warn',
      'react-hooks/set-state-in-effect': 'warn',
      'react-hooks/purity': 'warn',
    },
  },
);
