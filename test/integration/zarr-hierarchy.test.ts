/** Hierarchy opening (v2 listed, v2 consolidated under a custom key, v3 reference) and consolidated metadata read/write/check. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../core/src/store/file.js';
import type { ReadableStore } from '../../core/src/store/types.js';
import { openHierarchy } from '../../core/src/zarr/hierarchy.js';
import { readArray } from '../../core/src/zarr/array.js';
import { buildConsolidated, checkConsolidated, readConsolidated, writeConsolidated } from '../../core/src/zarr/consolidated.js';
import { withLocalMetadataTree } from '../../core/src/zarr/local-metadata.js';
import { CATPLUS_METADATA_SRC, ZARR_V3_REFERENCE, ensureFixtures, expectedMatrix, pythonJson } from '../helpers/fixtures.js';

const tmp: string[] = [];
async function scratchCopy(src: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-h-'));
  tmp.push(dir);
  const dst = path.join(dir, path.basename(src));
  await fs.cp(src, dst, { recursive: true, filter: (s) => !/\/\d+\.\d+$/.test(s) }); // metadata only
  return dst;
}
afterAll(async () => {
  for (const d of tmp) await fs.rm(d, { recursive: true, force: true });
});

/** Counts requests, to check that consolidated stores are opened with few of them. */
function counting(store: ReadableStore) {
  const calls: string[] = [];
  const wrapped: ReadableStore = {
    url: store.url,
    get: (k, o) => (calls.push(`get ${k}`), store.get(k, o)),
    list: (p, o) => (calls.push(`list ${p}`), store.list!(p, o)),
  };
  return { wrapped, calls };
}

async function allNodes(h: Awaited<ReturnType<typeof openHierarchy>>) {
  const out = [];
  for await (const n of h.walk()) out.push(n);
  return out;
}

