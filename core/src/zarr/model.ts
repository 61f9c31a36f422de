/**
 * The Zarr node model shared by every part of zld: the explorer trees, the details panes, the JSON-LD index
 * and the CLI all speak in these types. A node is a group or an array at an absolute path inside one store,
 * with its user attributes (for our labs: JSON-LD) and, for arrays, what a user wants to know before reading.
 *
 * @example
 * ```ts
 * const h = await openHierarchy(store);
 * for (const child of await h.children('/')) console.log(child.kind, child.path);
 * ```
 */
import type { AbsolutePath } from '../store/types.js';

export type ZarrFormat = 2 | 3;
export type NodeKind = 'group' | 'array';

export interface CodecInfo {
  /** Codec id as the metadata names it: `blosc`, `zlib`, `gzip`, `bytes`, `transpose`, `sharding_indexed`, `delta`... */
  name: string;
  configuration?: Record<string, unknown>;
  /** v2 only: whether this is a filter (applied before the compressor) or the compressor. */
  role?: 'filter' | 'compressor' | 'codec';
}

interface NodeBase {
  /** Absolute path inside the store, `/` for the root, `/myBatch/sample1` otherwise. */
  path: AbsolutePath;
  /** Last path segment; `''` for the root. */
  name: string;
  zarrFormat: ZarrFormat;
  /** User attributes (`.zattrs` / `zarr.json` attributes): for linked-data stores, JSON-LD. */
  attributes: Record<string, unknown>;
}

export interface GroupNode extends NodeBase {
  kind: 'group';
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  shape: number[];
  /** Canonical data type name: `float64`, `int16`, `uint8`, `bool`, `string`, ... */
  dtype: string;
  /** The type as the metadata spells it (`<f8`, `|b1`, `float64`). */
  rawDtype: string;
  /** Chunk shape (for sharded v3 arrays, the inner chunk shape; `shardShape` holds the outer one). */
  chunks: number[];
  shardShape?: number[];
  codecs: CodecInfo[];
  fillValue: unknown;
  order: 'C' | 'F';
  dimensionNames?: (string | null)[];
  /** v2 `dimension_separator` or v3 chunk key encoding separator. */
  dimensionSeparator: '.' | '/';
  /** v3 only: the chunk key encoding (`default`: `c/0/1`; `v2`: `0.1`). */
  chunkKeyEncoding?: 'default' | 'v2';
  /** Uncompressed size in bytes when the dtype has a fixed size. */
  nbytes?: number;
  /** Number of chunks (or shards) the grid has. */
  chunkCount: number;
  /** Number of chunks (or shards) present in the store, when counted (needs listing). */
  chunksStored?: number;
}

export type ZarrNode = GroupNode | ArrayNode;

/** What the linked-data index needs of a node: where it is and what it says. */
export interface NodeRecord {
  storeUrl: string;
  path: AbsolutePath;
  kind: NodeKind;
  attributes: Record<string, unknown>;
}
