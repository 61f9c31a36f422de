/**
 * Index a Zarr store: open its hierarchy (from consolidated metadata when it has some, else by listing) and
 * feed every node to a {@link LinkedIndex}, in one pass. Browser-safe: takes any {@link ReadableStore}.
 *
 * @example
 * ```ts
 * import { LinkedIndex, indexStore, resolveUri } from '@zld/core';
 * const index = new LinkedIndex();
 * await indexStore(index, store, { consolidated: '.all_metadata' });
 * resolveUri(index, 'cat:sample1').candidates;
 * ```
 */
import type { TaskOptions } from '../progress.js';
import type { ReadableStore } from '../store/types.js';
import { asHierarchy } from '../zarr/array.js';
import type { Hierarchy } from '../zarr/hierarchy.js';
import type { NodeRecord } from '../zarr/model.js';
import type { AddStoreReport, LinkedIndex } from './index.js';

export interface IndexStoreOptions extends TaskOptions {
  /** Consolidated metadata key (`.all_metadata`), `false` to list, undefined for auto (`.zmetadata`, v3 inline). */
  consolidated?: string | false;
}

export interface IndexStoreResult extends AddStoreReport {
  /** The opened hierarchy, to read arrays from without opening it again. */
  hierarchy: Hierarchy;
}

async function* recordsOf(h: Hierarchy, opts: TaskOptions): AsyncIterable<NodeRecord> {
  const storeUrl = h.store.url;
  for await (const node of h.walk({ signal: opts.signal, onProgress: opts.onProgress })) {
    yield { storeUrl, path: node.path, kind: node.kind, attributes: node.attributes };
  }
}

/** Index every node of a store (or an opened hierarchy) under the store's URL. */
export async function indexStore(index: LinkedIndex, source: ReadableStore | Hierarchy, opts: IndexStoreOptions = {}): Promise<IndexStoreResult> {
  const hierarchy = await asHierarchy(source, { signal: opts.signal, consolidated: opts.consolidated });
  const report = await index.addStore(hierarchy.store.url, recordsOf(hierarchy, opts), { signal: opts.signal });
  return { ...report, hierarchy };
}
