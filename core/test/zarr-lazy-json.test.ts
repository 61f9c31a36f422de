/** The lazy consolidated reader gives exactly what a full parse gives, for pretty and compact layouts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanConsolidated } from '../src/zarr/lazy-json.js';
import { isZldError } from '../src/errors.js';

const enc = new TextEncoder();
const json = fc.jsonValue({ maxDepth: 3 });
const entries = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 4 }), { maxKeys: 8 });

describe('scanConsolidated', () => {
  it('matches JSON.parse for every entry, in zarr-python (indent 4) and compact layouts', () => {
    fc.assert(
      fc.property(entries, fc.constantFrom(0, 2, 4), (metadata, indent) => {
        const doc = { metadata, zarr_consolidated_format: 1 };
        const text = indent ? JSON.stringify(doc, null, indent) : JSON.stringify(doc);
        const lazy = scanConsolidated(enc.encode(text), 'memory://', '/.zmetadata');
        const full = JSON.parse(text).metadata as Record<string, unknown>;
        expect(lazy.keys().sort()).toEqual(Object.keys(full).sort());
        for (const k of Object.keys(full)) expect(lazy.get(k)).toEqual(full[k]);
        expect(lazy.get('\u0000missing')).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('indexes the children of each group while scanning, in both layouts', () => {
    const nodeKeys = fc.uniqueArray(
      fc.tuple(fc.array(fc.constantFrom('a', 'b', 'c\\d', 'é'), { minLength: 0, maxLength: 3 }), fc.constantFrom('.zgroup', '.zarray', '.zattrs', 'x.json')),
      { maxLength: 20, selector: ([p, f]) => `${p.join('/')}/${f}` },
    );
    fc.assert(
      fc.property(nodeKeys, fc.constantFrom(0, 4), (list, indent) => {
        const metadata = Object.fromEntries(list.map(([p, f]) => [p.length ? `${p.join('/')}/${f}` : f, { f }]));
        const lazy = scanConsolidated(enc.encode(JSON.stringify({ metadata }, null, indent)), 'memory://', '/.zmetadata');
        const nodes = new Set(list.filter(([p, f]) => p.length && (f === '.zgroup' || f === '.zarray')).map(([p]) => `/${p.join('/')}`));
        for (const parent of ['/', '/a', '/a/b', '/c\\d']) {
          const expected = [...nodes].filter((n) => n.slice(0, n.lastIndexOf('/')) === (parent === '/' ? '' : parent));
          expect(lazy.childPaths!(parent).sort()).toEqual(expected.sort());
        }
        for (const k of Object.keys(metadata)) expect(lazy.get(k)).toEqual(metadata[k]);
      }),
      { numRuns: 200 },
    );
  });

  it('answers the root and its children before (and the same as after) indexing everything', () => {
    const seg = fc.constantFrom('a', 'b', '', 'c\\d');
    const key = fc.tuple(fc.array(seg, { maxLength: 3 }), fc.constantFrom('.zgroup', '.zarray', '.zattrs', 'x')).map(([p, f]) => (p.length ? `${p.join('/')}/${f}` : f));
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 16 }), fc.constantFrom(0, 4), (keys, indent) => {
        const metadata = Object.fromEntries(keys.map((k, i) => [k, { i }]));
        const bytes = enc.encode(JSON.stringify({ metadata }, null, indent));
        const fresh = scanConsolidated(bytes, 'memory://', '/.zmetadata');
        const roots = fresh.childPaths!('/').sort();
        const shallow = keys.filter((k) => k.split('/').length <= 2);
        const early = shallow.map((k) => fresh.get(k));
        expect(fresh.get('zz/.zattrs')).toBeUndefined();
        const indexed = scanConsolidated(bytes, 'memory://', '/.zmetadata');
        expect(indexed.keys().sort()).toEqual([...keys].sort());
        expect(roots).toEqual(indexed.childPaths!('/').sort());
        expect(early).toEqual(shallow.map((k) => metadata[k]));
        for (const k of keys) expect(fresh.get(k)).toEqual(metadata[k]);
        expect(fresh.childPaths!('/').sort()).toEqual(roots);
      }),
      { numRuns: 300 },
    );
  });

  it('keys with quotes, colons and backslashes', () => {
    const metadata = { 'a": {"x': { v: 1 }, 'b\\': { v: 2 }, 'c\n"': { v: 3 }, 'é/.zattrs': { v: 4 } };
    for (const indent of [0, 4]) {
      const text = JSON.stringify({ metadata }, null, indent);
      const lazy = scanConsolidated(enc.encode(text), 'memory://', '/.zmetadata');
      for (const [k, v] of Object.entries(metadata)) expect(lazy.get(k), k).toEqual(v);
    }
  });

  it('malformed documents are BadMetadata with a position', () => {
    for (const bad of ['{"metadata": {"a": {"b": 1}', '{"metadata": [1]}', '{"metadata": {"a": 1}} x', '{"other": 1}']) {
      try {
        scanConsolidated(enc.encode(bad), 'memory://', '/.zmetadata');
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect(isZldError(e, 'BadMetadata'), bad).toBe(true);
        expect((e as Error).message).toContain('/.zmetadata');
      }
    }
  });
});
