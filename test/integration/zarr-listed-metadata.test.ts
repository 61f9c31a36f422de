/**
 * Consolidating on S3 through one flat listing: the same documents as a walk from the root (groups descended,
 * arrays and non-Zarr folders not), for v2 and v3, and an array with many chunks is skipped after about a
 * page of its keys instead of listed to the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../core/src/store/open-node.js';
import { s3OptionsFromEnv } from '../../core/src/store/open.js';
import { MemoryStore } from '../../core/src/store/memory.js';
import type { AbsolutePath, WritableStore } from '../../core/src/store/types.js';
import { hasFlatListing } from '../../core/src/store/walk.js';
import { buildConsolidated } from '../../core/src/zarr/consolidated.js';
import { readListedMetadata } from '../../core/src/zarr/listed-metadata.js';
import { mapLimit } from '../../core/src/progress.js';
import { s3rverEnv, startS3rver, type S3rverHandle } from '../helpers/s3rver.js';

let s3: S3rverHandle;
beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['listed'] });
}, 120_000);
afterAll(async () => {
  await s3?.stop();
});

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const ZARRAY = { zarr_format: 2, shape: [4], chunks: [1], dtype: '<f8', compressor: null, fill_value: 0, filters: null, order: 'C' };

/** v2: groups, an array with `chunks` chunk keys, metadata under an array and under a non-Zarr folder. */
function v2Store(chunks: number): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {
    '/.zgroup': json({ zarr_format: 2 }),
    '/.zattrs': json({ '@id': 'root' }),
    '/a/.zgroup': json({ zarr_format: 2 }),
    '/a/.zattrs': json({ name: 'a' }),
    '/a/big/.zarray': json({ ...ZARRAY, shape: [chunks], chunks: [1] }),
    '/a/big/.zattrs': json({ unit: 'K' }),
    '/a/big/inner/.zgroup': json({ zarr_format: 2 }), // under an array: not part of the hierarchy
    '/a/c/.zgroup': json({ zarr_format: 2 }),
    '/a/orphan/.zattrs': json({ only: 'attrs' }), // read by a walk too (it asks every folder of a group)
    '/notzarr/x/.zgroup': json({ zarr_format: 2 }), // below a folder that is no group
    '/z/.zarray': json(ZARRAY),
  };
  for (let i = 0; i < chunks; i++) files[`/a/big/${i}`] = new Uint8Array(8);
  for (let i = 0; i < 4; i++) files[`/z/${i}`] = new Uint8Array(8);
  return files;
}

async function upload(prefix: string, files: Record<string, Uint8Array>) {
  const store = (await openStore(`s3://listed/${prefix}`, { s3: s3OptionsFromEnv(s3rverEnv(s3)) })) as WritableStore;
  await mapLimit(Object.entries(files), 16, ([k, v]) => store.set(k as AbsolutePath, v));
  return store;
}

function walked(files: Record<string, Uint8Array>) {
  const mem = new MemoryStore();
  return Promise.all(Object.entries(files).map(([k, v]) => mem.set(k as AbsolutePath, v))).then(() => buildConsolidated(mem));
}

describe('metadata from a flat S3 listing', () => {
  it('v2: the same consolidated document as a walk, skipping most of a big array\'s chunk keys', async () => {
    const files = v2Store(2600);
    const store = await upload('v2.zarr', files);
    expect(hasFlatListing(store)).toBe(true);
    const listed: string[] = [];
    const spy = Object.create(store, {
      listAll: { value: (p: AbsolutePath, o: { startAfter?: AbsolutePath }) => (async function* () {
        for await (const k of store.listAll!(p, o)) {
          listed.push(k);
          yield k;
        }
      })() },
    });
    const docs = await readListedMetadata(spy, 2);
    expect([...docs.keys()].sort()).toEqual(
      ['/.zattrs', '/.zgroup', '/a/.zattrs', '/a/.zgroup', '/a/big/.zarray', '/a/big/.zattrs', '/a/c/.zgroup', '/a/orphan/.zattrs', '/z/.zarray'].sort(),
    );
    // about one page of the 2,600 chunk keys was listed, then the listing jumped past the array's folder
    const chunkKeys = listed.filter((k) => /^\/a\/big\/\d+$/.test(k)).length;
    expect(chunkKeys).toBeGreaterThanOrEqual(1000);
    expect(chunkKeys).toBeLessThan(2000);
    expect(listed).toContain('/z/.zarray');
    const viaStore = await buildConsolidated(store);
    expect(viaStore.metadata).toEqual((await walked(files)).metadata);
  }, 120_000);

  it('v3: groups are descended, arrays are not, a group with many keys is not skipped', async () => {
    const arr = { zarr_format: 3, node_type: 'array', shape: [4], data_type: 'float64', chunk_grid: { name: 'regular', configuration: { chunk_shape: [1] } }, chunk_key_encoding: { name: 'default' }, codecs: [{ name: 'bytes', configuration: { endian: 'little' } }], fill_value: 0 };
    const files: Record<string, Uint8Array> = {
      '/zarr.json': json({ zarr_format: 3, node_type: 'group', attributes: {} }),
      '/g/zarr.json': json({ zarr_format: 3, node_type: 'group', attributes: { n: 1 } }),
      '/g/arr/zarr.json': json(arr),
      '/g/arr/c/inner/zarr.json': json({ zarr_format: 3, node_type: 'group' }),
    };
    // plain objects in a group, listed after its zarr.json: a long run of non-metadata keys that must not be skipped
    for (let i = 0; i < 1100; i++) files[`/g/zblob${String(i).padStart(4, '0')}`] = new Uint8Array(1);
    files['/g/zz/zarr.json'] = json({ zarr_format: 3, node_type: 'group', attributes: {} });
    for (let i = 0; i < 4; i++) files[`/g/arr/c/${i}`] = new Uint8Array(8);
    const store = await upload('v3.zarr', files);
    const docs = await readListedMetadata(store as WritableStore & Parameters<typeof readListedMetadata>[0], 3);
    expect([...docs.keys()].sort()).toEqual(['/g/arr/zarr.json', '/g/zarr.json', '/g/zz/zarr.json', '/zarr.json']);
    expect((await buildConsolidated(store)).metadata).toEqual((await walked(files)).metadata);
  }, 120_000);
});
