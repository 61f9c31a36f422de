/**
 * Store wrappers that compose around any store and keep its other methods (`listAll`, `size`...):
 * a concurrency limit, a per-call time limit, and a small read cache for metadata keys.
 *
 * @example
 * ```ts
 * const store = withReadCache(withTimeout(withConcurrency(await openStore(url), 8), 10_000), { maxBytes: 4 << 20 });
 * ```
 */
import { ZldError } from '../errors.js';
import type { AbsolutePath, GetOptions, ReadableStore } from './types.js';
import { Semaphore, deadline } from './limit.js';

type Method = 'get' | 'getRange' | 'list' | 'set' | 'delete';
const METHODS: readonly Method[] = ['get', 'getRange', 'list', 'set', 'delete'];
type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** A view of `store` whose listed methods are replaced; everything else reads through to `store`. */
function wrap<S extends ReadableStore>(store: S, override: (name: Method, inner: AnyFn) => AnyFn): S {
  const replaced = new Map<PropertyKey, AnyFn>();
  for (const name of METHODS) {
    const fn = (store as unknown as Record<string, unknown>)[name];
    if (typeof fn === 'function') replaced.set(name, override(name, (fn as AnyFn).bind(store)));
  }
  return new Proxy(store, {
    get(target, prop) {
      const r = replaced.get(prop);
      if (r) return r;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** The options argument of a store call (`get(key, opts)`, `getRange(key, range, opts)`...). */
function optsIndex(name: Method): number {
  return name === 'getRange' || name === 'set' ? 2 : 1;
}

/** At most `n` calls to `store` in flight; the others wait (and leave the queue on abort). */
export function withConcurrency<S extends ReadableStore>(store: S, n: number): S {
  const limit = new Semaphore(n);
  return wrap(store, (name, inner) => (...args) => {
    const opts = args[optsIndex(name)] as GetOptions | undefined;
    return limit.run(() => inner(...args), opts?.signal, `${name} ${String(args[0])} in ${store.url}`);
  });
}

/**
 * Each call must finish within `ms`, or it fails with `Timeout` naming the key and the store. The
 * inner store gets a signal that fires at the deadline, so backends that honour signals stop work.
 */
export function withTimeout<S extends ReadableStore>(store: S, ms: number): S {
  return wrap(store, (name, inner) => async (...args) => {
    const i = optsIndex(name);
    const opts = args[i] as GetOptions | undefined;
    const d = deadline(opts?.signal, ms);
    const callArgs = [...args];
    callArgs[i] = { ...opts, signal: d.signal };
    const key = String(args[0]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const fire = () => reject(new ZldError('Timeout', `${name} of ${key} in ${store.url} took longer than ${ms} ms`, { detail: { key } }));
      timer = setTimeout(fire, ms);
    });
    try {
      return await Promise.race([inner(...callArgs), timeout]);
    } catch (e) {
      if (d.timedOut() && !(e instanceof ZldError && e.code === 'Timeout')) {
        throw new ZldError('Timeout', `${name} of ${key} in ${store.url} took longer than ${ms} ms`, { cause: e, detail: { key } });
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  });
}

export interface ReadCacheOptions {
  /** Upper bound of cached bytes (default 8 MiB); least recently used entries go first. */
  maxBytes?: number;
  /** Which keys to cache (default: metadata keys, see {@link isMetadataKey}). */
  cacheKey?: (key: string) => boolean;
}

/**
 * Zarr metadata keys: `.zarray`, `.zattrs`, `.zgroup`, `.zmetadata`, `zarr.json`, and other dot-files
 * (custom consolidated keys such as `.all_metadata`). Chunks are not metadata.
 */
export function isMetadataKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name === 'zarr.json' || (name.startsWith('.') && name.length > 1);
}

/**
 * Cache whole-object reads (`get`) of selected keys, misses included. Writes and deletes through the
 * wrapper update the cache; writes made elsewhere are not seen until the entry is evicted.
 */
export function withReadCache<S extends ReadableStore>(store: S, opts: ReadCacheOptions = {}): S & { clearCache(): void } {
  const maxBytes = opts.maxBytes ?? 8 << 20;
  const wanted = opts.cacheKey ?? isMetadataKey;
  const cache = new Map<string, Uint8Array | undefined>();
  let bytes = 0;
  const size = (v: Uint8Array | undefined) => (v?.byteLength ?? 0) + 64;
  const drop = (key: string) => {
    if (!cache.has(key)) return;
    bytes -= size(cache.get(key));
    cache.delete(key);
  };
  const put = (key: string, v: Uint8Array | undefined) => {
    drop(key);
    if (size(v) > maxBytes) return;
    cache.set(key, v);
    bytes += size(v);
    for (const k of cache.keys()) {
      if (bytes <= maxBytes) break;
      drop(k);
    }
  };
  const wrapped = wrap(store, (name, inner) => {
    if (name === 'get') {
      return async (...args) => {
        const key = args[0] as AbsolutePath;
        if (!wanted(key)) return inner(...args);
        if (cache.has(key)) {
          const v = cache.get(key);
          cache.delete(key); // most recently used goes last
          cache.set(key, v);
          return v?.slice(); // callers may mutate what they get
        }
        const v = (await inner(...args)) as Uint8Array | undefined;
        put(key, v?.slice());
        return v;
      };
    }
    if (name === 'set') {
      return async (...args) => {
        const key = args[0] as string;
        drop(key);
        const r = await inner(...args);
        if (wanted(key)) put(key, (args[1] as Uint8Array).slice());
        return r;
      };
    }
    if (name === 'delete') {
      return async (...args) => {
        drop(args[0] as string);
        return inner(...args);
      };
    }
    return inner;
  });
  const clearCache = () => {
    cache.clear();
    bytes = 0;
  };
  return new Proxy(wrapped, {
    get: (target, prop) => (prop === 'clearCache' ? clearCache : Reflect.get(target, prop)),
  }) as S & { clearCache(): void };
}
