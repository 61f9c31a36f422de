/**
 * The Cat+ journey over S3 (s3rver on 127.0.0.1): `zld fake` writes the store straight to s3://, `zld lookup`
 * and `zld retrieve` read it from there, and zarr-python (through a small boto3 mapping) reads the same
 * array from S3 and finds it equal to the .npy. The upstream store, uploaded as is, resolves the same way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATPLUS_METADATA_SRC, pythonJson } from '../helpers/fixtures.js';
import { s3rverEnv, startS3rver, type S3rverHandle } from '../helpers/s3rver.js';
import { LEVELS, NS, ORIGINAL, zld } from './catplus-cli.js';

const S3_COMPARE = `
import sys, os, json, boto3, zarr, numpy as np
from collections.abc import MutableMapping
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL_S3'], config=Config(s3={'addressing_style': 'path'}))
class S3Map(MutableMapping):
    def __init__(self, bucket, prefix): self.b, self.p = bucket, prefix.rstrip('/') + '/'
    def __getitem__(self, k):
        try: return s3.get_object(Bucket=self.b, Key=self.p + k)['Body'].read()
        except s3.exceptions.NoSuchKey: raise KeyError(k)
    def __setitem__(self, k, v): s3.put_object(Bucket=self.b, Key=self.p + k, Body=v)
    def __delitem__(self, k): s3.delete_object(Bucket=self.b, Key=self.p + k)
    def __iter__(self):
        for page in s3.get_paginator('list_objects_v2').paginate(Bucket=self.b, Prefix=self.p):
            for o in page.get('Contents', []): yield o['Key'][len(self.p):]
    def __len__(self): return sum(1 for _ in self)
root = zarr.open_consolidated(S3Map(sys.argv[2], sys.argv[3]), metadata_key='.all_metadata', mode='r')
z = root[sys.argv[4].strip('/')][...]
a = np.load(sys.argv[1], allow_pickle=False)
print(json.dumps({'shape': list(a.shape), 'equal': bool(np.array_equal(a, z))}))
`;

describe('the Cat+ journey over s3rver', () => {
  let s3: S3rverHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['lab'] });
    env = { ...process.env, ...s3rverEnv(s3) };
    dir = await mkdtemp(path.join(tmpdir(), 'zld-catplus-s3-'));
  });
  afterAll(async () => {
    await s3?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fake to s3://, look up and retrieve from s3://; zarr-python reads the same array from S3', async () => {
    const store = 's3://lab/zarr_linked_data/test_store.zarr';
    const f = await zld(['fake', '--jsonld', ORIGINAL, '--levels', LEVELS, '--data-level', 'Sample', '--prefix', NS, '--out', store, '--key', '.all_metadata', '--seed', '3'], dir, env);
    expect(f.err).toBe('');
    expect(f.code).toBe(0);
    const l = await zld(['lookup', 'cat:sample1', '--store', store, '--json'], dir, env);
    expect(l.code).toBe(0);
    expect(JSON.parse(l.out).chosen).toMatchObject({ storeUrl: expect.stringMatching(/^s3:\/\/lab\/zarr_linked_data\/test_store\.zarr(\?|$)/), path: '/myBatch/mySamplePrep/sample1/sample1Dataset' });
    const r = await zld(['retrieve', `${NS}sample1`, '--store', store, '--out', 'dataset.npy', '--json'], dir, env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ shape: [9000, 1000], dtype: 'float64' });
    const py = await pythonJsonEnv(S3_COMPARE, [path.join(dir, 'dataset.npy'), 'lab', 'zarr_linked_data/test_store.zarr', '/myBatch/mySamplePrep/sample1/sample1Dataset'], env);
    expect(py).toEqual({ shape: [9000, 1000], equal: true });
  });

  it('the upstream store uploaded as is: sample1 resolves to its dataset path (metadata only)', async () => {
    await s3.uploadDir(CATPLUS_METADATA_SRC, 'lab', 'upstream/test_store.zarr');
    const l = await zld(['lookup', `${NS}sample1`, '--store', 's3://lab/upstream/test_store.zarr', '--key', '.all_metadata', '--json'], dir, env);
    expect(l.code).toBe(0);
    expect(JSON.parse(l.out).candidates).toEqual([
      expect.objectContaining({ storeUrl: expect.stringMatching(/^s3:\/\/lab\/upstream\/test_store\.zarr(\?|$)/), path: '/myBatch/mySamplePrep/sample1/sample1Dataset', via: 'link' }),
    ]);
    // both stores at once share every URI: reported as ambiguous, never one silently
    const both = await zld(['lookup', 'cat:sample1', '--store', 's3://lab/upstream/test_store.zarr', '--store', 's3://lab/zarr_linked_data/test_store.zarr'], dir, env);
    expect(both.code).toBe(1);
    expect(both.err).toContain('is ambiguous: 2 arrays');
  });
});

async function pythonJsonEnv<T>(code: string, args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await pythonJson<T>(code, args);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
