/**
 * Shared parts of the `zld argo ...` commands: the client from the environment (ARGO_SERVER, ARGO_TOKEN...,
 * pod files; `--namespace` overrides), one-line workflow summaries, and the watch printer. Nothing here
 * prints the token: connection warnings and errors are built without it.
 *
 * @example
 * ```ts
 * const argo = argoFromContext(values, ctx);
 * ctx.stdout(`${workflowLine(await argo.get(name))}\n`);
 * ```
 */
import { ZldError } from '../../errors.js';
import { ArgoClient } from '../../argo/client.js';
import { argoFetchFor, readPodFile } from '../../argo/connection-node.js';
import { argoConnectionFromEnv } from '../../argo/connection.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NodeStatus, Workflow, WorkflowWatchEvent } from '../../argo/types.js';
import type { CommandContext, ParsedValues } from '../command.js';

/** Options every `zld argo` command takes. */
export const ARGO_OPTIONS = {
  namespace: { type: 'string', short: 'n' },
} as const;

/** The client for this invocation; connection warnings (plain http...) go to stderr. */
export function argoFromContext(values: ParsedValues, ctx: CommandContext): ArgoClient {
  const namespace = typeof values.namespace === 'string' ? values.namespace : undefined;
  const connection = argoConnectionFromEnv(ctx.env, { namespace }, readPodFile);
  for (const w of connection.warnings) ctx.stderr(`zld argo: warning: ${w}\n`);
  return new ArgoClient(connection, { fetch: argoFetchFor(connection) });
}

/** Read a manifest file relative to the working directory (`-` is not supported: name a file). */
export async function readManifestFile(file: string, ctx: CommandContext): Promise<string> {
  try {
    return await readFile(path.resolve(ctx.cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ZldError(code === 'ENOENT' ? 'NotFound' : 'BadInput', `${file}: cannot read the manifest (${code ?? (e as Error).message})`);
  }
}

/** `-p a=1 -p b=2` -> `['a=1', 'b=2']` (checked by the client). */
export function parameterValues(values: ParsedValues): string[] {
  const p = values.parameter;
  return Array.isArray(p) ? p.map(String) : typeof p === 'string' ? [p] : [];
}

function seconds(from?: string, to?: string): number | undefined {
  if (!from) return undefined;
  const end = to ? Date.parse(to) : Date.now();
  return Math.max(0, Math.round((end - Date.parse(from)) / 1000));
}

export function formatDuration(s: number | undefined): string {
  if (s === undefined) return '-';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

/** Summary fields of a workflow, for tables and `--json` lists. */
export function workflowSummary(wf: Workflow) {
  return {
    name: wf.metadata?.name ?? '',
    namespace: wf.metadata?.namespace ?? '',
    phase: wf.status?.phase ?? 'Unknown',
    progress: wf.status?.progress ?? '',
    startedAt: wf.status?.startedAt,
    finishedAt: wf.status?.finishedAt,
    duration: seconds(wf.status?.startedAt, wf.status?.finishedAt),
    message: wf.status?.message,
  };
}

/** `hello-x2c9  Running  1/2  12s` */
export function workflowLine(wf: Workflow): string {
  const s = workflowSummary(wf);
  return [s.name, s.phase, s.progress || '-', formatDuration(s.duration), s.message ?? ''].join('  ').trimEnd();
}

/** The nodes of a workflow as an indented tree (root first). */
export function nodeLines(wf: Workflow): string[] {
  const nodes = (wf.status?.nodes ?? {}) as Record<string, NodeStatus>;
  const root = wf.metadata?.name && nodes[wf.metadata.name] ? nodes[wf.metadata.name] : Object.values(nodes)[0];
  const lines: string[] = [];
  const seen = new Set<string>();
  const walk = (n: NodeStatus | undefined, depth: number) => {
    if (!n || seen.has(n.id)) return;
    seen.add(n.id);
    const memo = n.memoizationStatus?.hit ? ' (memoized)' : '';
    const pod = n.type === 'Pod' ? ` ${n.id}` : '';
    lines.push(`${'  '.repeat(depth)}${n.displayName ?? n.name} [${n.type}] ${n.phase ?? 'Pending'}${pod}${memo}${n.message ? `: ${n.message}` : ''}`);
    for (const c of n.children ?? []) walk(nodes[c], depth + 1);
  };
  walk(root, 0);
  return lines;
}

/** Print watch events (one line each, or NDJSON with --json) until the workflow ends; returns the last state. */
export async function printWatch(events: AsyncGenerator<WorkflowWatchEvent>, ctx: CommandContext): Promise<Workflow | undefined> {
  let last: Workflow | undefined;
  let lastLine = '';
  for await (const ev of events) {
    if (!ev.object) continue;
    last = ev.object;
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify({ type: ev.type, ...workflowSummary(ev.object) })}\n`);
      continue;
    }
    const line = `${ev.type === 'DELETED' ? 'deleted ' : ''}${workflowLine(ev.object)}`;
    if (line !== lastLine) ctx.stdout(`${line}\n`);
    lastLine = line;
  }
  return last;
}

/** Exit with an error when a watched workflow did not succeed. */
export function requireSucceeded(wf: Workflow | undefined): void {
  const phase = wf?.status?.phase;
  if (phase && phase !== 'Succeeded') {
    throw new ZldError('Remote', `workflow "${wf?.metadata?.name}" ${phase}${wf?.status?.message ? `: ${wf.status.message}` : ''}`);
  }
}

/** After a create/submit: print the name (or the workflow with --json), or with `watch` follow it to the end. */
export async function reportSubmitted(argo: ArgoClient, wf: Workflow, opts: { watch: boolean; label?: string }, ctx: CommandContext): Promise<void> {
  const name = wf.metadata?.name ?? '';
  const line = `submitted ${name}${opts.label ? ` (${opts.label})` : ` in namespace ${wf.metadata?.namespace ?? argo.connection.namespace}`}\n`;
  if (!opts.watch) {
    ctx.stdout(ctx.json ? `${JSON.stringify(wf)}\n` : line);
    return;
  }
  if (!ctx.json) ctx.stdout(line);
  // from the created version on: every change after the submission is shown, however fast it runs
  const events = argo.watchWorkflow(name, { signal: ctx.signal, namespace: wf.metadata?.namespace, resourceVersion: wf.metadata?.resourceVersion });
  const last = await printWatch(events, ctx);
  if (!ctx.json && last) ctx.stdout(`${workflowLine(last)}\n`);
  requireSucceeded(last);
}
