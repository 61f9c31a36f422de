/**
 * `zld links URI --store S`: the links of a URI, outgoing (URI -> predicate -> object) and incoming
 * (subject -> predicate -> URI), with where each statement was read.
 *
 * @example
 * ```sh
 * zld links cat:sample1 --store ./demo/test_store.zarr
 * ```
 */
import { ZldError } from '../../errors.js';
import { nearestIds } from '../../linked/suggest.js';
import { compactIri } from '../../linked/terms.js';
import type { Command } from '../command.js';
import { LINKED_OPTIONS, openLinkedStores } from './lookup.js';

export const linksCommand: Command = {
  name: 'links',
  summary: 'show the outgoing and incoming links of a URI',
  usage: 'URI --store S [--store S2] [--key K]',
  positionals: [1, 1],
  options: { ...LINKED_OPTIONS },
  async run({ values, positionals }, ctx) {
    const { index } = await openLinkedStores(values, ctx);
    const uri = index.expandIri(positionals[0]!.trim());
    const outgoing = index.outgoing(uri);
    const incoming = index.incoming(uri);
    const nodes = index.byId(uri).map(({ storeUrl, path, kind }) => ({ storeUrl, path, kind }));
    if (nodes.length === 0 && outgoing.length === 0 && incoming.length === 0) {
      const near = nearestIds(index, uri);
      throw new ZldError('NotFound', `URI ${uri} is not in ${index.storeUrls().join(', ')}${near.length ? `; nearest known URIs: ${near.join(', ')}` : ''}`);
    }
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify({ uri, nodes, outgoing, incoming })}\n`);
      return;
    }
    const lines = [uri];
    for (const n of nodes) lines.push(`  node  ${n.kind} ${n.path}  in ${n.storeUrl}`);
    lines.push(`  outgoing (${outgoing.length})`);
    for (const l of outgoing) lines.push(`    ${compactIri(l.predicate)} -> ${compactIri(l.object)}   [${l.path}]`);
    lines.push(`  incoming (${incoming.length})`);
    for (const l of incoming) lines.push(`    ${compactIri(l.subject)} ${compactIri(l.predicate)} ->   [${l.path}]`);
    ctx.stdout(`${lines.join('\n')}\n`);
  },
};
