/**
 * `zld argo pipeline consolidate|retrieve|fake ...`: build one of zld's pipelines as an Argo workflow
 * (the `zld` image in a container, S3 keys from the `argo-artifacts` secret, each step memoized by a content
 * hash of its inputs) and submit it, or print it as YAML with `--dry-run`.
 *
 * The input store's metadata is hashed from the store itself (the S3 settings of the environment), or
 * given with `--metadata-hash` when this machine cannot read the store.
 *
 * @example
 * ```sh
 * zld argo pipeline consolidate s3://lab/cat.zarr --key .zmetadata --endpoint http://minio.argo:9000 --dry-run
 * zld argo pipeline retrieve http://www.catplus.ch/ontology/concepts/sample1 --store s3://lab/cat.zarr --output s3://lab/out/sample1.npy --watch
 * zld argo pipeline fake --jsonld s3://lab/original_data.jsonld --levels Campaign,Batch,Sample --data-level Sample \
 *   --prefix http://www.catplus.ch/ontology/concepts/ --out s3://lab/test_store.zarr
 * ```
 */
import { ZldError } from '../../errors.js';
import { hashStoreMetadata } from '../../argo/content-hash.js';
import { manifestToYaml } from '../../argo/manifest.js';
import { consolidateWorkflow, fakeWorkflow, retrieveWorkflow, type PipelineOptions } from '../../argo/pipelines.js';
import type { Workflow } from '../../argo/types.js';
import type { Command, CommandContext, ParsedValues } from '../command.js';
import { formatOption, intOption, openCliStore } from '../open-store.js';
import { ARGO_OPTIONS, argoFromContext, reportSubmitted } from './argo-common.js';

const str = (v: ParsedValues, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

function need(v: ParsedValues, k: string, pipeline: string): string {
  const s = str(v, k);
  if (!s) throw new ZldError('BadInput', `pipeline ${pipeline} needs --${k}`);
  return s;
}

async function metadataHash(store: string, values: ParsedValues, ctx: CommandContext): Promise<string> {
  const given = str(values, 'metadata-hash');
  if (given) return given;
  try {
    return await hashStoreMetadata(await openCliStore(store, ctx), { signal: ctx.signal });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ZldError('BadInput', `cannot hash the metadata of ${store} for the memo key (${why}); pass --metadata-hash HASH`, { cause: e });
  }
}

async function buildPipeline(kind: string, args: string[], values: ParsedValues, ctx: CommandContext): Promise<Workflow> {
  const common: PipelineOptions = {
    image: str(values, 'image'),
    endpoint: str(values, 'endpoint'),
    namespace: str(values, 'namespace'),
    credentialsSecret: str(values, 'secret') ? { name: str(values, 'secret') } : undefined,
    memoConfigMap: str(values, 'memo-configmap'),
  };
  if (kind === 'consolidate') {
    const store = args[0];
    if (!store || args.length > 1) throw new ZldError('BadInput', 'usage: zld argo pipeline consolidate STORE [--key K]');
    return consolidateWorkflow({ ...common, store, key: str(values, 'key'), storeMetadataHash: await metadataHash(store, values, ctx) });
  }
  if (kind === 'retrieve') {
    const uri = args[0];
    if (!uri || args.length > 1) throw new ZldError('BadInput', 'usage: zld argo pipeline retrieve URI --store S --output s3://bucket/key.npy');
    const store = need(values, 'store', 'retrieve');
    return retrieveWorkflow({ ...common, uri, store, output: need(values, 'output', 'retrieve'), storeMetadataHash: await metadataHash(store, values, ctx) });
  }
  if (kind === 'fake') {
    if (args.length) throw new ZldError('BadInput', 'usage: zld argo pipeline fake --jsonld J --levels A,B --data-level B --prefix P --out s3://...');
    return fakeWorkflow({
      ...common,
      jsonld: need(values, 'jsonld', 'fake'),
      levels: need(values, 'levels', 'fake').split(',').map((s) => s.trim()).filter(Boolean),
      dataLevel: need(values, 'data-level', 'fake'),
      prefix: need(values, 'prefix', 'fake'),
      out: need(values, 'out', 'fake'),
      shape: str(values, 'shape'),
      format: formatOption(values),
      seed: intOption(values, 'seed'),
      key: str(values, 'key'),
    });
  }
  throw new ZldError('BadInput', `unknown pipeline "${kind}": use consolidate, retrieve or fake`);
}

export const argoPipelineCommand: Command = {
  name: 'argo pipeline',
  summary: 'run zld consolidate / retrieve / fake as an Argo workflow (--dry-run prints the YAML)',
  usage: 'consolidate STORE | retrieve URI --store S --output s3://B/K | fake --jsonld J ... [--dry-run]',
  positionals: [1, 2],
  options: {
    ...ARGO_OPTIONS,
    key: { type: 'string' },
    store: { type: 'string' },
    output: { type: 'string' },
    jsonld: { type: 'string' },
    levels: { type: 'string' },
    'data-level': { type: 'string' },
    prefix: { type: 'string' },
    out: { type: 'string' },
    shape: { type: 'string' },
    format: { type: 'string' },
    seed: { type: 'string' },
    image: { type: 'string' },
    endpoint: { type: 'string' },
    secret: { type: 'string' },
    'memo-configmap': { type: 'string' },
    'metadata-hash': { type: 'string' },
    'dry-run': { type: 'boolean' },
    watch: { type: 'boolean', short: 'w' },
  },
  async run({ values, positionals }, ctx) {
    const [kind, ...args] = positionals;
    const wf = await buildPipeline(kind!, args, values, ctx);
    if (values['dry-run']) {
      ctx.stdout(ctx.json ? `${JSON.stringify(wf)}\n` : manifestToYaml(wf));
      return;
    }
    const argo = argoFromContext(values, ctx);
    const created = await argo.create(wf, { signal: ctx.signal });
    await reportSubmitted(argo, created, { watch: Boolean(values.watch), label: kind }, ctx);
  },
};
