/**
 * The HTTP layer under {@link ArgoClient}: builds URLs under the connection's base href, adds the
 * `Authorization` header, maps failures to {@link ZldError}s (server message shown, token never), and opens
 * streams. Works over any `fetch` (browser, Node 20, or an injected one such as undici's with a dispatcher).
 *
 * @example
 * ```ts
 * const t = new ArgoTransport(conn);
 * const wf = await t.json<Workflow>('GET', ['api/v1/workflows', 'argo', 'hello'], { what: 'get workflow "hello"' });
 * ```
 */
import { ZldError } from '../errors.js';
import { argoHttpError } from './argo-errors.js';
import type { ArgoConnection } from './connection.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

export interface RequestSpec {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** What is being done, for messages: `get workflow "x"`. */
  what: string;
  namespace?: string;
}

export type StreamFormat = 'sse' | 'ndjson';

export class ArgoTransport {
  readonly connection: ArgoConnection;
  readonly #fetch: FetchLike;

  constructor(connection: ArgoConnection, fetchImpl?: FetchLike) {
    this.connection = connection;
    const f = fetchImpl ?? (globalThis.fetch as FetchLike | undefined);
    if (!f) throw new ZldError('Unsupported', 'no fetch available: pass one to ArgoClient');
    this.#fetch = f;
  }

  /** `['api/v1/workflows', ns, name]` -> absolute URL with each later segment encoded, plus the query. */
  url(segments: readonly string[], query?: Record<string, QueryValue>): string {
    const [head, ...rest] = segments;
    const path = [head, ...rest.map((s) => encodeURIComponent(s))].join('/');
    const u = new URL(path, this.connection.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) for (const item of v) u.searchParams.append(k, item);
      else u.searchParams.set(k, String(v));
    }
    return u.toString();
  }

  /** Send a request; resolve with the Response when it is 2xx, throw a mapped ZldError otherwise. */
  async send(method: string, segments: readonly string[], spec: RequestSpec, accept = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept };
    const auth = this.connection.authorization();
    if (auth) headers.Authorization = auth;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.signal?.aborted) throw new ZldError('Aborted', `${spec.what} was cancelled`);
    let res: Response;
    try {
      res = await this.#fetch(this.url(segments, spec.query), {
        method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: spec.signal,
      });
    } catch (e) {
      if (spec.signal?.aborted) throw new ZldError('Aborted', `${spec.what} was cancelled`, { cause: e });
      const reason = this.connection.redact(String((e as Error)?.cause ?? (e as Error)?.message ?? e));
      throw new ZldError('Network', `cannot ${spec.what}: the Argo Server at ${this.connection.baseUrl} did not answer (${reason})`);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      throw argoHttpError(res.status, text, { what: spec.what, namespace: spec.namespace, redact: (t) => this.connection.redact(t) });
    }
    return res;
  }

  /** Send a request and parse the JSON answer. */
  async json<T>(method: string, segments: readonly string[], spec: RequestSpec): Promise<T> {
    const res = await this.send(method, segments, spec);
    const text = await res.text();
    if (!text) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ZldError('Remote', `cannot ${spec.what}: the Argo Server answered with malformed JSON`);
    }
  }

  /** Open a streaming GET; the body is read with `readArgoStream`. */
  async stream(segments: readonly string[], spec: RequestSpec, format: StreamFormat = 'sse'): Promise<ReadableStream<Uint8Array>> {
    const res = await this.send('GET', segments, spec, format === 'sse' ? 'text/event-stream' : 'application/json');
    if (!res.body) throw new ZldError('Remote', `cannot ${spec.what}: the Argo Server sent no stream`);
    return res.body;
  }
}
