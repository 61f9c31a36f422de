import { describe, expect, it } from 'vitest';
import { LinkedIndex } from '../src/linked/index.js';
import { resolveUri } from '../src/linked/resolve.js';
import { CAT, rec, upstreamRecords } from './linked-helpers.js';

const STORE = 'file:///upstream/test_store.zarr';

describe('LinkedIndex over the Cat+ store', () => {
  it('indexes ids, types and links in one pass', async () => {
    const index = new LinkedIndex();
    const report = await index.addStore(STORE, upstreamRecords(STORE));
    expect(report.nodes).toBe(11);
    expect(report.identified).toBe(7); // root and chemical1 have no attributes; the two arrays no @id
    expect(report.problems).toEqual([]);
    expect(index.byId(`${CAT}sample1`)).toMatchObject([{ storeUrl: STORE, path: '/myBatch/mySamplePrep/sample1', kind: 'group' }]);
    expect(index.byId('cat:sample1')).toEqual(index.byId(`${CAT}sample1`));
    expect(index.byType('cat:Sample').map((n) => n.path).sort()).toEqual(['/myBatch/mySamplePrep/sample1', '/myBatch/mySamplePrep/sample2']);
    expect(index.outgoing(`${CAT}sample1`).map((l) => [l.predicate, l.object])).toEqual(
      expect.arrayContaining([
        [`${CAT}hasDataset`, `${CAT}sample1Dataset`],
        [`${CAT}hasSampleChemical`, `${CAT}sampleChemical1`],
      ]),
    );
    expect(index.incoming(`${CAT}sample1`)).toMatchObject([{ predicate: `${CAT}hasSample`, subject: `${CAT}mySamplePrep`, path: '/myBatch/mySamplePrep' }]);
    expect(index.allIds()).toHaveLength(7);
  });

  it('resolves sample1 to its dataset through hasDataset', async () => {
    const index = new LinkedIndex();
    await index.addStore(STORE, upstreamRecords(STORE));
    const r = resolveUri(index, `${CAT}sample1`);
    expect(r.candidates).toEqual([
      { storeUrl: STORE, path: '/myBatch/mySamplePrep/sample1/sample1Dataset', kind: 'array', via: 'link', predicate: `${CAT}hasDataset`, target: `${CAT}sample1Dataset`, score: 0.9 },
    ]);
    expect(r.subject).toEqual([{ storeUrl: STORE, path: '/myBatch/mySamplePrep/sample1', kind: 'group' }]);
  });

  it('two stores sharing URIs: every candidate, ranked, none dropped', async () => {
    const index = new LinkedIndex();
    await index.addStore(STORE, upstreamRecords(STORE));
    await index.addStore('s3://other/copy.zarr', upstreamRecords('s3://other/copy.zarr'));
    const r = resolveUri(index, 'cat:sample2');
    expect(r.candidates.map((c) => c.storeUrl)).toEqual(['file:///upstream/test_store.zarr', 's3://other/copy.zarr']);
    expect(r.candidates.every((c) => c.path === '/myBatch/mySamplePrep/sample2/sample2Dataset')).toBe(true);
    expect(index.removeStore('s3://other/copy.zarr')).toBe(true);
    expect(resolveUri(index, 'cat:sample2').candidates).toHaveLength(1);
  });

  it('a URI with no data: suggestions of nearest URIs, or linked URIs with data', async () => {
    const index = new LinkedIndex();
    await index.addStore(STORE, upstreamRecords(STORE));
    const unknown = resolveUri(index, `${CAT}sampel1`);
    expect(unknown.candidates).toEqual([]);
    expect(unknown.subject).toEqual([]);
    expect(unknown.suggestions[0]).toBe(`${CAT}sample1`);
    const batch = resolveUri(index, `${CAT}myBatch`);
    expect(batch.candidates).toEqual([]);
    expect(batch.subject).toHaveLength(1);
    expect(batch.suggestions.sort()).toEqual([`${CAT}sample1`, `${CAT}sample2`]);
  });

  it('a dataset link to an array carrying its own @id wins over a name match, never a wrong array', async () => {
    const S = 'mem://linked';
    const index = new LinkedIndex();
    await index.addStore(S, [
      rec(S, '/', 'group'),
      rec(S, '/run', 'group', { '@id': 'https://ex.org/run', 'https://schema.org/distribution': [{ '@id': 'https://ex.org/data/raw' }] }),
      rec(S, '/run/raw', 'array', { '@id': 'https://ex.org/data/other' }),
      rec(S, '/run/measurement', 'array', { '@id': 'https://ex.org/data/raw' }),
      rec(S, '/run/runDataset', 'array'),
    ]);
    const r = resolveUri(index, 'https://ex.org/run');
    // the link wins; the conventional name is only a fallback when links lead nowhere
    expect(r.candidates.map((c) => [c.path, c.via])).toEqual([['/run/measurement', 'link']]);
    expect(resolveUri(index, 'https://ex.org/data/raw').candidates).toMatchObject([{ path: '/run/measurement', via: 'self', score: 1 }]);
    expect(resolveUri(index, 'https://ex.org/run', { predicates: ['hasDataset'] }).candidates.map((c) => c.via)).toEqual(['convention']);
  });

  it('cycles in links do not hang', async () => {
    const S = 'mem://cycle';
    const index = new LinkedIndex();
    const link = (to: string) => ({ 'https://ex.org/hasDataset': [{ '@id': to }] });
    await index.addStore(S, [
      rec(S, '/a', 'group', { '@id': 'https://ex.org/a', ...link('https://ex.org/b') }),
      rec(S, '/b', 'group', { '@id': 'https://ex.org/b', ...link('https://ex.org/a') }),
      rec(S, '/self', 'group', { '@id': 'https://ex.org/self', ...link('https://ex.org/self') }),
    ]);
    expect(resolveUri(index, 'https://ex.org/a').candidates).toEqual([]);
    expect(resolveUri(index, 'https://ex.org/self').candidates).toEqual([]);
  });

  it('never throws on odd URIs: spaces, unicode, empty, percent-encoding', async () => {
    const S = 'mem://odd';
    const index = new LinkedIndex();
    await index.addStore(S, [
      rec(S, '/é', 'array', { '@id': 'https://ex.org/échantillon/β' }),
      rec(S, '/sp', 'array', { '@id': 'https://ex.org/with%20space' }),
    ]);
    expect(resolveUri(index, 'https://ex.org/échantillon/β').candidates).toHaveLength(1);
    expect(resolveUri(index, '  https://ex.org/échantillon/β ').candidates).toHaveLength(1);
    expect(resolveUri(index, 'https://ex.org/with space').candidates).toMatchObject([{ path: '/sp' }]);
    for (const u of ['', ' ', '%', '%E0%A4%A', '\ud800', 'cat:', ':', 'a b c']) {
      const r = resolveUri(index, u);
      expect(r.candidates).toEqual([]);
    }
  });
});

