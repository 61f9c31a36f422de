import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import vm from 'node:vm';
import ts from 'typescript';
import { commentText, jsStr, juliaStr, pyStr, rStr, safeIdentifier } from '../src/literals.js';
import { hostileName, hostileString, pythonJsonIO } from './hostile.js';

const ASCII_LINE = /^[\x20-\x7e]*$/;

const PY_CHECK = String.raw`
import ast, json, sys
out = []
for lit, want in json.load(sys.stdin):
    tree = ast.parse(lit, mode='eval')
    ok = isinstance(tree.body, ast.Constant) and isinstance(tree.body.value, str)
    out.append(ok and tree.body.value == want)
print(json.dumps(out))
`;

describe('pyStr', () => {
  it('evaluates in real Python to exactly the input, as one ASCII constant, for hostile strings', async () => {
    const samples = fc.sample(hostileString(), { numRuns: 600, seed: 42 });
    const cases = samples.map((s) => [pyStr(s), s]);
    for (const [lit] of cases) expect(lit).toMatch(ASCII_LINE);
    const results = await pythonJsonIO<boolean[]>(PY_CHECK, cases);
    const bad = results.flatMap((ok, i) => (ok ? [] : [samples[i]]));
    expect(bad).toEqual([]);
  });

  it('escapes the classic breakouts', () => {
    expect(pyStr("'); import os; os.system('x')#")).toBe("'\\'); import os; os.system(\\'x\\')#'");
    expect(pyStr('a\nb\0')).toBe("'a\\x0ab\\x00'");
    expect(pyStr('🦄')).toBe("'\\U0001f984'");
  });

  it('rejects lone surrogates with BadInput naming the index', () => {
    expect(() => pyStr('ab\ud800')).toThrow(/lone UTF-16 surrogate at index 2/);
    expect(() => pyStr('\udc00x')).toThrow(/index 0/);
  });
});

describe('jsStr', () => {
  it('evaluates in a JavaScript VM to exactly the input, and parses as one string literal in TypeScript', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const lit = jsStr(s);
        expect(lit).toMatch(ASCII_LINE);
        expect(vm.runInNewContext(lit)).toBe(s);
        const sf = ts.createSourceFile('x.ts', `const v = ${lit};`, ts.ScriptTarget.ES2022, true);
        const decl = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0]!;
        expect(sf.statements).toHaveLength(1);
        expect(ts.isStringLiteral(decl.initializer!)).toBe(true);
        expect((decl.initializer as ts.StringLiteral).text).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves ${...} inert (double quotes, not a template)', () => {
    expect(vm.runInNewContext(jsStr('${globalThis.x = 1}'), {})).toBe('${globalThis.x = 1}');
  });
});

/** Reference decoders of the R and Julia escape grammars (as their manuals define them). */
function decodeR(lit: string): string {
  expect(lit.startsWith('"') && lit.endsWith('"')).toBe(true);
  return lit.slice(1, -1).replace(/\\(u\{([0-9a-f]{1,4})\}|U\{([0-9a-f]{1,8})\}|.)/g, (_m, e: string, u?: string, U?: string) => {
    if (u || U) return String.fromCodePoint(parseInt(u ?? U!, 16));
    if (e === '"' || e === '\\') return e;
    throw new Error(`unexpected R escape \\${e}`);
  });
}
function decodeJulia(lit: string): string {
  expect(lit.startsWith('"') && lit.endsWith('"')).toBe(true);
  const body = lit.slice(1, -1);
  // an unescaped $ would interpolate
  expect(/(^|[^\\])(\\\\)*\$/.test(body)).toBe(false);
  return body.replace(/\\(u([0-9a-f]{4})|U([0-9a-f]{8})|.)/g, (_m, e: string, u?: string, U?: string) => {
    if (u || U) return String.fromCodePoint(parseInt(u ?? U!, 16));
    if (e === '"' || e === '\\' || e === '$') return e;
    throw new Error(`unexpected Julia escape \\${e}`);
  });
}

describe('rStr and juliaStr (no R/Julia here: checked against the documented escape grammars)', () => {
  it('round-trip hostile strings as one ASCII literal; R refuses NUL', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const j = juliaStr(s);
        expect(j).toMatch(ASCII_LINE);
        expect(decodeJulia(j)).toBe(s);
        if (s.includes('\0')) expect(() => rStr(s)).toThrow(/R strings cannot hold NUL/);
        else {
          const r = rStr(s);
          expect(r).toMatch(ASCII_LINE);
          expect(decodeR(r)).toBe(s);
        }
      }),
      { numRuns: 500 },
    );
    expect(juliaStr('$(run(`rm -rf /`))')).toBe('"\\$(run(`rm -rf /`))"');
  });
});

describe('commentText', () => {
  it('stays on one printable-ASCII line whatever the input (even lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const c = commentText(s);
        expect(c).toMatch(ASCII_LINE);
        expect(c.endsWith('?')).toBe(false);
      }),
      { numRuns: 500 },
    );
    expect(commentText('a\nimport os')).toBe('a\\u000aimport os');
  });
});

const PY_IDENT_CHECK = String.raw`
import builtins, json, keyword, sys
print(json.dumps([n.isidentifier() and not keyword.iskeyword(n) and not keyword.issoftkeyword(n) and not hasattr(builtins, n) for n in json.load(sys.stdin)]))
`;

describe('safeIdentifier', () => {
  it('gives valid Python identifiers that are no keyword and shadow no builtin (checked in real Python)', async () => {
    const names = [...fc.sample(hostileName, { numRuns: 400, seed: 7 }), 'list', 'print', 'match', '_', 'type', 'None', '__import__', 'sum', '1abc', '', 'été'];
    const ids = names.map((n) => safeIdentifier(n, 'python'));
    const ok = await pythonJsonIO<boolean[]>(PY_IDENT_CHECK, ids);
    expect(ids.filter((_, i) => !ok[i])).toEqual([]);
    expect(safeIdentifier('sample1Dataset', 'python')).toBe('sample1Dataset');
    expect(safeIdentifier('list', 'python')).toBe('list_');
    expect(safeIdentifier('été', 'python')).toBe('ete');
  });

  it('gives valid JavaScript binding names that are not reserved or common globals', () => {
    fc.assert(
      fc.property(hostileName, (n) => {
        const id = safeIdentifier(n, 'javascript');
        expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        // strict-mode module code: a reserved word would not compile
        expect(() => new vm.Script(`'use strict'; let ${id} = 1;`)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    for (const w of ['class', 'await', 'yield', 'let', 'eval', 'arguments', 'undefined', 'Deno', 'zarr']) {
      expect(safeIdentifier(w, 'typescript')).toBe(`${w}_`);
    }
  });

  it('gives R and Julia names of their grammars', () => {
    fc.assert(
      fc.property(hostileName, (n) => {
        expect(safeIdentifier(n, 'r')).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
        expect(safeIdentifier(n, 'julia')).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      }),
      { numRuns: 300 },
    );
    expect(safeIdentifier('function', 'r')).toBe('function_');
    expect(safeIdentifier('_x', 'r')).toBe('x');
    expect(safeIdentifier('end', 'julia')).toBe('end_');
  });
});
