/**
 * The WebAssembly SIMD unshuffle for tests: builds core/assets/blosc-simd.wasm (core/wasm/build.mjs, with
 * Debian's clang and lld, which scripts/ensure-system-deps.mjs installs) and instantiates it.
 *
 * @example
 * ```ts
 * setBlockUnshuffler(await buildSimdUnshuffle());
 * ```
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { SimdUnshuffle } from '../../core/src/zarr/blosc-simd.js';
import { repoRoot } from './fixtures.js';

export const SIMD_WASM = path.join(repoRoot, 'core/assets/blosc-simd.wasm');

/** Build (when stale) and load the module; throws when it cannot be built or does not run. */
export async function buildSimdUnshuffle(): Promise<SimdUnshuffle> {
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'core/wasm/build.mjs')]);
  const simd = SimdUnshuffle.fromBytes(await readFile(SIMD_WASM));
  if (!simd) throw new Error(`${SIMD_WASM} did not load or failed its self-check`);
  return simd;
}
