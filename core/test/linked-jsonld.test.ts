import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { isZldError } from '../src/errors.js';
import { CATPLUS_CONTEXT_URL } from '../src/linked/contexts/index.js';
import { LinkedIndex } from '../src/linked/index.js';
import { createDocumentLoader } from '../src/linked/jsonld-loader.js';
import { normalizeAttributes, normalizeExpanded } from '../src/linked/normalize.js';
import { resolveUri } from '../src/linked/resolve.js';
import { searchIndex } from '../src/linked/search.js';
import { CAT, rec, upstreamRecords } from './linked-helpers.js';

describe('document loader', () => {
  it('serves the bundled contexts offline', async () => {
    const load = createDocumentLoader();
    for (const url of ['https://schema.org/', 'http://schema.org', 'http://www.w3.org/ns/prov.jsonld', 'https://www.w3.org/ns/dcat.jsonld', CATPLUS_CONTEXT_URL]) {
      const doc = await load(url);
      expect(doc.document).toHaveProperty('@context');
    }
  });

  it('refuses an unknown context fast, naming it, without touching the network', async () => {
    const load = createDocumentLoader({ fetch: () => Promise.reject(new Error('fetch must not be called')) });
    const t0 = performance.now();
    const err = await load('https://nowhere.invalid/ctx.jsonld').catch((e) => e);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(isZldError(err, 'NotFound')).toBe(true);
    expect(err.message).toContain('https://nowhere.invalid/ctx.jsonld');
    expect(err.message).toContain('network access is disallowed');
  });

  it('uses the injected fetch only when the network is allowed', async () => {
    const calls: string[] = [];
    const load = createDocumentLoader({
      allowNetwork: true,
      fetch: async (url) => {
        calls.push(String(url));
        return new Response(JSON.stringify({ '@context': { ex: 'https://ex.org/' } }), { status: 200 });
      },
    });
    await load('https://lab.example/ctx.jsonld');
    await load('https://lab.example/ctx.jsonld');
    expect(calls).toEqual(['https://lab.example/ctx.jsonld']);
    const denied = createDocumentLoader({ allowNetwork: true, fetch: async () => new Response('no', { status: 403 }) });
    expect(await denied('https://lab.example/x').catch((e) => e.code)).toBe('AccessDenied');
  });

  it('user-configured contexts take precedence', async () => {
    const load = createDocumentLoader({ contexts: { 'https://lab.example/ctx.jsonld': { '@context': { lab: 'https://lab.example/ns#' } } } });
    expect((await load('https://lab.example/ctx.jsonld')).document).toEqual({ '@context': { lab: 'https://lab.example/ns#' } });
  });
});

describe('normalize', () => {
  it('fast path and jsonld.expand agree on the Cat+ attributes', async () => {
    for (const r of upstreamRecords()) {
      if (!('@id' in r.attributes)) continue;
      const fast = normalizeExpanded(r.attributes);
      const viaJsonld = await normalizeAttributes({ '@context': {}, ...r.attributes });
      expect(fast.statements).toEqual(viaJsonld.statements);
      expect(fast.subjects).toEqual(viaJsonld.subjects);
    }
  });

  it('attributes that are not JSON-LD are fine: no @id, values kept for search', () => {
    const d = normalizeExpanded({ units: 'mV', gain: 2, tags: ['a', 'b'] });
    expect(d.linked).toBe(false);
    expect(d.subjects).toEqual([]);
    expect(d.plain).toEqual([['units', 'mV'], ['gain', '2'], ['tags', 'a'], ['tags', 'b']]);
  });

  it('malformed JSON-LD: an error naming the node and the reason', async () => {
    const bad = [
      { '@id': 5 },
      { '@id': 'https://ex.org/a', 'https://ex.org/p': [{ '@value': { nested: true } }] },
      { '@id': 'https://ex.org/a', '@type': [{}] },
    ];
    for (const attrs of bad) {
      const err = (() => {
        try {
          normalizeExpanded(attrs, 'node /x in store mem://s');
        } catch (e) {
          return e;
        }
      })() as Error;
      expect(isZldError(err, 'BadMetadata')).toBe(true);
      expect(err.message).toMatch(/^node \/x in store mem:\/\/s: malformed JSON-LD: /);
    }
    const err = await normalizeAttributes({ '@context': 5, '@id': 'https://ex.org/a' }, { where: 'node /y in store mem://s' }).catch((e) => e);
    expect(isZldError(err, 'BadMetadata')).toBe(true);
    expect(err.message).toContain('node /y in store mem://s: malformed JSON-LD');
  });

  it('an @id that is not an IRI is reported, the node indexed without it', async () => {
    const S = 'mem://bad';
    const index = new LinkedIndex();
    const report = await index.addStore(S, [
      rec(S, '/a', 'group', { '@id': 'sample 1', 'http://ex.org/p': [{ '@value': 'kept' }] }),
      rec(S, '/b', 'group', { '@id': 7 }),
      rec(S, '/c', 'group', { '@context': { '@vocab': 'http://ex.org/' }, '@id': 'not an iri', name: 'compacted' }),
    ]);
    expect(report.problems.map((p) => [p.path, p.unreadable])).toEqual([
      ['/a', false],
      ['/b', true],
      ['/c', false],
    ]);
    expect(report.problems[0]!.message).toContain('"sample 1" is not an absolute IRI');
    expect(report.problems[1]!.message).toContain('node /b in store mem://bad: malformed JSON-LD: @id must be a string');
    expect(index.node(S, '/a')!.ids).toEqual([]);
    expect(index.node(S, '/a')!.description.statements).toHaveLength(1);
    expect(index.allIds()).toEqual([]);
  });

  it('a remote @context with the network disallowed: a clear error, fast', async () => {
    const S = 'mem://remote';
    const index = new LinkedIndex();
    const t0 = performance.now();
    const report = await index.addStore(S, [rec(S, '/a', 'group', { '@context': 'https://nowhere.invalid/context.jsonld', '@id': 'x:1', name: 'n' })]);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.message).toContain('node /a in store mem://remote');
    expect(report.problems[0]!.message).toContain('https://nowhere.invalid/context.jsonld');
    expect(report.problems[0]!.message).toContain('network access is disallowed');
    expect(index.node(S, '/a')!.description.plain).toContainEqual(['name', 'n']);
  });

  it('a 50 MB attribute is indexed and searchable', async () => {
    const S = 'mem://big';
    const big = 'x'.repeat(50 * 1024 * 1024 - 10) + 'needle';
    const index = new LinkedIndex();
    const t0 = performance.now();
    await index.addStore(S, [rec(S, '/big', 'array', { '@id': 'https://ex.org/big', 'https://ex.org/blob': [{ '@value': big }] })]);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(resolveUri(index, 'https://ex.org/big').candidates).toMatchObject([{ path: '/big', via: 'self' }]);
    const hits = searchIndex(index, 'NEEDLE');
    expect(hits.map((h) => h.path)).toEqual(['/big']);
    expect(hits[0]!.matches[0]!.value.length).toBe(big.length);
  });
});

