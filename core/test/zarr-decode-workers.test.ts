/** Blosc decoding on worker threads gives the same bytes as the in-thread decoder, and falls back cleanly. */
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBloscFrame, decodeBloscFrameAsync, setFrameOffload } from '../src/zarr/blosc-decode.js';
import { encodeBlosc } from '../src/zarr/blosc-encode.js';
import { DecodeWorkers } from '../src/zarr/decode-workers.js';

const pool = new DecodeWorkers(2);
afterAll(async () => {
  setFrameOffload(undefined);
  await pool.close();
});

async function frame(n: number, seed: number): Promise<{ raw: Uint8Array; frame: Uint8Array }> {
  const f64 = new Float64Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) f64[i] = x += Math.sin(i * seed) * 3;
  const raw = new Uint8Array(f64.buffer);
  return { raw, frame: await encodeBlosc(raw, { cname: 'lz4', clevel: 5, shuffle: 1, typesize: 8 }) };
}

// (toEqual on megabytes of typed array takes seconds)
const same = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && Buffer.compare(a, b) === 0;

describe('DecodeWorkers', () => {
  it('decodes big frames on workers, in order, into the caller\'s buffer', async () => {
    setFrameOffload((f) => pool.decode(f));
    const frames = await Promise.all([1, 2, 3, 4, 5, 6].map((s) => frame(300_000, s)));
    const outs = frames.map((f) => new Uint8Array(f.raw.length));
    const got = await Promise.all(frames.map((f, i) => decodeBloscFrameAsync(f.frame, outs[i])));
    for (let i = 0; i < frames.length; i++) {
      expect(got[i]).toBe(outs[i]);
      expect(same(outs[i], frames[i]!.raw)).toBe(true);
    }
    expect(pool.decoded).toBeGreaterThan(0);
    expect(same(decodeBloscFrame(frames[0]!.frame), frames[0]!.raw)).toBe(true);
  });

  it('a corrupt frame is an error (the caller decodes it again and reports it); small frames stay on the calling thread', async () => {
    setFrameOffload((f) => pool.decode(f));
    const { frame: good } = await frame(300_000, 9);
    const bad = good.slice();
    bad.fill(0xff, 16, 4000); // garbage in the block table and the first streams
    await expect(decodeBloscFrameAsync(bad)).rejects.toThrow();
    const before = pool.decoded;
    const small = await frame(1000, 3);
    expect(same(await decodeBloscFrameAsync(small.frame), small.raw)).toBe(true);
    expect(pool.decoded).toBe(before);
  });

  it('a pool whose worker code does not run stops being used, and the caller decodes', async () => {
    // what a minifier's renaming could do: the worker's code calls a function that does not exist
    const broken = new DecodeWorkers(1, `
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', () => {
        try { decodeRenamed(); } catch (e) { parentPort.postMessage({ error: e.message, name: e.name }); }
      });`);
    setFrameOffload((f) => broken.decode(f));
    const f = await frame(300_000, 5);
    expect(same(await decodeBloscFrameAsync(f.frame), f.raw)).toBe(true);
    expect(broken.decode(f.frame)).toBeUndefined(); // not used again
    await broken.close();
  });

  it('a closed pool declines, and the caller decodes', async () => {
    const closed = new DecodeWorkers(1);
    await closed.close();
    setFrameOffload((f) => closed.decode(f));
    const f = await frame(300_000, 4);
    expect(same(await decodeBloscFrameAsync(f.frame), f.raw)).toBe(true);
    expect(closed.decoded).toBe(0);
  });
});
