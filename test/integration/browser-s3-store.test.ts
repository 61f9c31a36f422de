/**
 * The JupyterLab extension's BrowserS3Store and S3CredentialStore (no widgets) against s3rver behind the
 * signing proxy (403 for unsigned requests and unknown key ids): unsigned first, one prompt however many
 * reads are refused at once, signed retries, Forget, keys the endpoint rejects, Cancel, `askFirst`, `quiet`
 * (stores reopened at page load never ask until `allowPrompt()`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserS3Store, needsCredentials } from '../../jupyterlab-ext/src/browser-s3-store.js';
import { S3CredentialStore, type CredentialsRequest, type S3Secret } from '../../jupyterlab-ext/src/s3-credentials.js';
import { startSigningProxy, type SigningProxy } from '../helpers/s3-signing-proxy.js';
import { startS3rver, type S3rverHandle } from '../helpers/s3rver.js';
import type { AbsolutePath } from '@zld/core';

const KEY: S3Secret = { accessKeyId: 'zld-node-key', secretAccessKey: 'zld-node-secret-not-real' };
const WRONG: S3Secret = { accessKeyId: 'zld-other-key', secretAccessKey: 'zld-node-secret-not-real' };
const BAD_SECRET: S3Secret = { accessKeyId: 'zld-node-key', secretAccessKey: 'zld-mistyped-secret' };

/** A prompt that answers from a script and records what it was asked. */
function scripted(answers: (S3Secret | undefined)[]) {
  const asked: CredentialsRequest[] = [];
  const prompt = async (r: CredentialsRequest) => {
    asked.push(r);
    await new Promise((res) => setTimeout(res, 20)); // a user takes a moment
    return answers.shift();
  };
  return { asked, prompt };
}

