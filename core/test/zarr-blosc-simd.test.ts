import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SimdUnshuffle } from '../src/zarr/blosc-simd.js';
import { installSimdUnshuffle, loadSimdUnshuffle } from '../src/zarr/blosc-simd-node.js';
import { decodeBloscFrame, setBlockUnshuffler } from '../src/zarr/blosc-decode.js';
import { encodeBlosc } from '../src/zarr/blosc-encode.js';
import { buildSimdUnshuffle } from '../../test/helpers/blosc-simd.js';

/** c-blosc's byte shuffle, written plainly (element i's byte j goes to j * n + i; a partial element stays). */
function shuffle(raw: Uint8Array, typesize: number): Uint8Array {
  const n = Math.floor(raw.length / typesize);
  const out = raw.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < typesize; j++) out[j * n + i] = raw[i * typesize + j]!;
  return out;
}

describe('WebAssembly SIMD unshuffle', () => {
  it('undoes the byte shuffle for type sizes 2, 4 and 8 at every length, and declines other sizes', async () => {
    const simd = await buildSimdUnshuffle();
    for (const typesize of [2, 4, 8]) {
      for (const size of [0, 1, 15, 16, 17, typesize * 16, typesize * 16 + 1, 1000, 4099, 65536 + 13]) {
        const raw = Uint8Array.from({ length: size }, (_, k) => (k * 131 + (k >> 8)) & 0xff);
        simd.input(size).set(shuffle(raw, typesize));
        const got = simd.run(size, typesize);
        expect(got && Buffer.from(got).equals(Buffer.from(raw)), `typesize ${typesize}, ${size} bytes`).toBe(true);
      }
    }
    simd.input(64);
    expect(simd.run(64, 3)).toBeUndefined();
    expect(simd.run(64, 16)).toBeUndefined();
  });

  it('grows its memory for big blocks and keeps working', async () => {
    const simd = await buildSimdUnshuffle();
    const size = (3 << 20) + 8;
    const raw = Uint8Array.from({ length: size }, (_, k) => (k * 7) & 0xff);
    simd.input(size).set(shuffle(raw, 8));
    expect(Buffer.from(simd.run(size, 8)!).equals(Buffer.from(raw))).toBe(true);
  });

  it('is not used when its module is missing or not ours', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'zld-simd-'));
    try {
      expect(installSimdUnshuffle({ file: path.join(dir, 'missing.wasm') })).toBe(false);
      await writeFile(path.join(dir, 'bad.wasm'), 'not a module');
      expect(installSimdUnshuffle({ file: path.join(dir, 'bad.wasm') })).toBe(false);
      // lazily: the TypeScript unshuffle decodes the first shuffled frame when the module turns out missing
      installSimdUnshuffle({ file: path.join(dir, 'missing.wasm'), lazy: true });
      const data = new Uint8Array(new Float64Array(Array.from({ length: 5000 }, (_, i) => Math.cos(i))).buffer);
      const frame = await encodeBlosc(data, { cname: 'lz4', clevel: 5, shuffle: 1, typesize: 8 });
      expect(Buffer.from(decodeBloscFrame(frame)!).equals(Buffer.from(data))).toBe(true);
      expect(SimdUnshuffle.fromBytes(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toBeUndefined();
    } finally {
      setBlockUnshuffler(undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('loads lazily from the built module: the first shuffled frame decodes through it', async () => {
    await buildSimdUnshuffle();
    expect(loadSimdUnshuffle()).toBeInstanceOf(SimdUnshuffle);
    let loads = 0;
    setBlockUnshuffler(() => (loads++, loadSimdUnshuffle()));
    try {
      const data = new Uint8Array(new Int32Array(Array.from({ length: 70000 }, (_, i) => i * 3)).buffer);
      const frame = await encodeBlosc(data, { cname: 'lz4', clevel: 5, shuffle: 1, typesize: 4 });
      for (let k = 0; k < 3; k++) expect(Buffer.from(decodeBloscFrame(frame)!).equals(Buffer.from(data))).toBe(true);
      expect(loads).toBe(1);
    } finally {
      setBlockUnshuffler(undefined);
    }
  });
});
