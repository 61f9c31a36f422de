/**
 * Reads the Argo Server's streaming answers (watch, logs) in both wire formats it speaks:
 * server-sent events (`data: {"result":...} ` + blank line, `:` keep-alive lines) and newline-delimited
 * JSON (`{"result":...}` per line). A `{"error":{...}}` message ends the stream with a {@link ZldError}.
 *
 * @example
 * ```ts
 * for await (const msg of readArgoStream<LogEntry>(res.body!, { what: 'read logs' })) console.log(msg.content);
 * ```
 */
import { ZldError } from '../errors.js';
import { argoStreamError, type ArgoErrorContext } from './argo-errors.js';

export interface StreamReadOptions extends ArgoErrorContext {
  signal?: AbortSignal;
  /** Called for each keep-alive (`:` line) the server sends. */
  onKeepAlive?: () => void;
}

/** One JSON payload from a line, or undefined for keep-alives, blank lines and SSE fields we ignore. */
export function parseStreamLine(line: string): { keepAlive: true } | { json: string } | undefined {
  const l = line.replace(/\r$/, '');
  if (l.trim() === '') return undefined;
  if (l.startsWith(':')) return { keepAlive: true };
  if (l.startsWith('data:')) return { json: l.slice(5).trim() };
  if (/^(event|id|retry):/.test(l)) return undefined;
  return { json: l.trim() };
}

/** Yield each `result` of a streamed answer until the server ends the stream. */
export async function* readArgoStream<T>(body: ReadableStream<Uint8Array>, opts: StreamReadOptions): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const onAbort = () => void reader.cancel().catch(() => undefined);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (opts.signal?.aborted) throw new ZldError('Aborted', `${opts.what} was cancelled`);
      if (done) buffer += decoder.decode();
      else buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split('\n');
      buffer = done ? '' : lines.pop()!;
      for (const line of lines) {
        const parsed = parseStreamLine(line);
        if (!parsed) continue;
        if ('keepAlive' in parsed) {
          opts.onKeepAlive?.();
          continue;
        }
        let msg: { result?: T; error?: Record<string, unknown> };
        try {
          msg = JSON.parse(parsed.json) as typeof msg;
        } catch {
          throw new ZldError('Remote', `cannot ${opts.what}: the Argo Server sent a malformed stream message: ${parsed.json.slice(0, 200)}`);
        }
        if (msg.error) throw argoStreamError(msg.error as { http_code?: number; message?: string }, opts);
        if (msg.result !== undefined) yield msg.result;
      }
      if (done) return;
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    // close the connection when the consumer stops early (break, return, error)
    void reader.cancel().catch(() => undefined);
  }
}
