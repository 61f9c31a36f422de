/**
 * The Node-only linked-data API of `@zld/core/node`: user context files, and the demo instances' location.
 *
 * @example
 * ```ts
 * import { loadContextFiles, LinkedIndex } from '@zld/core/node';
 * const index = new LinkedIndex({ contexts: await loadContextFiles({ 'https://lab.example/ctx.jsonld': 'ctx.jsonld' }) });
 * ```
 */
export { loadContextFiles, parseContextPairs } from './context-files.js';
export { DEMO_INSTANCES } from '../cli/commands/demo.js';
