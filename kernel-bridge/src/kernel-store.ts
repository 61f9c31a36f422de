/**
 * A read-only zld store that reads through a Python kernel: in JupyterLab the panel runs in the browser
 * while the data and its credentials live beside the kernel. A small helper (`python-helper.ts`) is sent
 * to the kernel once per session; each read is one execute request whose answer comes back base64 in a
 * `display_data` of MIME type `application/vnd.zld.bytes+json`. {@link KernelStore.getMany} reads many
 * keys in one round trip (a consolidated store opens with one request), and `get`s made in the same
 * event-loop turn are batched the same way. Credentials never leave the
 * kernel: S3 is read by boto3 with the kernel's own environment; only the endpoint/region/anonymous
 * options are sent. Every string sent to the kernel is encoded with `pyStr`.
 *
 * @example
 * ```ts
 * import { KernelStore, executorForKernel } from '@zld/kernel-bridge';
 * const store = new KernelStore(executorForKernel(kernel), 's3://lab/cat.zarr', { storeOptions: { endpoint: 'http://127.0.0.1:9000' } });
 * const [zmeta, zgroup] = await store.getMany(['/.zmetadata', '/.zgroup']);
 * const { keys, prefixes } = await store.list('/');
 * ```
 */
import {
  ZldError,
  checkKey,
  redactUrl,
  type AbsolutePath,
  type GetOptions,
  type Listing,
  type RangeQuery,
  type ReadableStore,
  type ZldErrorCode,
} from '@zld/core';
import { parseStoreUrl, type StoreOptions } from './codegen-common.js';
import type { KernelExecutor, KernelReply } from './kernel.js';
import { pyStr } from './literals.js';
import { BRIDGE_NAMESPACE, BYTES_MIME, PYTHON_HELPER } from './python-helper.js';

export interface KernelStoreOptions {
  /** S3 endpoint/region/anonymous access (no credentials: the kernel has them). */
  storeOptions?: StoreOptions;
  /** Deadline of one read, in ms (default 60 000). */
  timeoutMs?: number;
  /**
   * Gather the `get`s made within one event-loop turn (zarrita and hierarchy walks read several keys
   * at once) into one `getMany` round trip, at most this many keys each (default 32; 1 turns it off).
   */
  batchSize?: number;
}

interface Pending {
  key: AbsolutePath;
  resolve: (v: Uint8Array | undefined) => void;
  reject: (e: unknown) => void;
}

const ERROR_CODES = new Set<ZldErrorCode>([
  'NotFound', 'AccessDenied', 'BadMetadata', 'BadInput', 'NotZarr', 'Unsupported', 'Timeout', 'Network', 'Remote', 'Internal',
]);

type Payload = { ok: true; items: unknown[] } | { ok: false; code: string; message: string };

export class KernelStore implements ReadableStore {
  /** Secret-free description: the store URL as the kernel sees it. */
  readonly url: string;
  private readonly spec: { url: string; options: StoreOptions };
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private installed = false;
  private pending: Pending[] = [];
  private flushScheduled = false;

  constructor(
    private readonly executor: KernelExecutor,
    storeUrl: string,
    opts: KernelStoreOptions = {},
  ) {
    const parsed = parseStoreUrl(storeUrl);
    const loc = parsed.location;
    if (loc.type === 'other') {
      throw new ZldError('Unsupported', `the kernel store reads local folders, s3:// and http(s):// URLs, not ${loc.scheme}:// (${parsed.display})`);
    }
    if (parsed.strippedCredentials) {
      throw new ZldError('BadInput', `store URL ${redactUrl(storeUrl)} carries credentials: give them to the kernel's environment instead`);
    }
    const target = loc.type === 'local' ? loc.path : loc.url;
    const { endpoint, region, anonymous } = opts.storeOptions ?? {};
    this.spec = { url: target, options: { endpoint, region, anonymous } };
    this.url = parsed.display;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.batchSize = Math.max(1, opts.batchSize ?? 32);
  }

