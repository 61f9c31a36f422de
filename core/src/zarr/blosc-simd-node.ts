/**
 * Loads the WebAssembly SIMD unshuffle (`blosc-simd.ts`) from `core/assets/blosc-simd.wasm` in Node, when
 * the build made it (it needs clang and lld; see `core/wasm/build.mjs`). Without the file, decoding stays in
 * TypeScript. `@zld/core/node` and the CLI install it lazily (loaded with the first shuffled frame).
 *
 * @example
 * ```ts
 * import { installSimdUnshuffle } from './blosc-simd-node.js';
 * installSimdUnshuffle(); // true when the SIMD unshuffle is in use
 * installSimdUnshuffle({ lazy: true }); // loaded when the first shuffled Blosc frame is decoded
 * ```
 */
import { readFileSync } from 'node:fs';
import { setBlockUnshuffler } from './blosc-decode.js';
import { SimdUnshuffle } from './blosc-simd.js';

const DEFAULT_FILE = new URL('../../assets/blosc-simd.wasm', import.meta.url);

/** The SIMD unshuffle from its module file; undefined when the file is missing or does not run here. */
export function loadSimdUnshuffle(file: URL | string = DEFAULT_FILE): SimdUnshuffle | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined; // not built here (no clang): the TypeScript unshuffle stays
  }
  return SimdUnshuffle.fromBytes(bytes);
}

/**
 * Use the SIMD unshuffle from now on when its module is there and runs; returns whether it is in use. With
 * `lazy`, the module is loaded when the first shuffled Blosc frame is decoded (and the result is undefined).
 */
export function installSimdUnshuffle(opts: { file?: URL | string; lazy?: boolean } = {}): boolean | undefined {
  if (opts.lazy) {
    setBlockUnshuffler(() => loadSimdUnshuffle(opts.file));
    return undefined;
  }
  const simd = loadSimdUnshuffle(opts.file);
  if (simd) setBlockUnshuffler(simd);
  return simd !== undefined;
}
