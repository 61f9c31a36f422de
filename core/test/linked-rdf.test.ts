import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { LinkedIndex } from '../src/linked/index.js';
import { locationIri, storeQuads, storeToRdf } from '../src/linked/rdf.js';
import { CAT, rec, upstreamRecords } from './linked-helpers.js';

const STORE = 'file:///upstream/test_store.zarr';
const ZLD = 'https://zld.dev/ns#';

/** Canonical N-Quads of a dataset (blank nodes relabelled), for comparing sets of statements. */
async function canonical(nquads: string): Promise<string[]> {
  const doc = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  const back = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as string;
  return back.split('\n').filter(Boolean).sort();
}

describe('RDF export', () => {
  it('N-Quads of the Cat+ store round-trip through jsonld.js and hold what jsonld.js itself derives', async () => {
    const index = new LinkedIndex();
    const records = upstreamRecords(STORE);
    await index.addStore(STORE, records);
    const nq = storeToRdf(index, STORE, { format: 'nquads', namedGraph: false });
    const ours = await canonical(nq);
    expect(ours.length).toBe(nq.trim().split('\n').length); // nothing lost or merged in the round trip
    // every statement jsonld.js derives from the attributes is in our export
    const docs = records.filter((r) => '@id' in r.attributes).map((r) => r.attributes);
    const theirs = ((await jsonld.toRDF(docs, { format: 'application/n-quads' })) as string).split('\n').filter(Boolean);
    for (const q of theirs) expect(ours).toContain(q);
    // plus the locations
    const loc = `${STORE}#/myBatch/mySamplePrep/sample1`;
    expect(ours).toContain(`<${CAT}sample1> <${ZLD}location> <${loc}> .`);
    expect(ours).toContain(`<${loc}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${ZLD}Group> .`);
    expect(ours).toContain(`<${STORE}#/myBatch/mySamplePrep/sample1/sample1Dataset> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${ZLD}Array> .`);
    expect(ours.length).toBe(theirs.length + 11 * 2 + 7);
  });

  it('named graph per store; escapes literals, unicode, blank nodes and odd paths', async () => {
    const S = 's3://bucket/store.zarr';
    const index = new LinkedIndex();
    await index.addStore(S, [
      rec(S, '/with space/é', 'group', {
        '@id': 'https://ex.org/é',
        'https://ex.org/text': [{ '@value': 'line1\n"quoted" \\ tab\t' }, { '@value': 'bonjour', '@language': 'fr' }],
        'https://ex.org/n': [{ '@value': 1.5 }, { '@value': 3 }, { '@value': true }],
        'https://ex.org/part': [{ 'https://ex.org/label': [{ '@value': 'nested blank' }] }],
      }),
    ]);
    const nq = storeToRdf(index, S, { format: 'nquads' });
    expect(nq).toContain(`<${S}>`);
    expect(locationIri(S, '/with space/é')).toBe('s3://bucket/store.zarr#/with%20space/é');
    const doc = await jsonld.fromRDF(nq, { format: 'application/n-quads' });
    const graph = (doc.find((d) => d['@id'] === S)!['@graph'] as Record<string, unknown>[]);
    const node = graph.find((n) => n['@id'] === 'https://ex.org/é')!;
    expect(node['https://ex.org/text']).toEqual([{ '@value': 'line1\n"quoted" \\ tab\t' }, { '@value': 'bonjour', '@language': 'fr' }]);
    expect(node['https://ex.org/n']).toEqual([
      { '@value': '1.5E0', '@type': 'http://www.w3.org/2001/XMLSchema#double' },
      { '@value': '3', '@type': 'http://www.w3.org/2001/XMLSchema#integer' },
      { '@value': 'true', '@type': 'http://www.w3.org/2001/XMLSchema#boolean' },
    ]);
    const blank = graph.find((n) => String(n['@id']).startsWith('_:'))!;
    expect(blank['https://ex.org/label']).toEqual([{ '@value': 'nested blank' }]);
    expect(storeQuads(index, S).filter((q) => q.predicate === `${ZLD}location`)).toHaveLength(1);
  });

  it('Turtle groups statements by subject with prefixes', async () => {
    const index = new LinkedIndex();
    await index.addStore(STORE, upstreamRecords(STORE));
    const ttl = storeToRdf(index, STORE, { format: 'turtle' });
    expect(ttl).toMatch(/^@prefix cat: <http:\/\/www\.catplus\.ch\/ontology\/concepts\/> \./m);
    expect(ttl).toContain(`cat:sample1\n    zld:location <${STORE}#/myBatch/mySamplePrep/sample1> ;\n    a cat:Sample ;\n`);
    expect(ttl).toContain('    cat:hasDataset cat:sample1Dataset ;\n');
    expect(ttl).toContain(`<${STORE}#/myBatch/mySamplePrep/sample1/sample1Dataset>\n    a zld:Array ;\n`);
  });

  it('an unknown store or format is a clear error', async () => {
    const index = new LinkedIndex();
    expect(() => storeToRdf(index, 'mem://nope', { format: 'nquads' })).toThrow(/store mem:\/\/nope is not indexed/);
    await index.addStore('mem://x', []);
    expect(() => storeToRdf(index, 'mem://x', { format: 'rdfxml' as 'nquads' })).toThrow(/unknown RDF format "rdfxml"/);
  });
});
