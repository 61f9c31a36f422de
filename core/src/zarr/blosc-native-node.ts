/**
 * Puts zld's native module (`core/assets/zld-native.node`, see `native/native-node.ts`) to work for array
 * reads in Node: Blosc frames decoded by c-blosc (the library numcodecs uses; all its codecs, several threads
 * for a big frame, straight into the result), chunk files of local stores read and decoded on the thread pool
 * (several at once, the JavaScript thread free), and huge pages for big results. Loaded with the first frame, so
 * commands that decode nothing never load it; without the module, decoding stays in TypeScript.
 *
 * @example
 * ```ts
 * installNativeBlosc(); // @zld/core/node does this
 * ```
 */
import { availableParallelism } from 'node:os';
import { loadNative } from '../native/native-node.js';
import { setNativeFrameDecoder } from './blosc-decode.js';
import { setChunkFileDecoder } from './chunk-source.js';
import { setResultBufferAdvice } from './result-buffer.js';

/** Use the native decoder (and huge-page advice) when the module is there. */
export function installNativeBlosc(opts: { threads?: number } = {}): void {
  const threads = opts.threads ?? Math.min(availableParallelism(), 4);
  setNativeFrameDecoder(() => {
    const native = loadNative();
    if (!native) return undefined;
    return (frame, into) => {
      native.bloscDecode(frame, into, threads);
    };
  });
  setChunkFileDecoder(() => {
    const native = loadNative();
    return native && { decode: native.decodeFile, decodeMany: native.decodeFiles, lanes: threads };
  });
  setResultBufferAdvice((buffer) => loadNative()?.adviseHugePages(buffer));
}

/** Back to the TypeScript decoder and plain buffers (tests, A/B benchmarks). */
export function uninstallNativeBlosc(): void {
  setNativeFrameDecoder(undefined);
  setChunkFileDecoder(undefined);
  setResultBufferAdvice(undefined);
}
