/**
 * Watch (`/api/v1/workflow-events/{ns}`) and logs (`.../log`) in the real server's wire format:
 * with `Accept: text/event-stream`, `data: {"result":...} ` + blank line per message and `:` keep-alive
 * lines; otherwise newline-delimited `{"result":...}`. Errors inside a stream are `{"error":{...}}`.
 *
 * @example
 * ```ts
 * const out = openStream(req, res, { keepAliveMs: 15000, onMessage: (m) => check(m) });
 * out.send({ result: { type: 'ADDED', object: wf } });
 * ```
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine, LogRecord, WatchEventRecord } from './engine.js';
import { ArgoError, notFound } from './errors.js';
import { fieldMatcher, labelMatcher } from './selectors.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface StreamOut {
  send(message: Json): void;
  end(): void;
  onClose(fn: () => void): void;
}

export function openStream(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { keepAliveMs: number; onMessage?: (m: Json) => void; track?: (res: ServerResponse) => () => void },
): StreamOut {
  const sse = String(req.headers.accept ?? '').includes('text/event-stream');
  res.writeHead(200, {
    'Content-Type': sse ? 'text/event-stream' : 'application/json',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.flushHeaders();
  const closers: (() => void)[] = [];
  const untrack = opts.track?.(res);
  const keepAlive = sse ? setInterval(() => res.write(':\n'), opts.keepAliveMs) : undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (keepAlive) clearInterval(keepAlive);
    untrack?.();
    for (const fn of closers) fn();
  };
  res.on('close', close);
  return {
    send(message) {
      if (closed) return;
      opts.onMessage?.(message);
      const json = JSON.stringify(message);
      res.write(sse ? `data: ${json} \n\n` : `${json}\n`);
    },
    end() {
      close();
      res.end();
    },
    onClose(fn) {
      closers.push(fn);
    },
  };
}

/** A watch: the current state (or the events after `resourceVersion`), then live events. */
export function serveWatch(engine: Engine, namespace: string, query: Json, out: StreamOut, replay = 0): void {
  const labels = labelMatcher(query['listOptions.labelSelector']);
  const fields = fieldMatcher(query['listOptions.fieldSelector']);
  const matches = (e: WatchEventRecord) => e.namespace === namespace && labels(e.object.metadata?.labels ?? {}) && fields(e.object);
  const send = (e: WatchEventRecord) => out.send({ result: { type: e.type, object: e.object } });
  const rvText = query['listOptions.resourceVersion'];
  if (rvText) {
    const rv = Number(rvText);
    const oldest = engine.events[0]?.rv ?? Number(engine.resourceVersion);
    if (!Number.isFinite(rv) || rv < oldest - 1) {
      out.send({ error: { grpc_code: 9, http_code: 410, message: `too old resource version: ${rvText} (${oldest - 1})`, http_status: 'Gone' } });
      out.end();
      return;
    }
    const after = engine.events.filter((e) => e.rv > rv && matches(e));
    const before = replay > 0 ? engine.events.filter((e) => e.rv <= rv && matches(e)).slice(-replay) : [];
    for (const e of [...before, ...after]) send(e);
  } else {
    for (const wf of engine.workflows.values()) {
      const rec: WatchEventRecord = { rv: Number(wf.metadata.resourceVersion), type: 'ADDED', namespace: wf.metadata.namespace, object: wf };
      if (matches(rec)) send(rec);
    }
  }
  const listener = (e: WatchEventRecord) => {
    if (matches(e)) send(e);
  };
  engine.on('event', listener);
  out.onClose(() => engine.off('event', listener));
}

/** Logs of a workflow (or one pod): existing lines (tail, grep), then live ones with `follow` until it ends. */
export function serveLogs(engine: Engine, params: Record<string, string>, query: Json, out: StreamOut): void {
  const wf = engine.workflows.get(`${params.namespace}/${params.name}`);
  if (!wf) throw notFound('workflows', params.name!);
  const pod = params.podName ?? query.podName;
  const container = query['logOptions.container'] ?? 'main';
  let grep: RegExp | undefined;
  try {
    grep = query.grep ? new RegExp(query.grep) : undefined;
  } catch {
    throw ArgoError.badRequest(`error parsing regexp: ${query.grep}`);
  }
  const matches = (l: LogRecord) =>
    container === 'main' && l.namespace === params.namespace && l.workflow === params.name && (!pod || l.podName === pod) && (!grep || grep.test(l.content));
  const send = (l: LogRecord) => out.send({ result: { podName: l.podName, content: l.content } });
  let existing = engine.logs.filter(matches);
  const tail = query['logOptions.tailLines'];
  if (tail !== undefined) existing = existing.slice(Math.max(0, existing.length - Number(tail)));
  for (const l of existing) send(l);
  const finished = () => ['Succeeded', 'Failed', 'Error'].includes(engine.workflows.get(`${params.namespace}/${params.name}`)?.status?.phase);
  if (!query['logOptions.follow'] || finished()) {
    out.end();
    return;
  }
  const onLog = (l: LogRecord) => {
    if (matches(l)) send(l);
  };
  const onEvent = (e: WatchEventRecord) => {
    if (e.namespace === params.namespace && e.object.metadata.name === params.name && (e.type === 'DELETED' || finished())) {
      setImmediate(() => out.end());
    }
  };
  engine.on('log', onLog);
  engine.on('event', onEvent);
  out.onClose(() => {
    engine.off('log', onLog);
    engine.off('event', onEvent);
  });
}
