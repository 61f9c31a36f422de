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
import { formatDuration, workflowNodes, workflowSummary } from '../../argo/summary.js';
import type { Workflow, WorkflowWatchEvent } from '../../argo/types.js';
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

/** Summary fields of a workflow, for tables and `--json` lists (`duration` in seconds). */
export function summaryJson(wf: Workflow) {
  const { durationSeconds, ...rest } = workflowSummary(wf);
  return { ...rest, duration: durationSeconds };
}

/** `hello-x2c9  Running  1/2  12s` */
export function workflowLine(wf: Workflow): string {
  const s = workflowSummary(wf);
  return [s.name, s.phase, s.progress || '-', formatDuration(s.durationSeconds), s.message ?? ''].join('  ').trimEnd();
}

/** The nodes of a workflow as an indented tree (root first). */
export function nodeLines(wf: Workflow): string[] {
  return workflowNodes(wf).map(
    (n) => `${'  '.repeat(n.depth)}${n.displayName} [${n.type}] ${n.phase}${n.podName ? ` ${n.podName}` : ''}${n.memoized ? ' (memoized)' : ''}${n.message ? `: ${n.message}` : ''}`,
  );
}

/** Print watch events (one line each, or NDJSON with --json) until the workflow ends; returns the last state. */
export async function printWatch(events: AsyncGenerator<WorkflowWatchEvent>, ctx: CommandContext): Promise<Workflow | undefined> {
  let last: Workflow | undefined;
  let lastLine = '';
  for await (const ev of events) {
    if (!ev.object) continue;
    last = ev.object;
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify({ type: ev.type, ...summaryJson(ev.object) })}\n`);
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
  requireSucceeded(await printWatch(events, ctx));
}
