/**
 * What a workflow list or tree shows, computed once for the CLI and both IDEs: phase, progress, duration,
 * message, and the node tree flattened in display order (Steps/StepGroup/DAG/Pod, memoized or not).
 *
 * @example
 * ```ts
 * const s = workflowSummary(wf); // { name, phase: 'Running', progress: '1/2', durationSeconds: 12, ... }
 * for (const n of workflowNodes(wf)) console.log('  '.repeat(n.depth), n.displayName, n.phase);
 * ```
 */
import type { NodeStatus, Workflow } from './types.js';

export interface WorkflowSummary {
  name: string;
  namespace: string;
  /** `Pending`, `Running`, `Succeeded`, `Failed`, `Error`, or `Unknown` before the controller saw it. */
  phase: string;
  /** `done/total` pods, e.g. `1/2` (empty before it starts). */
  progress: string;
  startedAt?: string;
  finishedAt?: string;
  /** Seconds from start to finish, or to `now` while running. */
  durationSeconds?: number;
  message?: string;
}

export interface WorkflowNodeRow {
  id: string;
  name: string;
  displayName: string;
  type: string;
  phase: string;
  /** Depth in the tree (root 0). */
  depth: number;
  /** Pod nodes: the pod whose logs to read. */
  podName?: string;
  /** The result came from the memoization cache. */
  memoized: boolean;
  message?: string;
}

/** FNV-1a (32 bit) of the UTF-8 bytes: the hash Argo names nodes and pods with. */
function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/**
 * The pod a node ran in, as the controller names it: the node id for `pod-name-format: v1`; otherwise (v2,
 * the default since Argo 3.4) the workflow's name for a one-pod workflow, else `<workflow>-<template>-<hash>`.
 */
export function podNameOf(wf: Workflow, node: Pick<NodeStatus, 'id' | 'name' | 'templateName'>): string {
  const name = wf.metadata?.name ?? '';
  if (wf.metadata?.annotations?.['workflows.argoproj.io/pod-name-format'] === 'v1') return node.id;
  if (node.name === name) return name;
  return `${name}-${node.templateName ?? ''}-${fnv32a(node.name)}`;
}

function seconds(from: string | undefined, to: string | undefined, now: number): number | undefined {
  if (!from) return undefined;
  const end = to ? Date.parse(to) : now;
  return Math.max(0, Math.round((end - Date.parse(from)) / 1000));
}

export function workflowSummary(wf: Workflow, now = Date.now()): WorkflowSummary {
  return {
    name: wf.metadata?.name ?? '',
    namespace: wf.metadata?.namespace ?? '',
    phase: wf.status?.phase || 'Unknown',
    progress: wf.status?.progress ?? '',
    startedAt: wf.status?.startedAt,
    finishedAt: wf.status?.finishedAt,
    durationSeconds: seconds(wf.status?.startedAt, wf.status?.finishedAt, now),
    message: wf.status?.message,
  };
}

/** `45s`, `3m5s`, `2h7m`; `-` when unknown. */
export function formatDuration(s: number | undefined): string {
  if (s === undefined) return '-';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

/** The node tree in display order, root first, children after their parent. */
export function workflowNodes(wf: Workflow): WorkflowNodeRow[] {
  const nodes = (wf.status?.nodes ?? {}) as Record<string, NodeStatus>;
  const root = wf.metadata?.name && nodes[wf.metadata.name] ? nodes[wf.metadata.name] : Object.values(nodes)[0];
  const rows: WorkflowNodeRow[] = [];
  const seen = new Set<string>();
  const walk = (n: NodeStatus | undefined, depth: number) => {
    if (!n || seen.has(n.id)) return;
    seen.add(n.id);
    rows.push({
      id: n.id,
      name: n.name,
      displayName: n.displayName ?? n.name,
      type: n.type,
      phase: n.phase ?? 'Pending',
      depth,
      podName: n.type === 'Pod' ? podNameOf(wf, n) : undefined,
      memoized: Boolean(n.memoizationStatus?.hit),
      message: n.message,
    });
    for (const c of n.children ?? []) walk(nodes[c], depth + 1);
  };
  walk(root, 0);
  return rows;
}
