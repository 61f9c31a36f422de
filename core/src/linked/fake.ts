/**
 * Fake linked-data Zarr stores, as the original project makes them: from JSON-LD instances and a list of levels
 * (`Campaign,Batch,SamplePreparation,Sample,SampleChemical,Chemical`), build the group hierarchy by following
 * the links `prefix + "has" + NextLevel`, attach each instance to its group as attributes, put a random
 * (seeded) float64 dataset `<name>Dataset` under each data-level node, and consolidate the metadata.
 * The first level's instance is the root group; as in the original, its attributes are not written on the
 * root unless `rootAttributes` is set (so the result matches the original store exactly).
 *
 * @example
 * ```ts
 * const plan = await planFakeStore(instances, { levels: ['Campaign', 'Batch', 'Sample'], dataLevel: 'Sample', prefix: CATPLUS_NS });
 * await writeFakeStore(store, plan, { format: 2, seed: 1, key: '.all_metadata' });
 * ```
 */
import jsonld from 'jsonld';
import { ZldError } from '../errors.js';
import type { TaskOptions } from '../progress.js';
import type { AbsolutePath, WritableStore } from '../store/types.js';
import { writeConsolidated } from '../zarr/consolidated.js';
import type { ZarrFormat } from '../zarr/model.js';
import { writeArray, writeGroup } from '../zarr/write.js';
import { fakeChunk } from './fake-random.js';
import { createDocumentLoader, type ContextDocumentLoader } from './jsonld-loader.js';
import { localName } from './terms.js';

export interface FakePlanOptions {
  /** Type local names from the top level down. */
  levels: string[];
  /** The level whose nodes get a dataset. */
  dataLevel: string;
  /** Namespace of the link predicates (`prefix + "has" + Level`). */
  prefix: string;
  /** Dataset shape (default [9000, 1000]) and chunks (default: a tenth of the first dimension, whole others). */
  shape?: number[];
  chunks?: number[];
  /** Write the top-level instance's attributes on the root group too (the original does not). */
  rootAttributes?: boolean;
}

export interface FakePlan {
  groups: { path: AbsolutePath; attributes: Record<string, unknown> }[];
  arrays: { path: AbsolutePath; shape: number[]; chunks: number[] }[];
  /** Instances not reachable from the top level, and similar notes. */
  notes: string[];
}

export interface FakeWriteOptions extends TaskOptions {
  format?: ZarrFormat;
  seed?: number;
  /** Consolidated metadata key (v2; default `.zmetadata`; v3 is always inline). */
  key?: string;
}

type Instance = Record<string, unknown>;

/** Instances as expanded node objects: expanded input is used as is; input with `@context` goes through jsonld.js. */
export async function loadInstances(doc: unknown, opts: { documentLoader?: ContextDocumentLoader } = {}): Promise<Instance[]> {
  const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && '@graph' in doc ? (doc as { '@graph': unknown })['@graph'] : [doc];
  if (!Array.isArray(list) || list.some((x) => !x || typeof x !== 'object' || Array.isArray(x))) {
    throw new ZldError('BadInput', 'JSON-LD instances must be a node object, an array of them, or a @graph');
  }
  const hasContext = (doc && typeof doc === 'object' && '@context' in (doc as object)) || list.some((x) => '@context' in (x as object));
  if (!hasContext) return list as Instance[];
  try {
    return await jsonld.expand(doc, { documentLoader: opts.documentLoader ?? createDocumentLoader() });
  } catch (e) {
    throw new ZldError('BadMetadata', `JSON-LD instances could not be expanded: ${(e as Error).message}`, { cause: e });
  }
}

function typeNames(inst: Instance): string[] {
  const t = inst['@type'];
  return (Array.isArray(t) ? t : t === undefined ? [] : [t]).filter((x): x is string => typeof x === 'string').map(localName);
}

function checkName(name: string, id: string): string {
  if (!name || name === '.' || name === '..' || name.startsWith('.z') || name === 'zarr.json' || name.includes('/')) {
    throw new ZldError('BadInput', `cannot make a group for ${id}: its local name ${JSON.stringify(name)} is not a usable node name`);
  }
  return name;
}

function join(parent: string, name: string): AbsolutePath {
  return (parent === '/' ? `/${name}` : `${parent}/${name}`) as AbsolutePath;
}