describe('hierarchy', () => {
  it('opens the Cat+ store from .all_metadata with one request, and listing gives the same nodes', async () => {
    const fx = await ensureFixtures();
    const store = await FileStore.open(fx.catPlus);
    const { wrapped, calls } = counting(store);
    const hc = await openHierarchy(wrapped, { consolidated: '.all_metadata' });
    expect(hc.consolidatedKey).toBe('/.all_metadata');
    const viaCons = await allNodes(hc);
    expect(calls.filter((c) => c.startsWith('get')).length).toBeLessThanOrEqual(5);
    expect(calls.filter((c) => c.startsWith('list'))).toEqual([]);
    const hl = await openHierarchy(store, { consolidated: false });
    const viaList = await allNodes(hl);
    expect(viaList).toEqual(viaCons);
    expect(viaCons.map((n) => n.path)).toContain('/myBatch/mySamplePrep/sample1/sample1Dataset');
    const arr = await hc.array('/myBatch/mySamplePrep/sample1/sample1Dataset');
    expect(arr).toMatchObject({ shape: [9000, 1000], dtype: 'float64', rawDtype: '<f8', chunks: [900, 1000], chunkCount: 10, order: 'C', nbytes: 72e6, dimensionSeparator: '.', fillValue: 0 });
    expect(arr.codecs).toEqual([{ name: 'blosc', role: 'compressor', configuration: { blocksize: 0, clevel: 5, cname: 'lz4', shuffle: 1 } }]);
    expect(await hc.countChunks(arr.path)).toBe(10);
    const batch = await hc.node('myBatch');
    expect(batch?.attributes['@id']).toBe('http://www.catplus.ch/ontology/concepts/myBatch');
  });

  it('walks the matrix store by listing, with depth limits, never listing inside arrays', async () => {
    const fx = await ensureFixtures();
    const exp = await expectedMatrix();
    const { wrapped, calls } = counting(await FileStore.open(fx.matrix));
    const h = await openHierarchy(wrapped);
    expect(h.format).toBe(2);
    expect(h.consolidatedKey).toBeUndefined();
    const nodes = await allNodes(h);
    expect(nodes.filter((n) => n.kind === 'array').map((n) => n.path).sort()).toEqual(Object.keys(exp.arrays).sort());
    expect(nodes.filter((n) => n.kind === 'group').map((n) => n.path).sort()).toEqual(Object.keys(exp.groups).sort());
    for (const [p, attrs] of Object.entries(exp.groups)) expect((await h.node(p))?.attributes, p).toEqual(attrs);
    const arrays = new Set(Object.keys(exp.arrays));
    for (const c of calls.filter((c) => c.startsWith('list '))) expect(arrays.has(c.slice(5).replace(/\/$/, '')), c).toBe(false);
    const top = [];
    for await (const n of h.walk({ maxDepth: 1 })) top.push(n.path);
    expect(top).toEqual(['/', '/compressors', '/dtypes', '/empty_group', '/layout', '/nested', '/special']);
    expect((await h.children('/nested/child one')).map((n) => n.name)).toEqual(['grandchild']);
    expect(await h.node('/nope')).toBeUndefined();
  });

  it('opens every node of the zarr-python 3 reference store and reads every array', async () => {
    const h = await openHierarchy(await FileStore.open(ZARR_V3_REFERENCE));
    expect(h.format).toBe(3);
    const nodes = await allNodes(h);
    const arrays = nodes.filter((n) => n.kind === 'array');
    expect(arrays.length).toBeGreaterThanOrEqual(40);
    for (const a of arrays) {
      const r = await readArray(h, a.path);
      expect(r.shape, a.path).toEqual(a.shape);
      expect((r.data as ArrayLike<unknown>).length, a.path).toBe(a.shape.reduce((x, y) => x * y, 1));
    }
    const i4 = await readArray(h, '/1d.contiguous.i4');
    expect(Array.from(i4.data as Int32Array)).toEqual([1, 2, 3, 4]);
    const f = await readArray(h, '/3d.chunked.mixed.i2.F');
    const c = await readArray(h, '/3d.chunked.mixed.i2.C');
    expect(Array.from(f.data as Int16Array)).toEqual(Array.from(c.data as Int16Array));
    expect(Array.from((await readArray(h, '/1d.contiguous.f2.le')).data as Float32Array)).toEqual([-1000.5, 0, 1000.5, 0]);
    expect((await readArray(h, '/1d.contiguous.string.vlen')).data).toEqual(['hello', 'world', 'zarr', 'v3']);
    const sharded = await h.array('/2d.chunked.compressed.sharded.i2');
    expect(sharded.shardShape).toBeDefined();
    expect((await h.node('/my group with spaces'))?.kind).toBe('group');
  });

  it('uses v3 inline consolidated metadata of a root zarr.json', async () => {
    const h = await openHierarchy(await FileStore.open(path.join(ZARR_V3_REFERENCE, 'consolidated')));
    expect(h.consolidatedKey).toBe('/zarr.json');
    expect(h.root.attributes).toEqual({ answer: 42 });
    const kids = await h.children('/');
    expect(kids.length).toBeGreaterThan(0);
    for (const k of kids) if (k.kind === 'array') expect((await readArray(h, k.path)).shape).toEqual(k.shape);
  });
});

