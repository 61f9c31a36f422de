/**
 * Watching workflows over `/api/v1/workflow-events/{ns}` (SSE or NDJSON) that survives dropped streams:
 * on a drop it reconnects with the last `resourceVersion` it saw, and it never yields the same
 * (workflow uid, resourceVersion) twice, even when the server replays events or the resourceVersion
 * expired (410) and the watch restarts from the current state. Numeric resourceVersions (as Kubernetes'
 * are) are also kept in order per workflow: an event older than one already yielded is dropped.
 *
 * @example
 * ```ts
 * for await (const ev of watchWorkflows(transport, { namespace: 'argo', until: 'finished', fieldSelector: 'metadata.name=hello' })) {
 *   console.log(ev.type, ev.object?.status?.phase);
 * }
 * ```
 */
import { ZldError, isZldError } from '../errors.js';
import { readArgoStream } from './stream.js';
import type { ArgoTransport, StreamFormat } from './transport.js';
import { isFinishedPhase, type WorkflowWatchEvent } from './types.js';

export interface ReconnectInfo {
  /** Consecutive attempt number (1 for the first reconnect after a drop). */
  attempt: number;
  /** The resourceVersion the watch resumes from (undefined: from the current state). */
  resourceVersion?: string;
  /** Why the previous stream ended. */
  reason: string;
}

export interface WatchOptions {
  signal?: AbortSignal;
  namespace?: string;
  labelSelector?: string;
  /** e.g. `metadata.name=hello-x2c9` */
  fieldSelector?: string;
  /** Start after this resourceVersion (events before it are not sent). */
  resourceVersion?: string;
  /** Wire format to ask for; both carry the same events. Default `sse`. */
  format?: StreamFormat;
  /** Stop after this event: `'finished'` = the workflow reached Succeeded/Failed/Error or was deleted. */
  until?: 'finished' | ((event: WorkflowWatchEvent) => boolean);
  /** Consecutive reconnects without any event before giving up with `Network` (default 5). */
  maxReconnects?: number;
  /** Delay before a reconnect, doubled each consecutive attempt up to 5 s (default 250 ms). */
  reconnectDelayMs?: number;
  onReconnect?: (info: ReconnectInfo) => void;
  /** Called on each `:` keep-alive. */
  onKeepAlive?: () => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Kubernetes resourceVersions are opaque, but etcd-backed ones are increasing integers: compare those. */
function asNumber(rv: string | undefined): number | undefined {
  return rv && /^\d+$/.test(rv) ? Number(rv) : undefined;
}

function finished(ev: WorkflowWatchEvent): boolean {
  return ev.type === 'DELETED' || isFinishedPhase(ev.object?.status?.phase);
}

/** Whether a failure is a dropped stream worth reconnecting (not a 4xx the user must fix). */
function isDrop(e: unknown): boolean {
  if (!isZldError(e)) return true; // a reader error such as "terminated" / ECONNRESET
  if (e.code === 'Network') return true;
  return e.code === 'Remote' && (e.status === undefined || e.status >= 500);
}

export async function* watchWorkflows(transport: ArgoTransport, opts: WatchOptions & { namespace: string }): AsyncGenerator<WorkflowWatchEvent> {
  const { namespace, signal } = opts;
  const until = opts.until === 'finished' ? finished : opts.until;
  const maxReconnects = opts.maxReconnects ?? 5;
  const seen = new Set<string>();
  const newest = new Map<string, number>();
  const floor = asNumber(opts.resourceVersion);
  let resourceVersion = opts.resourceVersion;
  let attempt = 0;
  const what = `watch workflows in namespace "${namespace}"`;
  for (;;) {
    let reason = 'the server ended the stream';
    let alive = false; // this stream carried events or keep-alives: a later drop is not a failure in a row
    try {
      const spec = {
        query: {
          'listOptions.labelSelector': opts.labelSelector,
          'listOptions.fieldSelector': opts.fieldSelector,
          'listOptions.resourceVersion': resourceVersion,
        },
        what,
        namespace,
        signal,
        onKeepAlive: () => {
          alive = true;
          opts.onKeepAlive?.();
        },
      };
      const body = await transport.stream(['api/v1/workflow-events', namespace], spec, opts.format ?? 'sse');
      for await (const ev of readArgoStream<WorkflowWatchEvent>(body, spec)) {
        const meta = ev.object?.metadata;
        const rv = meta?.resourceVersion;
        const object = meta?.uid ?? `${meta?.namespace}/${meta?.name}`;
        const key = `${object}@${rv ?? ''}`;
        if (seen.has(key)) continue;
        const n = asNumber(rv);
        if (n !== undefined) {
          // an event at or before what the watch started from, or older than what this object already showed
          if ((floor !== undefined && n <= floor) || n <= (newest.get(object) ?? -1)) continue;
          newest.set(object, n);
        }
        seen.add(key);
        if (rv && (n === undefined || n > (asNumber(resourceVersion) ?? -1))) resourceVersion = rv;
        if (seen.size > 50_000) seen.delete(seen.values().next().value!);
        alive = true;
        yield ev;
        if (until?.(ev)) return;
      }
    } catch (e) {
      if (signal?.aborted) throw new ZldError('Aborted', `${what} was cancelled`, { cause: e });
      if (isZldError(e) && e.status === 410) {
        // the resourceVersion is too old: start again from the current state; `seen` drops repeats
        resourceVersion = undefined;
        reason = 'the resourceVersion expired (410)';
      } else if (isDrop(e)) {
        reason = isZldError(e) ? e.message : `the stream broke (${String((e as Error)?.message ?? e)})`;
      } else {
        throw e;
      }
    }
    if (signal?.aborted) throw new ZldError('Aborted', `${what} was cancelled`);
    attempt = alive ? 1 : attempt + 1;
    if (attempt > maxReconnects) {
      throw new ZldError('Network', `cannot ${what}: the stream dropped ${maxReconnects + 1} times in a row (${transport.connection.redact(reason)})`);
    }
    opts.onReconnect?.({ attempt, resourceVersion, reason: transport.connection.redact(reason) });
    await sleep(Math.min(5000, (opts.reconnectDelayMs ?? 250) * 2 ** (attempt - 1)), signal);
  }
}
