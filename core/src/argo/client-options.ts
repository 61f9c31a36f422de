/**
 * Options of the {@link ArgoClient} calls, and the helpers that normalise user input for them
 * (parameters as `{ name: value }` or `name=value`, template kinds as the argo CLI spells them).
 *
 * @example
 * ```ts
 * parameterList({ store: 's3://lab/cat.zarr' }); // ['store=s3://lab/cat.zarr']
 * parseSubmittableKind('cwftmpl'); // 'ClusterWorkflowTemplate'
 * ```
 */
import { ZldError } from '../errors.js';
import type { FetchLike, StreamFormat } from './transport.js';
import type { SubmittableKind, WorkflowPhase, Workflow } from './types.js';

export interface ArgoClientOptions {
  /** The fetch to use (tests, an undici fetch with a TLS dispatcher); defaults to the global one. */
  fetch?: FetchLike;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Defaults to the connection's namespace. */
  namespace?: string;
}

/** Parameters as `{ name: value }` or argo-style `['name=value', ...]`. */
export type ParameterInput = Record<string, string | number | boolean> | readonly string[];

export interface CreateOptions extends CallOptions {
  /** File name for messages when `manifest` is text. */
  source?: string;
  serverDryRun?: boolean;
}

export interface SubmitOptions extends CallOptions {
  parameters?: ParameterInput;
  generateName?: string;
  name?: string;
  /** Labels to add, `{ k: v }`. */
  labels?: Record<string, string>;
  entryPoint?: string;
  serviceAccount?: string;
  serverDryRun?: boolean;
}

export interface ListOptions extends CallOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Only workflows in these phases (a `workflows.argoproj.io/phase in (...)` label selector). */
  phases?: readonly WorkflowPhase[];
  /** Page size (`listOptions.limit`); the answer's `continue` fetches the next page. */
  limit?: number;
  continue?: string;
  nameFilter?: 'Exact' | 'Prefix' | 'Contains';
}

export interface WorkflowPage {
  items: Workflow[];
  /** Token for the next page; undefined on the last one. */
  continue?: string;
  resourceVersion?: string;
}

export interface LogOptions extends CallOptions {
  /** One pod (node id / pod name); all pods of the workflow when absent. */
  podName?: string;
  /** Defaults to `main`. */
  container?: string;
  follow?: boolean;
  tailLines?: number;
  grep?: string;
  sinceSeconds?: number;
  timestamps?: boolean;
  format?: StreamFormat;
}

const KINDS: Record<string, SubmittableKind> = {
  workflowtemplate: 'WorkflowTemplate',
  workflowtemplates: 'WorkflowTemplate',
  wftmpl: 'WorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate',
  clusterworkflowtemplates: 'ClusterWorkflowTemplate',
  cwftmpl: 'ClusterWorkflowTemplate',
  cronworkflow: 'CronWorkflow',
  cronworkflows: 'CronWorkflow',
  cwf: 'CronWorkflow',
};

/** `workflowtemplate`, `WorkflowTemplate`, `wftmpl` ... -> the API kind. */
export function parseSubmittableKind(kind: string): SubmittableKind {
  const k = KINDS[kind.toLowerCase()];
  if (!k) throw new ZldError('BadInput', `--kind ${kind}: use workflowtemplate, clusterworkflowtemplate or cronworkflow`);
  return k;
}

/** `{a: 1}` or `['a=1']` -> `['a=1']`; rejects entries without `=`. */
export function parameterList(params: ParameterInput | undefined): string[] {
  if (!params) return [];
  if (Array.isArray(params)) {
    for (const p of params as readonly string[]) {
      if (!/^[^=\s]+=/.test(p)) throw new ZldError('BadInput', `parameter "${p}" is not NAME=VALUE`);
    }
    return [...(params as readonly string[])];
  }
  return Object.entries(params).map(([k, v]) => `${k}=${String(v)}`);
}
