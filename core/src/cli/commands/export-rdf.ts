/**
 * `zld export-rdf STORE --format nquads|turtle [--out FILE]`: all metadata of a store as RDF, each node linked
 * to its Zarr location (`<store>#/path`) by `https://zld.dev/ns#location`, ready for a triple store. Without
 * `--out` the RDF goes to stdout (with `--json`, inside `{ store, format, rdf }`).
 *
 * @example
 * ```sh
 * zld export-rdf ./demo/test_store.zarr --format turtle --out demo.ttl
 * ```
 */
import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { ZldError } from '../../errors.js';
import { storeToRdf, type RdfFormat } from '../../linked/rdf.js';
import type { Command } from '../command.js';
import { formatBytes, stringOption } from '../open-store.js';
import { LINKED_OPTIONS, openLinkedStores } from './lookup.js';

const { store: _store, ...options } = LINKED_OPTIONS;

export const exportRdfCommand: Command = {
  name: 'export-rdf',
  summary: 'export all metadata of a store as N-Quads or Turtle',
  usage: 'STORE --format nquads|turtle [--out FILE] [--key K]',
  positionals: [1, 1],
  options: { ...options, format: { type: 'string' }, out: { type: 'string', short: 'o' } },
  async run({ values, positionals }, ctx) {
    const format = (stringOption(values, 'format') ?? 'nquads') as RdfFormat;
    if (format !== 'nquads' && format !== 'turtle') throw new ZldError('BadInput', `--format must be nquads or turtle, got ${JSON.stringify(format)}`);
    const { index } = await openLinkedStores(values, ctx, [positionals[0]!]);
    const storeUrl = index.storeUrls()[0]!;
    const text = storeToRdf(index, storeUrl, { format });
    const out = stringOption(values, 'out');
    if (!out) {
      ctx.stdout(ctx.json ? `${JSON.stringify({ store: storeUrl, format, rdf: text })}\n` : text);
      return;
    }
    const file = path.resolve(ctx.cwd, out);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, file);
    const statements = text.split('\n').filter((l) => l.endsWith(' .')).length;
    if (ctx.json) ctx.stdout(`${JSON.stringify({ store: storeUrl, format, file, bytes: Buffer.byteLength(text) })}\n`);
    else ctx.stdout(`wrote ${format} of ${storeUrl} to ${file} (${formatBytes(Buffer.byteLength(text))}${format === 'nquads' ? `, ${statements} statements` : ''})\n`);
  },
};
