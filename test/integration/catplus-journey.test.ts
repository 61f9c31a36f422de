/**
 * The Cat+ journey end to end on local disk, through the CLI in-process: fake the store from the upstream
 * `original_data.jsonld` (it must reproduce the upstream store's metadata exactly), look up sample1,
 * retrieve its dataset as .npy, and check with numpy and zarr-python (/usr/bin/python3). Also `zld demo`
 * (what `npm start` runs) on our embedded instances, which must have the upstream file's shape.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INSTANCES } from '../../core/src/cli/commands/demo.js';
import { CATPLUS_METADATA_SRC, pythonJson } from '../helpers/fixtures.js';
import { COMPARE, LEVELS, NS, ORIGINAL, metadataFiles, zld } from './catplus-cli.js';


describe('the Cat+ journey', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zld-catplus-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fake reproduces the upstream store: same paths, same attributes, same consolidated metadata', async () => {
    const r = await zld(['fake', '--jsonld', ORIGINAL, '--levels', LEVELS, '--data-level', 'Sample', '--prefix', NS, '--out', 'test_store.zarr', '--key', '.all_metadata', '--seed', '7', '--json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ groups: 9, arrays: 2, chunks: 20, consolidatedKey: '/.all_metadata' });
    const ours = await metadataFiles(path.join(dir, 'test_store.zarr'));
    const upstream = await metadataFiles(CATPLUS_METADATA_SRC);
    expect(Object.keys(ours).sort()).toEqual(Object.keys(upstream).sort());
    for (const k of Object.keys(upstream)) expect(ours[k], k).toEqual(upstream[k]);
    // and refuses to overwrite without --force
    const again = await zld(['fake', '--jsonld', ORIGINAL, '--levels', LEVELS, '--data-level', 'Sample', '--prefix', NS, '--out', 'test_store.zarr'], dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists and is not empty; pass --force');
  });

  it('lookup finds sample1 and exactly one array', async () => {
    const r = await zld(['lookup', `${NS}sample1`, '--store', 'test_store.zarr', '--json'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.subject).toEqual([{ storeUrl: expect.stringMatching(/^file:\/\/.*test_store\.zarr$/), path: '/myBatch/mySamplePrep/sample1', kind: 'group' }]);
    expect(doc.candidates).toHaveLength(1);
    expect(doc.chosen).toMatchObject({ path: '/myBatch/mySamplePrep/sample1/sample1Dataset', via: 'link', predicate: `${NS}hasDataset` });
  });

  it('retrieve writes a .npy that numpy loads with shape (9000, 1000), equal to zarr-python', async () => {
    const r = await zld(['retrieve', 'cat:sample1', '--store', 'test_store.zarr', '--out', 'dataset.npy'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('saved float64 [9000, 1000]');
    const py = await pythonJson<{ shape: number[]; dtype: string; equal: boolean; mean: number }>(COMPARE, [
      path.join(dir, 'dataset.npy'),
      path.join(dir, 'test_store.zarr'),
      '/myBatch/mySamplePrep/sample1/sample1Dataset',
      '.all_metadata',
    ]);
    expect(py).toMatchObject({ shape: [9000, 1000], dtype: '<f8', equal: true });
    expect(py.mean).toBeGreaterThan(0.49);
    expect(py.mean).toBeLessThan(0.51);
  });

  it('search, links and export-rdf answer on the faked store', async () => {
    const s = await zld(['search', '--where', 'temperatureindegrees=25', '--store', 'test_store.zarr', '--json'], dir);
    expect(JSON.parse(s.out).map((h: { path: string }) => h.path)).toEqual(['/myBatch/mySamplePrep']);
    const l = await zld(['links', 'cat:sample1', '--store', 'test_store.zarr', '--json'], dir);
    const links = JSON.parse(l.out);
    expect(links.incoming).toMatchObject([{ subject: `${NS}mySamplePrep`, predicate: `${NS}hasSample` }]);
    expect(links.outgoing.map((x: { object: string }) => x.object).sort()).toEqual([`${NS}sample1Dataset`, `${NS}sampleChemical1`]);
    const e = await zld(['export-rdf', 'test_store.zarr', '--format', 'nquads', '--out', 'store.nq'], dir);
    expect(e.code).toBe(0);
    const nq = await readFile(path.join(dir, 'store.nq'), 'utf8');
    expect(nq).toContain(`<${NS}sample1> <https://zld.dev/ns#location> <file://${path.join(dir, 'test_store.zarr')}#/myBatch/mySamplePrep/sample1>`);
  });

  it('an unknown URI exits 1 with suggestions; a URI without data explains itself', async () => {
    const r = await zld(['retrieve', 'cat:sampel1', '--store', 'test_store.zarr', '--out', 'x.npy'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`URI ${NS}sampel1 is not in store`);
    expect(r.err).toContain(`nearest known URIs: ${NS}sample1`);
    const b = await zld(['retrieve', 'cat:myBatch', '--store', 'test_store.zarr', '--out', 'x.npy'], dir);
    expect(b.code).toBe(1);
    expect(b.err).toContain('has no dataset; linked URIs with data');
    await expect(stat(path.join(dir, 'x.npy'))).rejects.toThrow();
  });

  it('two stores sharing URIs: ambiguity is reported, --pick chooses', async () => {
    const f = await zld(['fake', '--jsonld', ORIGINAL, '--levels', LEVELS, '--data-level', 'Sample', '--prefix', NS, '--out', 'copy.zarr', '--shape', '20,10', '--key', '.all_metadata'], dir);
    expect(f.code).toBe(0);
    const r = await zld(['retrieve', 'cat:sample2', '--store', 'test_store.zarr', '--store', 'copy.zarr', '--out', 'two.npy'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is ambiguous: 2 arrays hold its data; choose one with --pick N');
    expect(r.err).toMatch(/\[1\] \/myBatch\/mySamplePrep\/sample2\/sample2Dataset {2}in file:.*copy\.zarr/);
    expect(r.err).toMatch(/\[2\] \/myBatch\/mySamplePrep\/sample2\/sample2Dataset {2}in file:.*test_store\.zarr/);
    const picked = await zld(['retrieve', 'cat:sample2', '--store', 'test_store.zarr', '--store', 'copy.zarr', '--out', 'two.npy', '--pick', '1', '--json'], dir);
    expect(picked.code).toBe(0);
    expect(JSON.parse(picked.out).shape).toEqual([20, 10]);
  });
});

describe('zld demo (npm start)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zld-demo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('our embedded demo instances have the upstream file\'s shape (ids, types, links, predicates), with our own values', async () => {
    type Inst = Record<string, { '@id'?: string; '@value'?: unknown }[] | string | string[]>;
    const shape = (list: Inst[]) =>
      list
        .map((i) => ({
          id: i['@id'],
          type: i['@type'],
          predicates: Object.keys(i).filter((k) => !k.startsWith('@')).sort(),
          links: Object.entries(i).filter(([k]) => !k.startsWith('@')).flatMap(([k, v]) => (v as { '@id'?: string }[]).filter((x) => x['@id']).map((x) => `${k} ${x['@id']}`)).sort(),
        }))
        .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const ours = JSON.parse(await readFile(DEMO_INSTANCES, 'utf8')) as Inst[];
    const upstream = JSON.parse(await readFile(ORIGINAL, 'utf8')) as Inst[];
    expect(shape(ours)).toEqual(shape(upstream));
    expect(JSON.stringify(ours)).not.toEqual(JSON.stringify(upstream));
  });

  it('fakes, consolidates, looks up sample1 and saves a .npy numpy loads as (9000, 1000)', async () => {
    const r = await zld(['demo', '--dir', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[1/4] faking the Cat+ store');
    expect(r.err).toContain('[4/4] saving /myBatch/mySamplePrep/sample1/sample1Dataset');
    const file = path.join(dir, 'out', 'sample1Dataset.npy');
    expect(r.out).toContain(`dataset file: ${file}`);
    expect(r.out).toContain('sample1Dataset  float64 [9000, 1000] chunks [900, 1000] blosc/lz4');
    expect(r.out).toContain(`3. looked up ${NS}sample1`);
    const py = await pythonJson<{ shape: number[]; equal: boolean }>(COMPARE, [file, path.join(dir, 'out', 'test_store.zarr'), '/myBatch/mySamplePrep/sample1/sample1Dataset', '.all_metadata']);
    expect(py).toMatchObject({ shape: [9000, 1000], equal: true });
    // running it again replaces the demo store
    const again = await zld(['demo', '--dir', 'out', '--shape', '30,4', '--json'], dir);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ shape: [30, 4], dtype: 'float64', consolidatedKey: '.all_metadata' });
  });
});
