/**
 * S3Store and boto3 (Debian's /usr/bin/python3) see the same objects on s3rver: what one writes,
 * the other reads byte for byte and lists under the same names, including spaces and unicode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { S3Store } from '../../core/src/store/s3.js';
import { s3OptionsFromEnv } from '../../core/src/store/open.js';
import { startS3rver, s3rverEnv, type S3rverHandle } from '../helpers/s3rver.js';

const PY = `
import json, os, sys, boto3
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL_S3'], config=Config(s3={'addressing_style': 'path'}))
cmd = sys.argv[1]
if cmd == 'dump':
    out = {}
    for page in s3.get_paginator('list_objects_v2').paginate(Bucket='interop', Prefix='cat.zarr/'):
        for o in page.get('Contents', []):
            out[o['Key']] = list(s3.get_object(Bucket='interop', Key=o['Key'])['Body'].read())
    print(json.dumps(out))
elif cmd == 'put':
    s3.put_object(Bucket='interop', Key='cat.zarr/from python/ä b.bin', Body=bytes([0, 1, 2, 255]))
`;

function python(env: Record<string, string>, ...args: string[]): string {
  const r = spawnSync('/usr/bin/python3', ['-c', PY, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

describe('S3Store and boto3 on the same s3rver', () => {
  let s3: S3rverHandle;
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['interop'] });
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('boto3 reads what S3Store wrote', async () => {
    const store = S3Store.fromUrl('s3://interop/cat.zarr', s3OptionsFromEnv(s3rverEnv(s3)));
    await store.set('/.zgroup', new TextEncoder().encode('{"zarr_format":2}'));
    await store.set('/batch 1/échantillon/0.0', new Uint8Array([9, 8, 7]));
    const dump = JSON.parse(python(s3rverEnv(s3), 'dump')) as Record<string, number[]>;
    expect(dump).toEqual({
      'cat.zarr/.zgroup': [...new TextEncoder().encode('{"zarr_format":2}')],
      'cat.zarr/batch 1/échantillon/0.0': [9, 8, 7],
    });
  });

  it('S3Store reads and lists what boto3 wrote', async () => {
    python(s3rverEnv(s3), 'put');
    const store = S3Store.fromUrl('s3://interop/cat.zarr', s3OptionsFromEnv(s3rverEnv(s3)));
    expect([...((await store.get('/from python/ä b.bin')) ?? [])]).toEqual([0, 1, 2, 255]);
    expect(await store.list('/from python/')).toEqual({ keys: ['ä b.bin'], prefixes: [] });
  });
});
