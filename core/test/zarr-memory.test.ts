/** Hierarchy, consolidation and reads on in-memory stores: listing vs consolidated, stores that cannot list, abort. */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory.js';
import type { ReadableStore } from '../src/store/types.js';
import { openHierarchy } from '../src/zarr/hierarchy.js';
import { writeConsolidated, checkConsolidated } from '../src/zarr/consolidated.js';
import { readArray, arrayStats } from '../src/zarr/array.js';
import { writeArray, writeGroup } from '../src/zarr/write.js';
import { isZldError } from '../src/errors.js';

async function sampleStore(format: 2 | 3) {
  const store = new MemoryStore();
  await writeGroup(store, '/', { title: 'root' }, { format });
  await writeGroup(store, '/a', { '@id': 'http://example.org/a' }, { format });
  await writeGroup(store, '/a/b', {}, { format });
  await writeArray(store, '/a/b/x', { shape: [5, 4], chunks: [2, 4], dtype: 'int16', attributes: { units: 'm' } }, (c, s) => Int16Array.from({ length: s[0]! * s[1]! }, (_, i) => c[0]! * 100 + i), { format });
  await writeArray(store, '/y', { shape: [3], chunks: [2], dtype: 'float32', fillValue: Number.NaN, compressor: null }, (c) => Float32Array.of(c[0]! + 0.5, Number.NaN), { format });
  return store;
}

/** A store without listing (like plain HTTP). */
function noList(store: MemoryStore): ReadableStore {
  return { url: 'https://example.org/store.zarr', get: (k, o) => store.get(k, o) };
}

describe('in-memory hierarchies', () => {
  for (const format of [2, 3] as const) {
    it(`v${format}: listing and consolidated give the same nodes; reads and stats agree`, async () => {
      const store = await sampleStore(format);
      const listed = await openHierarchy(store, { consolidated: false });
      const nodes = [];
      for await (const n of listed.walk()) nodes.push(n);
      expect(nodes.map((n) => n.path)).toEqual(['/', '/a', '/a/b', '/a/b/x', '/y']);
      await writeConsolidated(store, {});
      const cons = await openHierarchy(store);
      expect(cons.consolidatedKey).toBe(format === 2 ? '/.zmetadata' : '/zarr.json');
      const again = [];
      for await (const n of cons.walk()) again.push(n);
      expect(again).toEqual(nodes);
      expect(await listed.countChunks('/a/b/x')).toBe(3);
      const x = await readArray(cons, '/a/b/x', { slice: '1:4, 1' });
      expect(Array.from(x.data as Int16Array)).toEqual([5, 101, 105]);
      const s = await arrayStats(cons, '/y');
      expect(s).toEqual({ min: 0.5, max: 1.5, mean: 1, count: 3, nanCount: 1 });
      expect((await checkConsolidated(store, {})).stale).toBe(false);
    });
  }

  it('a store that cannot list: consolidated works, listing is Unsupported with advice', async () => {
    const store = await sampleStore(2);
    const plain = noList(store);
    const h = await openHierarchy(plain);
    await expect(h.children('/')).rejects.toMatchObject({ code: 'Unsupported', message: expect.stringContaining('zld consolidate') });
    expect((await h.node('/a/b/x'))?.kind).toBe('array');
    await writeConsolidated(store, { key: '.meta' });
    const hc = await openHierarchy(plain, { consolidated: '.meta' });
    expect((await hc.children('/a')).map((n) => n.name)).toEqual(['b']);
    expect(await hc.countChunks('/a/b/x')).toBeUndefined();
  });

  it('an aborted walk or read stops with Aborted', async () => {
    const store = await sampleStore(2);
    const h = await openHierarchy(store);
    const ctl = new AbortController();
    ctl.abort();
    let err: unknown;
    try {
      for await (const _ of h.walk({ signal: ctl.signal }));
    } catch (e) {
      err = e;
    }
    expect(isZldError(err, 'Aborted')).toBe(true);
    await expect(readArray(h, '/a/b/x', { signal: ctl.signal })).rejects.toMatchObject({ code: 'Aborted' });
  });
});
