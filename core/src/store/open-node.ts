/**
 * `openStore` for Node: everything the browser version opens (`s3://`, `http(s)://`) plus local
 * folders given as paths or `file://` URLs. Exported from `@zld/core/node` under the same name.
 *
 * @example
 * ```ts
 * import { openStore, s3OptionsFromEnv } from '@zld/core/node';
 * const local = await openStore('./cat.zarr');
 * const remote = await openStore('s3://data/cat.zarr', { s3: s3OptionsFromEnv(process.env), readOnly: true });
 * const out = await openWritableStore('./new.zarr', { create: true });
 * ```
 */
import type { ReadableStore, WritableStore } from './types.js';
import { FileStore } from './file.js';
import { locationScheme, openRemoteStore, requireWritable, unknownScheme, type OpenStoreOptions } from './open.js';

export async function openStore(location: string, opts: OpenStoreOptions = {}): Promise<ReadableStore> {
  const remote = openRemoteStore(location, opts);
  if (remote) return remote;
  const scheme = locationScheme(location);
  // plain paths (and Windows drive letters, which are no scheme) are folders
  if (scheme === undefined || scheme === 'file') return FileStore.open(location, { readOnly: opts.readOnly, create: opts.create });
  throw unknownScheme(location);
}

/** Like {@link openStore}, for writing: read-only locations (HTTP) are `Unsupported`. */
export async function openWritableStore(location: string, opts: Omit<OpenStoreOptions, 'readOnly'> = {}): Promise<WritableStore> {
  return requireWritable(await openStore(location, opts));
}
