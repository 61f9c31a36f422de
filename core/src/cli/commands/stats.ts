/**
 * `zld stats STORE PATH [--slice S]`: min, max, mean, count and NaN count of an array, streamed chunk by chunk.
 *
 * @example
 * ```sh
 * zld stats ./cat.zarr myBatch/mySamplePrep/sample1/sample1Dataset --json
 * ```
 */
import type { Command } from '../command.js';
import { openCliStore, stringOption } from '../open-store.js';
import { arrayStats } from '../../zarr/array.js';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'min, max, mean and NaN count of an array',
  usage: 'STORE PATH [--slice S] [--key K]',
  positionals: [2, 2],
  options: { slice: { type: 'string' }, key: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const store = await openCliStore(positionals[0]!, ctx);
    const s = await arrayStats(store, positionals[1]!, {
      slice: stringOption(values, 'slice'),
      consolidated: stringOption(values, 'key'),
      signal: ctx.signal,
      onProgress: ctx.progress,
    });
    ctx.endProgress();
    // JSON has no infinities or NaN: they are written as the strings Zarr uses for fill values
    const finite = (x: number | null) => (x === null || Number.isFinite(x) ? x : Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity');
    if (ctx.json) ctx.stdout(`${JSON.stringify({ ...s, min: finite(s.min), max: finite(s.max), mean: finite(s.mean) })}\n`);
    else ctx.stdout(`min ${s.min}\nmax ${s.max}\nmean ${s.mean}\ncount ${s.count}\nNaN ${s.nanCount}\n`);
  },
};
