/**
 * The one place the extension imports zld's core and kernel bridge from (all bundled into the prebuilt
 * extension by webpack), so the widgets name what they use, not where it lives.
 *
 * @example
 * ```ts
 * import { openHierarchy, LinkedIndex, generateLoadCode } from './core.js';
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
  readArray,
  planNpy,
  streamNpy,
  arrayStats,
  isWritable,
  canList,
  normalizePath,
  joinKey,
  openStore,
  S3Store,
  type AbsolutePath,
  type ReadableStore,
  type WritableStore,
  type Listing,
  type GetOptions,
  type ZarrNode,
  type ArrayNode,
  type ArrayStats,
  type ArrayData,
  type ConsolidatedCheck,
  type NpyPlan,
} from '@zld/core';
export {
  generateLoadCode,
  targetForKernel,
  unsupportedKernelMessage,
  withMissingPackagesNote,
  findMissingPackages,
  executorForKernel,
  KernelStore,
  type CodeTarget,
  type Flavour,
  type GeneratedCode,
  type LoadRequest,
  type StoreOptions,
  type KernelLanguageInfo,
} from '@zld/kernel-bridge';
export {
  LinkedIndex,
  resolveUri,
  searchIndex,
  localName,
  compactIri,
  type IndexedNode,
  type Backlink,
  type Candidate,
  type Resolution,
  type SearchHit,
  type Statement,
  type Term,
} from '@zld/core';
