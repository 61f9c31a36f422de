/**
 * `zld retrieve URI --store S --out dataset.npy [--pick N]`: resolve a URI to its array and save it as a
 * numpy `.npy` file (streamed; the file appears only when complete). Ambiguity exits 1 listing the
 * candidates unless `--pick N`.
 *
 * @example
 * ```sh
 * zld retrieve http://www.catplus.ch/ontology/concepts/sample1 --store ./demo/test_store.zarr --out sample1.npy
 * ```
 */
import path from 'node:path';
import { ZldError } from '../../errors.js';
import { resolveUri } from '../../linked/resolve.js';
import { saveNpy } from '../../zarr/npy.js';
import type { Command } from '../command.js';
import { formatBytes, intOption, stringOption } from '../open-store.js';
import { LINKED_OPTIONS, chooseCandidate, openLinkedStores, predicateOptions } from './lookup.js';

export const retrieveCommand: Command = {
  name: 'retrieve',
  summary: 'save the array behind a URI as a .npy file',
  usage: 'URI --store S [--store S2] --out FILE.npy [--pick N] [--slice 0:10,:] [--key K]',
  positionals: [1, 1],
  options: { ...LINKED_OPTIONS, out: { type: 'string', short: 'o' }, pick: { type: 'string' }, slice: { type: 'string' }, predicate: { type: 'string', multiple: true } },
  async run({ values, positionals }, ctx) {
    const out = stringOption(values, 'out');
    if (!out) throw new ZldError('BadInput', 'zld retrieve needs --out FILE.npy');
    const { index, hierarchies } = await openLinkedStores(values, ctx);
    const r = resolveUri(index, positionals[0]!, { predicates: predicateOptions(values) });
    const c = chooseCandidate(r, intOption(values, 'pick'), index.storeUrls());
    const saved = await saveNpy(hierarchies.get(c.storeUrl)!, c.path, path.resolve(ctx.cwd, out), {
      slice: stringOption(values, 'slice'),
      signal: ctx.signal,
      onProgress: ctx.progress,
    });
    ctx.endProgress();
    if (ctx.json) ctx.stdout(`${JSON.stringify({ uri: r.uri, candidate: c, ...saved })}\n`);
    else ctx.stdout(`${r.uri}\n  array ${c.path} in ${c.storeUrl}\n  saved ${saved.dtype} [${saved.shape.join(', ')}] to ${saved.file} (${formatBytes(saved.bytes)})\n`);
  },
};
