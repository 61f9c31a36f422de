/**
 * Friendly names for the Argo Server API types generated from Argo's Swagger spec (`./api-types.ts`).
 *
 * @example
 * ```ts
 * import type { Workflow, WorkflowPhase } from '@zld/core';
 * const phase: WorkflowPhase | undefined = wf.status?.phase as WorkflowPhase | undefined;
 * ```
 */
import type { definitions, operations } from './api-types.js';

type D = definitions;
type A = 'io.argoproj.workflow.v1alpha1.';

export type Workflow = D[`${A}Workflow`];
export type WorkflowList = D[`${A}WorkflowList`];
export type WorkflowSpec = D[`${A}WorkflowSpec`];
export type WorkflowStatus = D[`${A}WorkflowStatus`];
export type WorkflowTemplate = D[`${A}WorkflowTemplate`];
export type WorkflowTemplateList = D[`${A}WorkflowTemplateList`];
export type ClusterWorkflowTemplate = D[`${A}ClusterWorkflowTemplate`];
export type CronWorkflow = D[`${A}CronWorkflow`];
export type Template = D[`${A}Template`];
export type NodeStatus = D[`${A}NodeStatus`];
export type Parameter = D[`${A}Parameter`];
export type Memoize = D[`${A}Memoize`];
export type SubmitOpts = D[`${A}SubmitOpts`];
export type WorkflowWatchEvent = D[`${A}WorkflowWatchEvent`];
export type LogEntry = D[`${A}LogEntry`];
export type ArgoVersion = D[`${A}Version`];
export type ArgoInfo = D[`${A}InfoResponse`];
export type ObjectMeta = D['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'];
/** The error body of every non-2xx answer (grpc-gateway: `{ code, message, details }`). */
export type ArgoErrorBody = D['grpc.gateway.runtime.Error'];
/** An error inside a stream: `{"error": {grpc_code, http_code, message, http_status, details}}`. */
export type ArgoStreamError = D['grpc.gateway.runtime.StreamError'];
export type ArgoOperations = operations;

/** Workflow and node phases as the controller reports them. */
export type WorkflowPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Error';

/** The kinds a workflow can be submitted from (`POST /api/v1/workflows/{ns}/submit`). */
export type SubmittableKind = 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow';

/** Whether a phase is final (the workflow will not change any more unless retried). */
export function isFinishedPhase(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}
