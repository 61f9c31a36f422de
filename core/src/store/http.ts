/**
 * A read-only store over HTTP(S) (`https://example.org/data/cat.zarr/`): GET and Range GET, no listing
 * (plain HTTP cannot list: pair it with consolidated metadata). Browser-safe; hosts may inject their
 * own `fetch` (with cookies, a proxy or a token) and headers.
 *
 * A 404 is a missing key (`undefined`); 401/403 is `AccessDenied`; other statuses are `Remote` (4xx) or
 * `Network` (5xx); a server that does not answer within `timeoutMs` is `Timeout`. Messages carry the
 * URL with credentials removed.
 *
 * @example
 * ```ts
 * const store = new HttpStore('https://example.org/data/cat.zarr', { timeoutMs: 10_000 });
 * const meta = await store.get('/.zmetadata');
 * const tail = await store.getRange('/data/0.0', { suffixLength: 16 });
 * ```
 */
import { ZldError, redactUrl } from '../errors.js';
import type { AbsolutePath, GetOptions, RangeQuery, ReadableStore } from './types.js';
import { checkKey } from './keys.js';
import { deadline } from './limit.js';

export interface HttpStoreOptions {
  fetch?: typeof globalThis.fetch;
  /** Extra request headers (e.g. `Authorization`); never shown in messages. */
  headers?: Record<string, string>;
  /** Time limit of one request, body included (default 30 s; 0 disables). */
  timeoutMs?: number;
}

export class HttpStore implements ReadableStore {
  /** The base URL with credentials removed. */
  readonly url: string;
  private readonly base: URL;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(url: string | URL, opts: HttpStoreOptions = {}) {
    let base: URL;
    try {
      base = new URL(String(url));
    } catch {
      throw new ZldError('BadInput', `not a URL: ${JSON.stringify(redactUrl(String(url)))}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new ZldError('BadInput', `HttpStore needs an http(s) URL, got ${redactUrl(base.href)}`);
    }
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    base.hash = '';
    this.base = base;
    this.url = redactUrl(base.href).replace(/\/$/, '');
    this.fetchFn = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.headers = { ...opts.headers };
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    // user info in the URL becomes Basic auth (fetch refuses URLs with credentials)
    if (base.username || base.password) {
      const basic = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
      this.headers.authorization ??= `Basic ${btoa(basic)}`;
      base.username = '';
      base.password = '';
    }
  }

  /** The URL of a key: each path segment percent-encoded, the base's query kept. */
  keyUrl(key: string): URL {
    const u = new URL(this.base.href);
    u.pathname = this.base.pathname + key.slice(1).split('/').map(encodeURIComponent).join('/');
    return u;
  }

  async get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined> {
    checkKey(key, this.url);
    return (await this.fetchBytes(key, undefined, opts?.signal))?.bytes;
  }

  async getRange(key: AbsolutePath, range: RangeQuery, opts?: GetOptions): Promise<Uint8Array | undefined> {
    checkKey(key, this.url);
    let header: string;
    let want: { offset: number; length: number } | undefined;
    if ('suffixLength' in range) {
      if (range.suffixLength <= 0) {
        const all = await this.fetchBytes(key, 'bytes=0-0', opts?.signal);
        return all === undefined ? undefined : new Uint8Array(0);
      }
      header = `bytes=-${range.suffixLength}`;
    } else {
      if (range.length <= 0) {
        const head = await this.fetchBytes(key, 'bytes=0-0', opts?.signal);
        return head === undefined ? undefined : new Uint8Array(0);
      }
      header = `bytes=${range.offset}-${range.offset + range.length - 1}`;
      want = range;
    }
    const got = await this.fetchBytes(key, header, opts?.signal);
    if (!got?.whole) return got?.bytes;
    // a server that ignores Range answers 200 with the whole object: slice it ourselves
    const { bytes } = got;
    if (want) return bytes.subarray(Math.min(want.offset, bytes.length), Math.min(want.offset + want.length, bytes.length));
    return bytes.subarray(Math.max(0, bytes.length - (range as { suffixLength: number }).suffixLength));
  }

  /** GET one key; `whole` tells that a Range request was answered with the whole object. */
  private async fetchBytes(
    key: string,
    range: string | undefined,
    signal?: AbortSignal,
  ): Promise<{ bytes: Uint8Array; whole: boolean } | undefined> {
    const url = this.keyUrl(key);
    const shown = `${redactUrl(url.href)}`;
    const d = deadline(signal, this.timeoutMs);
    const headers: Record<string, string> = { ...this.headers };
    if (range) headers.range = range;
    try {
      const res = await this.fetchFn(url, { headers, signal: d.signal });
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel().catch(() => undefined);
        return undefined;
      }
      if (res.status === 416) {
        // the range starts past the end of an object that exists
        await res.body?.cancel().catch(() => undefined);
        return { bytes: new Uint8Array(0), whole: false };
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw statusError(res.status, res.statusText, key, shown);
      }
      return { bytes: new Uint8Array(await res.arrayBuffer()), whole: range !== undefined && res.status === 200 };
    } catch (e) {
      if (e instanceof ZldError) throw e;
      if (signal?.aborted) throw new ZldError('Aborted', `reading ${shown} was cancelled`, { cause: e, detail: { key } });
      if (d.timedOut()) {
        throw new ZldError('Timeout', `no answer from ${shown} within ${this.timeoutMs} ms (key ${key})`, { cause: e, detail: { key } });
      }
      const why = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new ZldError('Network', `cannot reach ${shown} (${why})`, { cause: e, detail: { key } });
    }
  }
}

function statusError(status: number, statusText: string, key: string, shown: string): ZldError {
  const opts = { status, detail: { key } };
  const what = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 401 || status === 403) return new ZldError('AccessDenied', `access denied (${what}) for ${shown}`, opts);
  if (status >= 500) return new ZldError('Network', `server error (${what}) for ${shown}`, opts);
  return new ZldError('Remote', `unexpected answer (${what}) for ${shown}`, opts);
}