/** Plan the hierarchy (pure): which groups with which attributes, which arrays. */
export function planFakeStore(instances: Instance[], opts: FakePlanOptions): FakePlan {
  const { levels, dataLevel, prefix } = opts;
  if (levels.length === 0) throw new ZldError('BadInput', 'give at least one level');
  if (!levels.includes(dataLevel)) throw new ZldError('BadInput', `data level ${dataLevel} is not one of the levels ${levels.join(',')}`);
  const shape = opts.shape ?? [9000, 1000];
  const chunks = opts.chunks ?? [Math.max(1, Math.ceil(shape[0]! / 10)), ...shape.slice(1)];
  if (chunks.length !== shape.length) throw new ZldError('BadInput', `chunks ${chunks.join(',')} do not match shape ${shape.join(',')}`);
  const notes: string[] = [];
  const pathOf = new Map<string, AbsolutePath[]>();
  const groups = new Map<AbsolutePath, Record<string, unknown>>([['/', {}]]);
  const arrays: FakePlan['arrays'] = [];

  const tops = instances.filter((i) => typeNames(i).includes(levels[0]!));
  if (tops.length === 0) throw new ZldError('BadInput', `no instance of the top level ${levels[0]} (types are matched by local name)`);
  for (const top of tops) {
    const id = String(top['@id']);
    // one top-level instance is the root; several each get a group
    const p: AbsolutePath = tops.length === 1 ? '/' : join('/', checkName(localName(id), id));
    pathOf.set(id, [p]);
    groups.set(p, {});
  }
  levels.forEach((level, i) => {
    for (const inst of instances) {
      if (!typeNames(inst).includes(level)) continue;
      const id = String(inst['@id']);
      const paths = pathOf.get(id);
      if (!paths) {
        notes.push(`${id} (${level}) is not linked from the level above; left out`);
        continue;
      }
      const name = localName(id);
      for (const p of paths) {
        if (i + 1 < levels.length) {
          const links = inst[`${prefix}has${levels[i + 1]}`];
          for (const link of Array.isArray(links) ? links : links === undefined ? [] : [links]) {
            const childId = typeof link === 'string' ? link : (link as { '@id'?: unknown })?.['@id'];
            if (typeof childId !== 'string') continue;
            const cp = join(p, checkName(localName(childId), childId));
            if (!groups.has(cp)) groups.set(cp, {});
            const known = pathOf.get(childId) ?? [];
            if (!known.includes(cp)) pathOf.set(childId, [...known, cp]);
          }
        }
        if (level === dataLevel) arrays.push({ path: join(p, checkName(`${name}Dataset`, id)), shape, chunks });
      }
    }
  });
  for (const inst of instances) {
    const id = String(inst['@id']);
    for (const p of pathOf.get(id) ?? []) {
      if (p === '/' && !opts.rootAttributes) continue;
      groups.set(p, inst);
    }
  }
  return { groups: [...groups].map(([path, attributes]) => ({ path, attributes })), arrays, notes };
}

export interface FakeResult {
  groups: number;
  arrays: number;
  chunks: number;
  consolidatedKey: string;
}

/** Write a planned fake store: groups, seeded random datasets (Blosc lz4 like the original), consolidated metadata. */
export async function writeFakeStore(store: WritableStore, plan: FakePlan, opts: FakeWriteOptions = {}): Promise<FakeResult> {
  const format = opts.format ?? 2;
  const seed = opts.seed ?? 0;
  for (const g of plan.groups) await writeGroup(store, g.path, g.attributes, { format, signal: opts.signal });
  let chunks = 0;
  let arrayIndex = 0;
  for (const a of plan.arrays) {
    arrayIndex++;
    const r = await writeArray(
      store,
      a.path,
      { shape: a.shape, chunks: a.chunks, dtype: 'float64', compressor: { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1 } },
      (coords, shape) => fakeChunk(seed, a.path, coords, shape),
      {
        format,
        signal: opts.signal,
        onProgress: opts.onProgress && ((p) => opts.onProgress!({ ...p, message: `dataset ${arrayIndex}/${plan.arrays.length} ${a.path}` })),
      },
    );
    chunks += r.chunks;
  }
  const c = await writeConsolidated(store, { key: opts.key, format, overwrite: true, signal: opts.signal });
  return { groups: plan.groups.length, arrays: plan.arrays.length, chunks, consolidatedKey: c.key };
}