describe('a compacted-JSON-LD store', () => {
  const S = 'mem://compact';
  const ctx = CATPLUS_CONTEXT_URL;
  const records = [
    rec(S, '/', 'group', { '@context': ctx, '@id': 'cat:campaign7', '@type': 'Campaign', hasBatch: 'cat:batch7' }),
    rec(S, '/batch7', 'group', { '@context': ctx, '@id': 'cat:batch7', '@type': 'Batch', hasSample: ['cat:sample7'] }),
    rec(S, '/batch7/sample7', 'group', {
      '@context': [ctx, { unit: 'http://www.catplus.ch/ontology/concepts/unit' }],
      '@id': 'cat:sample7',
      '@type': 'Sample',
      quantity: '2.25',
      unit: 'mL',
      hasDataset: 'cat:sample7Dataset',
    }),
    rec(S, '/batch7/sample7/sample7Dataset', 'array'),
    rec(S, '/batch7/sample8', 'group', {
      '@context': { s: 'https://schema.org/', label: 's:name' },
      '@id': 'https://ex.org/sample8',
      label: 'inline context',
    }),
  ];

  it('resolves compact IRIs to the same @id as the expanded form', async () => {
    const index = new LinkedIndex();
    const report = await index.addStore(S, records);
    expect(report.problems).toEqual([]);
    expect(index.byId(`${CAT}sample7`)).toMatchObject([{ path: '/batch7/sample7' }]);
    expect(index.byId('cat:sample7')).toEqual(index.byId(`${CAT}sample7`));
    expect(index.byType(`${CAT}Sample`)).toHaveLength(1);
    expect(index.outgoing('cat:campaign7')).toMatchObject([{ predicate: `${CAT}hasBatch`, object: `${CAT}batch7` }]);
    expect(index.expandIri('s:name')).toBe('https://schema.org/name');
    expect(index.expandIri('lab:x', { '@context': { lab: 'https://lab.example/ns#' } })).toBe('https://lab.example/ns#x');
    expect(resolveUri(index, 'cat:sample7').candidates).toMatchObject([{ path: '/batch7/sample7/sample7Dataset', via: 'link' }]);
  });

  it('matches what jsonld.js expands', async () => {
    const documentLoader = createDocumentLoader();
    const d = await normalizeAttributes(records[2]!.attributes, { documentLoader });
    const expanded = await jsonld.expand(records[2]!.attributes, { documentLoader });
    expect(d.subjects).toEqual([expanded[0]!['@id']]);
    const predicates = Object.keys(expanded[0]!).filter((k) => !k.startsWith('@'));
    expect(new Set(d.statements.map((st) => st.predicate))).toEqual(new Set([...predicates, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type']));
    expect(d.statements).toHaveLength(4);
  });
});
