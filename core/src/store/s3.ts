/**
 * A store over an S3 bucket prefix (`s3://bucket/path/to/cat.zarr`), on AWS S3 or any S3-compatible
 * server (MinIO, Ceph, s3rver). Reads, range reads, one-level listings, full listings, atomic writes
 * (one PUT per object) and deletes. Browser-safe (the SDK picks its browser transport when bundled).
 *
 * Credentials come from the options, or else from the SDK's default chain (environment, profiles,
 * web identity in Kubernetes); `anonymous` sends unsigned requests for public buckets. Requests are
 * limited to `maxConcurrency` at once, retried with backoff on 5xx, SlowDown and connection resets,
 * and each one is bounded by `timeoutMs`.
 *
 * @example
 * ```ts
 * const store = S3Store.fromUrl('s3://data/cat.zarr', { endpoint: 'http://127.0.0.1:9000' });
 * const zgroup = await store.get('/.zgroup');
 * const { prefixes } = await store.list('/');
 * for await (const key of store.listAll('/sample1/')) console.log(key);
 * ```
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ZldError, throwIfAborted } from '../errors.js';
import type { AbsolutePath, GetOptions, Listing, ListOptions, RangeQuery, WritableStore } from './types.js';
import { checkKey } from './keys.js';
import { Semaphore, deadline } from './limit.js';
import { isMissingKey, mapS3Error, type S3Target } from './s3-errors.js';
import { DEFAULT_MAX_ATTEMPTS, s3ClientConfig, safeOrigin, type S3StoreOptions } from './s3-client.js';
import { FastGet } from './s3-fast-get.js';

export { s3ClientConfig, type S3StoreOptions };

const DEFAULT_TIMEOUT_MS = 30_000;

export class S3Store implements WritableStore {
  /** `s3://bucket/prefix`, plus `?endpoint=origin` for a custom endpoint; never credentials. */
  readonly url: string;
  readonly bucket: string;
  /** Object-key prefix without leading or trailing slash (`''` for the bucket root). */
  readonly prefix: string;
  readonly client: S3Client;
  /** Origin of the custom endpoint, if any. */
  readonly endpoint?: string;
  private readonly limit: Semaphore;
  private readonly timeoutMs: number;
  private readonly readOnly: boolean;
  private readonly pageSize: number;
  private readonly maxAttempts: number;
  /** Light GETs for an explicit endpoint (s3-fast-get.ts); the SDK answers whatever they do not. */
  private readonly fast: FastGet | undefined;

  constructor(bucket: string, prefix: string, opts: S3StoreOptions = {}) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(bucket)) {
      throw new ZldError('BadInput', `invalid S3 bucket name ${JSON.stringify(bucket)}`, { detail: { bucket } });
    }
    this.bucket = bucket;
    this.prefix = prefix.replace(/^\/+|\/+$/g, '');
    if (this.prefix.split('/').some((p) => p === '..' || p === '.' || p === '') && this.prefix !== '') {
      throw new ZldError('BadInput', `invalid S3 prefix ${JSON.stringify(prefix)} in bucket ${bucket}`, { detail: { bucket } });
    }
    this.endpoint = opts.endpoint ? safeOrigin(opts.endpoint) : undefined;
    const base = `s3://${bucket}/${this.prefix}`;
    this.url = this.endpoint ? `${base}?endpoint=${this.endpoint}` : base;
    this.client = opts.client ?? new S3Client(s3ClientConfig(opts));
    this.limit = new Semaphore(opts.maxConcurrency ?? 16);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.readOnly = opts.readOnly ?? false;
    this.pageSize = Math.max(1, Math.min(1000, opts.pageSize ?? 1000));
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.fast =
      opts.client || opts.fastGet === false
        ? undefined
        : FastGet.create(this.client, { endpoint: this.endpoint, pathStyle: opts.forcePathStyle ?? true, anonymous: Boolean(opts.anonymous) });
  }

  /**
   * Open `s3://bucket/prefix`. An `?endpoint=` query (as found in {@link S3Store.url}) sets the
   * endpoint when the options do not.
   */
  static fromUrl(url: string, opts: S3StoreOptions = {}): S3Store {
    const m = /^s3:\/\/([^/?#]+)\/?([^?#]*)(\?[^#]*)?$/i.exec(url.trim());
    if (!m) throw new ZldError('BadInput', `not an S3 URL: ${JSON.stringify(url)} (expected s3://bucket/prefix)`);
    if (m[1]!.includes('@')) throw new ZldError('BadInput', 'S3 URLs must not carry credentials; use the environment or the options');
    const query = new URLSearchParams(m[3] ?? '');
    const endpoint = opts.endpoint ?? query.get('endpoint') ?? undefined;
    let prefix: string;
    try {
      prefix = decodeURIComponent(m[2]!);
    } catch {
      prefix = m[2]!;
    }
    return new S3Store(m[1]!, prefix, { ...opts, endpoint });
  }

  /** The object key for a store key: `/a/b` -> `prefix/a/b`. */
  objectKey(key: string): string {
    const rel = key.replace(/^\/+/, '');
    return this.prefix ? `${this.prefix}/${rel}` : rel;
  }

  async get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined> {
    checkKey(key, this.url);
    return this.read(key, undefined, opts?.signal);
  }

  async getRange(key: AbsolutePath, range: RangeQuery, opts?: GetOptions): Promise<Uint8Array | undefined> {
    checkKey(key, this.url);
    const signal = opts?.signal;
    let offset: number;
    let length: number;
    if ('suffixLength' in range) {
      // some servers mishandle `bytes=-N`: ask the size, then an explicit range
      const size = await this.size(key, signal);
      if (size === undefined) return undefined;
      length = Math.min(Math.max(0, range.suffixLength), size);
      offset = size - length;
      if (length === 0) return new Uint8Array(0);
    } else {
      offset = Math.max(0, range.offset);
      length = Math.max(0, range.length);
    }
    if (length === 0) return (await this.size(key, signal)) === undefined ? undefined : new Uint8Array(0);
    try {
      return await this.read(key, `bytes=${offset}-${offset + length - 1}`, signal);
    } catch (e) {
      // a range starting past the end: the object exists, the slice is empty (like a file read)
      if (e instanceof ZldError && e.status === 416) return new Uint8Array(0);
      throw e;
    }
  }

  /** Object size in bytes, or undefined when missing. */
  async size(key: AbsolutePath, signal?: AbortSignal): Promise<number | undefined> {
    checkKey(key, this.url);
    const Key = this.objectKey(key);
    return this.call(this.target('read', key), signal, async (abortSignal) => {
      try {
        const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }), { abortSignal });
        return head.ContentLength ?? 0;
      } catch (e) {
        if (isMissingKey(e)) return undefined;
        throw e;
      }
    });
  }

  private read(key: string, range: string | undefined, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    const Key = this.objectKey(key);
    return this.call(this.target('read', key), signal, async (abortSignal) => {
      const fast = await this.fast?.get(this.bucket, Key, range, abortSignal);
      if (fast) return 'missing' in fast ? undefined : fast.bytes;
      // the SDK retries failed requests, but not a body cut off after the headers: retry those here
      for (let attempt = 1; ; attempt++) {
        let res;
        try {
          res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key, Range: range }), { abortSignal });
        } catch (e) {
          if (isMissingKey(e)) return undefined;
          throw e;
        }
        if (!res.Body) return new Uint8Array(0);
        try {
          return await untilAborted(res.Body.transformToByteArray(), abortSignal);
        } catch (e) {
          if (abortSignal?.aborted || attempt >= this.maxAttempts || !isConnectionError(e)) throw e;
          await sleep(Math.min(2000, 100 * 2 ** attempt * (0.5 + Math.random())));
        }
      }
    });
  }

  async list(prefix: AbsolutePath, opts?: ListOptions): Promise<Listing> {
    const p = prefix.endsWith('/') ? prefix : (`${prefix}/` as AbsolutePath);
    checkKey(p, this.url);
    const Prefix = p === '/' ? (this.prefix ? `${this.prefix}/` : '') : this.objectKey(p);
    const keys: string[] = [];
    const prefixes: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      throwIfAborted(opts?.signal, `listing ${p} in ${this.url}`);
      const page = await this.call(this.target('list', p), opts?.signal, (abortSignal) =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, Delimiter: '/', ContinuationToken, MaxKeys: this.pageSize }), { abortSignal }),
      );
      for (const o of page.Contents ?? []) {
        const name = o.Key?.slice(Prefix.length);
        if (name) keys.push(name);
      }
      for (const cp of page.CommonPrefixes ?? []) {
        const name = cp.Prefix?.slice(Prefix.length).replace(/\/$/, '');
        if (name) prefixes.push(name);
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return { keys: [...new Set(keys)].sort(), prefixes: [...new Set(prefixes)].sort() };
  }

  /**
   * Every key below `prefix` at any depth, as store keys (`/a/b/0.0`), page by page (up to 1,000 keys
   * per request). For counting chunks and copying.
   */
  async *listAll(prefix: AbsolutePath = '/', opts?: ListOptions & { startAfter?: AbsolutePath }): AsyncGenerator<AbsolutePath> {
    const p = prefix.endsWith('/') ? prefix : (`${prefix}/` as AbsolutePath);
    checkKey(p, this.url);
    const Prefix = p === '/' ? (this.prefix ? `${this.prefix}/` : '') : this.objectKey(p);
    const strip = this.prefix ? this.prefix.length + 1 : 0;
    // keys after this store key only (S3 StartAfter): lets a reader skip the rest of a big folder
    const StartAfter = opts?.startAfter ? this.objectKey(opts.startAfter) : undefined;
    let ContinuationToken: string | undefined;
    do {
      throwIfAborted(opts?.signal, `listing ${p} in ${this.url}`);
      const page = await this.call(this.target('list', p), opts?.signal, (abortSignal) =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, StartAfter, ContinuationToken, MaxKeys: this.pageSize }), { abortSignal }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key && o.Key.length > strip) yield `/${o.Key.slice(strip)}` as AbsolutePath;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async set(key: AbsolutePath, value: Uint8Array, opts?: GetOptions): Promise<void> {
    this.assertWritable(key);
    checkKey(key, this.url);
    if (key.endsWith('/')) throw new ZldError('BadInput', `cannot write a folder key ${key} in store ${this.url}`);
    const Key = this.objectKey(key);
    await this.call(this.target('write', key), opts?.signal, (abortSignal) =>
      this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: value, ContentLength: value.byteLength }), { abortSignal }),
    );
  }

  async delete(key: AbsolutePath, opts?: GetOptions): Promise<void> {
    this.assertWritable(key);
    checkKey(key, this.url);
    const Key = this.objectKey(key);
    await this.call(this.target('delete', key), opts?.signal, (abortSignal) =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }), { abortSignal }),
    );
  }

  private assertWritable(key: string) {
    if (this.readOnly) throw new ZldError('Unsupported', `store ${this.url} is read-only: cannot write ${key}`);
  }

  private target(op: string, key: string): S3Target {
    return { op, bucket: this.bucket, key, location: `s3://${this.bucket}/${this.objectKey(key)}`, endpoint: this.endpoint };
  }

  /** One S3 request under the concurrency limit and the time limit, its failures mapped to ZldErrors. */
  private async call<T>(t: S3Target, signal: AbortSignal | undefined, fn: (abortSignal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return this.limit.run(
      async () => {
        const d = deadline(signal, this.timeoutMs);
        try {
          return await fn(d.signal);
        } catch (e) {
          throw mapS3Error(e, t, { timedOut: d.timedOut(), aborted: Boolean(signal?.aborted) });
        }
      },
      signal,
      `S3 ${t.op} of ${t.location}`,
    );
  }
}

/** A connection cut while a body was streaming (reset, premature close, TLS drop). */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  const msg = String((e as Error)?.message ?? '');
  return /^(ECONNRESET|EPIPE|ETIMEDOUT|ERR_STREAM_PREMATURE_CLOSE|UND_ERR_SOCKET)$/.test(code) || /aborted|premature close|terminated|network/i.test(msg);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Reject when the signal fires even if `p` (a body read) would hang. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('body read aborted'), { name: 'AbortError' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
