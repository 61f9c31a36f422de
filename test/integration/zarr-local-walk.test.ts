/**
 * The native metadata walk (core/native/walk.c) against the TypeScript one (walkLocalMetadataTree): same keys,
 * bytes and order on real stores (the fixtures, zarr-python 3's reference store, a store shaped like benchmark
 * 1's), symlinks, skipped entries, big files, v3 group detection, malformed documents, unreadable folders and
 * files; and the consolidated document byte for byte against the TypeScript path and zarr-python.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZldNative } from '../../core/src/native/native-node.js';
import { FileStore } from '../../core/src/store/file.js';
import type { AbsolutePath } from '../../core/src/store/types.js';
import { buildConsolidated, writeConsolidated, type MetadataTreeReader } from '../../core/src/zarr/consolidated.js';
import { encodeJson, parseJsonObject } from '../../core/src/zarr/json.js';
import { readLocalMetadataDocs, readLocalMetadataTree, walkLocalMetadataTree, withLocalMetadataTree } from '../../core/src/zarr/local-metadata.js';
import type { ZarrFormat } from '../../core/src/zarr/model.js';
import { CATPLUS_METADATA_SRC, PYTHON, ZARR_V3_REFERENCE, ensureFixtures, repoRoot } from '../helpers/fixtures.js';
import { buildNative } from '../helpers/native.js';

let native: ZldNative;
const tmp: string[] = [];
beforeAll(async () => {
  native = await buildNative();
  if (!native.readMetadataTree) throw new Error('the native module has no readMetadataTree (core/native/walk.c not built)');
});
afterAll(async () => {
  for (const d of tmp) await fs.rm(d, { recursive: true, force: true });
});

/** A fresh folder with these files (path -> content); its real path. */
async function store(files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'zld-walk-')));
  tmp.push(dir);
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), content);
  }
  return dir;
}

const attempt = <T>(f: () => T): { value?: T; error?: Error & { code?: string } } => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: e as Error & { code?: string } };
  }
};

/** Both walks agree: same keys in the same order, same bytes, or the same error. */
function expectSameWalk(root: string, format: ZarrFormat): Map<AbsolutePath, Uint8Array> {
  const ts = attempt(() => walkLocalMetadataTree(root, format));
  const nat = attempt(() => readLocalMetadataTree(root, format));
  if (ts.error) {
    expect(nat.error?.message, root).toBe(ts.error.message);
    expect(nat.error?.code).toBe(ts.error.code);
    return new Map();
  }
  expect(nat.error, root).toBeUndefined();
  expect([...nat.value!.keys()], root).toEqual([...ts.value!.keys()]);
  for (const [k, v] of ts.value!) expect(Buffer.compare(nat.value!.get(k)!, v), `${root} ${k}`).toBe(0);
  return ts.value!;
}

/** Both ways of parsing agree: the same documents in the same order, or the same BadMetadata. */
function expectSameDocs(root: string, format: ZarrFormat): void {
  const url = `file://${root}`;
  const ts = attempt(() => new Map([...walkLocalMetadataTree(root, format)].map(([k, b]) => [k, parseJsonObject(b, url, k)])));
  const nat = attempt(() => readLocalMetadataDocs(root, format, url).docs);
  // deferring the attributes: the same documents once the deferred ones are parsed, the same errors
  const lazy = attempt(() => {
    const p = readLocalMetadataDocs(root, format, url, { deferAttributes: true });
    const more = p.deferred?.();
    return new Map((p.keys ?? [...p.docs.keys()]).map((k) => [k, p.docs.get(k) ?? more!.get(k)!]));
  });
  expect(lazy.error?.message).toBe(nat.error?.message);
  if (!nat.error) expect([...lazy.value!]).toEqual([...nat.value!]);
  if (ts.error) {
    expect(nat.error?.message, root).toBe(ts.error.message);
    expect((nat.error as { detail?: unknown })?.detail).toEqual((ts.error as { detail?: unknown }).detail);
    return;
  }
  expect(nat.error, root).toBeUndefined();
  expect([...nat.value!.keys()]).toEqual([...ts.value!.keys()]);
  expect([...nat.value!.values()]).toEqual([...ts.value!.values()]);
}

/** The FileStore as it was before the native walk: the TypeScript walk, each document parsed on its own. */
function typescriptStore(s: FileStore): FileStore & MetadataTreeReader {
  const wrapped = Object.create(s) as FileStore & MetadataTreeReader;
  wrapped.readMetadataTree = async (format) => walkLocalMetadataTree(s.root, format);
  return wrapped;
}

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