describe('consolidated metadata', () => {
  it('the local fast path (one folder walk) builds the same document as the store walk, and fails the same way', async () => {
    const fx = await ensureFixtures();
    for (const src of [fx.matrix, fx.catPlus, ZARR_V3_REFERENCE]) {
      const slow = await buildConsolidated(await FileStore.open(src));
      const fast = await buildConsolidated(withLocalMetadataTree(await FileStore.open(src)));
      expect(fast, src).toEqual(slow);
    }
    const dir = await scratchCopy(fx.matrix);
    await fs.writeFile(path.join(dir, 'nested/child one/.zattrs'), '[1, 2');
    await expect(buildConsolidated(withLocalMetadataTree(await FileStore.open(dir)))).rejects.toMatchObject({
      code: 'BadMetadata',
      message: expect.stringContaining('/nested/child one/.zattrs'),
    });
  });

  it('builds for Cat+ exactly what zarr-python wrote as .all_metadata', async () => {
    const upstream = JSON.parse(await fs.readFile(path.join(CATPLUS_METADATA_SRC, '.all_metadata'), 'utf8'));
    const built = await buildConsolidated(await FileStore.open(CATPLUS_METADATA_SRC));
    expect(built.metadata).toEqual(upstream.metadata);
  });

  it('writes a document zarr-python open_consolidated reads, refuses to overwrite a different one, checks staleness', async () => {
    const dir = await scratchCopy(CATPLUS_METADATA_SRC);
    const store = await FileStore.open(dir);
    const res = await writeConsolidated(store, { key: '.zld_meta' });
    expect(res).toMatchObject({ key: '/.zld_meta', format: 2, written: true });
    const listed = await pythonJson<string[]>(
      `import sys, json, zarr
g = zarr.open_consolidated(zarr.DirectoryStore(sys.argv[1]), metadata_key='.zld_meta', mode='r')
out = []
g.visit(lambda name: out.append(name))
print(json.dumps(sorted(out)))`,
      [dir],
    );
    expect(listed).toContain('myBatch/mySamplePrep/sample1/sample1Dataset');
    const ours = JSON.parse(await fs.readFile(path.join(dir, '.zld_meta'), 'utf8'));
    const upstream = JSON.parse(await fs.readFile(path.join(dir, '.all_metadata'), 'utf8'));
    expect(ours).toEqual(upstream);
    expect(await checkConsolidated(store, { key: '.zld_meta' })).toEqual({ key: '/.zld_meta', stale: false, added: [], removed: [], changed: [] });

    // the store changes: the document is stale, and rewriting needs overwrite
    await store.set('/myBatch/.zattrs', new TextEncoder().encode('{"changed": true}'));
    await store.set('/extra/.zgroup', new TextEncoder().encode('{"zarr_format": 2}'));
    await fs.rm(path.join(dir, 'myBatch/mySamplePrep/sample2/sampleChemical2/chemical2'), { recursive: true });
    const check = await checkConsolidated(store, { key: '.zld_meta' });
    expect(check).toEqual({
      key: '/.zld_meta',
      stale: true,
      added: ['extra/.zgroup'],
      removed: ['myBatch/mySamplePrep/sample2/sampleChemical2/chemical2/.zattrs', 'myBatch/mySamplePrep/sample2/sampleChemical2/chemical2/.zgroup'],
      changed: ['myBatch/.zattrs'],
    });
    await expect(writeConsolidated(store, { key: '.zld_meta' })).rejects.toMatchObject({ code: 'Conflict' });
    const again = await writeConsolidated(store, { key: '.zld_meta', overwrite: true });
    expect(again.written).toBe(true);
    expect((await checkConsolidated(store, { key: '.zld_meta' })).stale).toBe(false);
    expect((await writeConsolidated(store, { key: '.zld_meta' })).written).toBe(false);
  });

  it('writes v3 inline consolidated metadata that reopens with every node', async () => {
    const dir = await scratchCopy(ZARR_V3_REFERENCE);
    await fs.cp(ZARR_V3_REFERENCE, dir, { recursive: true, force: true }); // with chunks
    const store = await FileStore.open(dir);
    const listed = await allNodes(await openHierarchy(store));
    const res = await writeConsolidated(store, {});
    expect(res).toMatchObject({ key: '/zarr.json', format: 3, written: true });
    const doc = await readConsolidated(store);
    expect(doc?.format).toBe(3);
    const h = await openHierarchy(store);
    expect(h.consolidatedKey).toBe('/zarr.json');
    expect(await allNodes(h)).toEqual(listed);
    expect((await readArray(h, '/1d.contiguous.i4')).data).toEqual(new Int32Array([1, 2, 3, 4]));
  });
});
