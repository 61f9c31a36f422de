/**
 * Escaping is the security boundary: for hostile store paths, node names, URIs, consolidated keys and S3
 * options, the generated code must (1) parse, (2) have exactly the syntax tree of the same request made
 * with harmless marker strings (so nothing else runs: a comment that became code, or a string that ended
 * early, changes the tree), and (3) hold the hostile strings exactly where the markers were.
 * Python is parsed by real `/usr/bin/python3` (`ast`), JavaScript/TypeScript by the TypeScript parser.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ts from 'typescript';
import { generateLoadCode, type CodeTarget, type LoadRequest } from '../src/codegen.js';
import { parseStoreUrl } from '../src/codegen-common.js';
import { hostileName, hostileString, pythonJsonIO } from './hostile.js';

interface Case {
  segments: string[];
  storeKind: 'local' | 's3' | 'http';
  storeText: string;
  uri: string;
  key: string | null;
  endpoint: string | null;
  region: string | null;
  anonymous: boolean;
  kind: 'array' | 'group';
  zarrFormat: 2 | 3;
  slice: string | null;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  segments: fc.array(hostileName, { minLength: 0, maxLength: 3 }),
  storeKind: fc.constantFrom('local' as const, 's3' as const, 'http' as const),
  storeText: hostileString({ minLength: 1 }),
  uri: hostileString(),
  key: fc.option(hostileName, { nil: null }),
  // options are validated (URL / region name): hostile text can only hide in the endpoint's path
  endpoint: fc.option(hostileString().map((s) => `http://127.0.0.1:9000/${encodeURIComponent(s)}`), { nil: null }),
  region: fc.option(fc.constantFrom('us-east-1', 'eu-central-1', 'ZLDREG'), { nil: null }),
  anonymous: fc.boolean(),
  kind: fc.constantFrom('array' as const, 'group' as const),
  zarrFormat: fc.constantFrom(2 as const, 3 as const),
  slice: fc.option(fc.constantFrom('0:10, :', '5', '::2, 1:', '-1'), { nil: null }),
});

const M = { store: 'ZLDSTORE', seg: (i: number) => `ZLDSEG${i}`, key: 'ZLDKEY', endpoint: 'http://zldend', region: 'ZLDREG', uri: 'ZLDURI' };

function storeUrl(kind: Case['storeKind'], text: string): string {
  if (kind === 'local') return `/data/${text}`;
  if (kind === 's3') return `s3://bucket/${encodeURIComponent(text)}`;
  return `https://example.org/${encodeURIComponent(text)}`;
}

function request(c: Case, benign: boolean): LoadRequest {
  const segments = benign ? c.segments.map((_, i) => M.seg(i)) : c.segments;
  const kind = c.kind === 'array' && segments.length === 0 ? 'group' : c.kind;
  return {
    storeUrl: storeUrl(c.storeKind, benign ? M.store : c.storeText),
    storeOptions: {
      endpoint: c.endpoint === null ? undefined : benign ? M.endpoint : c.endpoint,
      region: c.region === null ? undefined : benign ? M.region : c.region,
      anonymous: c.anonymous,
    },
    path: segments.join('/'),
    kind,
    zarrFormat: c.zarrFormat,
    uri: benign ? M.uri : c.uri,
    consolidatedKey: c.key === null ? undefined : benign ? (c.key === '.zmetadata' ? c.key : M.key) : c.key,
    slice: kind === 'array' && c.slice !== null ? c.slice : undefined,
    variable: 'result',
    date: new Date(0),
  };
}

/** What each marker must have become in the hostile cell (Python: strings are kept whole). */
function markerMap(c: Case): Map<string, string> {
  const m = new Map<string, string>();
  const loc = (text: string) => {
    const l = parseStoreUrl(storeUrl(c.storeKind, text)).location;
    return l.type === 'local' ? l.path : l.url;
  };
  m.set(loc(M.store), loc(c.storeText));
  if (c.segments.length) {
    m.set(c.segments.map((_, i) => M.seg(i)).join('/'), c.segments.join('/'));
    m.set(M.seg(c.segments.length - 1), c.segments[c.segments.length - 1]!);
  }
  if (c.key !== null && c.key !== '.zmetadata') m.set(M.key, c.key);
  if (c.endpoint !== null) m.set(M.endpoint, c.endpoint);
  if (c.region !== null) m.set(M.region, c.region);
  return m;
}

const PY_FACTS = String.raw`
import ast, json, sys

class Blank(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value='S'), node)
        return node

out = []
for src in json.load(sys.stdin):
    try:
        tree = ast.parse(src)
    except SyntaxError as e:
        out.append({'error': '%s (line %s)' % (e.msg, e.lineno)})
        continue
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    out.append({'skeleton': ast.dump(Blank().visit(tree)), 'strings': strings})
print(json.dumps(out))
`;

type PyFacts = { error: string } | { skeleton: string; strings: string[] };

