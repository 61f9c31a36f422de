/**
 * The JupyterLab extension's chunked Contents API upload (`jupyterlab-ext/src/contents-upload.ts`) against
 * Debian's jupyter-server 1.23 (its LargeFileManager: `chunk` 1, 2, … then -1), reached from Node with
 * `@jupyterlab/services`: every split of the bytes into pieces lands on disk byte for byte under the target's
 * name, the partial file is gone afterwards, a cancelled or discarded upload leaves nothing, an existing file is
 * replaced only when asked, and errors name the path.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ContentsManager } from '@jupyterlab/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentsUpload, serverEntry } from '../../jupyterlab-ext/src/contents-upload.js';
import { serverSettings } from '../helpers/jupyter-kernel.js';
import { startJupyterServer, type JupyterServerHandle } from '../helpers/jupyter-server.js';

function bytes(n: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7 + (i >> 8)) & 0xff);
}

describe('ContentsUpload (chunked Contents API saves)', () => {
  let jupyter: JupyterServerHandle;
  let contents: ContentsManager;
  beforeAll(async () => {
    jupyter = await startJupyterServer();
    contents = new ContentsManager({ serverSettings: serverSettings(jupyter) });
  });
  afterAll(async () => {
    contents?.dispose();
    await jupyter?.stop();
  });

  const partials = async () => (await fs.readdir(jupyter.rootDir)).filter((n) => n.includes('.zld-partial-'));

  it('stores every split of the bytes exactly, in one save or in chunks 1..n then -1', async () => {
    // [total, sizes of the writes], with 1000-byte pieces
    const cases: [number, number[]][] = [
      [1, [1]],
      [1000, [1000]],
      [1001, [1001]],
      [3000, [3000]],
      [2500, [357, 357, 357, 357, 357, 357, 358]],
      [4321, [10, 4000, 311]],
    ];
    for (const [total, writes] of cases) {
      const data = bytes(total, total);
      const file = `up-${total}.bin`;
      const sent: number[] = [];
      const up = new ContentsUpload(contents, file, { chunkBytes: 1000, onSent: (n) => sent.push(n) });
      let off = 0;
      for (const w of writes) {
        await up.write(data.subarray(off, off + w));
        off += w;
      }
      const model = await up.finish({ replace: false });
      expect(model.path, file).toBe(file);
      expect(Buffer.from(await fs.readFile(path.join(jupyter.rootDir, file))).equals(Buffer.from(data)), file).toBe(true);
      expect(sent.at(-1), file).toBe(total);
      expect(sent.length, file).toBe(Math.max(1, Math.ceil(total / 1000)));
    }
    expect(await partials()).toEqual([]);
  });

  it('replaces an existing file only when asked; otherwise the rename fails naming both paths', async () => {
    await fs.writeFile(path.join(jupyter.rootDir, 'keep.bin'), 'old');
    expect(await serverEntry(contents, 'keep.bin')).toMatchObject({ type: 'file', path: 'keep.bin' });
    expect(await serverEntry(contents, 'nothing-here.bin')).toBeUndefined();
    const refused = new ContentsUpload(contents, 'keep.bin', { chunkBytes: 1000 });
    await refused.write(bytes(2500));
    await expect(refused.finish({ replace: false })).rejects.toMatchObject({ message: expect.stringContaining(`cannot rename ${refused.partialPath} to keep.bin on the Jupyter server (HTTP 409)`) });
    await refused.discard();
    expect(await fs.readFile(path.join(jupyter.rootDir, 'keep.bin'), 'utf8')).toBe('old');
    const replacing = new ContentsUpload(contents, 'keep.bin', { chunkBytes: 1000 });
    await replacing.write(bytes(2500, 9));
    await replacing.finish({ replace: true });
    expect(Buffer.from(await fs.readFile(path.join(jupyter.rootDir, 'keep.bin'))).equals(Buffer.from(bytes(2500, 9)))).toBe(true);
    expect(await partials()).toEqual([]);
  });

  it('a replace whose final rename fails puts the replaced file back under its name', async () => {
    await fs.writeFile(path.join(jupyter.rootDir, 'precious.bin'), 'old');
    // the real server, with the one rename that gives the new file its name refused once (as a concurrent writer would)
    let refuse = true;
    const flaky = new Proxy(contents, {
      get(target, prop, receiver) {
        if (prop !== 'rename') return Reflect.get(target, prop, receiver);
        return async (from: string, to: string) => {
          if (refuse && to === 'precious.bin' && from.includes('.zld-partial-') && !from.endsWith('.replaced')) {
            refuse = false;
            throw Object.assign(new Error('refused'), { response: { status: 409 } });
          }
          return target.rename(from, to);
        };
      },
    });
    const up = new ContentsUpload(flaky, 'precious.bin', { chunkBytes: 1000 });
    await up.write(bytes(2500, 3));
    await expect(up.finish({ replace: true })).rejects.toMatchObject({ message: expect.stringContaining(`cannot rename ${up.partialPath} to precious.bin`) });
    expect(await fs.readFile(path.join(jupyter.rootDir, 'precious.bin'), 'utf8')).toBe('old');
    await up.discard();
    expect(await partials()).toEqual([]);
  });

  it('a cancelled upload stops with Aborted and discard deletes what was written', async () => {
    const ctl = new AbortController();
    const up = new ContentsUpload(contents, 'cancelled.bin', { chunkBytes: 1000, signal: ctl.signal });
    await up.write(bytes(2500));
    expect(await partials()).toEqual([path.basename(up.partialPath)]);
    ctl.abort();
    await expect(up.write(bytes(2000))).rejects.toMatchObject({ code: 'Aborted', message: 'writing cancelled.bin was cancelled' });
    await up.discard();
    expect(await partials()).toEqual([]);
    expect(await serverEntry(contents, 'cancelled.bin')).toBeUndefined();
  });

  it('a folder that does not exist: the error names the path', async () => {
    const up = new ContentsUpload(contents, 'no/such/dir/x.bin', { chunkBytes: 1000 });
    await up.write(bytes(10));
    await expect(up.finish({ replace: false })).rejects.toMatchObject({ message: expect.stringMatching(/^cannot write no\/such\/dir\/x\.bin\.zld-partial-[0-9a-f]{8} on the Jupyter server/) });
    await up.discard();
  });
});
