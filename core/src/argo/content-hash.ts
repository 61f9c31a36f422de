/**
 * Content hashes for memoizing pipeline steps: SHA-256 (Web Crypto, so it runs in browsers and Node) over
 * canonical JSON (keys sorted), and a hash of a store's metadata (consolidated metadata when present,
 * otherwise the root's `.zgroup`/`.zattrs`/`.zarray`/`zarr.json`).
 *
 * @example
 * ```ts
 * const h = await contentHash({ image: 'ghcr.io/zld/zld:0.1.0', store: 's3://lab/cat.zarr' }); // 64 hex chars
 * const m = await hashStoreMetadata(store);
 * ```
 */
import { ZldError, throwIfAborted } from '../errors.js';
import type { AbsolutePath, ReadableStore } from '../store/types.js';

/** JSON with object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new ZldError('Unsupported', 'no Web Crypto (crypto.subtle) here to compute content hashes');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 (hex) of the canonical JSON of `value`. */
export function contentHash(value: unknown): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(value)));
}

const METADATA_KEYS: AbsolutePath[] = ['/.zmetadata', '/zarr.json', '/.zgroup', '/.zattrs', '/.zarray'];

/**
 * SHA-256 of a store's metadata: every root metadata document that exists (consolidated metadata covers
 * the whole hierarchy). Throws `NotZarr` when the root has none.
 */
export async function hashStoreMetadata(store: ReadableStore, opts: { signal?: AbortSignal } = {}): Promise<string> {
  const found: Record<string, string> = {};
  for (const key of METADATA_KEYS) {
    throwIfAborted(opts.signal, `hashing the metadata of ${store.url}`);
    const bytes = await store.get(key, { signal: opts.signal });
    if (bytes) found[key] = await sha256Hex(bytes);
  }
  if (Object.keys(found).length === 0) throw new ZldError('NotZarr', `${store.url}: no Zarr metadata at the root (${METADATA_KEYS.join(', ')})`);
  return contentHash(found);
}