describe('BrowserS3Store: signed browser reads with keys asked for on refusal', () => {
  let s3: S3rverHandle;
  let proxy: SigningProxy;
  const files: AbsolutePath[] = [];
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['bucket'] });
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    for (let i = 0; i < 12; i++) {
      await s3.client.send(new PutObjectCommand({ Bucket: 'bucket', Key: `st.zarr/k${i}`, Body: `value ${i}` }));
      files.push(`/k${i}`);
    }
    proxy = await startSigningProxy(s3.endpoint, KEY);
  });
  afterAll(async () => {
    await proxy?.stop();
    await s3?.stop();
  });

  const open = (credentials: S3CredentialStore, askFirst = false) => new BrowserS3Store('s3://bucket/st.zarr', { endpoint: proxy.url, credentials, askFirst });
  const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

  it('12 reads refused at once ask once, then all succeed signed with the key id', async () => {
    const { asked, prompt } = scripted([KEY]);
    const store = open(new S3CredentialStore(prompt));
    const start = proxy.requests.length;
    const values = await Promise.all(files.map((k) => store.get(k)));
    expect(values.map(text)).toEqual(files.map((_, i) => `value ${i}`));
    expect(asked).toEqual([{ endpoint: proxy.url, storeUrl: 's3://bucket/st.zarr', reason: 'denied' }]);
    const seen = proxy.requests.slice(start);
    expect(seen.filter((r) => r.outcome === 'unsigned').length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.outcome === 'forwarded').length).toBe(12);
    expect(store.signed).toBe(true);
    expect(store.url).not.toContain(KEY.secretAccessKey);
  });

  it('after forget() the next read is unsigned and asks again; listings work signed', async () => {
    const { asked, prompt } = scripted([KEY, KEY]);
    const credentials = new S3CredentialStore(prompt);
    const store = open(credentials);
    expect((await store.list('/')).keys).toContain('k0');
    expect(credentials.forget()).toBe(1);
    expect(store.signed).toBe(false);
    const listed: string[] = [];
    for await (const k of store.listAll('/')) listed.push(k);
    expect(listed.length).toBe(12);
    expect(asked.map((a) => a.reason)).toEqual(['denied', 'denied']);
  });

  it('keys the endpoint rejects (unknown key id, wrong secret) are dropped and asked for again; cancelling ends with a message naming the store', async () => {
    const { asked, prompt } = scripted([WRONG, BAD_SECRET, undefined]);
    const credentials = new S3CredentialStore(prompt);
    // (the store throws @zld/core's ZldError, another class than core/src's that caughtZldError knows)
    const e = (await open(credentials).get('/k1').then(() => undefined, (x: unknown) => x)) as { code: string; message: string };
    expect(asked.map((a) => a.reason)).toEqual(['denied', 'rejected', 'rejected']);
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toBe(`cannot read s3://bucket/st.zarr: no S3 credentials were given for ${proxy.url} (it refused the keys given)`);
    expect(credentials.get(proxy.url)).toBeUndefined();
    expect(proxy.requests.some((r) => r.outcome === 'wrong-key')).toBe(true);
    expect(proxy.requests.some((r) => r.outcome === 'bad-signature')).toBe(true);
  });

  it('reads that were refused before the user cancelled fail without a second prompt; later reads ask again', async () => {
    const { asked, prompt } = scripted([undefined, KEY]);
    const credentials = new S3CredentialStore(prompt);
    const store = open(credentials);
    const results = await Promise.allSettled(files.map((k) => store.get(k)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(asked.length).toBe(1);
    expect(text(await store.get('/k3'))).toBe('value 3');
    expect(asked.length).toBe(2);
  });

  it('askFirst asks before any request goes out', async () => {
    const { asked, prompt } = scripted([{ ...KEY, sessionToken: 'zld-token-not-real' }]);
    const start = proxy.requests.length;
    expect(text(await open(new S3CredentialStore(prompt), true).get('/k2'))).toBe('value 2');
    expect(asked.map((a) => a.reason)).toEqual(['prompt']);
    expect(proxy.requests.slice(start).map((r) => [r.outcome, r.securityToken])).toEqual([['forwarded', 'zld-token-not-real']]);
  });

  it('missing keys stay undefined when signed', async () => {
    const store = open(new S3CredentialStore(async () => KEY));
    expect(await store.get('/nope')).toBeUndefined();
  });

  it('a quiet store never asks: a refused read (or askFirst) fails as needing credentials until allowPrompt()', async () => {
    const { asked, prompt } = scripted([KEY]);
    const credentials = new S3CredentialStore(prompt);
    const quiet = new BrowserS3Store('s3://bucket/st.zarr', { endpoint: proxy.url, credentials, quiet: true });
    const err = await quiet.get('/k3').catch((e: unknown) => e);
    expect(needsCredentials(err)).toBe(true);
    expect((err as Error).message).toBe(`s3://bucket/st.zarr needs S3 credentials for ${proxy.url} (it refused an unsigned read): sign in to read it`);
    const start = proxy.requests.length;
    const first = new BrowserS3Store('s3://bucket/st.zarr', { endpoint: proxy.url, credentials, quiet: true, askFirst: true });
    expect(needsCredentials(await first.get('/k3').catch((e: unknown) => e))).toBe(true);
    expect(proxy.requests.slice(start)).toEqual([]); // askFirst + quiet: nothing sent unsigned
    expect(asked).toEqual([]);
    quiet.allowPrompt();
    expect(text(await quiet.get('/k3'))).toBe('value 3');
    expect(asked.map((a) => a.reason)).toEqual(['denied']);
    // keys held now: the quiet one reads signed without asking
    expect(text(await first.get('/k4'))).toBe('value 4');
    // a cancelled prompt is a lack of keys too (the panel offers Sign in)
    const cancelled = new BrowserS3Store('s3://bucket/st.zarr', { endpoint: proxy.url, credentials: new S3CredentialStore(async () => undefined) });
    expect(needsCredentials(await cancelled.get('/k5').catch((e: unknown) => e))).toBe(true);
  });
});
