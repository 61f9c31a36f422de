/**
 * zld's pipelines as Argo workflows: "consolidate metadata", "retrieve URI" and "fake data", each running
 * the `zld` CLI in a container (image configurable; see `docker/Dockerfile`). S3 credentials come from a
 * Kubernetes secret (default `argo-artifacts`, keys `accesskey`/`secretkey`) as `AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY`; the S3 endpoint is a workflow parameter. Every step is memoized by a content
 * hash of its inputs (store metadata hash + parameters + image), so submitting the same work twice reuses
 * the first result from the memoization ConfigMap instead of recomputing it.
 *
 * The parameters are prefilled from the store/URI the user picked; the memo key is fixed when the manifest
 * is built, so build a new manifest (rather than overriding parameters) to change the inputs.
 *
 * @example
 * ```ts
 * const wf = await consolidateWorkflow({ store: 's3://lab/cat.zarr', endpoint: 'http://minio.lab:9000',
 *   storeMetadataHash: await hashStoreMetadata(store) });
 * console.log(manifestToYaml(wf)); // or: await argo.create(wf)
 * ```
 */
import { ZldError } from '../errors.js';
import { contentHash } from './content-hash.js';
import type { Parameter, Template, Workflow } from './types.js';

export const DEFAULT_ZLD_IMAGE = 'ghcr.io/zld/zld:0.1.0';
export const DEFAULT_CREDENTIALS_SECRET = 'argo-artifacts';
export const DEFAULT_MEMO_CONFIGMAP = 'zld-memo';

export interface PipelineOptions {
  /** Container image with the `zld` CLI as entrypoint. */
  image?: string;
  namespace?: string;
  /** S3 endpoint (MinIO, Ceph...), e.g. `http://minio.argo:9000`; AWS when absent. */
  endpoint?: string;
  region?: string;
  /** Kubernetes secret holding the S3 keys (default `argo-artifacts` with keys `accesskey`, `secretkey`). */
  credentialsSecret?: { name?: string; accessKeyKey?: string; secretKeyKey?: string };
  /** ConfigMap for the memoization cache (default `zld-memo`). */
  memoConfigMap?: string;
  /** How long a memoized result stays valid (default `720h`). */
  memoMaxAge?: string;
  serviceAccountName?: string;
  labels?: Record<string, string>;
  /** Hash of the input store's metadata ({@link hashStoreMetadata}); part of the memo key. */
  storeMetadataHash?: string;
}

export interface ConsolidateOptions extends PipelineOptions {
  /** The store, e.g. `s3://bucket/cat.zarr`. */
  store: string;
  /** Consolidated metadata key (default `.zmetadata`). */
  key?: string;
}

export interface RetrieveOptions extends PipelineOptions {
  /** The URI to retrieve, e.g. `http://www.catplus.ch/ontology/concepts/sample1`. */
  uri: string;
  store: string;
  /** Where the dataset goes: `s3://bucket/key.npy` (uploaded as the step's output artifact). */
  output: string;
}

export interface FakeOptions extends PipelineOptions {
  /** The JSON-LD source, `s3://bucket/key.jsonld` or an http(s) URL. */
  jsonld: string;
  levels: string[];
  dataLevel: string;
  prefix: string;
  /** The store to write, e.g. `s3://bucket/test_store.zarr`. */
  out: string;
  shape?: string;
  format?: 2 | 3;
  seed?: number;
  key?: string;
}

export type PipelineName = 'consolidate' | 'retrieve' | 'fake';

interface StepSpec {
  pipeline: PipelineName;
  parameters: Record<string, string>;
  args: string[];
  inputs?: Template['inputs'];
  outputs?: Template['outputs'];
  /** Extra values that define the result (beyond parameters and image). */
  hashExtra?: Record<string, unknown>;
}

function s3Parts(url: string, what: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!m) throw new ZldError('BadInput', `${what} "${url}" is not s3://bucket/key`);
  return { bucket: m[1]!, key: m[2]! };
}

/** Argo's S3 artifact location for `s3://bucket/key`, with the same credentials secret. */
function s3Artifact(url: string, what: string, opts: PipelineOptions): Record<string, unknown> {
  const { bucket, key } = s3Parts(url, what);
  const secret = secretRef(opts);
  const ep = opts.endpoint ? new URL(opts.endpoint) : undefined;
  return {
    endpoint: ep ? ep.host : 's3.amazonaws.com',
    ...(ep?.protocol === 'http:' ? { insecure: true } : {}),
    bucket,
    key,
    ...(opts.region ? { region: opts.region } : {}),
    accessKeySecret: { name: secret.name, key: secret.accessKeyKey },
    secretKeySecret: { name: secret.name, key: secret.secretKeyKey },
  };
}

function secretRef(opts: PipelineOptions) {
  return {
    name: opts.credentialsSecret?.name ?? DEFAULT_CREDENTIALS_SECRET,
    accessKeyKey: opts.credentialsSecret?.accessKeyKey ?? 'accesskey',
    secretKeyKey: opts.credentialsSecret?.secretKeyKey ?? 'secretkey',
  };
}

