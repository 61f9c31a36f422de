/**
 * Consolidation through the native metadata walk: the v2 document byte for byte what the TypeScript path and
 * zarr-python write (a benchmark-shaped store; random documents under awkward names, put together in C),
 * malformed documents failing as before, and the walk's JSON check against JSON.parse on mutated documents.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZldNative } from '../../core/src/native/native-node.js';
import { FileStore } from '../../core/src/store/file.js';
import { buildConsolidated, writeConsolidated } from '../../core/src/zarr/consolidated.js';
import { encodeJson, parseJsonObject } from '../../core/src/zarr/json.js';
import { withLocalMetadataTree } from '../../core/src/zarr/local-metadata.js';
import { PYTHON } from '../helpers/fixtures.js';
import { attempt, expectSameDocs, expectSameWalk, removeStores, store, typescriptStore } from '../helpers/local-walk.js';
import { buildNative } from '../helpers/native.js';

let native: ZldNative;
beforeAll(async () => {
  native = await buildNative();
  if (!native.readMetadataTree) throw new Error('the native module has no readMetadataTree (core/native/walk.c not built)');
});
afterAll(removeStores);

/** A store shaped like benchmark 1's (batches of samples: groups with JSON-LD attributes, arrays with chunks). */
async function benchShaped(batches: number): Promise<string> {
  const ns = 'http://www.catplus.ch/ontology/concepts/';
  // written as zarr-python writes (ASCII only: zarr-python 2.13 reads metadata as ASCII)
  const dump = (v: unknown) => JSON.stringify(v, null, 4).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const files: Record<string, string> = { '.zgroup': dump({ zarr_format: 2 }), '.zattrs': dump({ '@id': `${ns}root` }) };
  for (let b = 0; b < batches; b++) {
    files[`batch${b}/.zgroup`] = dump({ zarr_format: 2 });
    files[`batch${b}/.zattrs`] = dump({ '@id': `${ns}batch${b}`, '@type': [`${ns}Batch`], [`${ns}name`]: [{ '@value': `Batch ${b} é` }] });
    for (let s = 0; s < 12; s++) {
      const g = `batch${b}/sample${s}`;
      files[`${g}/.zgroup`] = dump({ zarr_format: 2 });
      files[`${g}/.zattrs`] = dump({ '@id': `${ns}${g}`, [`${ns}mass`]: [{ '@value': s * 0.25 }] });
      // fill value 0: zarr-python writes a NaN fill value back as a bare NaN, zld as "NaN" (the Zarr spec's spelling)
      const zarray = { chunks: [90, 10], compressor: null, dtype: '<f8', fill_value: 0, filters: null, order: 'C', shape: [900, 10], zarr_format: 2 };
      files[`${g}/data/.zarray`] = dump(zarray);
      for (let c = 0; c < 10; c++) files[`${g}/data/${c}.0`] = 'x';
    }
  }
  return store(files);
}

