/**
 * The contract every store backend passes (memory, file system, HTTP, S3): reads, misses, ranges,
 * listings, writes, unsafe keys and cancellation. Each backend's test file calls {@link storeContract}
 * with a factory that makes a fresh, empty store and a way to seed it behind the store's back.
 *
 * @example
 * ```ts
 * storeContract('MemoryStore', async () => {
 *   const store = new MemoryStore();
 *   return { store, seed: async (f) => { for (const [k, v] of Object.entries(f)) store.map.set(k, v); }, cleanup: async () => {} };
 * }, { list: true, write: true });
 * ```
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isZldError, type ZldError } from '../src/errors.js';
import { canList, isWritable, type AbsolutePath, type ReadableStore, type WritableStore } from '../src/store/types.js';
import { caughtZldError } from '../../test/helpers/errors.js';
export { caughtZldError };

export interface StoreFixture {
  store: WritableStore | ReadableStore;
  /** Put files in place without going through the store (keys like `/a/b/.zarray`). */
  seed(files: Record<string, Uint8Array>): Promise<void>;
  cleanup(): Promise<void>;
}

export interface StoreCaps {
  list: boolean;
  write: boolean;
  /**
   * Listings show folders whose objects all sit two or more levels deeper (default true). s3rver
   * omits them (real S3 does not); the S3 tests check that case against a scripted server.
   */
  implicitFolders?: boolean;
}

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);
const BINARY = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);

const SAMPLE: Record<string, Uint8Array> = {
  '/.zgroup': bytes('{"zarr_format":2}'),
  '/.zattrs': bytes('{"title":"cat"}'),
  '/batch 1/.zgroup': bytes('{"zarr_format":2}'),
  '/batch 1/échantillon/.zarray': bytes('{"shape":[2]}'),
  '/batch 1/échantillon/0': BINARY,
  '/digits/0123456789': bytes('0123456789'),
  '/empty': new Uint8Array(0),
};


/** Write `files` (store keys to bytes) into a local folder, behind any store's back. */
export async function seedFolder(dir: string, files: Record<string, Uint8Array>): Promise<void> {
  for (const [k, v] of Object.entries(files)) {
    const p = path.join(dir, ...k.split('/').filter(Boolean));
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, v);
  }
}

