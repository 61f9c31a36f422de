/**
 * Loads zld's optional native accelerator, `core/assets/zld-native.node` (an N-API module built from
 * `core/native/*.c` by `core/native/build.mjs` when a C compiler and Debian's libblosc-dev are there). Node only.
 * Every caller has a TypeScript path for when it is missing (no build, another platform, `ZLD_NATIVE=0`, which
 * also serves A/B benchmarks and the fallback tests).
 *
 * @example
 * ```ts
 * const native = loadNative();
 * if (native) native.bloscDecode(frame, into, 2);
 * ```
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** What the native module exports (see core/native/zld-native.c). */
export interface ZldNative {
  /** Decodes a whole Blosc frame into `into` (exactly its decoded size) with c-blosc; throws on a bad frame. */
  bloscDecode(frame: Uint8Array, into: Uint8Array, threads: number): number;
  /** Asks for transparent huge pages on a big buffer before it is touched; whether the kernel took the advice. */
  adviseHugePages(buffer: ArrayBuffer | ArrayBufferView): boolean;
  /** The c-blosc version it was built with. */
  bloscVersion(): string;
  /**
   * Every metadata document under a local folder, read as `readLocalMetadataTree` does (core/native/walk.c):
   * `keys` (store keys joined by NUL, in walk order), each document's bytes at `data[spans[2i], spans[2i+1])`,
   * and the first `batchLength` bytes of `data` = "[" + the documents with `batched[i] === 1` (those that parse
   * as objects; bare NaN/Infinity quoted) joined by "," + "]" (then the same for `batched[i] === 2`). Throws
   * fs-style errors naming the path.
   */
  readMetadataTree?(
    root: string,
    format: 2 | 3,
    threads?: number,
  ): {
    keys: string;
    data: Buffer;
    spans: Float64Array;
    batched: Uint8Array;
    batchLength: number;
    /** v2: the `.zattrs` documents' array, right after the first (their `batched` value is 2). */
    attributesLength: number;
    count: number;
    /** v2 when every document's bytes are what encodeJson writes: the consolidated document, keys sorted by bytes. */
    consolidated?: Buffer;
    /** With `consolidated`: the documents' indexes in its key order. */
    order?: Uint32Array;
  };
  /**
   * Reads a local Blosc chunk file (which must resolve inside `root`) and decodes it into `into` on the thread
   * pool: the decoded size, or -1 when missing. See `core/native/chunk-file.c` for its error codes.
   */
  decodeFile(root: string, file: string, into: Uint8Array): Promise<number>;
  /** {@link decodeFile} for a batch, one after the other in one thread-pool job; a failure carries `index`. */
  decodeFiles(root: string, files: string[], intos: Uint8Array[]): Promise<number[]>;
}

const DEFAULT_FILE = new URL('../../assets/zld-native.node', import.meta.url);

let cached: ZldNative | null | undefined;

/** The native module, or undefined when it is not built here, does not load, or `ZLD_NATIVE=0`. */
export function loadNative(file: URL = DEFAULT_FILE): ZldNative | undefined {
  if (file === DEFAULT_FILE && cached !== undefined) return cached ?? undefined;
  let native: ZldNative | undefined;
  if (process.env.ZLD_NATIVE !== '0') {
    try {
      native = createRequire(import.meta.url)(fileURLToPath(file)) as ZldNative;
      if (typeof native.bloscDecode !== 'function') native = undefined;
    } catch {
      native = undefined; // not built, or built for another platform: TypeScript it is
    }
  }
  if (file === DEFAULT_FILE) cached = native ?? null;
  return native;
}
