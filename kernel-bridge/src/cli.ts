/**
 * `zld code STORE PATH`: print the cell that loads a node, so the generator is usable (and testable)
 * outside the IDEs. Registered into core's CLI by `core/bin/zld.js` (optional import, no build-time cycle).
 * Without `--kind`/`--format`, the node is looked up in the store (`.zarray`/`.zgroup`/`zarr.json`), and a
 * root `.zmetadata` is used as consolidated metadata unless `--key` names another key.
 *
 * @example
 * ```sh
 * zld code ./cat.zarr myBatch/sample1Dataset --flavour xarray --uri http://www.catplus.ch/ontology/concepts/sample1
 * zld code s3://lab/cat.zarr myBatch --lang julia --kind group --format 2 --json
 * ```
 */
import path from 'node:path';
import { ZldError, type Command } from '@zld/core';
import { openStore, s3OptionsFromEnv } from '@zld/core/node';
import type { AbsolutePath, ReadableStore } from '@zld/core';
import { generateLoadCode, type CodeTarget, type LoadRequest } from './codegen.js';

const LANGS = ['python', 'javascript', 'typescript', 'r', 'julia'] as const;
const FLAVOURS = ['zarr', 'xarray', 'dask'] as const;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ZldError('BadInput', `--${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
}

async function readJson(store: ReadableStore, key: string): Promise<Record<string, unknown> | undefined> {
  const bytes = await store.get(key as AbsolutePath);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new ZldError('BadMetadata', `${key} in ${store.url} is not JSON`);
  }
}

/** Kind, format and consolidated key of the node at `nodePath`, read from the store. */
export async function detectNode(
  store: ReadableStore,
  nodePath: string,
): Promise<{ kind: 'array' | 'group'; zarrFormat: 2 | 3; consolidatedKey?: string }> {
  const base = nodePath.split('/').filter(Boolean).join('/');
  const at = (name: string) => (base ? `/${base}/${name}` : `/${name}`);
  const v3 = await readJson(store, at('zarr.json'));
  if (v3) {
    const kind = v3.node_type === 'array' ? 'array' : 'group';
    const root = base ? await readJson(store, '/zarr.json') : v3;
    return { kind, zarrFormat: 3, consolidatedKey: root?.consolidated_metadata ? 'zarr.json' : undefined };
  }
  const consolidatedKey = (await store.get('/.zmetadata' as AbsolutePath)) ? '.zmetadata' : undefined;
  if (await store.get(at('.zarray') as AbsolutePath)) return { kind: 'array', zarrFormat: 2, consolidatedKey };
  if (await store.get(at('.zgroup') as AbsolutePath)) return { kind: 'group', zarrFormat: 2, consolidatedKey };
  throw new ZldError('NotFound', `no Zarr array or group at ${JSON.stringify(`/${base}`)} in ${store.url}`);
}

export const codeCommand: Command = {
  name: 'code',
  summary: 'print the notebook cell that loads a node (python, javascript, r, julia)',
  usage:
    'STORE PATH [--lang python|javascript|typescript|r|julia] [--flavour zarr|xarray|dask] [--uri URI] [--kind group|array] [--format 2|3] [--key K] [--slice S] [--var NAME] [--endpoint URL] [--anonymous] [--deno]',
  options: {
    lang: { type: 'string' },
    flavour: { type: 'string' },
    uri: { type: 'string' },
    kind: { type: 'string' },
    format: { type: 'string' },
    key: { type: 'string' },
    slice: { type: 'string' },
    var: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    anonymous: { type: 'boolean' },
    deno: { type: 'boolean' },
  },
  positionals: [2, 2],
  async run({ values, positionals }, ctx) {
    const [storeUrl, nodePath] = positionals as [string, string];
    const language = oneOf(values.lang, LANGS, 'lang') ?? 'python';
    const flavour = oneOf(values.flavour, FLAVOURS, 'flavour');
    let kind = oneOf(values.kind, ['group', 'array'] as const, 'kind');
    const fmt = oneOf(values.format, ['2', '3'] as const, 'format');
    let zarrFormat = fmt ? (Number(fmt) as 2 | 3) : undefined;
    let consolidatedKey = typeof values.key === 'string' ? values.key : undefined;
    const env = s3OptionsFromEnv(ctx.env);
    const storeOptions = {
      endpoint: typeof values.endpoint === 'string' ? values.endpoint : env.endpoint,
      region: typeof values.region === 'string' ? values.region : env.region,
      anonymous: values.anonymous === true || env.anonymous === true || undefined,
    };
    if (!kind || !zarrFormat) {
      const location = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(storeUrl) ? storeUrl : path.resolve(ctx.cwd, storeUrl);
      const store = await openStore(location, { s3: env, readOnly: true });
      const found = await detectNode(store, nodePath);
      kind ??= found.kind;
      zarrFormat ??= found.zarrFormat;
      consolidatedKey ??= found.consolidatedKey;
    }
    const request: LoadRequest = {
      storeUrl,
      storeOptions,
      path: nodePath,
      kind,
      zarrFormat,
      uri: typeof values.uri === 'string' ? values.uri : undefined,
      slice: typeof values.slice === 'string' ? values.slice : undefined,
      variable: typeof values.var === 'string' ? values.var : undefined,
      consolidatedKey: consolidatedKey === 'zarr.json' ? undefined : consolidatedKey,
    };
    const target: CodeTarget = { language, flavour, runtime: values.deno ? 'deno' : undefined };
    const code = generateLoadCode(request, target);
    ctx.stdout(ctx.json ? `${JSON.stringify(code, null, 2)}\n` : code.source);
  },
};

/** The commands this package adds to `zld`. */
export const commands: Command[] = [codeCommand];
