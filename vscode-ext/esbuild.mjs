#!/usr/bin/env node
/**
 * Bundles the extension with esbuild: `src/extension.ts` -> `dist/extension.js` (CommonJS, `vscode` external, small:
 * what activation loads) and `src/core.ts` -> `dist/core.js` (`@zld/core` and `@zld/kernel-bridge` compiled from their
 * sources with their dependencies, loaded on first use), and with `--tests` the mocha suites that run
 * in the extension host: `test/index.ts` + `test/suite/*.test.ts` -> `out/test/`.
 *
 * @example
 * ```sh
 * node vscode-ext/esbuild.mjs --tests        # development build plus tests
 * node vscode-ext/esbuild.mjs --production   # minified, for vsce package
 * ```
 */
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');

/** Resolve our workspace packages to their TypeScript sources, so a bundle never depends on a stale `dist/`. */
const workspaceSources = {
  name: 'zld-workspace-sources',
  setup(b) {
    const map = {
      '@zld/core': 'core/src/index.ts',
      '@zld/core/node': 'core/src/node.ts',
      '@zld/kernel-bridge': 'kernel-bridge/src/index.ts',
    };
    b.onResolve({ filter: /^@zld\// }, (args) => (map[args.path] ? { path: path.join(root, map[args.path]) } : undefined));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: [workspaceSources],
  // ESM sources that ask for their own URL get the bundle's URL
  define: { 'import.meta.url': '__zld_import_meta_url' },
  banner: { js: "const __zld_import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

/** `src/lazy-core.ts` requires `./core.js` at run time: keep it a separate bundle, loaded on first use. */
const lazyCore = {
  name: 'zld-lazy-core',
  setup(b) {
    b.onResolve({ filter: /^\.\/core\.js$/ }, (args) => (args.importer.endsWith('lazy-core.ts') ? { path: './core.js', external: true } : undefined));
  },
};

const started = Date.now();
await Promise.all([
  // the thin part VS Code loads at activation
  build({
    ...common,
    plugins: [...common.plugins, lazyCore],
    entryPoints: [path.join(here, 'src/extension.ts')],
    outfile: path.join(here, 'dist/extension.js'),
    // activation timing starts with the bundle's first line
    banner: { js: `const __zld_load_start = performance.now();\n${common.banner.js}` },
    external: ['vscode'],
  }),
  // core, kernel bridge and their dependencies, required on first use
  build({
    ...common,
    entryPoints: [path.join(here, 'src/core.ts')],
    outfile: path.join(here, 'dist/core.js'),
    external: ['vscode'],
  }),
]);
if (withTests) {
  const suites = readdirSync(path.join(here, 'test/suite'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(here, 'test/suite', f));
  await build({
    ...common,
    entryPoints: [path.join(here, 'test/index.ts'), ...suites],
    outdir: path.join(here, 'out/test'),
    outbase: path.join(here, 'test'),
    // failures point at readable test code even when the extension itself is minified
    minify: false,
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
  });
}
console.error(`zld vscode-ext: bundled${withTests ? ' with tests' : ''} in ${Date.now() - started} ms`);
