/**
 * `openStore` for Node: everything the browser version opens (`s3://`, `http(s)://`) plus local
 * folders given as paths or `file://` URLs. Exported from `@zld/core/node` under the same name.
 *
 * @example
 * ```ts
 * import { openStore, s3OptionsFromEnv } from '@zld/core/node';
 * const local = await openStore('./cat.zarr');
 * const remote = await openStore('s3://data/cat.zarr', { s3: s3OptionsFromEnv(process.env), readOnly: true });
 * ```
 */
import type { ReadableStore } from './types.js';
import { FileStore } from './file.js';
import { locationScheme, openRemoteStore, unknownScheme, type OpenStoreOptions } from './open.js';

export async function openStore(location: string, opts: OpenStoreOptions = {}): Promise<ReadableStore> {
  const remote = openRemoteStore(location, opts);
  if (remote) return remote;
  const scheme = locationScheme(location);
  // plain paths (and Windows drive letters, which are no scheme) are folders
  if (scheme === undefined || scheme === 'file') return FileStore.open(location, { readOnly: opts.readOnly });
  throw unknownScheme(location);
}
