/**
 * `zld fake --jsonld FILE --levels A,B,C --data-level B --prefix NS --out STORE [--shape 9000,1000] [--format 2|3]
 * [--seed N] [--key .all_metadata] [--root-attributes] [--force]`: make a fake linked-data store as the original
 * project does (groups from the `has<NextLevel>` links, instances as attributes, a random `<name>Dataset`
 * under each data-level node, consolidated metadata). Also the helpers `zld demo` shares.
 *
 * @example
 * ```sh
 * zld fake --jsonld original_data.jsonld --levels Campaign,Batch,SamplePreparation,Sample,SampleChemical,Chemical \
 *   --data-level Sample --prefix http://www.catplus.ch/ontology/concepts/ --out test_store.zarr --key .all_metadata
 * ```
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ZldError } from '../../errors.js';
import { loadInstances, planFakeStore, writeFakeStore, type FakeResult } from '../../linked/fake.js';
import { FileStore } from '../../store/file.js';
import { locationScheme } from '../../store/open.js';
import type { WritableStore } from '../../store/types.js';
import type { Command, CommandContext, ParsedValues } from '../command.js';
import { formatOption, intOption, openCliStore, stringOption } from '../open-store.js';

export const CATPLUS_LEVELS = ['Campaign', 'Batch', 'SamplePreparation', 'Sample', 'SampleChemical', 'Chemical'];

function dims(text: string | undefined, name: string): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) === 0)) {
    throw new ZldError('BadInput', `--${name} must be positive integers separated by commas, got ${JSON.stringify(text)}`);
  }
  return parts.map(Number);
}

/** A local output folder, emptied first with `force`; other locations (s3://) are written as they are. */
export async function openOutput(location: string, ctx: CommandContext, force: boolean): Promise<WritableStore> {
  if (locationScheme(location) !== undefined && locationScheme(location) !== 'file') return openCliStore(location, ctx, { writable: true });
  const dir = location.startsWith('file:') ? new URL(location).pathname : path.resolve(ctx.cwd, location);
  const existing = await readdir(dir).catch(() => []);
  if (existing.length > 0) {
    if (!force) throw new ZldError('Conflict', `output folder ${dir} already exists and is not empty; pass --force to replace it`);
    await rm(dir, { recursive: true, force: true });
  }
  return FileStore.open(dir, { create: true });
}

export interface FakeRun extends FakeResult {
  store: string;
  notes: string[];
}

/** Read instances from `file` and write the fake store (shared with `zld demo`). */
export async function runFake(
  store: WritableStore,
  file: string,
  o: { levels: string[]; dataLevel: string; prefix: string; shape?: number[]; chunks?: number[]; format?: 2 | 3; seed?: number; key?: string; rootAttributes?: boolean },
  ctx: CommandContext,
): Promise<FakeRun> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ZldError(code ? 'NotFound' : 'BadInput', `JSON-LD file ${file} cannot be read: ${code ?? (e as Error).message}`, { cause: e });
  }
  const plan = planFakeStore(await loadInstances(doc), o);
  const r = await writeFakeStore(store, plan, { format: o.format, seed: o.seed, key: o.key, signal: ctx.signal, onProgress: ctx.progress });
  ctx.endProgress();
  return { ...r, store: store.url, notes: plan.notes };
}

function list(values: ParsedValues, name: string): string[] | undefined {
  const v = stringOption(values, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}

export const fakeCommand: Command = {
  name: 'fake',
  summary: 'make a fake linked-data store from JSON-LD instances (groups from links, random datasets)',
  usage: '--jsonld F --levels A,B --data-level B --prefix NS --out STORE [--shape N,M] [--format 2|3] [--seed N] [--key K] [--force]',
  positionals: [0, 0],
  options: {
    jsonld: { type: 'string' },
    levels: { type: 'string' },
    'data-level': { type: 'string' },
    prefix: { type: 'string' },
    out: { type: 'string', short: 'o' },
    shape: { type: 'string' },
    chunks: { type: 'string' },
    format: { type: 'string' },
    seed: { type: 'string' },
    key: { type: 'string' },
    'root-attributes': { type: 'boolean' },
    force: { type: 'boolean' },
  },
  async run({ values }, ctx) {
    const need = (name: string) => {
      const v = stringOption(values, name);
      if (!v) throw new ZldError('BadInput', `zld fake needs --${name}`);
      return v;
    };
    const file = path.resolve(ctx.cwd, need('jsonld'));
    const out = need('out');
    const opts = {
      levels: list(values, 'levels') ?? CATPLUS_LEVELS,
      dataLevel: need('data-level'),
      prefix: need('prefix'),
      shape: dims(stringOption(values, 'shape'), 'shape'),
      chunks: dims(stringOption(values, 'chunks'), 'chunks'),
      format: formatOption(values),
      seed: intOption(values, 'seed'),
      key: stringOption(values, 'key'),
      rootAttributes: Boolean(values['root-attributes']),
    };
    const store = await openOutput(out, ctx, Boolean(values.force));
    const r = await runFake(store, file, opts, ctx);
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify(r)}\n`);
      return;
    }
    for (const n of r.notes) ctx.stderr(`note: ${n}\n`);
    ctx.stdout(`wrote ${r.store}: ${r.groups} groups, ${r.arrays} datasets (${r.chunks} chunks), consolidated metadata ${r.consolidatedKey}\n`);
  },
};
