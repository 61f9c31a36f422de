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
  ArgoClient,
  workflowSummary,
  workflowNodes,
  formatDuration,
  isFinishedPhase,
  parseSubmittableKind,
  parseManifest,
  manifestToYaml,
  consolidateWorkflow,
  retrieveWorkflow,
  hashStoreMetadata,
  DEFAULT_ZLD_IMAGE,
  DEFAULT_CREDENTIALS_SECRET,
  type ArgoConnectionOverrides,
  type Workflow,
  type WorkflowWatchEvent,
  type WorkflowSummary,
  type WorkflowNodeRow,
  type LogEntry,
  type PipelineOptions,
} from '@zld/core';
export {
  openStore,
  saveNpy,
  LinkedIndex,
  resolveUri,
  searchIndex,
  normalizeAttributes,
  localName,
  type IndexedNode,
  type Link,
  type Backlink,
  type Candidate,
  type Resolution,
  type SearchHit,
  type LinkedDescription,
  type Statement,
  type Term,
  argoConnectionFromProcess,
  argoFetchFor,
} from '@zld/core/node';
export { generateLoadCode, targetForKernel, type CodeTarget, type Flavour, type GeneratedCode, type LoadRequest } from '@zld/kernel-bridge';
