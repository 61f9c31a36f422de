/**
 * `zld tree STORE [PATH] [--depth N] [--key K]`: the groups and arrays of a store as an indented tree
 * (`--json`: an array of nodes with path, kind, attributes and, for arrays, shape, dtype, chunks...).
 *
 * @example
 * ```sh
 * zld tree ./cat.zarr --depth 2 --key .all_metadata
 * ```
 */
import type { Command } from '../command.js';
import { describeNode, intOption, openCliStore, stringOption } from '../open-store.js';
import { openHierarchy } from '../../zarr/hierarchy.js';
import type { ZarrNode } from '../../zarr/model.js';

export const treeCommand: Command = {
  name: 'tree',
  summary: 'show the groups and arrays of a Zarr store',
  usage: 'STORE [PATH] [--depth N] [--key K]',
  positionals: [1, 2],
  options: { depth: { type: 'string' }, key: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const store = await openCliStore(positionals[0]!, ctx);
    const h = await openHierarchy(store, { consolidated: stringOption(values, 'key'), signal: ctx.signal });
    const start = positionals[1] ?? '/';
    const maxDepth = intOption(values, 'depth');
    const nodes: { node: ZarrNode; depth: number }[] = [];
    const base = (await h.node(start, ctx))?.path.split('/').filter(Boolean).length ?? 0;
    for await (const node of h.walk({ path: start, maxDepth, signal: ctx.signal, onProgress: ctx.progress })) {
      nodes.push({ node, depth: node.path.split('/').filter(Boolean).length - base });
    }
    ctx.endProgress();
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify(nodes.map((n) => n.node))}\n`);
      return;
    }
    const lines = nodes.map(({ node, depth }) => {
      const label = node.path === '/' ? store.url : node.name;
      return `${'  '.repeat(depth)}${label}${node.kind === 'group' ? '/' : ''}  ${describeNode(node)}`;
    });
    ctx.stdout(`${lines.join('\n')}\n`);
  },
};
