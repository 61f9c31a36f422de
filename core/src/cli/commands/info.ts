/**
 * `zld info STORE PATH`: everything about one group or array (attributes, shape, data type, chunks, codecs,
 * fill value, sizes, chunks stored).
 *
 * @example
 * ```sh
 * zld info ./cat.zarr myBatch/mySamplePrep/sample1/sample1Dataset --json
 * ```
 */
import { ZldError } from '../../errors.js';
import type { Command } from '../command.js';
import { describeArray, formatBytes, openCliStore, stringOption } from '../open-store.js';
import { openHierarchy } from '../../zarr/hierarchy.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'show the metadata of one group or array',
  usage: 'STORE PATH [--key K]',
  positionals: [2, 2],
  options: { key: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const store = await openCliStore(positionals[0]!, ctx);
    const h = await openHierarchy(store, { consolidated: stringOption(values, 'key'), signal: ctx.signal });
    const node = await h.node(positionals[1]!, ctx);
    if (!node) throw new ZldError('NotFound', `no group or array at ${positionals[1]} in store ${store.url}`);
    const out = node.kind === 'array' ? { ...node, chunksStored: await h.countChunks(node.path, ctx) } : node;
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify(out)}\n`);
      return;
    }
    const lines = [`path: ${node.path}`, `kind: ${node.kind}`, `zarr format: ${node.zarrFormat}`];
    if (out.kind === 'array') {
      lines.push(
        `array: ${describeArray(out)}`,
        `raw dtype: ${out.rawDtype}`,
        `order: ${out.order}`,
        `fill value: ${JSON.stringify(out.fillValue)}`,
        `codecs: ${JSON.stringify(out.codecs)}`,
        `chunks: ${out.chunkCount} in the grid${out.chunksStored !== undefined ? `, ${out.chunksStored} stored` : ''}`,
      );
      if (out.nbytes !== undefined) lines.push(`size: ${formatBytes(out.nbytes)} uncompressed`);
      if (out.dimensionNames) lines.push(`dimensions: ${out.dimensionNames.join(', ')}`);
    }
    lines.push(`attributes: ${JSON.stringify(node.attributes, null, 2)}`);
    ctx.stdout(`${lines.join('\n')}\n`);
  },
};