describe('lookups never crash and never return a wrong array (property)', () => {
  it('any string: no exception; every candidate is an array of the index, justified by the URI', async () => {
    const fc = await import('fast-check');
    const index = new LinkedIndex();
    await index.addStore(STORE, upstreamRecords(STORE));
    const known = index.allIds();
    const uri = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom(...known),
      fc.constantFrom(...known).map((k) => k.replace('concepts/', 'concepts/ ')),
      fc.constantFrom(...known).chain((k) => fc.nat(k.length).map((i) => k.slice(0, i))),
    );
    fc.assert(
      fc.property(uri, (u) => {
        const r = resolveUri(index, u);
        for (const c of r.candidates) {
          const node = index.node(c.storeUrl, c.path);
          expect(node?.kind).toBe('array');
          // justified: the array is the URI itself, or the URI's node links to it, or it is the node's <name>Dataset child
          const subjects = index.byId(r.uri);
          expect(subjects.length).toBeGreaterThan(0);
          if (c.via === 'self') expect(node!.ids).toContain(r.uri);
          else expect(subjects.some((s) => c.path.startsWith(`${s.path}/`))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('indexing a stream of nodes (a store being listed)', () => {
  it('nodes become visible as they are read; a cancelled store is dropped', async () => {
    const S = 'mem://stream';
    const index = new LinkedIndex();
    const seen: number[] = [];
    async function* records() {
      for (let i = 0; i < 10_000; i++) {
        if (i === 9_000) seen.push(index.byId(`https://ex.org/n${i - 5000}`).length);
        yield rec(S, `/n${i}`, 'array', { '@id': `https://ex.org/n${i}` });
      }
    }
    const report = await index.addStore(S, records());
    expect(seen).toEqual([1]);
    expect(report).toMatchObject({ nodes: 10_000, identified: 10_000 });

    const ctl = new AbortController();
    async function* slow() {
      for (let i = 0; i < 10_000; i++) {
        if (i === 5_000) ctl.abort();
        yield rec('mem://cancelled', `/n${i}`, 'group', { '@id': `https://ex.org/c${i}` });
      }
    }
    await expect(index.addStore('mem://cancelled', slow(), { signal: ctl.signal })).rejects.toMatchObject({ code: 'Aborted' });
    expect(index.storeUrls()).toEqual([S]);
    expect(index.byId('https://ex.org/c1')).toEqual([]);
    expect(index.byId('https://ex.org/n1')).toHaveLength(1);
  });

  it('a path listed twice is indexed once and reported', async () => {
    const S = 'mem://twice';
    const index = new LinkedIndex();
    const report = await index.addStore(S, [rec(S, '/a', 'array', { '@id': 'https://ex.org/a' }), rec(S, '/a', 'array', { '@id': 'https://ex.org/other' })]);
    expect(report.nodes).toBe(1);
    expect(report.problems[0]!.message).toContain('listed twice');
    expect(index.byId('https://ex.org/a')).toHaveLength(1);
    expect(index.byId('https://ex.org/other')).toHaveLength(0);
  });
});
