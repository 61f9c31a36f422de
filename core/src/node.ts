/**
 * `@zld/core/node`: everything in `@zld/core` plus the Node-only parts (local folder store, CLI).
 *
 * @example
 * ```ts
 * import { FileStore } from '@zld/core/node';
 * const store = await FileStore.open('./cat.zarr');
 * ```
 */
export * from './index.js';
export { FileStore, type FileStoreOptions } from './store/file.js';
// shadow the browser versions: these add local folders and file:// URLs
export { openStore, openWritableStore } from './store/open-node.js';
export { main as cliMain, registerCommands, registerCommandSource } from './cli/main.js';
export { saveNpy, encodeNpyHeader, npyDescr, type SaveNpyOptions, type SaveNpyResult } from './zarr/npy.js';
export * from './argo/node.js';
export * from './linked/node.js';
export { withLocalMetadataTree, readLocalMetadataTree } from './zarr/local-metadata.js';
export { installDecodeWorkers, DecodeWorkers } from './zarr/decode-workers.js';
import { installDecodeWorkers } from './zarr/decode-workers.js';
// big Blosc chunks decode on worker threads in Node on 3+ cores (the browser build decodes on the calling thread)
installDecodeWorkers();
export { installSimdUnshuffle, loadSimdUnshuffle } from './zarr/blosc-simd-node.js';
import { installSimdUnshuffle } from './zarr/blosc-simd-node.js';
// Blosc blocks unshuffle in WebAssembly SIMD when the build made core/assets/blosc-simd.wasm (loaded on first use)
installSimdUnshuffle({ lazy: true });
export { installNodeFastGet } from './store/s3-fast-get-node.js';
import { installNodeFastGet } from './store/s3-fast-get-node.js';
// light S3 GETs of custom endpoints through node:http (fetch costs several times the CPU per request)
installNodeFastGet();
export { installNativeBlosc, uninstallNativeBlosc } from './zarr/blosc-native-node.js';
export { loadNative, type ZldNative } from './native/native-node.js';
import { installNativeBlosc } from './zarr/blosc-native-node.js';
// Blosc frames decode with c-blosc through core/assets/zld-native.node when the build made it (loaded on first use)
installNativeBlosc();