async function expectCode(p: Promise<unknown>, code: string, ...mentions: string[]) {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(isZldError(err), `expected a ZldError ${code}, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  for (const m of mentions) expect((err as Error).message).toContain(m);
}

export function storeContract(name: string, makeStore: () => Promise<StoreFixture>, caps: StoreCaps): void {
  describe(`store contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: ReadableStore;
    beforeEach(async () => {
      fx = await makeStore();
      store = fx.store;
      await fx.seed(SAMPLE);
    });
    afterEach(async () => {
      await fx?.cleanup();
    });

    it('reads seeded objects byte for byte', async () => {
      expect(new TextDecoder().decode(await store.get('/.zgroup'))).toBe('{"zarr_format":2}');
      expect([...((await store.get('/batch 1/échantillon/0')) ?? [])]).toEqual([...BINARY]);
      expect((await store.get('/empty'))?.length).toBe(0);
    });

    it('returns undefined for missing keys, in existing and missing folders', async () => {
      expect(await store.get('/nope')).toBeUndefined();
      expect(await store.get('/batch 1/nope/.zarray')).toBeUndefined();
      expect(await store.get('/no/such/folder/key')).toBeUndefined();
    });

    it('treats a folder as no object', async () => {
      expect(await store.get('/batch 1')).toBeUndefined();
    });

    it('reads a range by offset and length', async () => {
      const r = await store.getRange!('/digits/0123456789', { offset: 2, length: 3 });
      expect(new TextDecoder().decode(r)).toBe('234');
      const bin = await store.getRange!('/batch 1/échantillon/0', { offset: 100, length: 50 });
      expect([...(bin ?? [])]).toEqual([...BINARY.subarray(100, 150)]);
    });

    it('truncates a range running past the end, and gives nothing for one starting past it', async () => {
      expect(new TextDecoder().decode(await store.getRange!('/digits/0123456789', { offset: 7, length: 100 }))).toBe('789');
      const past = await store.getRange!('/digits/0123456789', { offset: 50, length: 4 });
      expect(past).toBeInstanceOf(Uint8Array);
      expect(past!.length).toBe(0);
    });

    it('reads a suffix range, capped at the object size', async () => {
      expect(new TextDecoder().decode(await store.getRange!('/digits/0123456789', { suffixLength: 4 }))).toBe('6789');
      expect(new TextDecoder().decode(await store.getRange!('/digits/0123456789', { suffixLength: 40 }))).toBe('0123456789');
    });

    it('returns undefined for ranges of missing keys', async () => {
      expect(await store.getRange!('/nope', { offset: 0, length: 4 })).toBeUndefined();
      expect(await store.getRange!('/nope', { suffixLength: 4 })).toBeUndefined();
    });

    it.each(['/../outside', '/a/../../b', 'relative', '/a//b', '/a\\b'])('refuses the unsafe key %j with BadInput', async (key) => {
      await expectCode(store.get(key as AbsolutePath), 'BadInput', JSON.stringify(key));
      await expectCode(store.getRange!(key as AbsolutePath, { offset: 0, length: 1 }), 'BadInput');
    });

    it('honours an aborted signal', async () => {
      const ctl = new AbortController();
      ctl.abort();
      await expectCode(store.get('/.zgroup', { signal: ctl.signal }), 'Aborted');
      await expectCode(store.getRange!('/.zgroup', { offset: 0, length: 2 }, { signal: ctl.signal }), 'Aborted');
      if (canList(store)) await expectCode(store.list('/', { signal: ctl.signal }), 'Aborted');
      if (isWritable(store)) {
        await expectCode(store.set('/aborted', bytes('x'), { signal: ctl.signal }), 'Aborted');
        expect(await store.get('/aborted')).toBeUndefined();
      }
    });

    if (caps.list) {
      it('lists the root: objects and folders, sorted', async () => {
        expect(await store.list!('/')).toEqual({ keys: ['.zattrs', '.zgroup', 'empty'], prefixes: ['batch 1', 'digits'] });
      });

      it('lists nested folders with spaces and unicode in their names', async () => {
        expect(await store.list!('/batch 1/')).toEqual({ keys: ['.zgroup'], prefixes: ['échantillon'] });
        expect(await store.list!('/batch 1/échantillon/')).toEqual({ keys: ['.zarray', '0'], prefixes: [] });
      });

      it('accepts a folder prefix without its trailing slash', async () => {
        expect(await store.list!('/batch 1' as AbsolutePath)).toEqual({ keys: ['.zgroup'], prefixes: ['échantillon'] });
      });

      it('lists a missing folder, and an object, as empty', async () => {
        expect(await store.list!('/no-such-folder/')).toEqual({ keys: [], prefixes: [] });
        expect(await store.list!('/.zgroup/')).toEqual({ keys: [], prefixes: [] });
      });

      it('refuses an unsafe listing prefix', async () => {
        await expectCode(store.list!('/../' as AbsolutePath), 'BadInput');
      });

      if (caps.implicitFolders ?? true) {
        it('lists a folder whose objects all sit deeper', async () => {
          await fx.seed({ '/deep/x/y/0.0': bytes('z') });
          expect((await store.list!('/')).prefixes).toContain('deep');
          expect(await store.list!('/deep/')).toEqual({ keys: [], prefixes: ['x'] });
        });
      }
    } else {
      it('has no listing', () => {
        expect(canList(store)).toBe(false);
      });
    }

    if (caps.write) {
      it('writes, overwrites and deletes', async () => {
        const w = store as WritableStore;
        expect(isWritable(w)).toBe(true);
        await w.set('/new group/ünï code/.zattrs', bytes('{"a":1}'));
        expect(new TextDecoder().decode(await w.get('/new group/ünï code/.zattrs'))).toBe('{"a":1}');
        await w.set('/new group/ünï code/.zattrs', bytes('{"a":2}'));
        expect(new TextDecoder().decode(await w.get('/new group/ünï code/.zattrs'))).toBe('{"a":2}');
        await w.set('/new group/ünï code/.zattrs', BINARY);
        expect([...((await w.get('/new group/ünï code/.zattrs')) ?? [])]).toEqual([...BINARY]);
        await w.delete('/new group/ünï code/.zattrs');
        expect(await w.get('/new group/ünï code/.zattrs')).toBeUndefined();
      });

      it('keeps what it stored independent of the caller’s buffer', async () => {
        const w = store as WritableStore;
        const buf = bytes('abc');
        await w.set('/copy', buf);
        buf[0] = 0x7a;
        expect(new TextDecoder().decode(await w.get('/copy'))).toBe('abc');
      });

      it('deletes a missing key without error', async () => {
        await (store as WritableStore).delete('/never/was');
        expect(await store.get('/never/was')).toBeUndefined();
      });

      if (caps.list) {
        it('shows writes and deletes in listings, leaving no empty folders', async () => {
          const w = store as WritableStore;
          await w.set('/fresh/.zgroup', bytes('{}'));
          expect((await w.list!('/')).prefixes).toContain('fresh');
          expect(await w.list!('/fresh/')).toEqual({ keys: ['.zgroup'], prefixes: [] });
          await w.delete('/fresh/.zgroup');
          expect((await w.list!('/')).prefixes).not.toContain('fresh');
        });
      }

      it('refuses to write unsafe keys and writes nothing', async () => {
        const w = store as WritableStore;
        await expectCode(w.set('/a/../../escape' as AbsolutePath, bytes('x')), 'BadInput');
        await expectCode(w.set('/trailing/' as AbsolutePath, bytes('x')), 'BadInput');
        await expectCode(w.delete('/../escape' as AbsolutePath), 'BadInput');
        if (canList(w)) expect((await w.list('/')).keys).not.toContain('escape');
      });
    } else {
      it('is read-only', () => {
        expect(isWritable(store)).toBe(false);
      });
    }
  });
}
