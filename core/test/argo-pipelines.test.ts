/**
 * zld's pipelines as Argo workflows: every generated manifest validates against Argo's schema.json
 * (ajv, JSON Schema 2020-12), credentials come from the secret by reference, and the memo key is a
 * content hash that changes exactly when the inputs (store metadata, parameters, image) change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { consolidateWorkflow, fakeWorkflow, retrieveWorkflow, DEFAULT_ZLD_IMAGE } from '../src/argo/pipelines.js';
import { canonicalJson, contentHash, hashStoreMetadata } from '../src/argo/content-hash.js';
import { manifestToYaml } from '../src/argo/manifest.js';
import type { Workflow } from '../src/argo/types.js';
import { MemoryStore } from '../src/store/memory.js';
import { isZldError } from '../src/errors.js';

const SCHEMA = new URL('../../../shared/argo/schema.json', import.meta.url);
const enc = (s: string) => new TextEncoder().encode(s);

let validate: ValidateFunction;
beforeAll(() => {
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(JSON.parse(readFileSync(SCHEMA, 'utf8')), 'schema.json');
  validate = ajv.compile({ $ref: 'schema.json#/definitions/io.argoproj.workflow.v1alpha1.Workflow' });
}, 60_000);

const step = (wf: Workflow) => wf.spec.templates!.find((t) => t.container)!;

const builders: [string, () => Promise<Workflow>][] = [
  ['consolidate', () => consolidateWorkflow({ store: 's3://lab/cat.zarr', key: '.all_metadata', endpoint: 'http://minio.argo:9000', storeMetadataHash: 'a'.repeat(64) })],
  ['retrieve', () => retrieveWorkflow({ uri: 'http://www.catplus.ch/ontology/concepts/sample1', store: 's3://lab/cat.zarr', output: 's3://lab/out/sample1.npy', endpoint: 'http://minio.argo:9000', storeMetadataHash: 'b'.repeat(64) })],
  ['fake', () => fakeWorkflow({ jsonld: 's3://lab/original_data.jsonld', levels: ['Campaign', 'Batch', 'Sample'], dataLevel: 'Sample', prefix: 'http://www.catplus.ch/ontology/concepts/', out: 's3://lab/test_store.zarr', shape: '90,10', seed: 1, region: 'eu-west-1' })],
];

describe('pipeline workflows', () => {
  it.each(builders)('%s: validates against schema.json and round-trips through YAML', async (_name, build) => {
    const wf = await build();
    const ok = validate(wf);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(parse(manifestToYaml(wf))).toEqual(wf);
  });

  it.each(builders)('%s: runs the zld image with S3 keys from the argo-artifacts secret by reference', async (name, build) => {
    const wf = await build();
    const t = step(wf);
    expect(t.container!.image).toBe(DEFAULT_ZLD_IMAGE);
    expect(t.container!.command).toEqual(['zld']);
    expect(t.container!.args![0]).toBe(name);
    const env = Object.fromEntries(t.container!.env!.map((e) => [e.name, e]));
    expect(env.AWS_ACCESS_KEY_ID!.valueFrom).toEqual({ secretKeyRef: { name: 'argo-artifacts', key: 'accesskey' } });
    expect(env.AWS_SECRET_ACCESS_KEY!.valueFrom).toEqual({ secretKeyRef: { name: 'argo-artifacts', key: 'secretkey' } });
    expect(t.memoize!.cache.configMap.name).toBe('zld-memo');
    expect(t.memoize!.key).toMatch(new RegExp(`^zld-${name}-[0-9a-f]{64}$`));
    expect(wf.metadata.annotations!['zld.dev/inputs-hash']).toBe(t.memoize!.key.slice(-64));
    expect(wf.metadata.labels!['zld.dev/pipeline']).toBe(name);
  });

  it('prefills parameters from the store and passes them through the step', async () => {
    const wf = await builders[0]![1]();
    expect(wf.spec.arguments!.parameters).toEqual([
      { name: 'store', value: 's3://lab/cat.zarr' },
      { name: 'key', value: '.all_metadata' },
      { name: 'endpoint', value: 'http://minio.argo:9000' },
    ]);
    const t = step(wf);
    expect(t.container!.args).toEqual(['consolidate', '{{inputs.parameters.store}}', '--key', '{{inputs.parameters.key}}', '--json']);
    const env = Object.fromEntries(t.container!.env!.map((e) => [e.name, e.value]));
    expect(env.AWS_ENDPOINT_URL).toBe('{{inputs.parameters.endpoint}}');
    expect(env.AWS_ENDPOINT_URL_S3).toBe('{{inputs.parameters.endpoint}}');
  });

  it('retrieve uploads the dataset as an S3 output artifact with the same secret', async () => {
    const wf = await builders[1]![1]();
    const art = step(wf).outputs!.artifacts![0]!;
    expect(art.s3).toMatchObject({ endpoint: 'minio.argo:9000', insecure: true, bucket: 'lab', key: 'out/sample1.npy', accessKeySecret: { name: 'argo-artifacts', key: 'accesskey' } });
  });

  it('the memo key changes with the store metadata, a parameter or the image, and only then', async () => {
    const base = { store: 's3://lab/cat.zarr', storeMetadataHash: '1'.repeat(64) };
    const key = async (o: Partial<Parameters<typeof consolidateWorkflow>[0]>) => step(await consolidateWorkflow({ ...base, ...o })).memoize!.key;
    const k0 = await key({});
    expect(await key({})).toBe(k0);
    expect(await key({ namespace: 'other', labels: { a: 'b' } })).toBe(k0);
    const changed = await Promise.all([key({ storeMetadataHash: '2'.repeat(64) }), key({ key: '.zmetadata2' }), key({ image: 'ghcr.io/zld/zld:0.2.0' }), key({ store: 's3://lab/other.zarr' })]);
    expect(new Set([k0, ...changed]).size).toBe(5);
  });

  it('custom secret, image and ConfigMap', async () => {
    const wf = await consolidateWorkflow({ store: 's3://a/b.zarr', image: 'registry.lab/zld:dev', credentialsSecret: { name: 'minio-creds', accessKeyKey: 'id', secretKeyKey: 'key' }, memoConfigMap: 'memo' });
    const t = step(wf);
    expect(t.container!.image).toBe('registry.lab/zld:dev');
    expect(t.container!.env![0]!.valueFrom).toEqual({ secretKeyRef: { name: 'minio-creds', key: 'id' } });
    expect(t.memoize!.cache.configMap.name).toBe('memo');
    expect(validate(wf)).toBe(true);
  });

  it('rejects missing inputs with the name of what is missing', async () => {
    await expect(retrieveWorkflow({ uri: 'http://x/y', store: 's3://a/b.zarr', output: '/tmp/out.npy' })).rejects.toThrow('output "/tmp/out.npy" is not s3://bucket/key');
    await expect(consolidateWorkflow({ store: '' })).rejects.toThrow('consolidate needs a store');
  });
});

describe('content hashes', () => {
  it('canonical JSON sorts keys, so key order does not change the hash', async () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(await contentHash({ a: 1, b: 2 })).toBe(await contentHash({ b: 2, a: 1 }));
    expect(await contentHash({ a: 1 })).not.toBe(await contentHash({ a: 2 }));
    expect(await contentHash('')).toBe('12ae32cb1ec02d01eda3581b127c1fee3b0dc53572ed6baf239721a03d82e126'); // sha256 of '""'
  });

  it('hashStoreMetadata follows the metadata and ignores chunks', async () => {
    const store = new MemoryStore([
      ['/.zgroup', enc('{"zarr_format":2}')],
      ['/.zattrs', enc('{"title":"cat"}')],
      ['/a/0.0', new Uint8Array([1, 2, 3])],
    ]);
    const h1 = await hashStoreMetadata(store);
    await store.set('/a/0.0', new Uint8Array([9]));
    expect(await hashStoreMetadata(store)).toBe(h1);
    await store.set('/.zattrs', enc('{"title":"dog"}'));
    expect(await hashStoreMetadata(store)).not.toBe(h1);
    try {
      await hashStoreMetadata(new MemoryStore());
      throw new Error('no error');
    } catch (e) {
      expect(isZldError(e, 'NotZarr')).toBe(true);
    }
  });
});
