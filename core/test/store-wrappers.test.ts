import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory.js';
import { isMetadataKey, withConcurrency, withReadCache, withTimeout } from '../src/store/wrappers.js';
import type { AbsolutePath, GetOptions, ReadableStore } from '../src/store/types.js';
import { storeContract, caughtZldError } from './store-contract.js';

const enc = new TextEncoder();

/** A memory store whose reads take `delayMs` and count calls and concurrency; honours signals. */
class SlowStore extends MemoryStore {
  gets = 0;
  inFlight = 0;
  peak = 0;
  constructor(private readonly delayMs: number) {
    super();
  }
  override async get(key: AbsolutePath, opts?: GetOptions) {
    this.gets++;
    this.peak = Math.max(this.peak, ++this.inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, this.delayMs);
        opts?.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      });
      return await super.get(key, opts);
    } finally {
      this.inFlight--;
    }
  }
}


const memoryFixture = (wrapFn: (s: MemoryStore) => ReadableStore) => async () => {
  const inner = new MemoryStore();
  return {
    store: wrapFn(inner),
    seed: async (files: Record<string, Uint8Array>) => {
      for (const [k, v] of Object.entries(files)) inner.map.set(k, v);
    },
    cleanup: async () => undefined,
  };
};

storeContract('withConcurrency(MemoryStore)', memoryFixture((s) => withConcurrency(s, 2)), { list: true, write: true });
storeContract('withTimeout(MemoryStore)', memoryFixture((s) => withTimeout(s, 5_000)), { list: true, write: true });
storeContract('withReadCache(MemoryStore)', memoryFixture((s) => withReadCache(s)), { list: true, write: true });

describe('withConcurrency', () => {
  it('keeps at most n calls in flight and keeps the store’s other members', async () => {
    const inner = new SlowStore(20);
    for (let i = 0; i < 10; i++) inner.map.set(`/c/${i}`, enc.encode(String(i)));
    const store = withConcurrency(inner, 3);
    const got = await Promise.all(Array.from({ length: 10 }, (_, i) => store.get(`/c/${i}`)));
    expect(got.map((b) => new TextDecoder().decode(b))).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    expect(inner.peak).toBe(3);
    expect(store.map).toBe(inner.map);
    expect(store.url).toBe('memory://');
  });

  it('drops a queued call when its signal fires', async () => {
    const inner = new SlowStore(50);
    const store = withConcurrency(inner, 1);
    const first = store.get('/a');
    const ctl = new AbortController();
    const second = store.get('/b', { signal: ctl.signal });
    ctl.abort();
    expect((await caughtZldError(second)).code).toBe('Aborted');
    await first;
    expect(inner.gets).toBe(1);
  });
});

describe('withTimeout', () => {
  it('fails a slow call with Timeout naming key and store, and stops the inner call', async () => {
    const inner = new SlowStore(10_000);
    const t0 = Date.now();
    const e = await caughtZldError(withTimeout(inner, 100).get('/slow/.zarray'));
    expect(e.code).toBe('Timeout');
    expect(e.message).toContain('/slow/.zarray');
    expect(e.message).toContain('memory://');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(inner.inFlight).toBe(0);
  });

  it('lets a caller’s abort through as such', async () => {
    const ctl = new AbortController();
    ctl.abort();
    expect((await caughtZldError(withTimeout(new MemoryStore(), 1000).get('/x', { signal: ctl.signal }))).code).toBe('Aborted');
  });
});

describe('withReadCache', () => {
  it('caches metadata reads, misses included, but not chunks', async () => {
    const inner = new SlowStore(0);
    inner.map.set('/.zattrs', enc.encode('{"a":1}'));
    inner.map.set('/arr/0.0', enc.encode('chunk'));
    const store = withReadCache(inner);
    for (let i = 0; i < 3; i++) {
      expect(new TextDecoder().decode(await store.get('/.zattrs'))).toBe('{"a":1}');
      expect(await store.get('/arr/.zarray')).toBeUndefined();
      await store.get('/arr/0.0');
    }
    expect(inner.gets).toBe(2 + 3);
  });

  it('sees its own writes and deletes', async () => {
    const store = withReadCache(new MemoryStore());
    expect(await store.get('/.zgroup')).toBeUndefined();
    await store.set('/.zgroup', enc.encode('{}'));
    expect(new TextDecoder().decode(await store.get('/.zgroup'))).toBe('{}');
    await store.delete('/.zgroup');
    expect(await store.get('/.zgroup')).toBeUndefined();
  });

  it('hands out copies, so callers cannot corrupt the cache', async () => {
    const store = withReadCache(new MemoryStore([['/.zattrs', enc.encode('abc')]]));
    (await store.get('/.zattrs'))!.fill(0);
    (await store.get('/.zattrs'))!.fill(0);
    expect(new TextDecoder().decode(await store.get('/.zattrs'))).toBe('abc');
  });

  it('evicts least recently used entries beyond maxBytes, and can be cleared', async () => {
    const inner = new SlowStore(0);
    for (const k of ['/a/.zattrs', '/b/.zattrs', '/c/.zattrs']) inner.map.set(k, new Uint8Array(100));
    const store = withReadCache(inner, { maxBytes: 400 }); // room for two entries (100 bytes + overhead each)
    await store.get('/a/.zattrs');
    await store.get('/b/.zattrs');
    await store.get('/a/.zattrs'); // a is now the most recent
    await store.get('/c/.zattrs'); // evicts b
    expect(inner.gets).toBe(3);
    await store.get('/a/.zattrs');
    expect(inner.gets).toBe(3);
    await store.get('/b/.zattrs');
    expect(inner.gets).toBe(4);
    store.clearCache();
    await store.get('/a/.zattrs');
    expect(inner.gets).toBe(5);
  });

  it('recognises metadata keys', () => {
    for (const k of ['/.zarray', '/g/.zattrs', '/.zgroup', '/.zmetadata', '/a/zarr.json', '/.all_metadata']) expect(isMetadataKey(k)).toBe(true);
    for (const k of ['/a/0.0', '/a/c/0/0', '/', '/a/']) expect(isMetadataKey(k)).toBe(false);
  });
});