describe('consolidation through the native walk', () => {
  it('writes for a benchmark-shaped store the bytes the TypeScript path writes and zarr-python writes', async () => {
    const dir = await benchShaped(20);
    expect(expectSameWalk(dir, 2).size).toBe(2 + 20 * 2 + 20 * 12 * 3);
    expectSameDocs(dir, 2);
    await writeConsolidated(withLocalMetadataTree(await FileStore.open(dir)), { key: '.native' });
    await writeConsolidated(typescriptStore(await FileStore.open(dir)), { key: '.typescript' });
    const py = spawnSync(PYTHON, ['-c', `import sys, zarr\nzarr.consolidate_metadata(zarr.DirectoryStore(sys.argv[1]), metadata_key='.python')`, dir]);
    expect(py.status, String(py.stderr)).toBe(0);
    const [a, b, c] = await Promise.all(['.native', '.typescript', '.python'].map((k) => fs.readFile(path.join(dir, k))));
    expect(Buffer.compare(a!, b!)).toBe(0);
    expect(Buffer.compare(a!, c!)).toBe(0);
    // without overwrite: the same content written differently is kept; a different content is a Conflict
    const native = withLocalMetadataTree(await FileStore.open(dir));
    await fs.writeFile(path.join(dir, '.native'), JSON.stringify(JSON.parse(a!.toString())));
    await expect(writeConsolidated(native, { key: '.native' })).resolves.toMatchObject({ written: false, entries: 762 });
    await fs.writeFile(path.join(dir, 'batch3/.zattrs'), '{\n    "changed": true\n}');
    await expect(writeConsolidated(native, { key: '.native' })).rejects.toMatchObject({ code: 'Conflict' });
    await expect(writeConsolidated(native, { key: '.native', overwrite: true })).resolves.toMatchObject({ written: true, entries: 762 });
    await writeConsolidated(typescriptStore(await FileStore.open(dir)), { key: '.typescript', overwrite: true });
    expect((await fs.readFile(path.join(dir, '.native'))).toString()).toBe((await fs.readFile(path.join(dir, '.typescript'))).toString());
  });

  it('puts together the v2 consolidated document in C exactly as encodeJson writes it: awkward keys, strings and numbers', async () => {
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const numbers = [0, -1, 7, 0.1, 0.25, -2.5, 1 / 3, 2 / 3, 123456.789, 1e-6, 1.5e-6, 1e-7, 1e21, 123456789012345, 1234567890123456, 2 ** 53 + 2, 5e-324, 0.1 + 0.2, -0, 100, 1e20];
    const strings = ['plain', 'q"uote', 'back\\slash', 'nl\nline', 'tab\t', '\u0001ctl', '\u007f', 'é', 'ᐅ', '😀', '\ud800', '/slash', ''];
    const gen = (depth: number): unknown => {
      const r = rand(depth > 2 ? 4 : 6);
      if (r === 0) return numbers[rand(numbers.length)];
      if (r === 1) return strings[rand(strings.length)];
      if (r === 2) return [true, false, null][rand(3)];
      if (r === 3) return {};
      if (r === 4) return Array.from({ length: rand(3) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = rand(4); i > 0; i--) o[['a', 'b', 'B', '@id', 'x y', '10', 'é', 'k"q'][rand(8)]!] = gen(depth + 1);
      return o;
    };
    const names = ['plain', 'with space', 'quote"d', 'back\\slash', 'nl\nname', 'ünï', 'ᐅ', '😀', 'a-b', 'a', 'a.b', 'Z', '_'];
    const files: Record<string, string | Buffer> = { '.zgroup': '{\n    "zarr_format": 2\n}' };
    for (let i = 0; i < 300; i++) {
      const dir = `${names[i % names.length]}${Math.floor(i / names.length)}`;
      files[`${dir}/.zgroup`] = Buffer.from(encodeJson({ zarr_format: 2 }));
      const v = gen(0);
      files[`${dir}/.zattrs`] = Buffer.from(encodeJson(v && typeof v === 'object' && !Array.isArray(v) ? v : { v }));
    }
    const dir = await store(files);
    expectSameWalk(dir, 2);
    const all = native.readMetadataTree!(dir, 2);
    await writeConsolidated(withLocalMetadataTree(await FileStore.open(dir)), { key: '.native' });
    await writeConsolidated(typescriptStore(await FileStore.open(dir)), { key: '.typescript' });
    const [a, b] = await Promise.all(['.native', '.typescript'].map((k) => fs.readFile(path.join(dir, k))));
    expect(a!.toString('latin1')).toBe(b!.toString('latin1'));
    // some documents hold numbers the C check leaves to encodeJson (exponents, 16 digits), so the document
    // was encoded in JavaScript; without them, C put it together: both byte for byte the same as above
    const canonicalOnly = await store(Object.fromEntries(Object.entries(files).filter(([, c]) => !/e[+-]|\d{16}/.test(String(c)))));
    const c = native.readMetadataTree!(canonicalOnly, 2);
    expect(all.consolidated).toBeUndefined();
    expect(c.consolidated).toBeDefined();
    await writeConsolidated(typescriptStore(await FileStore.open(canonicalOnly)), { key: '.typescript' });
    expect(c.consolidated!.toString('latin1')).toBe((await fs.readFile(path.join(canonicalOnly, '.typescript'))).toString('latin1'));
  });

  it('malformed documents fail with the BadMetadata the TypeScript path gives; NaN, BOM and bad UTF-8 parse the same', async () => {
    const zarray = (fill: string) => `{"chunks": [1], "compressor": null, "dtype": "<f8", "fill_value": ${fill}, "filters": null, "order": "C", "shape": [1], "zarr_format": 2}`;
    const cases: Record<string, string | Buffer> = {
      truncated: '[1, 2',
      trailing: '{"a": 1} {"b": 2}',
      array: '[1, 2]',
      string: '"text"',
      nonfinite: '{"a": [NaN, Infinity, -Infinity], "NaN": "NaN"}',
      nonfiniteKey: '{Infinity: 1, "b": -Infinity}',
      badNonfinite: '{"a": -NaN}',
      bom: '\ufeff{"a": 1}',
      badUtf8: Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xe2, 0x28, 0xa1, 0xff]), Buffer.from('"}')]),
      empty: '',
      control: '{"a": "\u0001"}',
    };
    for (const [name, attrs] of Object.entries(cases)) {
      const dir = await store({ '.zgroup': '{"zarr_format": 2}', 'x/.zgroup': '{"zarr_format": 2}', 'x/.zattrs': attrs, 'x/arr/.zarray': zarray('NaN') });
      expectSameWalk(dir, 2);
      expectSameDocs(dir, 2);
      const fast = await buildConsolidated(withLocalMetadataTree(await FileStore.open(dir))).then((d) => JSON.stringify(d), (e: Error) => e.message);
      const slow = await buildConsolidated(typescriptStore(await FileStore.open(dir))).then((d) => JSON.stringify(d), (e: Error) => e.message);
      expect(fast, name).toBe(slow);
    }
    const nested = await store({ '.zgroup': '{"zarr_format": 2}', 'a/.zgroup': '{"zarr_format": 2}', 'a/.zattrs': '{"ok": 1}', 'a/z/.zattrs': '{"late": [1, }', 'b/.zattrs': '{"first": }' });
    await expect(buildConsolidated(withLocalMetadataTree(await FileStore.open(nested)))).rejects.toMatchObject({
      code: 'BadMetadata',
      message: expect.stringContaining('/a/z/.zattrs'), // the first in walk order (a folder without .zgroup keeps its .zattrs)
      detail: { key: '/a/z/.zattrs', position: 13, line: 1, column: 14 },
    });
  });

  it('agrees with JSON.parse on which of 3,000 mutated documents it batches', async () => {
    const base = ['{"a": [1, 2.5, -3e2, "s\\"t"], "b": {"c": null, "d": true}, "e": NaN}', '{"@id": "x", "n": [{"@value": 0.5}], "u": "\\u00e9\\n"}'];
    const alphabet = '{}[]",:0123456789eE.+- tfnulNaIy\\/u\n';
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const files: Record<string, string> = { '.zgroup': '{"zarr_format": 2}' };
    const docs: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let d = base[i % 2]!;
      for (let m = rand(3); m >= 0; m--) {
        const at = rand(d.length + 1);
        const op = rand(3);
        const ch = alphabet[rand(alphabet.length)]!;
        d = op === 0 ? d.slice(0, at) + d.slice(at + 1) : op === 1 ? d.slice(0, at) + ch + d.slice(at) : d.slice(0, at) + ch + d.slice(at + 1);
      }
      docs.push(d);
      files[`g${String(i).padStart(4, '0')}/.zgroup`] = '{"zarr_format": 2}';
      files[`g${String(i).padStart(4, '0')}/.zattrs`] = d;
    }
    const dir = await store(files);
    const t = native.readMetadataTree!(dir, 2);
    const keys = t.keys.split('\0');
    const batches = [
      JSON.parse(t.data.subarray(0, t.batchLength).toString('utf8')) as unknown[],
      JSON.parse(t.data.subarray(t.batchLength, t.batchLength + t.attributesLength).toString('utf8')) as unknown[],
    ];
    const at = [0, 0];
    let valid = 0;
    for (let i = 0; i < keys.length; i++) {
      const zattrs = keys[i]!.endsWith('.zattrs');
      const bytes = t.data.subarray(t.spans[2 * i], t.spans[2 * i + 1]);
      const parsed = attempt(() => parseJsonObject(bytes, 'test', keys[i]!));
      expect(t.batched[i] !== 0, `${keys[i]}: ${bytes.toString()}`).toBe(!parsed.error);
      if (t.batched[i]) {
        expect(t.batched[i], keys[i]).toBe(zattrs ? 2 : 1); // v2 attributes in the second array
        const g = t.batched[i]! - 1;
        expect(batches[g]![at[g]!++], keys[i]).toEqual(parsed.value);
        if (zattrs) valid++;
      }
    }
    expect(at).toEqual([batches[0]!.length, batches[1]!.length]);
    expect(valid).toBeGreaterThan(300);
    expect(valid).toBeLessThan(2900);
  });
});