async function build(step: StepSpec, opts: PipelineOptions): Promise<Workflow> {
  const image = opts.image ?? DEFAULT_ZLD_IMAGE;
  const secret = secretRef(opts);
  const params: Record<string, string> = { ...step.parameters };
  if (opts.endpoint) params.endpoint = opts.endpoint;
  const hash = await contentHash({
    pipeline: step.pipeline,
    image,
    parameters: params,
    storeMetadataHash: opts.storeMetadataHash ?? null,
    ...step.hashExtra,
  });
  const names = Object.keys(params);
  const env = [
    { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: secret.name, key: secret.accessKeyKey } } },
    { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: secret.name, key: secret.secretKeyKey } } },
    ...(opts.endpoint
      ? [
          { name: 'AWS_ENDPOINT_URL', value: '{{inputs.parameters.endpoint}}' },
          { name: 'AWS_ENDPOINT_URL_S3', value: '{{inputs.parameters.endpoint}}' },
        ]
      : []),
    ...(opts.region ? [{ name: 'AWS_REGION', value: opts.region }] : []),
  ];
  const stepTemplate: Template = {
    name: step.pipeline,
    inputs: { ...step.inputs, parameters: names.map((name) => ({ name })) },
    ...(step.outputs ? { outputs: step.outputs } : {}),
    memoize: {
      key: `zld-${step.pipeline}-${hash}`,
      maxAge: opts.memoMaxAge ?? '720h',
      cache: { configMap: { name: opts.memoConfigMap ?? DEFAULT_MEMO_CONFIGMAP } },
    },
    container: { image, command: ['zld'], args: step.args, env },
  };
  const labels = { 'app.kubernetes.io/managed-by': 'zld', 'zld.dev/pipeline': step.pipeline, ...opts.labels };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      generateName: `zld-${step.pipeline}-`,
      ...(opts.namespace ? { namespace: opts.namespace } : {}),
      labels,
      annotations: { 'zld.dev/inputs-hash': hash },
    },
    spec: {
      entrypoint: 'main',
      ...(opts.serviceAccountName ? { serviceAccountName: opts.serviceAccountName } : {}),
      arguments: { parameters: names.map((name): Parameter => ({ name, value: params[name] })) },
      templates: [
        {
          name: 'main',
          steps: [
            [
              {
                name: step.pipeline,
                template: step.pipeline,
                arguments: { parameters: names.map((name) => ({ name, value: `{{workflow.parameters.${name}}}` })) },
              },
            ],
          ],
        },
        stepTemplate,
      ],
    },
  };
}

/** "Consolidate metadata": `zld consolidate STORE --key KEY` on the store, in the cluster. */
export async function consolidateWorkflow(opts: ConsolidateOptions): Promise<Workflow> {
  if (!opts.store) throw new ZldError('BadInput', 'consolidate needs a store (e.g. s3://bucket/cat.zarr)');
  return build(
    {
      pipeline: 'consolidate',
      parameters: { store: opts.store, key: opts.key ?? '.zmetadata' },
      args: ['consolidate', '{{inputs.parameters.store}}', '--key', '{{inputs.parameters.key}}', '--json'],
    },
    opts,
  );
}

/** "Retrieve URI": `zld retrieve URI --store S --out /tmp/out/dataset.npy`, uploaded to `output`. */
export async function retrieveWorkflow(opts: RetrieveOptions): Promise<Workflow> {
  if (!opts.uri) throw new ZldError('BadInput', 'retrieve needs a URI');
  if (!opts.store) throw new ZldError('BadInput', `retrieve ${opts.uri} needs a store (--store)`);
  return build(
    {
      pipeline: 'retrieve',
      parameters: { uri: opts.uri, store: opts.store, output: opts.output },
      args: ['retrieve', '{{inputs.parameters.uri}}', '--store', '{{inputs.parameters.store}}', '--out', '/tmp/out/dataset.npy', '--json'],
      outputs: { artifacts: [{ name: 'dataset', path: '/tmp/out/dataset.npy', archive: { none: {} }, s3: s3Artifact(opts.output, 'output', opts) }] },
    },
    opts,
  );
}

/** "Fake data": `zld fake --jsonld ... --levels ... --data-level ... --prefix ... --out STORE`. */
export async function fakeWorkflow(opts: FakeOptions): Promise<Workflow> {
  if (!opts.levels?.length || !opts.dataLevel || !opts.prefix || !opts.out) {
    throw new ZldError('BadInput', 'fake needs --jsonld, --levels, --data-level, --prefix and --out');
  }
  const source = /^https?:\/\//.test(opts.jsonld) ? { http: { url: opts.jsonld } } : { s3: s3Artifact(opts.jsonld, 'jsonld', opts) };
  const parameters: Record<string, string> = {
    levels: opts.levels.join(','),
    'data-level': opts.dataLevel,
    prefix: opts.prefix,
    out: opts.out,
    format: String(opts.format ?? 2),
    ...(opts.shape ? { shape: opts.shape } : {}),
    ...(opts.seed !== undefined ? { seed: String(opts.seed) } : {}),
    ...(opts.key ? { key: opts.key } : {}),
  };
  const optional = ['shape', 'seed', 'key'].filter((k) => k in parameters).flatMap((k) => [`--${k}`, `{{inputs.parameters.${k}}}`]);
  return build(
    {
      pipeline: 'fake',
      parameters,
      args: [
        'fake', '--jsonld', '/tmp/in/data.jsonld',
        '--levels', '{{inputs.parameters.levels}}',
        '--data-level', '{{inputs.parameters.data-level}}',
        '--prefix', '{{inputs.parameters.prefix}}',
        '--out', '{{inputs.parameters.out}}',
        '--format', '{{inputs.parameters.format}}',
        ...optional,
      ],
      inputs: { artifacts: [{ name: 'jsonld', path: '/tmp/in/data.jsonld', ...source }] },
      hashExtra: { jsonld: opts.jsonld },
    },
    opts,
  );
}