describe('generated Python under hostile input (real python3 ast)', () => {
  for (const flavour of ['zarr', 'xarray', 'dask'] as const) {
    it(`${flavour}: parses, has the benign twin's syntax tree, and holds the hostile strings exactly`, async () => {
      const cases = fc.sample(caseArb, { numRuns: 250, seed: flavour.length * 1000 + 1 });
      const target: CodeTarget = { language: 'python', flavour };
      const sources: string[] = [];
      for (const c of cases) sources.push(generateLoadCode(request(c, false), target).source, generateLoadCode(request(c, true), target).source);
      const facts = await pythonJsonIO<PyFacts[]>(PY_FACTS, sources);
      const failures: unknown[] = [];
      cases.forEach((c, i) => {
        const hostile = facts[2 * i]!;
        const twin = facts[2 * i + 1]!;
        if ('error' in hostile || 'error' in twin) return failures.push({ c, hostile, twin });
        if (hostile.skeleton !== twin.skeleton) return failures.push({ c, why: 'syntax tree differs', source: sources[2 * i] });
        const map = markerMap(c);
        twin.strings.forEach((t, j) => {
          const want = map.get(t) ?? t;
          if (hostile.strings[j] !== want) failures.push({ c, why: 'string differs', got: hostile.strings[j], want });
        });
      });
      expect(failures).toEqual([]);
    });
  }
});

/** Kinds of every node, with string literal texts blanked, and the string literals in order. */
function jsFacts(src: string): { diagnostics: number; skeleton: string; strings: string[] } {
  const sf = ts.createSourceFile('cell.ts', src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const kinds: string[] = [];
  const strings: string[] = [];
  const visit = (n: ts.Node) => {
    kinds.push(ts.SyntaxKind[n.kind]);
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) strings.push(n.text);
    else if (ts.isIdentifier(n)) kinds.push(n.text);
    else if (ts.isNumericLiteral(n)) kinds.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const diagnostics = (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  return { diagnostics, skeleton: kinds.join(' '), strings };
}

describe('generated JavaScript/TypeScript under hostile input (TypeScript parser)', () => {
  it('parses, has the benign twin syntax tree, and holds local paths, node paths and keys exactly', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom('deno' as const, 'node' as const), (c, runtime) => {
        const target: CodeTarget = { language: 'typescript', runtime };
        const hostile = jsFacts(generateLoadCode(request(c, false), target).source);
        const twin = jsFacts(generateLoadCode(request(c, true), target).source);
        expect(hostile.diagnostics).toBe(0);
        expect(hostile.skeleton).toBe(twin.skeleton);
        expect(hostile.strings).toHaveLength(twin.strings.length);
        const map = markerMap(c);
        const nodePath = c.segments.map((_, i) => M.seg(i)).join('/');
        twin.strings.forEach((t, j) => {
          // node paths are given to zarrita percent-encoded when URL resolution would alter them
          if (c.segments.length && t === `/${nodePath}`) expect(decodeURIComponent(hostile.strings[j]!)).toBe(`/${c.segments.join('/')}`);
          else if (map.has(t)) expect(hostile.strings[j]).toBe(map.get(t));
          else if (t.includes(M.store) || t.includes('zldend')) expect(hostile.strings[j]).toMatch(/^(https?):\/\/\S*$/);
          else expect(hostile.strings[j]).toBe(t);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('store options are validated before they reach any code', () => {
  it('refuses endpoints that are not http(s) URLs and regions that are not region names', () => {
    fc.assert(
      fc.property(hostileString({ minLength: 1 }), (s) => {
        const base: LoadRequest = { storeUrl: 's3://b/p', path: 'a', kind: 'array', zarrFormat: 2 };
        if (!/^[A-Za-z0-9-]{1,64}$/.test(s)) {
          expect(() => generateLoadCode({ ...base, storeOptions: { region: s } }, { language: 'javascript' })).toThrow(/not a region name/);
        }
        expect(() => generateLoadCode({ ...base, storeOptions: { endpoint: `${s}\n` } }, { language: 'python' })).toThrow(/not an http\(s\) URL/);
      }),
      { numRuns: 200 },
    );
    expect(() => generateLoadCode({ storeUrl: 's3://b/p', path: '', kind: 'group', zarrFormat: 2, storeOptions: { endpoint: 'http://u:secret@h' } }, { language: 'python' })).toThrow(/without credentials/);
  });
});

describe('comments cannot be broken out of (R and Julia too)', () => {
  it('every line of the header is a comment, whatever the URI and store', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom<CodeTarget>({ language: 'r' }, { language: 'julia' }, { language: 'python' }), (c, target) => {
        const r = { ...request(c, false), slice: undefined };
        let src: string;
        try {
          src = generateLoadCode(r, target).source;
        } catch (e) {
          // R strings cannot hold NUL (tested in the literal tests): the only refusal allowed here
          expect(target.language === 'r' && /cannot hold NUL/.test((e as Error).message)).toBe(true);
          return;
        }
        const lines = src.split('\n');
        const firstCode = lines.findIndex((l) => !l.startsWith('#'));
        expect(lines.slice(0, firstCode).every((l) => /^# [\x20-\x7e]*$/.test(l))).toBe(true);
        expect(src).toMatch(/^[\x20-\x7e\n]*$/);
      }),
      { numRuns: 300 },
    );
  });
});
