/**
 * The native metadata walk (core/native/walk.c) against the TypeScript one (walkLocalMetadataTree): same keys,
 * bytes and order on real stores (the fixtures, zarr-python 3's reference store), symlinks, skipped entries,
 * big files, v3 group detection, unreadable folders and files, errors.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZldNative } from '../../core/src/native/native-node.js';
import { FileStore } from '../../core/src/store/file.js';
import type { AbsolutePath } from '../../core/src/store/types.js';
import { buildConsolidated } from '../../core/src/zarr/consolidated.js';
import { readLocalMetadataTree, withLocalMetadataTree } from '../../core/src/zarr/local-metadata.js';
import { CATPLUS_METADATA_SRC, ZARR_V3_REFERENCE, ensureFixtures, repoRoot } from '../helpers/fixtures.js';
import { attempt, expectSameDocs, expectSameWalk, removeStores, store, typescriptStore } from '../helpers/local-walk.js';
import { NATIVE_MODULE, buildNative } from '../helpers/native.js';
import { swapFolderAndLink } from '../helpers/swapper.js';

let native: ZldNative;
beforeAll(async () => {
  native = await buildNative();
  if (!native.readMetadataTree) throw new Error('the native module has no readMetadataTree (core/native/walk.c not built)');
});
afterAll(removeStores);

/** Both walks' keys (v2) in a child process with a time limit: the walks are synchronous, a hang would stop the run. */
async function keysOfBothWalksInChild(dir: string): Promise<string[]> {
  const script = path.join(await store(), 'walk.ts');
  writeFileSync(
    script,
    `import { readLocalMetadataTree, walkLocalMetadataTree } from ${JSON.stringify(path.join(repoRoot, 'core/src/zarr/local-metadata.ts'))};
const root = process.argv[2]!;
console.log(JSON.stringify({ ts: [...walkLocalMetadataTree(root, 2).keys()], native: [...readLocalMetadataTree(root, 2).keys()] }));`,
  );
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), script, dir], { encoding: 'utf8', timeout: 20_000 });
  expect(r.status, r.stderr || 'the walks did not end within 20 s').toBe(0);
  const { ts, native: nat } = JSON.parse(r.stdout) as { ts: string[]; native: string[] };
  expect(nat).toEqual(ts);
  return ts;
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

  it('gives the same result from several threads at once (worker_threads load the module too)', async () => {
    const fx = await ensureFixtures();
    const expected = readLocalMetadataTree(fx.catPlus, 2);
    const code = `const { parentPort, workerData } = require('node:worker_threads');
const native = require(workerData.module);
const out = [];
for (let i = 0; i < 20; i++) { const t = native.readMetadataTree(workerData.root, 2); out.push(t.keys + '|' + t.data.toString('hex')); }
parentPort.postMessage(out);`;
    const runs = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const w = new Worker(code, { eval: true, workerData: { module: NATIVE_MODULE, root: fx.catPlus } });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
    const t = native.readMetadataTree!(fx.catPlus, 2);
    expect([...expected.keys()].join('\0')).toBe(t.keys);
    for (const run of runs) for (const r of run) expect(r).toBe(`${t.keys}|${t.data.toString('hex')}`);
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
    symlinkSync('..', path.join(dir, 'a/b/up')); // inside, but a cycle: not followed
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

  it('does not follow symlinked folders that lead back up the walk: two in a group (exponential, a hang before) and a cycle of two', async () => {
    const group = JSON.stringify({ zarr_format: 2 });
    const dir = await store({ '.zgroup': group, 'g/.zgroup': group, 'x/.zgroup': group, 'y/.zgroup': group });
    symlinkSync('.', path.join(dir, 'g/self'));
    symlinkSync('..', path.join(dir, 'g/up'));
    symlinkSync('../y', path.join(dir, 'x/to-y'));
    symlinkSync('../x', path.join(dir, 'y/to-x'));
    const ts = await keysOfBothWalksInChild(dir);
    expect(ts).toEqual(['/.zgroup', '/g/.zgroup', '/x/.zgroup', '/x/to-y/.zgroup', '/y/.zgroup', '/y/to-x/.zgroup']);
    expectSameWalk(dir, 2);
  });

  it('a named pipe or a device in a document\'s place reads as missing: no wait for a writer, no endless read of /dev/zero', async () => {
    const group = JSON.stringify({ zarr_format: 2 });
    const dir = await store({ '.zgroup': group, 'a/.zgroup': group, 'g/.zgroup': group, 'p/.zarray': '{}' });
    spawnSync('mkfifo', [path.join(dir, 'g/.zattrs'), path.join(dir, 'p/.zattrs')]);
    symlinkSync('/dev/zero', path.join(dir, 'a/.zattrs'));
    const ts = await keysOfBothWalksInChild(dir);
    expect(ts).toEqual(['/.zgroup', '/a/.zgroup', '/g/.zgroup', '/p/.zarray']);
  });

  it('a document that is a symlink to outside the root reads as missing (as a folder that leads outside is skipped); inside, it is read', async () => {
    const group = JSON.stringify({ zarr_format: 2 });
    const array = JSON.stringify({ zarr_format: 2, shape: [1], chunks: [1], dtype: '<i4', compressor: null, fill_value: 0, order: 'C', filters: null });
    const outside = await store({ 'secret.json': '{"token": "not for the store"}', '.zarray': array });
    const dir = await store({ '.zgroup': group, 'g/.zgroup': group, 'h/.zgroup': group, 'attrs.json': '{"inside": true}', 'a/x': '' });
    symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'g/.zattrs'));
    symlinkSync(path.join(outside, '.zarray'), path.join(dir, 'a/.zarray'));
    symlinkSync('../attrs.json', path.join(dir, 'h/.zattrs'));
    expect([...expectSameWalk(dir, 2).keys()]).toEqual(['/.zgroup', '/g/.zgroup', '/h/.zattrs', '/h/.zgroup']);
    expectSameDocs(dir, 2);
  });

  it('a folder swapped for a symlink to outside the root during walks never lets the walk read outside (checked on what was opened)', async () => {
    const group = JSON.stringify({ zarr_format: 2 });
    const outside = await store({ '.zgroup': group, '.zattrs': '{"outside": 1}', 'sub/.zgroup': group, 'sub/.zattrs': '{"outside": 2}' });
    const dir = await store({ '.zgroup': group, 'd/.zgroup': group, 'd/.zattrs': '{"inside": 1}', 'd/sub/.zgroup': group, 'd/sub/.zattrs': '{"inside": 2}' });
    symlinkSync(outside, path.join(dir, 'link'));
    // another thread swaps d and the link for 3 s
    const ended = swapFolderAndLink(path.join(dir, 'd'), path.join(dir, 'link'), 3000);
    let walks = 0;
    let escaped = 0;
    for (const end = Date.now() + 2800; Date.now() < end; walks++) {
      const tree = native.readMetadataTree!(dir, 2, walks % 2 ? 2 : 1);
      if (tree.data.includes('outside')) escaped++;
      await new Promise((done) => setImmediate(done));
    }
    await ended;
    expect(walks).toBeGreaterThan(100);
    expect(escaped).toBe(0);
  }, 20_000);

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
