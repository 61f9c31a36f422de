/**
 * `zld search [TEXT] --store S [--type T] [--where p=v]... [--limit N]`: search the metadata of stores: free
 * text over literal values, a `@type` filter, predicate filters (`temperatureindegrees=25`, also `!=`, `~`,
 * `>`, `>=`, `<`, `<=`). Prints each node with the values that matched.
 *
 * @example
 * ```sh
 * zld search acetonitrile --store ./demo/test_store.zarr --type cat:Chemical
 * zld search --where temperatureindegrees=25 --store ./demo/test_store.zarr --json
 * ```
 */
import { ZldError } from '../../errors.js';
import { searchIndex } from '../../linked/search.js';
import { compactIri } from '../../linked/terms.js';
import type { Command } from '../command.js';
import { intOption, stringOption } from '../open-store.js';
import { LINKED_OPTIONS, openLinkedStores } from './lookup.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'search the metadata of stores (text, @type, predicate=value)',
  usage: '[TEXT] --store S [--store S2] [--type T] [--where p=v]... [--limit N] [--key K]',
  positionals: [0, 1],
  options: { ...LINKED_OPTIONS, type: { type: 'string' }, where: { type: 'string', multiple: true }, limit: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const where = (values.where as string[] | undefined) ?? [];
    if (!positionals[0]?.trim() && where.length === 0 && !stringOption(values, 'type')) {
      throw new ZldError('BadInput', 'zld search needs TEXT, --type T or --where p=v');
    }
    const { index } = await openLinkedStores(values, ctx);
    const hits = searchIndex(index, positionals[0] ?? '', { type: stringOption(values, 'type'), where, limit: intOption(values, 'limit') });
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify(hits)}\n`);
      return;
    }
    if (hits.length === 0) {
      ctx.stdout('no matches\n');
      return;
    }
    const lines: string[] = [];
    for (const h of hits) {
      lines.push(`${h.ids.map((id) => compactIri(id)).join(' ') || '(no @id)'}  ${h.kind} ${h.path}  in ${h.storeUrl}`);
      for (const m of h.matches) {
        const v = m.value.length > 120 ? `${m.value.slice(0, 117)}...` : m.value;
        lines.push(`    ${compactIri(m.predicate)} = ${JSON.stringify(v)}`);
      }
    }
    ctx.stdout(`${lines.join('\n')}\n${hits.length} match(es)\n`);
  },
};
