/**
 * Open a store from a location string, in the browser or in Node: `s3://bucket/prefix` (S3 or an
 * S3-compatible endpoint) and `http(s)://host/path` (read-only). Local folders need `@zld/core/node`,
 * whose `openStore` adds paths and `file://` URLs.
 *
 * @example
 * ```ts
 * import { openStore, s3OptionsFromEnv } from '@zld/core';
 * const store = await openStore('s3://data/cat.zarr', { s3: s3OptionsFromEnv(process.env) });
 * const public = await openStore('https://example.org/cat.zarr');
 * ```
 */
import { ZldError, redactUrl } from '../errors.js';
import { isWritable, type ReadableStore, type WritableStore } from './types.js';
import { HttpStore, type HttpStoreOptions } from './http.js';
import { S3Store, type S3StoreOptions } from './s3.js';

export interface OpenStoreOptions {
  s3?: S3StoreOptions;
  http?: HttpStoreOptions;
  /** Open writable backends read-only (set/delete refused with `Unsupported`). */
  readOnly?: boolean;
  /** Local folders only (Node): create the folder when it is missing. */
  create?: boolean;
}

/** `s3`, `https`, `file`... for `scheme://...` locations; undefined for plain paths (and `C:\` drives). */
export function locationScheme(location: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]+):/.exec(location.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Open an S3 or HTTP(S) store (browser-safe). Local paths are `BadInput` here. */
export async function openStore(location: string, opts: OpenStoreOptions = {}): Promise<ReadableStore> {
  const store = openRemoteStore(location, opts);
  if (store) return store;
  const scheme = locationScheme(location);
  if (scheme === undefined || scheme === 'file') {
    throw new ZldError('BadInput', `cannot open local folder ${location} here: local stores need Node (@zld/core/node)`, {
      detail: { location },
    });
  }
  throw unknownScheme(location);
}

/** Like {@link openStore}, for writing: read-only locations (HTTP) are `Unsupported`. */
export async function openWritableStore(location: string, opts: Omit<OpenStoreOptions, 'readOnly'> = {}): Promise<WritableStore> {
  return requireWritable(await openStore(location, opts));
}

export function requireWritable(store: ReadableStore): WritableStore {
  if (!isWritable(store)) {
    throw new ZldError('Unsupported', `store ${store.url} is read-only: HTTP(S) stores cannot be written (use s3:// or a folder)`);
  }
  return store;
}

/** The remote store for `location`, or undefined when it is not an s3/http(s) location. */
export function openRemoteStore(location: string, opts: OpenStoreOptions = {}): ReadableStore | undefined {
  const scheme = locationScheme(location);
  if (scheme === 's3') return S3Store.fromUrl(location.trim(), { ...opts.s3, readOnly: opts.readOnly || opts.s3?.readOnly });
  if (scheme === 'http' || scheme === 'https') return new HttpStore(location.trim(), opts.http);
  return undefined;
}

export function unknownScheme(location: string): ZldError {
  return new ZldError(
    'BadInput',
    `cannot open store ${redactUrl(location)}: unknown scheme ${locationScheme(location)}: (use a folder path, file://, s3:// or http(s)://)`,
    { detail: { location: redactUrl(location) } },
  );
}

/**
 * S3 options from environment variables, for the CLI and the kernel side:
 * `ZLD_S3_ENDPOINT` / `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` (path-style addressing then),
 * `AWS_REGION` / `AWS_DEFAULT_REGION`, `ZLD_S3_ANONYMOUS=1` (unsigned requests), and
 * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN` passed on explicitly (so an
 * `env` other than `process.env` works); other credential sources are left to the SDK's chain.
 */
export function s3OptionsFromEnv(env: Record<string, string | undefined>): S3StoreOptions {
  const opts: S3StoreOptions = {};
  const endpoint = env.ZLD_S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (endpoint) {
    opts.endpoint = endpoint;
    opts.forcePathStyle = !/^(0|false|no)$/i.test(env.ZLD_S3_FORCE_PATH_STYLE ?? '');
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) opts.region = region;
  if (/^(1|true|yes)$/i.test(env.ZLD_S3_ANONYMOUS ?? '')) opts.anonymous = true;
  else if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    opts.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return opts;
}
