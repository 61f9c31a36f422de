/**
 * zld's native module (core/native: c-blosc decoding, local chunk files decoded on the thread pool, huge-page
 * advice) against frames numcodecs writes, zarr-python's reads of the interop matrix and the Cat+ array, and
 * bad chunk files: every value equal, every failure a clear error, never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileStore } from '../../core/src/store/file.js';
import { asHierarchy, planSelection, readArray, streamSelection } from '../../core/src/zarr/array.js';
import { decodeBloscFrameAsync, setNativeFrameDecoder } from '../../core/src/zarr/blosc-decode.js';
import { setChunkFileDecoder } from '../../core/src/zarr/chunk-source.js';
import { installNativeBlosc, uninstallNativeBlosc } from '../../core/src/zarr/blosc-native-node.js';
import { setResultBufferAdvice } from '../../core/src/zarr/result-buffer.js';
import { loadNative, type ZldNative } from '../../core/src/native/native-node.js';
import { copyTree, ensureFixtures, pythonJson, pythonRead, type NumcodecsFrame } from '../helpers/fixtures.js';
import { expectMatrixAsZarrPython } from '../helpers/matrix.js';
import { NATIVE_MODULE, buildNative } from '../helpers/native.js';
import { swapFolderAndLink } from '../helpers/swapper.js';

type Frame = NumcodecsFrame;

/** Frames numcodecs (c-blosc) writes for every compressor it has, every shuffle and several type sizes. */
const numcodecsFrames = () =>
  pythonJson<Frame[]>(`
import json, base64, numpy as np, numcodecs
rng = np.random.default_rng(11)
out = []
for cname in ['lz4', 'lz4hc', 'zstd', 'zlib', 'blosclz']:
    for shuffle in [0, 1, 2]:
        for typesize, dtype in [(1, 'u1'), (2, '<i2'), (4, '<f4'), (8, '<f8')]:
            for n in [0, 5, 4099, 300001]:
                a = (np.cumsum(rng.standard_normal(n)) * 10).astype(dtype) if dtype != 'u1' else rng.integers(0, 7, n, dtype='u1')
                f = numcodecs.Blosc(cname, 5, shuffle).encode(a)
                out.append({'cname': cname, 'shuffle': shuffle, 'typesize': typesize, 'n': n, 'raw': base64.b64encode(a.tobytes()).decode(), 'frame': base64.b64encode(f).decode()})
print(json.dumps(out))`);

const bytesOf = (d: ArrayBufferView) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
const CATPLUS_ARRAY = '/myBatch/mySamplePrep/sample1/sample1Dataset';

let native: ZldNative;
let frames: Frame[];
beforeAll(async () => {
  native = await buildNative();
  frames = await numcodecsFrames();
}, 120_000);

