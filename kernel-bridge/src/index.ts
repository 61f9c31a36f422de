/**
 * `@zld/kernel-bridge`: load-code generation per kernel language (escaping is the security boundary),
 * kernel discovery, and a store that reads through a Jupyter kernel. Browser-safe: no host and no
 * `node:*` imports (the CLI command is in `@zld/kernel-bridge/cli`).
 *
 * @example
 * ```ts
 * import { generateLoadCode, targetForKernel, KernelStore, executorForKernel } from '@zld/kernel-bridge';
 * const target = targetForKernel(kernelInfo.language_info) ?? { language: 'python' };
 * const cell = generateLoadCode({ storeUrl: './cat.zarr', path: 'myBatch/sample1Dataset', kind: 'array', zarrFormat: 2 }, target);
 * ```
 */
export { pyStr, jsStr, rStr, juliaStr, strLiteral, commentText, safeIdentifier, type LiteralLanguage } from './literals.js';
export {
  generateLoadCode,
  withMissingPackagesNote,
  parseSlice,
  parseStoreUrl,
  type CodeLanguage,
  type CodeTarget,
  type Flavour,
  type GeneratedCode,
  type LoadRequest,
  type StoreOptions,
} from './codegen.js';
export { targetForKernel, unsupportedKernelMessage, type KernelLanguageInfo } from './targets.js';
export {
  executorForKernel,
  findMissingPackages,
  type KernelExecutor,
  type KernelExecuteOptions,
  type KernelOutput,
  type KernelReply,
  type JupyterKernelLike,
  type JupyterFutureLike,
} from './kernel.js';
export { KernelStore, type KernelStoreOptions } from './kernel-store.js';
export { BYTES_MIME, BRIDGE_NAMESPACE, PYTHON_HELPER } from './python-helper.js';
