#!/usr/bin/env node
/**
 * Builds core/assets/blosc-simd.wasm from blosc-simd.c with Debian's clang and lld (WebAssembly SIMD, no libc).
 * Optional: without clang or wasm-ld it says so and exits 0 (zld then unshuffles in TypeScript). Skips the
 * build when the .wasm is newer than the source. The .wasm is a build product, never committed.
 * Usage: node core/wasm/build.mjs [--force]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'blosc-simd.c');
const out = path.resolve(here, '../assets/blosc-simd.wasm');

if (!process.argv.includes('--force') && existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) process.exit(0);

const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const clang = ['clang', 'clang-16', 'clang-15', 'clang-14'].find(has);
if (!clang || !['wasm-ld', 'wasm-ld-16', 'wasm-ld-15', 'wasm-ld-14'].some(has)) {
  console.error('zld build: clang and lld not found; Blosc unshuffle stays in TypeScript (apt-get install clang lld)');
  process.exit(0);
}
mkdirSync(path.dirname(out), { recursive: true });
// built beside, then renamed: concurrent builds (parallel test files) never expose a half-written module
const tmp = `${out}.${process.pid}.tmp`;
const args = ['--target=wasm32', '-msimd128', '-O3', '-nostdlib', '-Wl,--no-entry', '-Wl,--import-memory', '-Wl,--strip-all', '-o', tmp, src];
const r = spawnSync(clang, args, { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(tmp, { force: true });
  console.error(`zld build: ${clang} failed to build ${path.relative(process.cwd(), out)}`);
  process.exit(1);
}
renameSync(tmp, out);
