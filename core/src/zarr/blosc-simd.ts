/**
 * The byte unshuffle of Blosc blocks in WebAssembly SIMD (`core/wasm/blosc-simd.c`, built to
 * `core/assets/blosc-simd.wasm` by `core/wasm/build.mjs` when clang is there): about 10x faster than the
 * TypeScript transposes for type sizes 2, 4 and 8. The LZ4 streams of a block are decoded (in TypeScript)
 * straight into this module's memory, unshuffled there, and the block copied to its place in the result.
 * Optional: without the .wasm file (or without WebAssembly SIMD) decoding stays in TypeScript.
 *
 * @example
 * ```ts
 * const simd = SimdUnshuffle.fromBytes(wasmBytes); // undefined when the engine refuses it
 * if (simd) setBlockUnshuffler(simd);
 * ```
 */
import type { BlockUnshuffler } from './blosc-decode.js';

/** The module's own stack and data live below this offset; blocks go above it. */
const BASE = 1 << 17;
const PAGE = 1 << 16;

interface Exports {
  unshuffle(src: number, dst: number, bytes: number, size: number): number;
}

export class SimdUnshuffle implements BlockUnshuffler {
  private heap: Uint8Array;
  private capacity = 0;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly exports: Exports,
  ) {
    this.heap = new Uint8Array(memory.buffer);
  }

  /** Instantiate the module synchronously (it is a few KiB); undefined when the engine cannot run it. */
  static fromBytes(bytes: Uint8Array): SimdUnshuffle | undefined {
    try {
      const memory = new WebAssembly.Memory({ initial: BASE / PAGE + 1 });
      const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      const u = new SimdUnshuffle(memory, instance.exports as unknown as Exports);
      return u.selfCheck() ? u : undefined;
    } catch {
      return undefined; // no SIMD in this engine, or not our module
    }
  }

  input(size: number): Uint8Array {
    if (size > this.capacity) {
      const need = BASE + 2 * size;
      const have = this.memory.buffer.byteLength;
      if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
      this.heap = new Uint8Array(this.memory.buffer); // growing detaches the old view
      this.capacity = size;
    }
    return this.heap.subarray(BASE, BASE + size);
  }

  run(size: number, typesize: number): Uint8Array | undefined {
    if (size > this.capacity) return undefined;
    const dst = BASE + this.capacity;
    return this.exports.unshuffle(BASE, dst, size, typesize) ? this.heap.subarray(dst, dst + size) : undefined;
  }

  /** Unshuffles a known block right for each type size it handles (a wrong build must not decode data). */
  private selfCheck(): boolean {
    for (const typesize of [2, 4, 8]) {
      const n = 37; // two SIMD steps and a tail
      const size = n * typesize + typesize - 1; // and a partial element
      const src = this.input(size);
      for (let k = 0; k < size; k++) src[k] = (k * 37 + 11) & 0xff;
      const expect = new Uint8Array(size);
      for (let j = 0; j < typesize; j++) for (let i = 0; i < n; i++) expect[i * typesize + j] = src[j * n + i]!;
      expect.set(src.subarray(n * typesize), n * typesize);
      const got = this.run(size, typesize);
      if (!got || got.some((v, k) => v !== expect[k])) return false;
    }
    return true;
  }
}
