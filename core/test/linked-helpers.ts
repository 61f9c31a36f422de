// Shared by the linked-data unit tests: node records from a v2 consolidated document, read as JSON.
import { readFileSync } from 'node:fs';
import type { NodeRecord } from '../src/zarr/model.js';
import { shared } from '../../test/helpers/paths.js';

export const CAT = 'http://www.catplus.ch/ontology/concepts/';
export const UPSTREAM_STORE = shared('fixtures/cat-plus/metadata-only/test_store.zarr');

/** Records of a consolidated v2 document (test helper; the product reads stores through the Zarr layer). */
export function recordsOfConsolidated(storeUrl: string, doc: { metadata: Record<string, Record<string, unknown>> }): NodeRecord[] {
  const out = new Map<string, NodeRecord>();
  for (const [key, value] of Object.entries(doc.metadata)) {
    const slash = key.lastIndexOf('/');
    const base = key.slice(slash + 1);
    const path = (slash < 0 ? '/' : `/${key.slice(0, slash)}`) as NodeRecord['path'];
    const rec = out.get(path) ?? { storeUrl, path, kind: 'group' as const, attributes: {} };
    if (base === '.zarray') rec.kind = 'array';
    if (base === '.zattrs') rec.attributes = value;
    out.set(path, rec);
  }
  return [...out.values()];
}

export function upstreamRecords(storeUrl = 'file:///upstream/test_store.zarr'): NodeRecord[] {
  return recordsOfConsolidated(storeUrl, JSON.parse(readFileSync(`${UPSTREAM_STORE}/.all_metadata`, 'utf8')));
}

export function rec(storeUrl: string, path: string, kind: 'group' | 'array', attributes: Record<string, unknown> = {}): NodeRecord {
  return { storeUrl, path: path as NodeRecord['path'], kind, attributes };
}
