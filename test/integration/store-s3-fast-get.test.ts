/**
 * Light S3 GETs (core/src/store/s3-fast-get.ts) against s3rver behind the signing proxy, which recomputes
 * every SigV4 signature from the secret (s3rver itself checks none): signed right for awkward keys, ranges and
 * session tokens, missing keys answered without the SDK, and every other answer (bad keys, no bucket, a dead
 * server, cancellation) left to the SDK path with the errors it always gave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3Store } from '../../core/src/store/s3.js';
import { setFastGetTransport } from '../../core/src/store/s3-fast-get.js';
import { nodeFastGetTransport } from '../../core/src/store/s3-fast-get-node.js';
import { startSigningProxy, type SigningProxy } from '../helpers/s3-signing-proxy.js';
import { freePort, startS3rver, type S3rverHandle } from '../helpers/s3rver.js';
import type { AbsolutePath } from '../../core/src/store/types.js';

const KEYS = { accessKeyId: 'zld-fast-key', secretAccessKey: 'zld-fast-secret' };
const AWKWARD = ['/plain/.zattrs', '/with space/a+b=c&d.json', '/unicode/échantillon/ß.json', "/marks/!'()*~.json", '/percent/100%.bin', '/deep/a/b/c/d/e/f/0.0.0'];

let s3: S3rverHandle;
let proxy: SigningProxy;
const sent: string[] = [];

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['fast'] });
  for (const [i, k] of AWKWARD.entries()) {
    await s3.client.send(new PutObjectCommand({ Bucket: 'fast', Key: `st.zarr${k}`, Body: `value ${i} of ${k}` }));
  }
  proxy = await startSigningProxy(s3.endpoint, KEYS);
  // count what goes through the light path (the Node transport @zld/core/node installs)
  setFastGetTransport((url, headers, signal) => {
    sent.push(url);
    return nodeFastGetTransport(url, headers, signal);
  });
}, 60_000);

afterAll(async () => {
  setFastGetTransport(undefined);
  await proxy?.stop();
  await s3?.stop();
});

const store = (opts: Partial<ConstructorParameters<typeof S3Store>[2]> = {}) =>
  new S3Store('fast', 'st.zarr', { endpoint: proxy.url, region: 'us-east-1', credentials: KEYS, maxAttempts: 2, ...opts });

describe('light S3 GETs', () => {
  it('reads awkward keys with signatures the proxy verifies, without the SDK', async () => {
    const st = store();
    const before = proxy.requests.length;
    sent.length = 0;
    for (const [i, k] of AWKWARD.entries()) {
      const got = await st.get(k as AbsolutePath);
      expect(new TextDecoder().decode(got), k).toBe(`value ${i} of ${k}`);
    }
    const seen = proxy.requests.slice(before);
    expect(seen.map((r) => r.outcome)).toEqual(AWKWARD.map(() => 'forwarded'));
    expect(sent).toHaveLength(AWKWARD.length); // every read answered by the light path
    expect(seen.every((r) => r.authorization?.includes(`Credential=${KEYS.accessKeyId}/`))).toBe(true);
  });

  it('answers a missing key as missing and a byte range with the bytes, both signed', async () => {
    const st = store();
    sent.length = 0;
    const before = proxy.requests.length;
    expect(await st.get('/plain/nope' as AbsolutePath)).toBeUndefined();
    const part = await st.getRange('/with space/a+b=c&d.json' as AbsolutePath, { offset: 6, length: 3 });
    expect(new TextDecoder().decode(part)).toBe('1 o');
    expect(sent).toHaveLength(2);
    expect(proxy.requests.slice(before).every((r) => r.outcome === 'forwarded')).toBe(true);
  });

  it('signs with a session token when the credentials carry one', async () => {
    const st = store({ credentials: { ...KEYS, sessionToken: 'zld-session-token' } });
    const before = proxy.requests.length;
    expect(new TextDecoder().decode(await st.get('/plain/.zattrs' as AbsolutePath))).toBe('value 0 of /plain/.zattrs');
    expect(proxy.requests.slice(before)).toMatchObject([{ outcome: 'forwarded', securityToken: 'zld-session-token' }]);
  });

  it('leaves a refused signature to the SDK, whose error names bucket, key and status and never the secret', async () => {
    const st = store({ credentials: { accessKeyId: KEYS.accessKeyId, secretAccessKey: 'not-the-secret' } });
    sent.length = 0;
    const err = await st.get('/plain/.zattrs' as AbsolutePath).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect((err as Error).message).toContain('s3://fast/st.zarr/plain/.zattrs');
    expect((err as Error).message).not.toContain('not-the-secret');
    expect(sent).toHaveLength(1); // tried once lightly, then the SDK
  });

  it('leaves a missing bucket and a dead server to the SDK, with its errors', async () => {
    const noBucket = new S3Store('no-such-bucket', 'x', { endpoint: s3.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await expect(noBucket.get('/a' as AbsolutePath)).rejects.toMatchObject({ code: 'NotFound', message: expect.stringContaining('no-such-bucket') });
    const dead = new S3Store('fast', 'st.zarr', { endpoint: `http://127.0.0.1:${await freePort()}`, region: 'us-east-1', credentials: KEYS, maxAttempts: 1, timeoutMs: 5000 });
    const err = await dead.get('/plain/.zattrs' as AbsolutePath).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).not.toBe('Internal');
    expect((err as Error).message).not.toContain(KEYS.secretAccessKey);
  });

  it('stops at once when cancelled, and is not used with fastGet: false', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(store().get('/plain/.zattrs' as AbsolutePath, { signal: ac.signal })).rejects.toMatchObject({ code: 'Aborted' });
    sent.length = 0;
    const before = proxy.requests.length;
    expect(new TextDecoder().decode(await store({ fastGet: false }).get('/plain/.zattrs' as AbsolutePath))).toBe('value 0 of /plain/.zattrs');
    expect(sent).toHaveLength(0);
    expect(proxy.requests.slice(before).map((r) => r.outcome)).toEqual(['forwarded']); // the SDK's signature, verified too
  });
});
