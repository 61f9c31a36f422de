#!/usr/bin/env node
/**
 * Bundles the extension with esbuild: `src/extension.ts` -> `dist/extension.js` (CommonJS, `vscode` external,
 * `@zld/core` and `@zld/kernel-bridge` compiled from their sources), and with `--tests` the mocha suites that run
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

const started = Date.now();
await build({
  ...common,
  entryPoints: [path.join(here, 'src/extension.ts')],
  outfile: path.join(here, 'dist/extension.js'),
  external: ['vscode'],
});
if (withTests) {
  const suites = readdirSync(path.join(here, 'test/suite'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(here, 'test/suite', f));
  await build({
    ...common,
    entryPoints: [path.join(here, 'test/index.ts'), ...suites],
    outdir: path.join(here, 'out/test'),
    outbase: path.join(here, 'test'),
    external: ['vscode', 'mocha'],
  });
}
console.error(`zld vscode-ext: bundled${withTests ? ' with tests' : ''} in ${Date.now() - started} ms`);
