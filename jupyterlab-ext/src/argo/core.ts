/**
 * What the Argo part of the extension uses from zld's core (bundled into the prebuilt extension).
 *
 * @example
 * ```ts
 * import { ArgoClient, workflowSummary } from './core.js';
 * ```
 */
export {
  ArgoClient,
  ArgoConnection,
  ZldError,
  isZldError,
  isFinishedPhase,
  parseManifest,
  workflowSummary,
  workflowNodes,
  formatDuration,
  consolidateWorkflow,
  retrieveWorkflow,
  hashStoreMetadata,
  localName,
  DEFAULT_ZLD_IMAGE,
  DEFAULT_CREDENTIALS_SECRET,
  type FetchLike,
  type Workflow,
  type WorkflowWatchEvent,
  type WorkflowSummary,
  type WorkflowNodeRow,
  type LogEntry,
  type SubmittableKind,
  type PipelineOptions,
} from '@zld/core';
