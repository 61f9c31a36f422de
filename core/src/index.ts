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
