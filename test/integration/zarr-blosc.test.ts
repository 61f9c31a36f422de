/** Our Blosc decoder against frames c-blosc (numcodecs) writes, and our encoder's frames read by c-blosc. */
import { describe, expect, it } from 'vitest';
import { decodeBloscFrame, setBlockUnshuffler } from '../../core/src/zarr/blosc-decode.js';
import { buildSimdUnshuffle } from '../helpers/blosc-simd.js';
import { encodeBlosc } from '../../core/src/zarr/blosc-encode.js';
import { pythonJson, type NumcodecsFrame } from '../helpers/fixtures.js';

type Frame = NumcodecsFrame;

/** Frames numcodecs (c-blosc) writes for every compressor, shuffle and type size, with their raw bytes. */
let framesOnce: Promise<Frame[]> | undefined;
const numcodecsFrames = () =>
  (framesOnce ??= pythonJson<Frame[]>(`
import json, base64, numpy as np, numcodecs
rng = np.random.default_rng(7)
out = []
for cname in ['lz4', 'zstd', 'blosclz']:
    for shuffle in [0, 1, 2]:
        for typesize, dtype in [(1, 'u1'), (2, '<i2'), (4, '<f4'), (8, '<f8'), (16, 'V16')]:
            for n in [0, 3, 100, 5000, 300001]:
                if dtype == 'V16':
                    a = rng.integers(0, 4, size=n * 16, dtype='u1').view('V16')
                else:
                    a = (np.cumsum(rng.standard_normal(n)) * 10).astype(dtype) if dtype != 'u1' else rng.integers(0, 7, n, dtype='u1')
                raw = a.tobytes()
                f = numcodecs.Blosc(cname, 5, shuffle).encode(a)
                out.append({'cname': cname, 'shuffle': shuffle, 'typesize': typesize, 'n': n, 'raw': base64.b64encode(raw).decode(), 'frame': base64.b64encode(f).decode()})
print(json.dumps(out))`));

/** Decode every frame with our decoder; frames it declines must be ones it does not claim to handle. */
async function expectNumcodecsFramesDecode(): Promise<void> {
  {
    const frames = await numcodecsFrames();
    let ours = 0;
    for (const f of frames) {
      const frame = new Uint8Array(Buffer.from(f.frame, 'base64'));
      const raw = Buffer.from(f.raw, 'base64');
      const got = decodeBloscFrame(frame);
      const what = `${f.cname} shuffle=${f.shuffle} typesize=${f.typesize} n=${f.n}`;
      if (got === undefined) {
        expect(f.cname !== 'lz4' || f.shuffle === 2, what).toBe(true);
        continue;
      }
      ours++;
      expect(Buffer.from(got).equals(raw), what).toBe(true);
    }
    expect(ours).toBeGreaterThan(40);
  }
}

describe('Blosc frames', () => {
  it('decodes what numcodecs writes (lz4 byte-shuffled, split or not, leftovers, memcpyed) and defers the rest', async () => {
    await expectNumcodecsFramesDecode();
  });

  it('decodes the same frames identically with the WebAssembly SIMD unshuffle (type sizes 2, 4, 8)', async () => {
    const simd = await buildSimdUnshuffle();
    setBlockUnshuffler(simd);
    try {
      await expectNumcodecsFramesDecode();
    } finally {
      setBlockUnshuffler(undefined);
    }
  });

  it('a truncated frame is an error, not garbage', async () => {
    const data = new Uint8Array(new Float64Array(Array.from({ length: 5000 }, (_, i) => Math.sin(i))).buffer);
    const frame = await encodeBlosc(data, { cname: 'lz4', clevel: 5, shuffle: 1, typesize: 8 });
    expect(Buffer.from(decodeBloscFrame(frame)!).equals(Buffer.from(data))).toBe(true);
    expect(() => decodeBloscFrame(frame.subarray(0, frame.length - 10))).toThrow(/header says/);
    const bad = frame.slice();
    bad[bad.length - 5] ^= 0xff; // corrupt a stream
    let result: Uint8Array | undefined;
    try {
      result = decodeBloscFrame(bad);
    } catch {
      result = undefined;
    }
    if (result) expect(Buffer.from(result).equals(Buffer.from(data))).toBe(false);
  });
});
