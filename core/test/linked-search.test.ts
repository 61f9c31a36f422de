import { describe, expect, it } from 'vitest';
import { LinkedIndex } from '../src/linked/index.js';
import { parseWhere, searchIndex } from '../src/linked/search.js';
import { CAT, rec, upstreamRecords } from './linked-helpers.js';

const STORE = 'file:///upstream/test_store.zarr';

async function catIndex(): Promise<LinkedIndex> {
  const index = new LinkedIndex();
  await index.addStore(STORE, upstreamRecords(STORE));
  return index;
}

describe('search', () => {
  it('free text over literal values, with the matched values', async () => {
    const index = await catIndex();
    const hits = searchIndex(index, 'Acetonitrile');
    expect(hits.map((h) => h.path)).toEqual(['/myBatch/mySamplePrep/sample2/sampleChemical2/chemical2']);
    expect(hits[0]!.ids).toEqual([`${CAT}chemical2`]);
    expect(hits[0]!.matches).toEqual([
      { predicate: `${CAT}keyWords`, value: 'acetonitrile, nitrile, acetone, chemicals' },
      { predicate: `${CAT}name`, value: 'acetonitrile' },
    ]);
    // several words: all must match somewhere in the node
    expect(searchIndex(index, 'acetone CH3CN').map((h) => h.path)).toEqual(hits.map((h) => h.path));
    expect(searchIndex(index, 'acetone nothing-like-this')).toEqual([]);
  });

  it('filters by @type (IRI, compact or local name) and by predicate value', async () => {
    const index = await catIndex();
    const samples = searchIndex(index, '', { type: 'Sample' }).map((h) => h.path);
    expect(samples).toEqual(['/myBatch/mySamplePrep/sample1', '/myBatch/mySamplePrep/sample2']);
    expect(searchIndex(index, '', { type: `${CAT}Sample` }).map((h) => h.path)).toEqual(samples);
    expect(searchIndex(index, '', { type: 'cat:Sample', where: ['quantity=2.25'] }).map((h) => h.path)).toEqual(['/myBatch/mySamplePrep/sample2']);
    expect(searchIndex(index, '', { where: ['molecularWeight>41', 'cat:name~aceto'] }).map((h) => h.path)).toEqual([
      '/myBatch/mySamplePrep/sample2/sampleChemical2/chemical2',
    ]);
    expect(searchIndex(index, '', { where: ['molecularWeight>41.05'] })).toEqual([]);
    // links compare with compact IRIs too
    expect(searchIndex(index, '', { where: ['hasDataset=cat:sample1Dataset'] }).map((h) => h.ids[0])).toEqual([`${CAT}sample1`]);
  });

  it('a typed filter like temperatureindegrees = 25 matches numerically', async () => {
    const S = 'mem://t';
    const index = new LinkedIndex();
    await index.addStore(S, [
      rec(S, '/a', 'group', { '@id': 'https://ex.org/a', [`${CAT}temperatureindegrees`]: [{ '@value': '25.0' }] }),
      rec(S, '/b', 'group', { '@id': 'https://ex.org/b', [`${CAT}temperatureindegrees`]: [{ '@value': 30 }] }),
      rec(S, '/c', 'group', { temperatureindegrees: 25 }),
    ]);
    expect(searchIndex(index, '', { where: ['temperatureindegrees = 25'] }).map((h) => h.path)).toEqual(['/a', '/c']);
    expect(searchIndex(index, '', { where: ['temperatureindegrees>=26'] }).map((h) => h.path)).toEqual(['/b']);
  });

  it('rejects filters it cannot read', () => {
    expect(() => parseWhere('novalue')).toThrow(/predicate=value/);
    expect(parseWhere('a.b != x y')).toEqual({ predicate: 'a.b', op: '!=', value: 'x y' });
  });

  it('is fast enough for search-as-you-type over 100k nodes', async () => {
    const S = 'mem://big';
    const index = new LinkedIndex();
    const records = Array.from({ length: 100_000 }, (_, i) =>
      rec(S, `/g${i % 100}/n${i}`, 'group', {
        '@id': `${CAT}node${i}`,
        '@type': [`${CAT}Sample`],
        [`${CAT}name`]: [{ '@value': `sample number ${i}` }],
        [`${CAT}quantity`]: [{ '@value': String(i % 50) }],
      }),
    );
    await index.addStore(S, records);
    searchIndex(index, 'warm'); // builds the text index once
    // best of 5: the machine may be shared while tests run
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      const hits = searchIndex(index, 'number 9999', { limit: 20 });
      best = Math.min(best, performance.now() - t0);
      expect(hits.map((h) => h.path)).toContain('/g99/n9999');
    }
    expect(best).toBeLessThan(150);
  });
});
