/**
 * Shared helpers of the Zarr CLI commands: open the STORE argument (a folder path relative to the working
 * directory, `file://`, `s3://` with settings from the environment, `http(s)://`), read numeric options, and
 * describe nodes in one line.
 *
 * @example
 * ```ts
 * const store = await openCliStore(args.positionals[0]!, ctx, { writable: true });
 * ```
 */
import path from 'node:path';
import { ZldError } from '../errors.js';
import { FileStore } from '../store/file.js';
import { withLocalMetadataTree } from '../zarr/local-metadata.js';
import { isWritable, type ReadableStore, type WritableStore } from '../store/types.js';
import type { ArrayNode, ZarrNode } from '../zarr/model.js';
import type { CommandContext, ParsedValues } from './command.js';

export async function openCliStore(location: string, ctx: CommandContext, opts: { writable: true }): Promise<WritableStore>;
export async function openCliStore(location: string, ctx: CommandContext, opts?: { writable?: boolean }): Promise<ReadableStore>;
export async function openCliStore(location: string, ctx: CommandContext, opts: { writable?: boolean } = {}): Promise<ReadableStore> {
  // local folders skip loading the S3/HTTP clients (a large part of the CLI's start-up time)
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(location.trim())?.[1]?.toLowerCase();
  let store: ReadableStore;
  if (scheme === undefined || scheme === 'file') {
    const dir = scheme === 'file' ? location : path.resolve(ctx.cwd, location);
    store = withLocalMetadataTree(await FileStore.open(dir, { readOnly: !opts.writable }));
  }
  else {
    const { openStore } = await import('../store/open-node.js');
    const { s3OptionsFromEnv } = await import('../store/open.js');
    store = await openStore(location, { s3: s3OptionsFromEnv(ctx.env), readOnly: !opts.writable });
  }
  if (opts.writable && !isWritable(store)) throw new ZldError('Unsupported', `store ${store.url} is read-only: cannot write to it`);
  return store;
}

/** A non-negative integer option (`--depth 2`), or undefined when absent. */
export function intOption(values: ParsedValues, name: string): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) {
    throw new ZldError('BadInput', `--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  return n;
}

export function stringOption(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--format 2|3`. */
export function formatOption(values: ParsedValues): 2 | 3 | undefined {
  const f = intOption(values, 'format');
  if (f !== undefined && f !== 2 && f !== 3) throw new ZldError('BadInput', `--format must be 2 or 3, got ${f}`);
  return f as 2 | 3 | undefined;
}

function codecText(node: ArrayNode): string {
  const names = node.codecs.filter((c) => c.name !== 'bytes' && c.name !== 'transpose').map((c) => {
    const cname = c.configuration?.cname;
    return typeof cname === 'string' ? `${c.name}/${cname}` : c.name;
  });
  return names.length ? names.join('+') : 'raw';
}

/** `float64 [9000, 1000] chunks [900, 1000] blosc/lz4` */
export function describeArray(node: ArrayNode): string {
  return `${node.dtype} [${node.shape.join(', ')}] chunks [${node.chunks.join(', ')}]${node.shardShape ? ` shards [${node.shardShape.join(', ')}]` : ''} ${codecText(node)}`;
}

export function describeNode(node: ZarrNode): string {
  return node.kind === 'group' ? 'group' : describeArray(node);
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let x = n;
  while (x >= 1000 && i < units.length - 1) {
    x /= 1000;
    i++;
  }
  return `${i === 0 ? x : x.toFixed(1)} ${units[i]}`;
}