  async get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined> {
    if (this.batchSize === 1) return (await this.getMany([key], opts))[0];
    checkKey(key, this.url);
    if (opts?.signal?.aborted) throw new ZldError('Aborted', `reading key ${key} in ${this.url} was cancelled`, { cause: opts.signal.reason });
    const result = new Promise<Uint8Array | undefined>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setTimeout(() => this.flush(), 0);
      }
    });
    const signal = opts?.signal;
    if (!signal) return result;
    // the batch goes on for the other keys; this caller stops waiting
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new ZldError('Aborted', `reading key ${key} in ${this.url} was cancelled`, { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      result.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const all = this.pending;
    this.pending = [];
    for (let i = 0; i < all.length; i += this.batchSize) {
      const batch = all.slice(i, i + this.batchSize);
      const keys = [...new Set(batch.map((p) => p.key))];
      this.getMany(keys).then(
        (values) => {
          const byKey = new Map(keys.map((k, j) => [k, values[j]]));
          for (const p of batch) p.resolve(byKey.get(p.key));
        },
        (e: unknown) => {
          for (const p of batch) p.reject(e);
        },
      );
    }
  }

  /** Several keys in one kernel round trip, in order; a missing key is `undefined`. */
  async getMany(keys: AbsolutePath[], opts?: GetOptions): Promise<(Uint8Array | undefined)[]> {
    for (const k of keys) checkKey(k, this.url);
    if (keys.length === 0) return [];
    const what = keys.length === 1 ? `key ${keys[0]}` : `${keys.length} keys (${keys[0]}, ...)`;
    const items = await this.call({ op: 'get', keys }, what, opts);
    return items.map((b) => decode(b, what, this.url));
  }

  async getRange(key: AbsolutePath, range: RangeQuery, opts?: GetOptions): Promise<Uint8Array | undefined> {
    checkKey(key, this.url);
    const items = await this.call({ op: 'range', key, range }, `a range of key ${key}`, opts);
    return decode(items[0], `key ${key}`, this.url);
  }

  async list(prefix: AbsolutePath, opts?: GetOptions): Promise<Listing> {
    checkKey(prefix, this.url);
    const p = prefix.endsWith('/') ? prefix : (`${prefix}/` as AbsolutePath);
    const items = await this.call({ op: 'list', prefix: p }, `the listing of ${p}`, opts);
    const l = items[0] as Listing | undefined;
    if (!l || !Array.isArray(l.keys) || !Array.isArray(l.prefixes)) {
      throw new ZldError('Remote', `the kernel sent a malformed listing of ${p} in ${this.url}`);
    }
    return { keys: l.keys, prefixes: l.prefixes };
  }

  private async call(op: Record<string, unknown>, what: string, opts?: GetOptions): Promise<unknown[]> {
    const callSource = `${BRIDGE_NAMESPACE}.run(${pyStr(JSON.stringify({ store: this.spec, ...op }))})`;
    let reply = await this.execute(this.installed ? callSource : `${PYTHON_HELPER}\n${callSource}`, what, opts);
    if (reply.status === 'error' && reply.ename === 'NameError' && (reply.evalue ?? '').includes(BRIDGE_NAMESPACE)) {
      // the kernel restarted since the helper was sent: send it again
      reply = await this.execute(`${PYTHON_HELPER}\n${callSource}`, what, opts);
    }
    if (reply.status === 'error' && reply.ename === 'KeyboardInterrupt') {
      throw new ZldError('Remote', `the kernel was interrupted or shut down while reading ${what} in ${this.url}`);
    }
    if (reply.status === 'error') {
      throw new ZldError('Remote', `the kernel failed reading ${what} in ${this.url}: ${reply.ename ?? 'error'}: ${reply.evalue ?? ''}`);
    }
    this.installed = true;
    const payload = findPayload(reply);
    if (!payload) throw new ZldError('Remote', `the kernel sent no zld answer for ${what} in ${this.url} (is it a Python kernel?)`);
    if (!payload.ok) {
      const code = ERROR_CODES.has(payload.code as ZldErrorCode) ? (payload.code as ZldErrorCode) : 'Remote';
      throw new ZldError(code, `${payload.message} (reading ${what} in ${this.url} through the kernel)`);
    }
    return payload.items;
  }

  /** One execute with this store's deadline; failures that are not ZldErrors become `Network`. */
  private async execute(code: string, what: string, opts?: GetOptions): Promise<KernelReply> {
    if (opts?.signal?.aborted) throw new ZldError('Aborted', `reading ${what} in ${this.url} was cancelled`, { cause: opts.signal.reason });
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(opts?.signal?.reason);
    opts?.signal?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctl.abort(new Error('timeout'));
        void this.executor.interrupt?.().catch(() => undefined);
        reject(new ZldError('Timeout', `the kernel did not answer within ${this.timeoutMs} ms reading ${what} in ${this.url}`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([this.executor.execute(code, { signal: ctl.signal }), deadline]);
    } catch (e) {
      if (e instanceof ZldError) {
        if (e.code === 'Aborted' && opts?.signal?.aborted) {
          throw new ZldError('Aborted', `reading ${what} in ${this.url} was cancelled`, { cause: e });
        }
        if (e.code === 'Timeout' || e.code === 'Aborted') {
          throw new ZldError('Timeout', `the kernel did not answer within ${this.timeoutMs} ms reading ${what} in ${this.url}`, { cause: e });
        }
        throw new ZldError(e.code, `${e.message} (reading ${what} in ${this.url})`, { cause: e });
      }
      throw new ZldError('Network', `lost the kernel while reading ${what} in ${this.url}: ${(e as Error)?.message ?? e}`, { cause: e });
    } finally {
      clearTimeout(timer);
      opts?.signal?.removeEventListener('abort', onAbort);
    }
  }
}

function findPayload(reply: KernelReply): Payload | undefined {
  for (const o of reply.outputs) {
    const d = o.data?.[BYTES_MIME];
    if (d !== undefined) return (typeof d === 'string' ? JSON.parse(d) : d) as Payload;
  }
  for (const o of reply.outputs) {
    // without IPython the helper prints the bundle as JSON
    const m = o.type === 'stream' ? o.text?.match(/^\{"application\/vnd\.zld\.bytes\+json".*$/m) : null;
    if (m) return (JSON.parse(m[0]) as Record<string, Payload>)[BYTES_MIME];
  }
  return undefined;
}

function decode(item: unknown, what: string, url: string): Uint8Array | undefined {
  if (item === null || item === undefined) return undefined;
  if (typeof item !== 'string') throw new ZldError('Remote', `the kernel sent malformed bytes for ${what} in ${url}`);
  const bin = atob(item);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