describe('the native module', () => {
  it('is built with Debian c-blosc 1.x and decodes every frame numcodecs writes (lz4, lz4hc, zstd, zlib, blosclz; no/byte/bit shuffle)', () => {
    expect(native.bloscVersion()).toMatch(/^1\.\d+\.\d+/);
    expect(frames.length).toBe(5 * 3 * 4 * 4);
    for (const f of frames) {
      const raw = Buffer.from(f.raw, 'base64');
      const into = new Uint8Array(raw.length);
      const n = native.bloscDecode(new Uint8Array(Buffer.from(f.frame, 'base64')), into, 2);
      const what = `${f.cname} shuffle=${f.shuffle} typesize=${f.typesize} n=${f.n}`;
      expect(n, what).toBe(raw.length);
      expect(Buffer.from(into).equals(raw), what).toBe(true);
    }
  });

  it('decodes, through decodeBloscFrameAsync, the frames the TypeScript decoder leaves to the wasm build', async () => {
    const used: string[] = [];
    setNativeFrameDecoder(() => (frame, into) => {
      used.push('native');
      native.bloscDecode(frame, into, 1);
    });
    try {
      for (const f of frames.filter((x) => x.cname === 'zstd' || x.shuffle === 2)) {
        const got = await decodeBloscFrameAsync(new Uint8Array(Buffer.from(f.frame, 'base64')));
        expect(Buffer.from(got!).equals(Buffer.from(f.raw, 'base64')), `${f.cname} shuffle=${f.shuffle} typesize=${f.typesize}`).toBe(true);
      }
    } finally {
      setNativeFrameDecoder(undefined);
    }
    expect(used.length).toBeGreaterThan(40);
  });

  it('refuses truncated, resized and mis-sized frames with a message, and survives corrupted ones', () => {
    const f = frames.find((x) => x.cname === 'lz4' && x.shuffle === 1 && x.n === 300001 && x.typesize === 8)!;
    const frame = new Uint8Array(Buffer.from(f.frame, 'base64'));
    const size = Buffer.from(f.raw, 'base64').length;
    expect(() => native.bloscDecode(frame.subarray(0, 10), new Uint8Array(size), 1)).toThrow(/needs 16 header bytes, got 10/);
    expect(() => native.bloscDecode(frame.subarray(0, frame.length - 1), new Uint8Array(size), 1)).toThrow(/header says \d+ bytes, the chunk has \d+/);
    expect(() => native.bloscDecode(frame, new Uint8Array(size - 8), 1)).toThrow(new RegExp(`holds ${size} bytes, ${size - 8} expected`));
    expect(() => native.bloscDecode(frame, new Float64Array(4) as never, 1)).toThrow(/Uint8Arrays/);
    // flipped bytes after the header, and in its fields: an error or some bytes, never a crash of this process
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const bad = frame.slice();
      for (let k = 0; k < 1 + (i % 4); k++) bad[Math.floor(rand() * (i % 3 === 0 ? 32 : bad.length))] ^= 1 + Math.floor(rand() * 255);
      try {
        native.bloscDecode(bad, new Uint8Array(size), 1 + (i % 2));
      } catch (e) {
        expect((e as Error).message.length).toBeGreaterThan(5);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('asks for huge pages on a big buffer when the kernel offers them, and never on a small one', () => {
    let mode = 'never';
    try {
      mode = /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? 'never';
    } catch {
      /* no transparent huge pages in this kernel */
    }
    expect(native.adviseHugePages(new ArrayBuffer(64 << 20))).toBe(mode !== 'never');
    expect(native.adviseHugePages(new Float64Array(1000))).toBe(false); // no whole 2 MiB page inside
  });

  it('is not loaded with ZLD_NATIVE=0, nor from a file that is not a module', async () => {
    const before = process.env.ZLD_NATIVE;
    process.env.ZLD_NATIVE = '0';
    try {
      expect(loadNative(pathToFileURL(NATIVE_MODULE))).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.ZLD_NATIVE;
      else process.env.ZLD_NATIVE = before;
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zld-native-'));
    try {
      await writeFile(path.join(dir, 'zld-native.node'), 'not a shared object');
      expect(loadNative(pathToFileURL(path.join(dir, 'zld-native.node')))).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('reading arrays with the native module installed', () => {
  let fileReads = 0;
  let inFlight = 0; // single-file decodes still writing into their destination
  beforeAll(() => {
    installNativeBlosc();
    // count the chunk files decoded on the thread pool, so the tests know that path ran
    setChunkFileDecoder(() => ({
      decode: (root, file, into) => {
        fileReads++;
        inFlight++;
        return native.decodeFile(root, file, into).finally(() => inFlight--);
      },
      decodeMany: (root, files, intos) => {
        fileReads += files.length;
        return native.decodeFiles(root, files, intos);
      },
      lanes: 2,
    }));
  });
  afterAll(() => uninstallNativeBlosc());

  it('reads every array of matrix.zarr exactly as zarr-python does', async () => {
    fileReads = 0;
    await expectMatrixAsZarrPython();
    expect(fileReads).toBeGreaterThan(20);
  });

  it('reads the Cat+ array (9000x1000 f8, blosc lz4) identical to zarr-python, also two reads at once and a slice', async () => {
    const fx = await ensureFixtures();
    const ref = await pythonRead(fx.catPlus, CATPLUS_ARRAY);
    const store = await FileStore.open(fx.catPlus);
    fileReads = 0;
    const reads = await Promise.all([readArray(store, CATPLUS_ARRAY), readArray(store, CATPLUS_ARRAY, { concurrency: 2 })]);
    expect(fileReads).toBe(20);
    for (const r of reads) expect(bytesOf(r.data as Float64Array).equals(ref.bytes)).toBe(true);
    const part = await pythonRead(fx.catPlus, CATPLUS_ARRAY, { slice: '850:1850, 3:997' });
    expect(bytesOf((await readArray(store, CATPLUS_ARRAY, { slice: '850:1850, 3:997' })).data as Float64Array).equals(part.bytes)).toBe(true);
  });

  it('asks for huge pages on a big result, and not on a small one', async () => {
    const fx = await ensureFixtures();
    const store = await FileStore.open(fx.catPlus);
    const advised: number[] = [];
    setResultBufferAdvice((buffer) => {
      advised.push(buffer.byteLength);
      return native.adviseHugePages(buffer);
    });
    try {
      await readArray(store, CATPLUS_ARRAY);
      await readArray(store, CATPLUS_ARRAY, { slice: '0:10, :' }); // 80 KB: not worth a system call
    } finally {
      setResultBufferAdvice((buffer) => native.adviseHugePages(buffer)); // what installNativeBlosc installs
    }
    expect(advised).toEqual([9000 * 1000 * 8]);
  });

  describe('bad chunk files', () => {
    let dir: string;
    let outside: string;
    const A = '/compressors/blosc_lz4_f8';
    beforeAll(async () => {
      const fx = await ensureFixtures();
      dir = await mkdtemp(path.join(os.tmpdir(), 'zld-native-bad-'));
      outside = await mkdtemp(path.join(os.tmpdir(), 'zld-native-outside-'));
      await copyTree(fx.matrix, path.join(dir, 'm.zarr'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    });
    const chunk = (name: string) => path.join(dir, 'm.zarr', A.slice(1), name);
    const read = async () => readArray(await FileStore.open(path.join(dir, 'm.zarr')), A);

    it('a missing chunk or a folder in its place reads as the fill value, as zarr-python reads it', async () => {
      await rm(chunk('1.1'));
      await mkdir(chunk('1.1'));
      await rm(chunk('0.0'));
      const ref = await pythonRead(path.join(dir, 'm.zarr'), A);
      fileReads = 0;
      expect(bytesOf((await read()).data as Float64Array).equals(ref.bytes)).toBe(true);
      expect(fileReads).toBeGreaterThan(0);
    });

    it('a symlinked chunk that leads outside the store is refused, naming the key', async () => {
      const target = path.join(outside, 'secret');
      await writeFile(target, await readFile(chunk('2.0')));
      await rm(chunk('2.0'));
      await symlink(target, chunk('2.0'));
      await expect(read()).rejects.toMatchObject({ code: 'AccessDenied', message: expect.stringContaining(`key ${A}/2.0`) });
      await rm(chunk('2.0'));
      await writeFile(chunk('2.0'), await readFile(target));
    });

    it('a folder swapped for a symlink to outside the store while chunks decode never lets a read escape (checked on what was opened)', async () => {
      const root = path.join(dir, 'race');
      await mkdir(path.join(root, 'd'), { recursive: true });
      await mkdir(path.join(outside, 'race'), { recursive: true });
      // two frames of the same size and other contents: the chunk inside, and one outside
      const [mine, theirs] = ['lz4', 'zstd'].map((c) => frames.find((f) => f.cname === c && f.typesize === 1 && f.n === 4099)!);
      await writeFile(path.join(root, 'd/c'), Buffer.from(mine!.frame, 'base64'));
      await writeFile(path.join(outside, 'race/c'), Buffer.from(theirs!.frame, 'base64'));
      const outsideBytes = Buffer.from(theirs!.raw, 'base64');
      await symlink(path.join(outside, 'race'), path.join(root, 'link'));
      // another thread swaps d and the link for 3 s
      const ended = swapFolderAndLink(path.join(root, 'd'), path.join(root, 'link'), 3000);
      let escaped = 0;
      let inside = 0;
      for (const end = Date.now() + 2800; Date.now() < end; ) {
        const intos = Array.from({ length: 50 }, () => new Uint8Array(4099));
        await Promise.all(
          intos.map((into) =>
            native.decodeFile(root, path.join(root, 'd/c'), into).then(
              (n) => (n === 4099 ? (bytesOf(into).equals(outsideBytes) ? escaped++ : inside++) : 0),
              (e: { code?: string }) => expect(e.code).toBe('ZLD_OUTSIDE'),
            ),
          ),
        );
      }
      await ended;
      expect(inside).toBeGreaterThan(0);
      expect(escaped).toBe(0);
    }, 20_000);

    it('a chunk file far bigger than its decoded size (1 GiB, sparse, its header agreeing) is refused before it is read', async () => {
      const f = frames.find((x) => x.cname === 'lz4' && x.typesize === 1 && x.n === 4099)!;
      const bytes = Buffer.from(f.frame, 'base64');
      bytes.writeUInt32LE(2 ** 30, 12); // cbytes: what the file's size will be
      const big = path.join(dir, 'padded');
      await writeFile(big, bytes);
      await truncate(big, 2 ** 30);
      await expect(native.decodeFile(dir, big, new Uint8Array(4099))).rejects.toMatchObject({
        code: 'ZLD_BAD_FRAME',
        message: `Blosc frame of ${2 ** 30} bytes cannot hold 4099 bytes (at most 16 more)`,
      });
      await rm(big);
    });

    it('a named pipe in the place of a chunk is refused at once, not waited on forever (no thread-pool thread hangs)', async () => {
      const fifo = path.join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      const decoding = native.decodeFile(dir, fifo, new Uint8Array(1024)).then(
        () => 'resolved',
        (e: { code?: string }) => e.code,
      );
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([decoding, new Promise<string>((done) => (timer = setTimeout(() => done('hung'), 3000)))]);
      clearTimeout(timer);
      if (outcome === 'hung') {
        // a writer frees the thread-pool thread blocked in open(), so the run can end
        closeSync(openSync(fifo, 'w'));
        await decoding;
      }
      expect(outcome).toBe('EINVAL');
      await rm(fifo);
    });

    it('a truncated chunk is BadChunk naming the key, the array and both sizes', async () => {
      const original = await readFile(chunk('2.1'));
      const full = original.length;
      await truncate(chunk('2.1'), full - 7);
      await expect(read()).rejects.toMatchObject({
        code: 'BadChunk',
        message: expect.stringMatching(new RegExp(`chunk ${A}/2\\.1 of array ${A} in store .* is truncated or corrupt: ${full - 7} bytes, its Blosc header says ${full}`)),
      });
      await truncate(chunk('2.1'), 3);
      await expect(read()).rejects.toMatchObject({ code: 'BadChunk', message: expect.stringContaining('3 bytes, its Blosc header says at least 16') });
      await writeFile(chunk('2.1'), original);
    });

    it('in a batch of whole chunks, a failing file is named by its own key, and a missing one reads as the fill value', async () => {
      // rows of whole chunks (as the Cat+ arrays have): read in batches off the JavaScript thread
      const rows = path.join(dir, 'rows.zarr');
      await pythonJson(
        `import sys, json, zarr, numpy as np, numcodecs
z = zarr.open(sys.argv[1], mode='w', shape=(64, 30), chunks=(4, 30), dtype='<f8', compressor=numcodecs.Blosc('lz4', 5, 1))
z[:] = np.arange(64 * 30, dtype='<f8').reshape(64, 30)
print(json.dumps(1))`,
        [rows],
      );
      const open = async () => readArray(await FileStore.open(rows), '/');
      await rm(path.join(rows, '5.0'));
      const ref = await pythonRead(rows, '/');
      fileReads = 0;
      expect(bytesOf((await open()).data as Float64Array).equals(ref.bytes)).toBe(true);
      expect(fileReads).toBeGreaterThanOrEqual(16); // every chunk went through the batch path (the missing one again alone)
      await truncate(path.join(rows, '11.0'), 20);
      await expect(open()).rejects.toMatchObject({ code: 'BadChunk', message: expect.stringContaining('chunk /11.0 of array / ') });
      await rm(path.join(rows, '11.0'));
      await writeFile(path.join(outside, 'elsewhere'), 'x');
      await rm(path.join(rows, '13.0'));
      await symlink(path.join(outside, 'elsewhere'), path.join(rows, '13.0'));
      await rm(path.join(rows, '14.0'));
      await symlink(path.join(outside, 'elsewhere'), path.join(rows, '14.0'));
      await expect(open()).rejects.toMatchObject({ code: 'AccessDenied', message: expect.stringMatching(/key \/1[34]\.0 in store/) });
    });

    it('streamSelection into a caller\'s buffer settles only when no decode still writes into it, also when a chunk fails', async () => {
      const h = await asHierarchy(await FileStore.open(path.join(dir, 'm.zarr')));
      const plan = await planSelection(h, A, undefined);
      const into = new Uint8Array(plan.shape.reduce((a, b) => a * b, 1) * 8);
      const original = await readFile(chunk('1.0'));
      await writeFile(chunk('1.0'), original.subarray(0, 20)); // this chunk fails at once, others are on their way
      let stillWriting = -1;
      try {
        await expect(
          streamSelection(plan, () => undefined, { into, concurrency: 8 }).catch((e: unknown) => {
            stillWriting = inFlight; // what the caller sees when its promise rejects: it may reuse or transfer `into` now
            throw e;
          }),
        ).rejects.toMatchObject({ code: 'BadChunk' });
      } finally {
        await writeFile(chunk('1.0'), original);
      }
      expect(stillWriting).toBe(0);
    });

    it('a chunk whose header claims another size is BadChunk, not a write past the destination', async () => {
      const bytes = await readFile(chunk('0.1'));
      bytes.writeUInt32LE(bytes.readUInt32LE(4) * 2, 4); // nbytes
      await writeFile(chunk('0.1'), bytes);
      await expect(read()).rejects.toMatchObject({
        code: 'BadChunk',
        message: expect.stringMatching(new RegExp(`chunk ${A}/0\\.1 of array ${A} in store .* does not decode: Blosc frame holds \\d+ bytes, 1024 expected`)),
      });
    });
  });
});
