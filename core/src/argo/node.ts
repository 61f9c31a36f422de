/**
 * The Node-only Argo parts of zld (re-exported by `@zld/core/node`): connection from `process.env` and the
 * pod's service-account files, and a fetch that can skip TLS verification.
 *
 * @example
 * ```ts
 * import { argoClientFromProcess } from '@zld/core/node';
 * const argo = argoClientFromProcess();
 * ```
 */
export { argoConnectionFromProcess, argoClientFromProcess, argoFetchFor, readPodFile } from './connection-node.js';
