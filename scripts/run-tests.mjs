#!/usr/bin/env node
/**
 * `npm test`: installs what is missing (Debian packages; IDE hosts into a cache folder outside the repo),
 * builds, runs every test layer, and prints one closing line `N passed, N failed[, N skipped]`.
 * Exits non-zero when anything failed or a layer could not run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

const setup = run(process.execPath, ['scripts/ensure-system-deps.mjs', 'all']);
if (setup.status !== 0) {
  console.error('zld test: installing system dependencies failed');
  broken = true;
}

// core/assets/blosc-simd.wasm (Blosc unshuffle in WebAssembly SIMD), core/assets/zld-native.node (the native
// accelerator: c-blosc decoding, huge pages, the metadata walk), then the TypeScript
const build =
  [run(process.execPath, ['core/wasm/build.mjs']), run(process.execPath, ['core/native/build.mjs']), run('npx', ['tsc', '-b'])].find((r) => r.status !== 0) ?? {
    status: 0,
  };
if (build.status !== 0) {
  console.error('zld test: the TypeScript build failed');
  broken = true;
}

// Layer 1: vitest (unit, integration against s3rver / zarr-python / jupyter-server, end-to-end in the IDE hosts)
mkdirSync(path.join(root, 'test-results'), { recursive: true });
const report = path.join(root, 'test-results', 'vitest.json');
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const vt = run('npx', vitestArgs);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (vt.status !== 0 && (r.numFailedTests ?? 0) === 0) {
    console.error('zld test: vitest failed outside any test (a suite could not load or a hook failed)');
    broken = true;
  }
} else {
  console.error('zld test: vitest wrote no report');
  broken = true;
}

console.log('');
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
