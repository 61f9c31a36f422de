import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileStore } from '../src/store/file.js';
import { storeContract, caughtZldError, seedFolder } from './store-contract.js';


storeContract(
  'FileStore',
  async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-file-'));
    const store = await FileStore.open(dir);
    return { store, seed: (f) => seedFolder(dir, f), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
  },
  { list: true, write: true },
);

storeContract(
  'FileStore (read-only)',
  async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-file-ro-'));
    const store = await FileStore.open(pathToFileURL(dir).href, { readOnly: true });
    // read-only stores still have set/delete (refusing with Unsupported): test them as readable
    const readable = { url: store.url, get: store.get.bind(store), getRange: store.getRange.bind(store), list: store.list.bind(store) };
    return { store: readable, seed: (f) => seedFolder(dir, f), cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
  },
  { list: true, write: false },
);


describe('FileStore on bad input', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'zld-file-bad-')));
  });
  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('reports a missing store folder as NotFound naming it', async () => {
    const e = await caughtZldError(FileStore.open(path.join(tmp, 'missing.zarr')));
    expect(e.code).toBe('NotFound');
    expect(e.message).toContain(path.join(tmp, 'missing.zarr'));
  });

  it('reports a file given as store as BadInput naming it', async () => {
    await fs.writeFile(path.join(tmp, 'file.zarr'), 'x');
    const e = await caughtZldError(FileStore.open(path.join(tmp, 'file.zarr')));
    expect(e.code).toBe('BadInput');
    expect(e.message).toContain('is a file, not a folder');
    const e2 = await caughtZldError(FileStore.open(path.join(tmp, 'file.zarr'), { create: true }));
    expect(e2.code).toBe('BadInput');
  });

  it('creates the folder on request', async () => {
    const store = await FileStore.open(path.join(tmp, 'new', 'cat.zarr'), { create: true });
    await store.set('/.zgroup', new TextEncoder().encode('{}'));
    expect((await fs.readFile(path.join(tmp, 'new', 'cat.zarr', '.zgroup'), 'utf8'))).toBe('{}');
  });

  it('refuses ../ keys without touching the parent folder', async () => {
    const root = path.join(tmp, 'root');
    await fs.mkdir(root);
    const store = await FileStore.open(root);
    const e = await caughtZldError(store.set('/../escaped' as `/${string}`, new Uint8Array([1])));
    expect(e.code).toBe('BadInput');
    expect(e.message).toContain('"/../escaped"');
    expect(await fs.readdir(tmp)).toEqual(['root']);
  });

  describe('with a symlink pointing outside the root', () => {
    let store: FileStore;
    let outside: string;
    beforeEach(async () => {
      const root = path.join(tmp, 'root');
      outside = path.join(tmp, 'outside');
      await fs.mkdir(root);
      await fs.mkdir(outside);
      await fs.writeFile(path.join(outside, 'secret'), 'top secret');
      await fs.writeFile(path.join(root, '.zgroup'), '{}');
      await fs.symlink(path.join(outside, 'secret'), path.join(root, 'leak'));
      await fs.symlink(outside, path.join(root, 'dirleak'));
      await fs.mkdir(path.join(root, 'inner'));
      await fs.writeFile(path.join(root, 'inner', 'x'), 'x');
      await fs.symlink(path.join(root, 'inner'), path.join(root, 'alias'));
      store = await FileStore.open(root);
    });

    it('get refuses with AccessDenied naming the key', async () => {
      const e = await caughtZldError(store.get('/leak'));
      expect(e.code).toBe('AccessDenied');
      expect(e.message).toContain('/leak');
      expect((await caughtZldError(store.get('/dirleak/secret'))).code).toBe('AccessDenied');
      expect((await caughtZldError(store.getRange('/leak', { suffixLength: 3 }))).code).toBe('AccessDenied');
      expect((await caughtZldError(store.getInto('/leak', (n) => new Uint8Array(n)))).code).toBe('AccessDenied');
    });

    it('list omits it but keeps links that stay inside', async () => {
      expect(await store.list('/')).toEqual({ keys: ['.zgroup'], prefixes: ['alias', 'inner'] });
      expect(new TextDecoder().decode(await store.get('/alias/x'))).toBe('x');
    });

    it('writing through it is refused and creates nothing outside', async () => {
      const e = await caughtZldError(store.set('/dirleak/new/deeper/file', new Uint8Array([1])));
      expect(e.code).toBe('AccessDenied');
      expect((await fs.readdir(outside)).sort()).toEqual(['secret']);
      expect((await caughtZldError(store.delete('/leak'))).code).toBe('AccessDenied');
      expect(await fs.readFile(path.join(outside, 'secret'), 'utf8')).toBe('top secret');
    });
  });

  it('reports a key clashing with a file on its path as Conflict, writing nothing', async () => {
    const store = await FileStore.open(tmp);
    await store.set('/a', new Uint8Array([1]));
    const e = await caughtZldError(store.set('/a/b', new Uint8Array([2])));
    expect(e.code).toBe('Conflict');
    expect(e.message).toContain('/a/b');
    expect(await fs.readdir(tmp)).toEqual(['a']);
  });

  it('leaves no temporary files behind, even for long names', async () => {
    const store = await FileStore.open(tmp);
    const long = `/${'n'.repeat(240)}`;
    await store.set(long as `/${string}`, new Uint8Array([1, 2]));
    expect(await fs.readdir(tmp)).toEqual(['n'.repeat(240)]);
  });

  it('refuses writes when read-only and changes nothing', async () => {
    const store = await FileStore.open(tmp, { readOnly: true });
    const e = await caughtZldError(store.set('/x', new Uint8Array([1])));
    expect(e.code).toBe('Unsupported');
    expect(e.message).toContain('read-only');
    expect(await fs.readdir(tmp)).toEqual([]);
  });
});

describe('FileStore.getInto', () => {
  let tmp: string;
  let store: FileStore;
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-file-into-'));
    await fs.mkdir(path.join(tmp, 'a'));
    await fs.writeFile(path.join(tmp, 'a', '0.0'), Buffer.from('chunk bytes'));
    store = await FileStore.open(tmp);
  });
  afterEach(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('reads into the lent buffer (a view of it) when it is big enough', async () => {
    const lent = new Uint8Array(64).fill(9);
    const sizes: number[] = [];
    const got = (await store.getInto('/a/0.0', (n) => (sizes.push(n), lent)))!;
    expect(sizes).toEqual([11]);
    expect(got.buffer).toBe(lent.buffer);
    expect(got.byteOffset).toBe(0);
    expect(new TextDecoder().decode(got)).toBe('chunk bytes');
    expect(lent[11]).toBe(9); // nothing written past the file
  });

  it('allocates its own buffer when the lent one is too short, and reads missing keys and folders as undefined', async () => {
    const lent = new Uint8Array(4);
    const got = (await store.getInto('/a/0.0', () => lent))!;
    expect(got.buffer).not.toBe(lent.buffer);
    expect(new TextDecoder().decode(got)).toBe('chunk bytes');
    expect(await store.getInto('/a/1.0', () => lent)).toBeUndefined();
    expect(await store.getInto('/a', () => lent)).toBeUndefined();
  });
});
