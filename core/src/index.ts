/**
 * `@zld/core`: the host-independent part of zld, safe to bundle for the browser (JupyterLab) and for
 * Node (VS Code, CLI). Node-only parts (local folders, the CLI) are in `@zld/core/node`.
 *
 * @example
 * ```ts
 * import { MemoryStore, ZldError } from '@zld/core';
 * ```
 */
export * from './errors.js';
export * from './progress.js';
export * from './store/types.js';
export { checkKey, sliceRange } from './store/keys.js';
export { MemoryStore } from './store/memory.js';
export { S3Store, s3ClientConfig, type S3StoreOptions } from './store/s3.js';
export { HttpStore, type HttpStoreOptions } from './store/http.js';
export { openStore, openWritableStore, s3OptionsFromEnv, locationScheme, type OpenStoreOptions } from './store/open.js';
export { withConcurrency, withTimeout, withReadCache, isMetadataKey, type ReadCacheOptions } from './store/wrappers.js';
export { Semaphore } from './store/limit.js';
export { walkKeys, countKeys, hasFlatListing, type FlatListing } from './store/walk.js';
export type { Command, CommandContext, CommandIO, ParsedValues } from './cli/command.js';
export * from './zarr/model.js';
export { openHierarchy, Hierarchy, type OpenHierarchyOptions, type WalkOptions } from './zarr/hierarchy.js';
export * from './zarr/consolidated.js';
export { planNpy, streamNpy, encodeNpyHeader, npyDescr, type NpyPlan, type PlanNpyOptions } from './zarr/npy-encode.js';
export { readArray, arrayStats, planSelection, streamSelection, type ArrayData, type ArrayStats, type NumericData, type ReadOptions, type SelectionPlan } from './zarr/array.js';
export { parseSelection, selectionShape, type SelectionInput, type SelectionItem, type DimSelection } from './zarr/selection.js';
export { parseJson, parseJsonObject, encodeJson } from './zarr/json.js';
export * from './argo/index.js';
export { writeGroup, writeArray, encodeChunk, type ArraySpec, type CompressorSpec, type WritableDtype, type ChunkData, type WriteOptions } from './zarr/write.js';
export * from './linked/public.js';
