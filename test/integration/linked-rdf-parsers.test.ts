/**
 * Our RDF export read back by an independent parser (N3.js): the Turtle and the N-Quads of a store hold the
 * same statements, for the Cat+ store and for odd input (escapes, unicode, language tags, typed and nested
 * values, paths with spaces).
 */
import { Parser, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { LinkedIndex } from '../../core/src/linked/index.js';
import { storeToRdf } from '../../core/src/linked/rdf.js';
import { rec, upstreamRecords } from '../../core/test/linked-helpers.js';

function parse(text: string, format: 'Turtle' | 'N-Quads'): string[] {
  const quads: Quad[] = new Parser({ format, blankNodePrefix: '' }).parse(text);
  // compare triples: Turtle has no graphs
  const term = (t: Quad['subject'] | Quad['object']) =>
    t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
  return quads.map((q) => `${term(q.subject)} ${q.predicate.value} ${term(q.object)}`).sort();
}

async function bothWays(index: LinkedIndex, storeUrl: string): Promise<void> {
  const nq = parse(storeToRdf(index, storeUrl, { format: 'nquads' }), 'N-Quads');
  const ttl = parse(storeToRdf(index, storeUrl, { format: 'turtle' }), 'Turtle');
  expect(ttl).toEqual(nq);
  expect(nq.length).toBeGreaterThan(10);
}

describe('RDF export read back by N3.js', () => {
  it('Cat+ store: Turtle and N-Quads hold the same statements', async () => {
    const S = 'file:///data/test_store.zarr';
    const index = new LinkedIndex();
    await index.addStore(S, upstreamRecords(S));
    await bothWays(index, S);
  });

  it('odd input: escapes, unicode, languages, numbers, nested nodes, spaces in paths', async () => {
    const S = 's3://bucket/odd store.zarr?endpoint=http://127.0.0.1:9000';
    const index = new LinkedIndex();
    await index.addStore(S, [
      rec(S, '/', 'group'),
      rec(S, '/with space/é', 'group', {
        '@id': 'https://ex.org/é#frag',
        '@type': ['https://ex.org/T', 'https://schema.org/Dataset'],
        'https://ex.org/text': [{ '@value': 'line1\n"q" \\ \t end' }, { '@value': 'salut', '@language': 'fr-CH' }],
        'https://ex.org/n': [{ '@value': 1.5 }, { '@value': -3 }, { '@value': false }, { '@value': '2024-01-01', '@type': 'http://www.w3.org/2001/XMLSchema#date' }],
        'https://schema.org/distribution': [{ '@id': 'https://ex.org/d', 'https://schema.org/name': [{ '@value': 'nested with id' }] }, { 'https://schema.org/name': [{ '@value': 'nested blank' }] }],
        'http://www.catplus.ch/ontology/concepts/has.dot': [{ '@id': 'http://www.catplus.ch/ontology/concepts/x.' }],
      }),
      rec(S, '/with space/é/data', 'array', { plain: 'not linked' }),
    ]);
    await bothWays(index, S);
  });
});
