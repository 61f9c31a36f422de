/** The Cat+ store uploaded to s3rver reads identically through the S3 store; consolidate works there. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../core/src/store/file.js';
import { openStore } from '../../core/src/store/open-node.js';
import { s3OptionsFromEnv } from '../../core/src/store/open.js';
import { isWritable, type ReadableStore } from '../../core/src/store/types.js';
import { openHierarchy } from '../../core/src/zarr/hierarchy.js';
import { readArray } from '../../core/src/zarr/array.js';
import { checkConsolidated, writeConsolidated } from '../../core/src/zarr/consolidated.js';
import { main } from '../../core/src/cli/main.js';
import { ensureFixtures, repoRoot, type Fixtures } from '../helpers/fixtures.js';
import { s3rverEnv, startS3rver, type S3rverHandle } from '../helpers/s3rver.js';

let s3: S3rverHandle;
let fx: Fixtures;
let store: ReadableStore;

beforeAll(async () => {
  fx = await ensureFixtures();
  s3 = await startS3rver({ buckets: ['zarr'] });
  await s3.uploadDir(fx.catPlus, 'zarr', 'cat.zarr');
  store = await openStore('s3://zarr/cat.zarr', { s3: s3OptionsFromEnv(s3rverEnv(s3)) });
}, 180_000);
afterAll(async () => {
  await s3?.stop();
});

async function nodes(s: ReadableStore, consolidated?: string | false) {
  const h = await openHierarchy(s, { consolidated });
  const out = [];
  for await (const n of h.walk()) out.push(n);
  return out;
}

describe('Cat+ on S3 (s3rver)', () => {
  it('the same nodes as on disk, from .all_metadata and by listing', async () => {
    const local = await nodes(await FileStore.open(fx.catPlus), '.all_metadata');
    expect(await nodes(store, '.all_metadata')).toEqual(local);
    expect(await nodes(store, false)).toEqual(local);
  });

  it('array values identical to the local read', async () => {
    const p = '/myBatch/mySamplePrep/sample2/sample2Dataset';
    const [a, b] = await Promise.all([readArray(store, p, { consolidated: '.all_metadata' }), readArray(await FileStore.open(fx.catPlus), p)]);
    expect(a.shape).toEqual([9000, 1000]);
    expect(Buffer.from((a.data as Float64Array).buffer).equals(Buffer.from((b.data as Float64Array).buffer))).toBe(true);
  });

  it('consolidate writes one object there and checks clean; zld tree reads it with the env settings', async () => {
    expect(isWritable(store)).toBe(true);
    if (!isWritable(store)) return;
    const r = await writeConsolidated(store, { key: '.zmetadata' });
    expect(r.written).toBe(true);
    expect(await checkConsolidated(store, { key: '.zmetadata' })).toMatchObject({ stale: false });
    let out = '';
    const code = await main(['tree', 's3://zarr/cat.zarr', '--json'], { stdout: (s) => void (out += s), stderr: () => undefined, isTTY: false, env: s3rverEnv(s3), cwd: repoRoot });
    expect(code).toBe(0);
    expect((JSON.parse(out) as unknown[]).length).toBe(11);
  });
});
