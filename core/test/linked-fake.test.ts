import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATPLUS_CONTEXT_URL, CATPLUS_NS } from '../src/linked/contexts/index.js';
import { loadInstances, planFakeStore, writeFakeStore } from '../src/linked/fake.js';
import { fakeChunk } from '../src/linked/fake-random.js';
import { LinkedIndex } from '../src/linked/index.js';
import { indexStore } from '../src/linked/open.js';
import { resolveUri } from '../src/linked/resolve.js';
import { MemoryStore } from '../src/store/memory.js';
import { readArray } from '../src/zarr/array.js';
import { CAT } from './linked-helpers.js';

const DEMO = JSON.parse(readFileSync(new URL('../assets/demo/catplus-demo.jsonld', import.meta.url), 'utf8'));
const LEVELS = ['Campaign', 'Batch', 'SamplePreparation', 'Sample', 'SampleChemical', 'Chemical'];
const opts = { levels: LEVELS, dataLevel: 'Sample', prefix: CATPLUS_NS, shape: [12, 5] };

describe('fake stores', () => {
  it('plans the Cat+ hierarchy from the has<NextLevel> links', async () => {
    const plan = planFakeStore(await loadInstances(DEMO), opts);
    expect(plan.groups.map((g) => g.path).sort()).toEqual([
      '/',
      '/myBatch',
      '/myBatch/mySamplePrep',
      '/myBatch/mySamplePrep/sample1',
      '/myBatch/mySamplePrep/sample1/sampleChemical1',
      '/myBatch/mySamplePrep/sample1/sampleChemical1/chemical1',
      '/myBatch/mySamplePrep/sample2',
      '/myBatch/mySamplePrep/sample2/sampleChemical2',
      '/myBatch/mySamplePrep/sample2/sampleChemical2/chemical2',
    ]);
    expect(plan.arrays).toEqual([
      { path: '/myBatch/mySamplePrep/sample2/sample2Dataset', shape: [12, 5], chunks: [2, 5] },
      { path: '/myBatch/mySamplePrep/sample1/sample1Dataset', shape: [12, 5], chunks: [2, 5] },
    ]);
    const attrs = Object.fromEntries(plan.groups.map((g) => [g.path, g.attributes]));
    expect(attrs['/']).toEqual({}); // as the original: the campaign is the root, its attributes not written
    expect(attrs['/myBatch/mySamplePrep/sample1/sampleChemical1/chemical1']).toEqual({}); // no instance for chemical1
    expect(attrs['/myBatch/mySamplePrep/sample1']!['@id']).toBe(`${CAT}sample1`);
    expect(planFakeStore(await loadInstances(DEMO), { ...opts, rootAttributes: true }).groups.find((g) => g.path === '/')!.attributes['@id']).toBe(`${CAT}myCampaign`);
  });

  it('writes v2 and v3 stores the index resolves, with seeded data', async () => {
    for (const format of [2, 3] as const) {
      const store = new MemoryStore(undefined, `memory://fake-v${format}`);
      const plan = planFakeStore(await loadInstances(DEMO), opts);
      const r = await writeFakeStore(store, plan, { format, seed: 5, key: '.all_metadata' });
      expect(r).toMatchObject({ groups: 9, arrays: 2, chunks: 12 });
      const index = new LinkedIndex();
      const { hierarchy } = await indexStore(index, store, { consolidated: format === 2 ? '.all_metadata' : undefined });
      const c = resolveUri(index, 'cat:sample1').candidates;
      expect(c).toMatchObject([{ path: '/myBatch/mySamplePrep/sample1/sample1Dataset', via: 'link' }]);
      const data = await readArray(hierarchy, c[0]!.path);
      expect(data.shape).toEqual([12, 5]);
      expect(Array.from(data.data as Float64Array).slice(0, 10)).toEqual(Array.from(fakeChunk(5, c[0]!.path, [0, 0], [2, 5])));
    }
  });

  it('the same seed gives the same values, another seed other values; all in [0, 1)', () => {
    const a = fakeChunk(1, '/a', [0, 0], [100, 10]);
    expect(fakeChunk(1, '/a', [0, 0], [100, 10])).toEqual(a);
    expect(fakeChunk(2, '/a', [0, 0], [100, 10])).not.toEqual(a);
    expect(fakeChunk(1, '/a', [1, 0], [100, 10])).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = a.reduce((x, y) => x + y, 0) / a.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('compacted instances (with our Cat+ context) plan the same hierarchy', async () => {
    const compact = {
      '@context': CATPLUS_CONTEXT_URL,
      '@graph': [
        { '@id': 'cat:c', '@type': 'Campaign', hasBatch: 'cat:b' },
        { '@id': 'cat:b', '@type': 'Batch', hasSample: ['cat:s1', 'cat:s2'] },
        { '@id': 'cat:s1', '@type': 'Sample', quantity: '1' },
        { '@id': 'cat:s2', '@type': 'Sample' },
        { '@id': 'cat:orphan', '@type': 'Sample' },
      ],
    };
    const plan = planFakeStore(await loadInstances(compact), { levels: ['Campaign', 'Batch', 'Sample'], dataLevel: 'Sample', prefix: CATPLUS_NS, shape: [4] });
    expect(plan.groups.map((g) => g.path).sort()).toEqual(['/', '/b', '/b/s1', '/b/s2']);
    expect(plan.arrays.map((a) => a.path)).toEqual(['/b/s1/s1Dataset', '/b/s2/s2Dataset']);
    expect(plan.groups.find((g) => g.path === '/b/s1')!.attributes[`${CAT}quantity`]).toEqual([{ '@value': '1' }]);
    expect(plan.notes).toEqual([`${CAT}orphan (Sample) is not linked from the level above; left out`]);
  });

  it('bad input is named', async () => {
    const inst = await loadInstances(DEMO);
    expect(() => planFakeStore(inst, { ...opts, dataLevel: 'Nope' })).toThrow(/data level Nope is not one of the levels/);
    expect(() => planFakeStore(inst, { ...opts, levels: ['Nope', 'Sample'] })).toThrow(/no instance of the top level Nope/);
    await expect(loadInstances(42)).rejects.toThrow(/must be a node object/);
    const dots = [{ '@id': 'https://ex.org/top', '@type': 'https://ex.org/T', 'https://ex.org/hasU': [{ '@id': 'https://ex.org/..' }] }];
    expect(() => planFakeStore(dots, { levels: ['T', 'U'], dataLevel: 'U', prefix: 'https://ex.org/' })).toThrow(/local name "\.\." is not a usable node name/);
  });
});
