import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startS3rver, s3rverEnv, type S3rverHandle } from '../helpers/s3rver.js';

describe('s3rver test helper', () => {
  let s3: S3rverHandle;
  let local: string;
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['data'] });
    local = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-up-'));
    await fs.mkdir(path.join(local, 'g', 'a b'), { recursive: true });
    await fs.writeFile(path.join(local, '.zgroup'), '{"zarr_format":2}');
    await fs.writeFile(path.join(local, 'g', 'a b', '0.0'), new Uint8Array([1, 2, 3]));
  });
  afterAll(async () => {
    await s3?.stop();
    await fs.rm(local, { recursive: true, force: true });
  });

  it('uploads a folder and serves its bytes back unchanged', async () => {
    expect(await s3.uploadDir(local, 'data', 'cat.zarr')).toBe(2);
    const res = await s3.client.send(new GetObjectCommand({ Bucket: 'data', Key: 'cat.zarr/g/a b/0.0' }));
    expect([...(await res.Body!.transformToByteArray())]).toEqual([1, 2, 3]);
    const list = await s3.client.send(new ListObjectsV2Command({ Bucket: 'data', Prefix: 'cat.zarr/' }));
    expect(list.Contents?.map((c) => c.Key).sort()).toEqual(['cat.zarr/.zgroup', 'cat.zarr/g/a b/0.0']);
  });

  it('gives child processes an environment pointing at the server', () => {
    const env = s3rverEnv(s3);
    expect(env.AWS_ENDPOINT_URL_S3).toBe(s3.endpoint);
    expect(env.AWS_ACCESS_KEY_ID).toBe('S3RVER');
    expect(env.AWS_REGION).toBe('us-east-1');
  });

  it('stops: the port no longer answers and the folder is gone', async () => {
    const other = await startS3rver();
    await other.stop();
    await expect(fetch(other.endpoint, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    await expect(fs.stat(other.dir)).rejects.toThrow();
  });
});
