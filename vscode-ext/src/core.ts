/**
 * The one place the extension imports zld's core and kernel bridge from, so the rest of the extension names
 * what it uses, not where it lives. Everything here is bundled into `dist/extension.js` by esbuild.
 *
 * @example
 * ```ts
 * import { openHierarchy, resolveUri, generateLoadCode } from './core.js';
 * ```
 */
export {
  ZldError,
  isZldError,
  redactUrl,
  openHierarchy,
  Hierarchy,
  readConsolidated,
  checkConsolidated,
  writeConsolidated,
  isWritable,
  canList,
  normalizePath,
  type AbsolutePath,
  type ReadableStore,
  type WritableStore,
  type ZarrNode,
  type ArrayNode,
  type NodeRecord,
  type Progress,
  type S3StoreOptions,
  type ZldErrorCode,
  type ConsolidatedCheck,
} from '@zld/core';
export { openStore } from '@zld/core/node';
// not yet re-exported by core's entry points: imported from the modules themselves
export { LinkedIndex, type IndexedNode, type Link, type Backlink } from '../../core/src/linked/index.js';
export { resolveUri, type Candidate, type Resolution } from '../../core/src/linked/resolve.js';
export { searchIndex, type SearchHit } from '../../core/src/linked/search.js';
export { normalizeAttributes, type LinkedDescription } from '../../core/src/linked/normalize.js';
export { localName, type Statement, type Term } from '../../core/src/linked/terms.js';
export { saveNpy } from '../../core/src/zarr/npy.js';
export { generateLoadCode, targetForKernel, type CodeTarget, type Flavour, type GeneratedCode, type LoadRequest } from '@zld/kernel-bridge';
