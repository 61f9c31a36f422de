/**
 * encodeJson copies only the parts of a value that need sorting or fixing; its bytes must stay what the former
 * copy-everything encoder wrote (kept here as the reference) and what zarr-python's json.dumps(indent=4,
 * sort_keys=True, ensure_ascii=True) writes for ASCII-sortable keys.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeJson } from '../src/zarr/json.js';

/** The encoder as it was before copy on write: a sorted JSON-safe copy of everything, then one stringify. */
function formerEncodeJson(value: unknown, sortKeys = true): string {
  const prep = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    if (typeof v === 'bigint') return Number(v);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(prep);
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
    const keys = Object.keys(v);
    if (sortKeys) keys.sort();
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined && typeof x !== 'function') out[k] = prep(x);
    }
    return out;
  };
  let text = JSON.stringify(prep(value), null, 4);
  if (/[\u0080-\uffff]/.test(text)) text = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text ?? ''; // encoder.encode(undefined) gave no bytes
}

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('encodeJson', () => {
  it('writes what the copy-everything encoder wrote, for awkward values', () => {
    const withProto = JSON.parse('{"b": 1, "__proto__": {"x": 1}, "a": 2}');
    const sortedProto = JSON.parse('{"__proto__": 5, "a": 1}');
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const values: unknown[] = [
      { b: 1, a: 2 },
      { a: 1, b: { d: [1, NaN, { z: Infinity, y: -Infinity }], c: 2 } },
      { 10: 'ten', 2: 'two', b: 'b', a: 'a', '01': 'zero-one' },
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1 },
      { b: undefined, a: 1 },
      { a: 1, b: 2n, c: [3n] },
      [NaN, undefined, () => 1, null, 'é', 'ᐅ', '😀', '\u2028'],
      sparse,
      { z: new Date(0), a: { toJSON: () => ({ y: 1, x: 2 }) } },
      withProto,
      sortedProto,
      { a: { b: { c: { d: { e: [1, 2, { g: 1, f: NaN }] } } } } },
      { 'é': 1, e: 2, 'É': 3, '😀': 4, '\uffff': 5 },
      new Float64Array([1, NaN, 2]),
      'plain',
      -0,
      [],
      {},
      { metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k/${(i * 7) % 50}/.zattrs`, { n: i, arr: [i, i / 3] }])) },
    ];
    for (const v of values) {
      expect(text(encodeJson(v)), JSON.stringify(String(v))).toBe(formerEncodeJson(v));
      expect(text(encodeJson(v, { sortKeys: false }))).toBe(formerEncodeJson(v, false));
    }
  });

  it('leaves the value unchanged and writes the same as before on 500 random documents', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const keys = ['a', 'b', 'B', '_', '0', '1', '10', '2', 'é', 'zarr_format', '@id', '__proto__', 'x y'];
    const gen = (depth: number): unknown => {
      const r = rand(depth > 3 ? 6 : 9);
      if (r === 0) return rand(1000) / (rand(3) + 1);
      if (r === 1) return [NaN, Infinity, -Infinity, 0, -1.5e300][rand(5)];
      if (r === 2) return keys[rand(keys.length)];
      if (r === 3) return [true, false, null][rand(3)];
      if (r === 4) return undefined;
      if (r === 5) return 12345678901234567890n;
      if (r < 8) return Array.from({ length: rand(4) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = rand(5); i > 0; i--) o[keys[rand(keys.length)]!] = gen(depth + 1);
      return o;
    };
    for (let i = 0; i < 500; i++) {
      const v = gen(0);
      const before = formerEncodeJson(v);
      const snapshot = formerEncodeJson(v, false);
      expect(text(encodeJson(v))).toBe(before);
      expect(formerEncodeJson(v, false)).toBe(snapshot); // the input was not modified
    }
  });

  it('matches zarr-python json.dumps(indent=4, sort_keys=True, ensure_ascii=True)', () => {
    const doc = { metadata: { 'b/.zattrs': { name: 'é ᐅ', v: [1, 2.5, -3] }, '.zgroup': { zarr_format: 2 }, 'a/.zarray': { shape: [2], fill_value: 0 } }, zarr_consolidated_format: 1 };
    const py = execFileSync('/usr/bin/python3', ['-c', 'import json, sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), indent=4, sort_keys=True, ensure_ascii=True))'], {
      input: JSON.stringify(doc),
    });
    expect(text(encodeJson(doc))).toBe(py.toString('latin1'));
  });
});