describe('native metadata walk', () => {
  it('reads the fixtures and zarr-python 3 reference store like the TypeScript walk, and builds the same consolidated documents', async () => {
    const fx = await ensureFixtures();
    for (const [root, format] of [[fx.matrix, 2], [fx.catPlus, 2], [CATPLUS_METADATA_SRC, 2], [ZARR_V3_REFERENCE, 3]] as const) {
      const tree = expectSameWalk(root, format);
      expect(tree.size, root).toBeGreaterThan(3);
      expectSameDocs(root, format);
      const fast = await buildConsolidated(withLocalMetadataTree(await FileStore.open(root)));
      const slow = await buildConsolidated(typescriptStore(await FileStore.open(root)));
      expect(JSON.stringify(fast), root).toBe(JSON.stringify(slow));
    }
  });

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

  it('follows symlinked folders only inside the root; skips .zld-tmp-*, loops, dangling links and names that are not UTF-8', async () => {
    const group = JSON.stringify({ zarr_format: 2 });
    const outside = await store({ '.zgroup': group, 'g/.zgroup': group, 'g/.zattrs': '{"outside": true}' });
    const dir = await store({
      '.zgroup': group,
      'a/.zgroup': group,
      'a/b/.zgroup': group,
      'a/b/.zattrs': '{"inside": 1}',
      'a/b/arr/.zarray': JSON.stringify({ zarr_format: 2, shape: [1], chunks: [1], dtype: '<i4', compressor: null, fill_value: 0, order: 'C', filters: null }),
      '.zld-tmp-123/.zgroup': group,
      'a/.zld-tmp-x/.zgroup': group,
      'z/.zgroup': group,
    });
    symlinkSync(path.join(dir, 'a/b'), path.join(dir, 'link-in'));
    symlinkSync('../a', path.join(dir, 'z/relative-in'));
    symlinkSync(outside, path.join(dir, 'link-out'));
    symlinkSync(path.join(outside, 'g'), path.join(dir, 'a/link-out-g'));
    symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop'));
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    symlinkSync('..', path.join(dir, 'a/b/up')); // inside, a cycle: followed until paths hold too many links
    mkdirSync(Buffer.concat([Buffer.from(path.join(dir, 'bad-')), Buffer.from([0xff, 0xfe])]));
    writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'bad-')), Buffer.from([0xff, 0xfe, 0x2f]), Buffer.from('.zgroup')]), group);
    mkdirSync(path.join(dir, 'ünï-cødé'));
    writeFileSync(path.join(dir, 'ünï-cødé/.zgroup'), group);
    const tree = expectSameWalk(dir, 2);
    const keys = [...tree.keys()];
    expect(keys).toContain('/link-in/.zattrs');
    expect(keys).toContain('/z/relative-in/b/.zattrs');
    expect(keys).toContain('/ünï-cødé/.zgroup');
    expect(keys.some((k) => k.includes('link-out') || k.includes('zld-tmp') || k.includes('loop') || k.includes('dangling'))).toBe(false);
    expect(readdirSync(dir)).toContain('.zld-tmp-123');
  });

  it('reads files bigger than the 64 KiB first read whole, and empty files', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(200_000) });
    const exact = `{"t": "${'y'.repeat(65536 - 9)}"}`;
    expect(exact.length).toBe(65536);
    const dir = await store({ '.zgroup': '{"zarr_format": 2}', '.zattrs': big, 'e/.zgroup': '{"zarr_format": 2}', 'e/.zattrs': exact, 'f/.zgroup': '{"zarr_format": 2}', 'f/.zattrs': '' });
    const tree = expectSameWalk(dir, 2);
    expect(tree.get('/.zattrs')!.length).toBe(big.length);
    expect(tree.get('/e/.zattrs')!.length).toBe(65536);
    expect(tree.get('/f/.zattrs')!.length).toBe(0);
    expectSameDocs(dir, 2); // the empty document fails the same way
  });

  it('v3: descends exactly the zarr.json documents that JSON.parse reads as groups', async () => {
    const variants = [
      '{"zarr_format": 3, "node_type": "group"}',
      '\ufeff{"zarr_format": 3, "node_type": "group"}',
      '{"zarr_format": 3, "node_type": "gr\\u006fup"}',
      '{"zarr_format": 3, "node\\u005Ftype": "group"}',
      '{"node_type": "array", "node_type": "group"}',
      '{"node_type": "group", "node_type": "array"}',
      '{"node_type": "group", "attributes": {"x": NaN}}',
      '{"node_type": "group",}',
      '[{"node_type": "group"}]',
      '{"attributes": {"node_type": "group"}}',
      '{"node_type": ["group"]}',
      '{"node_type": {"group": 1}, "zarr_format": 3}',
      ' \t\r\n{ "node_type" : "group" } \n',
      '{"node_type": "group", "a": [1, -0, 1e5, 2.5E-3, -1.0e+2, true, false, null, "\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"]}',
      '{"node_type": "group", "a": 01}',
      '{"node_type": "group", "a": 1.}',
      '{"node_type": "group", "a": .5}',
      '{"node_type": "group", "a": "\\u00"}',
      '{"node_type": "group", "a": "\\x"}',
      '{"node_type": "group", "a": tru}',
      '{"node_type": "group", "a": "tab\there"}',
      '{"node_type": "group"} x',
      '{"node_type": "group"',
      '{"node_type": "Group"}',
      '{"node_type": "group "}',
      '{"node_type":"group","deep":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
      '{"node_type": "group", "k": "\u2028"}',
      '{"node_type": "group", "\u00e9": 1}',
      '',
      '{}',
    ];
    const files: Record<string, string | Buffer> = { 'zarr.json': '{"zarr_format": 3, "node_type": "group"}' };
    variants.forEach((v, i) => {
      files[`v${i}/zarr.json`] = v;
      files[`v${i}/kid/zarr.json`] = '{"zarr_format": 3, "node_type": "array"}';
    });
    files['bad-utf8/zarr.json'] = Buffer.concat([Buffer.from('{"node_type": "group", "x": "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    files['bad-utf8/kid/zarr.json'] = '{}';
    const dir = await store(files);
    const tree = expectSameWalk(dir, 3);
    // the checks above mean something: some variants are descended, some are not
    const descended = variants.map((_, i) => tree.has(`/v${i}/kid/zarr.json` as AbsolutePath));
    expect(descended.filter(Boolean).length).toBeGreaterThan(5);
    expect(descended.filter((d) => !d).length).toBeGreaterThan(5);
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

  it('an unreadable .zgroup raises the fs error naming the file, as the TypeScript walk does, and leaves no descriptor open', async () => {
    const dir = await store({ '.zgroup': '{"zarr_format": 2}', 'a/.zgroup': '{"zarr_format": 2}', 'b/.zgroup': '{"zarr_format": 2}' });
    symlinkSync('.zattrs', path.join(dir, 'a/.zattrs')); // a loop: open fails with ELOOP
    await fs.rm(path.join(dir, 'b/.zgroup'));
    symlinkSync('.zgroup', path.join(dir, 'b/.zgroup'));
    const fds = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 20; i++) {
      const e = attempt(() => readLocalMetadataTree(dir, 2)).error;
      expect(e?.message).toBe(`ELOOP: too many symbolic links encountered, open '${path.join(dir, 'a/.zattrs')}'`);
      expect(e?.code).toBe('ELOOP');
    }
    expectSameWalk(dir, 2);
    expect(readdirSync('/proc/self/fd').length).toBe(fds);
  });

  it('unreadable folders and files give what the TypeScript walk gives (root without the capability to ignore permissions)', async () => {
    const dir = await store({
      '.zgroup': '{"zarr_format": 2}',
      'locked/.zgroup': '{"zarr_format": 2}',
      'searchable/.zgroup': '{"zarr_format": 2}',
      'searchable/.zattrs': '{"a": 1}',
      'arr/.zarray': '{"zarr_format": 2}',
      'arr/.zattrs': '{"secret": 1}',
    });
    const readable = await store({ '.zgroup': '{"zarr_format": 2}', 'listonly/.zgroup': '{"zarr_format": 2}', 'listonly/.zattrs': '{}' });
    await fs.chmod(path.join(dir, 'locked'), 0o000);
    await fs.chmod(path.join(dir, 'searchable'), 0o111);
    await fs.chmod(path.join(dir, 'arr/.zattrs'), 0o000);
    await fs.chmod(path.join(readable, 'listonly'), 0o444);
    const script = path.join(await store(), 'walk.ts');
    writeFileSync(
      script,
      `import { readLocalMetadataTree, walkLocalMetadataTree } from ${JSON.stringify(path.join(repoRoot, 'core/src/zarr/local-metadata.ts'))};
const out = (f: () => Map<string, Uint8Array>) => { try { return [...f()].map(([k, v]) => k + '=' + Buffer.from(v).toString('hex')); } catch (e) { return 'error ' + (e as Error).message; } };
const root = process.argv[2]!;
console.log(JSON.stringify({ ts: out(() => walkLocalMetadataTree(root, 2)), native: out(() => readLocalMetadataTree(root, 2)) }));`,
    );
    // as root, drop the capabilities that let root read anything (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)
    const unprivileged = process.getuid?.() === 0 ? ['setpriv', ['--bounding-set', '-dac_override,-dac_read_search', process.execPath]] : [process.execPath, []];
    const tsx = path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs');
    for (const root of [dir, readable]) {
      const r = spawnSync(unprivileged[0] as string, [...(unprivileged[1] as string[]), tsx, script, root], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const { ts, native: nat } = JSON.parse(r.stdout) as { ts: string | string[]; native: string | string[] };
      expect(nat).toEqual(ts);
      if (root === dir) expect(ts).toBe(`error EACCES: permission denied, open '${path.join(dir, 'arr/.zattrs')}'`);
      else expect(ts).toBe(`error EACCES: permission denied, open '${path.join(readable, 'listonly/.zattrs')}'`); // listed, not openable
    }
    await fs.chmod(path.join(dir, 'arr/.zattrs'), 0o644);
    const r = spawnSync(unprivileged[0] as string, [...(unprivileged[1] as string[]), tsx, script, dir], { encoding: 'utf8' });
    const { ts, native: nat } = JSON.parse(r.stdout) as { ts: string[]; native: string[] };
    expect(nat).toEqual(ts);
    expect(ts.map((l) => l.split('=')[0])).toEqual(['/.zgroup', '/arr/.zarray', '/arr/.zattrs']); // locked: not listed; searchable: not listable
    for (const p of ['locked', 'searchable']) await fs.chmod(path.join(dir, p), 0o755);
    await fs.chmod(path.join(readable, 'listonly'), 0o755);
  });
});
