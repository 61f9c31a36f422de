/**
 * `zld consolidate STORE [--key .zmetadata] [--check] [--format 2|3] [--force]`: write consolidated metadata
 * (one atomic write; chunks untouched), or with `--check` report whether it is stale (exit code 1 when it is).
 *
 * @example
 * ```sh
 * zld consolidate s3://bucket/cat.zarr --key .all_metadata
 * zld consolidate ./cat.zarr --key .all_metadata --check --json
 * ```
 */
import { ZldError } from '../../errors.js';
import type { Command } from '../command.js';
import { formatBytes, formatOption, openCliStore, stringOption } from '../open-store.js';
import { checkConsolidated, writeConsolidated } from '../../zarr/consolidated.js';

export const consolidateCommand: Command = {
  name: 'consolidate',
  summary: 'write (or --check) the consolidated metadata of a Zarr store',
  usage: 'STORE [--key .zmetadata] [--check] [--format 2|3] [--force]',
  positionals: [1, 1],
  options: { key: { type: 'string' }, check: { type: 'boolean' }, format: { type: 'string' }, force: { type: 'boolean' } },
  async run({ values, positionals }, ctx) {
    const key = stringOption(values, 'key');
    const format = formatOption(values);
    const common = { key, format, signal: ctx.signal, onProgress: ctx.progress };
    if (values.check) {
      const store = await openCliStore(positionals[0]!, ctx);
      const r = await checkConsolidated(store, common);
      ctx.endProgress();
      if (ctx.json) ctx.stdout(`${JSON.stringify(r)}\n`);
      else {
        const lines = [`${r.key}: ${r.stale ? 'stale' : 'up to date'}`];
        for (const [label, list] of [['added', r.added], ['removed', r.removed], ['changed', r.changed]] as const) {
          for (const k of list) lines.push(`  ${label}: ${k}`);
        }
        ctx.stdout(`${lines.join('\n')}\n`);
      }
      if (r.stale) {
        throw new ZldError(
          'Conflict',
          `consolidated metadata ${r.key} of store ${store.url} is stale (${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed); run zld consolidate --force`,
        );
      }
      return;
    }
    const store = await openCliStore(positionals[0]!, ctx, { writable: true });
    const r = await writeConsolidated(store, { ...common, overwrite: Boolean(values.force) });
    ctx.endProgress();
    if (ctx.json) ctx.stdout(`${JSON.stringify(r)}\n`);
    else if (r.written) ctx.stdout(`wrote ${r.key} (${r.entries} entries, ${formatBytes(r.bytes)}) to ${store.url}\n`);
    else ctx.stdout(`${r.key} of ${store.url} is already up to date (${r.entries} entries)\n`);
  },
};
