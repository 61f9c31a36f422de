/**
 * `zld get STORE PATH --out FILE.npy [--slice 0:10,:]`: save an array, or a selection of it, as a numpy
 * `.npy` file (streamed; the file appears only when complete).
 *
 * @example
 * ```sh
 * zld get ./cat.zarr myBatch/mySamplePrep/sample1/sample1Dataset --out sample1.npy --slice 0:10,:
 * ```
 */
import path from 'node:path';
import { ZldError } from '../../errors.js';
import type { Command } from '../command.js';
import { formatBytes, openCliStore, stringOption } from '../open-store.js';
import { saveNpy } from '../../zarr/npy.js';

export const getCommand: Command = {
  name: 'get',
  summary: 'save an array (or a --slice of it) as a .npy file',
  usage: 'STORE PATH --out FILE.npy [--slice 0:10,:] [--key K]',
  positionals: [2, 2],
  options: { out: { type: 'string', short: 'o' }, slice: { type: 'string' }, key: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const out = stringOption(values, 'out');
    if (!out) throw new ZldError('BadInput', 'zld get needs --out FILE.npy');
    const store = await openCliStore(positionals[0]!, ctx);
    const r = await saveNpy(store, positionals[1]!, path.resolve(ctx.cwd, out), {
      slice: stringOption(values, 'slice'),
      consolidated: stringOption(values, 'key'),
      signal: ctx.signal,
      onProgress: ctx.progress,
    });
    ctx.endProgress();
    if (ctx.json) ctx.stdout(`${JSON.stringify(r)}\n`);
    else ctx.stdout(`saved ${r.dtype} [${r.shape.join(', ')}] to ${r.file} (${formatBytes(r.bytes)})\n`);
  },
};
