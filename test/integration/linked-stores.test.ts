/**
 * Linked-data commands on real stores written to disk: a compacted-JSON-LD store (our Cat+ context by URL
 * and inline contexts), a dataset link to an array carrying its own @id, and bad input (malformed JSON-LD,
 * a non-IRI @id, a remote @context with the network disallowed, link cycles, a 50 MB attribute, paths and
 * URIs with spaces and unicode). Lookups never crash and never return a wrong array.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATPLUS_CONTEXT_URL } from '../../core/src/linked/contexts/index.js';
import { FileStore } from '../../core/src/store/file.js';
import { writeConsolidated } from '../../core/src/zarr/consolidated.js';
import { writeArray, writeGroup } from '../../core/src/zarr/write.js';
import { NS, zld } from './catplus-cli.js';

const F = { format: 2 as const };

describe('linked-data commands on stores with compacted JSON-LD and bad input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zld-linked-'));
    const store = await FileStore.open(path.join(dir, 'lab.zarr'), { create: true });
    const small = (p: string, attributes: Record<string, unknown> = {}) =>
      writeArray(store, p, { shape: [4, 3], chunks: [2, 3], dtype: 'float64', attributes }, (c) => Float64Array.from({ length: 6 }, (_, i) => c[0]! * 6 + i), F);
    await writeGroup(store, '/', { '@context': CATPLUS_CONTEXT_URL, '@id': 'cat:campaign9', '@type': 'Campaign', hasBatch: 'cat:batch9' }, F);
    await writeGroup(store, '/batch9', { '@context': CATPLUS_CONTEXT_URL, '@id': 'cat:batch9', '@type': 'Batch', hasSample: ['cat:sample9', 'cat:échantillon 2'] }, F);
    await writeGroup(store, '/batch9/sample9', {
      '@context': [CATPLUS_CONTEXT_URL, { schema: 'https://schema.org/', distribution: { '@id': 'schema:distribution', '@type': '@id' } }],
      '@id': 'cat:sample9',
      '@type': 'Sample',
      temperatureindegrees: '25',
      distribution: 'https://data.example/measure/9',
    }, F);
    // the linked array carries its own @id and is not named after it
    await small('/batch9/sample9/raw data', { '@id': 'https://data.example/measure/9', '@type': 'https://schema.org/Dataset' });
    // a decoy with the conventional name but another @id: never chosen for the link
    await small('/batch9/sample9/sample9Dataset', { '@id': 'https://data.example/other' });
    await writeGroup(store, '/batch9/échantillon 2', { '@id': 'https://lab.example/échantillon/β', 'https://lab.example/note': [{ '@value': 'ünïcödé' }] }, F);
    await small('/batch9/échantillon 2/échantillon 2Dataset');
    await writeGroup(store, '/bad', {}, F);
    await writeGroup(store, '/bad/malformed', { '@id': 'https://lab.example/m', 'https://lab.example/p': [{ '@value': { nested: 1 } }] }, F);
    await writeGroup(store, '/bad/relative', { '@id': 'sample 1', 'https://lab.example/p': [{ '@value': 'kept' }] }, F);
    await writeGroup(store, '/bad/remote', { '@context': 'https://nowhere.invalid/ctx.jsonld', '@id': 'x:1', name: 'remote context' }, F);
    await writeGroup(store, '/bad/cycle-a', { '@id': 'https://lab.example/a', 'https://lab.example/hasDataset': [{ '@id': 'https://lab.example/b' }] }, F);
    await writeGroup(store, '/bad/cycle-b', { '@id': 'https://lab.example/b', 'https://lab.example/hasDataset': [{ '@id': 'https://lab.example/a' }] }, F);
    await writeGroup(store, '/bad/big', { '@id': 'https://lab.example/big', 'https://lab.example/blob': [{ '@value': `${'x'.repeat(50 * 1024 * 1024)}needle` }] }, F);
    await writeConsolidated(store, { key: '.zmetadata' });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('resolves compact IRIs and follows schema:distribution to the array with the linked @id, not the decoy', async () => {
    const t0 = performance.now();
    const r = await zld(['lookup', 'cat:sample9', '--store', 'lab.zarr', '--json'], dir);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.uri).toBe(`${NS}sample9`);
    // the decoy sample9Dataset carries another @id: not a candidate
    expect(doc.candidates.map((c: { path: string; via: string }) => [c.path, c.via])).toEqual([['/batch9/sample9/raw data', 'link']]);
    expect(doc.candidates[0].predicate).toBe('https://schema.org/distribution');
    const got = await zld(['retrieve', 'cat:sample9', '--store', 'lab.zarr', '--out', 'raw.npy', '--json'], dir);
    expect(JSON.parse(got.out)).toMatchObject({ shape: [4, 3], candidate: { path: '/batch9/sample9/raw data' } });
    // and the decoy is found by its own @id
    const decoy = await zld(['lookup', 'https://data.example/other', '--store', 'lab.zarr', '--json'], dir);
    expect(JSON.parse(decoy.out).chosen).toMatchObject({ path: '/batch9/sample9/sample9Dataset', via: 'self' });
  });

  it('reports each bad node by name and keeps going; the remote context fails fast', async () => {
    const t0 = performance.now();
    const r = await zld(['lookup', 'cat:batch9', '--store', 'lab.zarr'], dir);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: node /bad/malformed in store file://');
    expect(r.err).toContain('malformed JSON-LD: @value must be a string, number or boolean');
    expect(r.err).toContain('node /bad/relative in store');
    expect(r.err).toContain('"sample 1" is not an absolute IRI');
    expect(r.err).toContain('JSON-LD context https://nowhere.invalid/ctx.jsonld is not bundled with zld nor configured, and network access is disallowed');
    expect(r.out).toContain('data  none');
  });

  it('unicode and spaces in URIs and paths; cycles end; the 50 MB attribute is searchable', async () => {
    const u = await zld(['retrieve', 'https://lab.example/échantillon/β', '--store', 'lab.zarr', '--out', 'u.npy', '--json'], dir);
    expect(u.code).toBe(0);
    expect(JSON.parse(u.out).candidate).toMatchObject({ path: '/batch9/échantillon 2/échantillon 2Dataset', via: 'convention' });
    const c = await zld(['lookup', 'https://lab.example/a', '--store', 'lab.zarr', '--json'], dir);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.out).candidates).toEqual([]);
    const s = await zld(['search', 'needle', '--store', 'lab.zarr', '--json'], dir);
    expect(JSON.parse(s.out).map((h: { path: string }) => h.path)).toEqual(['/bad/big']);
    const w = await zld(['search', '--where', 'temperatureindegrees=25', '--type', 'Sample', '--store', 'lab.zarr', '--json'], dir);
    expect(JSON.parse(w.out).map((h: { ids: string[] }) => h.ids)).toEqual([[`${NS}sample9`]]);
    const nope = await zld(['lookup', 'https://lab.example/échantillon/b', '--store', 'lab.zarr'], dir);
    expect(nope.code).toBe(1);
    expect(nope.err).toMatch(/nearest known URIs: .*https:\/\/lab\.example\/échantillon\/β/);
  });

  it('export-rdf turtle holds the compacted nodes expanded and every location', async () => {
    const r = await zld(['export-rdf', 'lab.zarr', '--format', 'turtle'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('cat:sample9\n    zld:location <file://');
    expect(r.out).toContain('schema:distribution <https://data.example/measure/9>');
    expect(r.out).toContain('#/batch9/%C3%A9chantillon%202>'.replace('%C3%A9', 'é'));
  });
});
