/**
 * Signed S3 reads from the browser: an endpoint configured `browser: true` that refuses unsigned requests
 * (s3rver behind a recording proxy that answers 403 unless a request carries the SigV4 signature of our key id
 * and secret, which it recomputes).
 * The first read is refused, a dialog asks for keys, the store opens with signed requests, Refresh works, the
 * secret is nowhere in the saved settings, the page's storage, its console or its DOM; Forget asks again
 * (keys refused by the endpoint are asked for again); Cancel leaves the store unopened, waiting for keys ("Sign
 * in…"), with a message naming it. (Stores remembered in the settings, after a page load: s3-signed-reload.test.ts.)
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { allowBrowserAccess, startS3rver, type S3rverHandle } from '../../helpers/s3rver.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { expandPath, openZarrPanel, row } from './panel-driver.js';
import { startSigningProxy, type SigningProxy } from '../../helpers/s3-signing-proxy.js';

const STORE = 's3://bucket/catplus.zarr';
// fake keys that look like no real AWS key
const KEY_ID = 'zld-browser-key';
const SECRET = 'zld-secret-7f3a9c-must-not-leak';
const TOKEN = 'zld-session-token-5d1e-must-not-leak';

type LabWindow = { zldLab: { commands: { execute(id: string, a?: unknown): Promise<unknown> } } };

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe('signed S3 reads from the browser with keys held in memory', () => {
  let s3: S3rverHandle;
  let proxy: SigningProxy;
  let lab: Lab;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    const fx = await ensureFixtures();
    s3 = await startS3rver({ buckets: ['bucket', 'private'] });
    for (const Bucket of ['bucket', 'private']) {
      await allowBrowserAccess(s3, Bucket, ['GET', 'HEAD', 'PUT']);
      await s3.uploadDir(fx.catPlus, Bucket, 'catplus.zarr');
    }
    proxy = await startSigningProxy(s3.endpoint, { accessKeyId: KEY_ID, secretAccessKey: SECRET });
    lab = await startLab({
      zldSettings: {
        s3Endpoints: [
          { endpoint: proxy.url, buckets: ['bucket'], browser: true },
          { endpoint: proxy.url, buckets: ['private'], browser: true, auth: 'prompt' },
        ],
      },
    });
    lab.page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  });
  afterAll(async () => {
    await lab?.close();
    await proxy?.stop();
    await s3?.stop();
  });

  const dialog = () => lab.page.locator('.jp-Dialog');
  const rootRow = () => row(lab.page, '/', STORE);

  async function typeCredentials(keyId: string, secret: string, token = ''): Promise<void> {
    const d = dialog();
    await d.locator('input[name="accessKeyId"]').fill(keyId);
    await d.locator('input[name="secretAccessKey"]').fill(secret);
    await d.locator('input[name="sessionToken"]').fill(token);
  }

  async function storeMenu(item: string): Promise<void> {
    await rootRow().click({ button: 'right' });
    await lab.page.locator('.lm-Menu-item', { hasText: item }).click();
  }

  async function seeSample1(): Promise<void> {
    await expandPath(lab.page, ['/', '/myBatch', '/myBatch/mySamplePrep'], STORE);
    await row(lab.page, '/myBatch/mySamplePrep/sample1', STORE).click();
    const details = lab.page.locator('.zld-Details');
    await expect.poll(() => details.locator('.zld-Details-title').textContent(), { timeout: 30_000 }).toBe('sample1');
    await expect.poll(() => details.locator('.zld-Badge').allTextContents()).toContain('Sample');
    expect(await details.locator('.zld-Literal').allTextContents()).toContain('commercial bottle');
  }

  it('a refused read asks for keys; the store opens with signed requests; Refresh works', async () => {
    const { page } = lab;
    shotOnFailure(lab, 's3-signed');
    await openZarrPanel(page);
    await page.locator('.zld-StoreInput').fill(STORE);
    await page.locator('.zld-AddStore').click();
    await expect.poll(() => dialog().locator('.jp-Dialog-header').textContent(), { timeout: 60_000 }).toBe(`S3 credentials for ${proxy.url}`);
    expect(await dialog().textContent()).toContain(STORE);
    expect(proxy.requests.filter((r) => r.outcome === 'unsigned').length).toBeGreaterThan(0);
    expect(await dialog().locator('input[name="secretAccessKey"]').getAttribute('type')).toBe('password');
    await typeCredentials(KEY_ID, SECRET);
    await lab.shot('29-s3-credentials-dialog');
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
    await rootRow().waitFor({ timeout: 60_000 });
    await seeSample1();
    await lab.shot('29b-s3-signed-store-open');
    const forwarded = proxy.requests.filter((r) => r.outcome === 'forwarded');
    expect(forwarded.length).toBeGreaterThan(0);
    for (const r of forwarded) expect(r.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${KEY_ID}/\\d{8}/us-east-1/s3/aws4_request, SignedHeaders=`));
    expect(await dialog().count()).toBe(0);

    // Refresh re-reads the store with the keys held: no dialog, no unsigned request
    const before = proxy.requests.length;
    await storeMenu('Refresh Store');
    await expect.poll(() => page.locator('.zld-Status').textContent(), { timeout: 30_000 }).toBe(`Refreshed ${STORE}`);
    expect(await dialog().count()).toBe(0);
    const after = proxy.requests.slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.outcome === 'forwarded')).toBe(true);
    await seeSample1();
  });

  it('keeps the secret out of the saved settings, the page storage, the URL, the console and the DOM', async () => {
    const { page } = lab;
    const saved = await Promise.all((await filesUnder(lab.stateDir)).map(async (f) => ({ f, text: await fs.readFile(f, 'utf8') })));
    expect(saved.some((s) => s.f.endsWith('plugin.jupyterlab-settings') && s.text.includes(STORE))).toBe(true); // the store is remembered
    expect(saved.filter((s) => s.text.includes(SECRET)).map((s) => s.f)).toEqual([]);
    const settings = await (await lab.api('lab/api/settings/@zld/jupyterlab-ext:plugin')).text();
    expect(settings).not.toContain(SECRET);
    const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, url: location.href }));
    expect(storage).not.toContain(SECRET);
    expect(storage).not.toContain(KEY_ID);
    expect(consoleLines.length).toBeGreaterThan(0);
    expect(consoleLines.filter((l) => l.includes(SECRET))).toEqual([]);
    const dom = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join('\n'));
    expect(dom).not.toContain(SECRET);
  });

  it('Forget S3 Credentials: the next read asks again; keys the endpoint refuses are asked for again', async () => {
    const { page } = lab;
    shotOnFailure(lab, 's3-forget');
    await storeMenu('Forget S3 Credentials');
    await storeMenu('Refresh Store');
    await expect.poll(() => dialog().locator('.jp-Dialog-header').textContent(), { timeout: 30_000 }).toBe(`S3 credentials for ${proxy.url}`);
    expect(await dialog().textContent()).toContain('refused an unsigned request');
    await typeCredentials('zld-wrong-key', SECRET);
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
    // the endpoint refuses that key id: asked again, saying so
    await expect.poll(() => dialog().textContent(), { timeout: 30_000 }).toContain('refused the credentials given');
    expect(proxy.requests.some((r) => r.outcome === 'wrong-key')).toBe(true);
    await typeCredentials(KEY_ID, SECRET, TOKEN);
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
    await expect.poll(() => page.locator('.zld-Status').textContent(), { timeout: 30_000 }).toBe(`Refreshed ${STORE}`);
    await seeSample1();
    expect(proxy.requests.at(-1)).toMatchObject({ outcome: 'forwarded', securityToken: TOKEN });
    expect(consoleLines.filter((l) => l.includes(SECRET) || l.includes(TOKEN))).toEqual([]);
  });

  it('chunk reads of an array preview refused after Forget wait on one dialog, then show the values; Refresh after that works', async () => {
    const { page } = lab;
    shotOnFailure(lab, 's3-preview');
    const values = page.locator('.zld-Details .zld-Values td');
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('zld:forget-s3-credentials'));
    await expandPath(page, ['/myBatch/mySamplePrep/sample2'], STORE);
    await row(page, '/myBatch/mySamplePrep/sample2/sample2Dataset', STORE).click();
    await expect.poll(() => dialog().count(), { timeout: 30_000 }).toBe(1);
    await typeCredentials(KEY_ID, SECRET);
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
    await expect.poll(() => values.count(), { timeout: 60_000 }).toBe(64);
    expect(await dialog().count()).toBe(0);
    const before = proxy.requests.length;
    await page.evaluate((url) => void (window as unknown as LabWindow).zldLab.commands.execute('zld:refresh-store', { url }), STORE);
    await expect.poll(() => page.locator('.zld-Status').textContent(), { timeout: 30_000 }).toBe(`Refreshed ${STORE}`);
    await expect.poll(() => values.count(), { timeout: 60_000 }).toBe(64);
    expect(await dialog().count()).toBe(0);
    expect(proxy.requests.slice(before).filter((r) => r.outcome !== 'forwarded')).toEqual([]);
  });

  it('Cancel leaves the store unopened with a message naming it, and the panel keeps working', async () => {
    const { page } = lab;
    shotOnFailure(lab, 's3-cancel');
    // the palette's way this time
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('apputils:activate-command-palette'));
    await page.locator('.lm-CommandPalette input').fill('Forget S3');
    await page.locator('.lm-CommandPalette-item', { hasText: 'Zarr: Forget S3 Credentials' }).click();
    await expect.poll(() => page.locator('.jp-toast-message').allTextContents()).toContain('Forgot the S3 credentials of 1 endpoint.');
    await storeMenu('Refresh Store');
    await expect.poll(() => dialog().count(), { timeout: 30_000 }).toBe(1);
    await dialog().locator('button', { hasText: 'Cancel' }).click();
    const message = `cannot read ${STORE}: no S3 credentials were given for ${proxy.url} (it refused an unsigned read)`;
    // the row says it waits for keys (the reason on hover), with a Sign in button
    await expect.poll(() => rootRow().getAttribute('title'), { timeout: 30_000 }).toContain(message);
    expect(await rootRow().textContent()).toContain('needs S3 credentials');
    await expect.poll(() => page.locator('.jp-toast-message').allTextContents()).toContain(message);
    await rootRow().locator('.zld-Tree-label').click({ button: 'right' });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.zld-Details .zld-Error').textContent()).toBe(`Not open: ${message}`);
    expect(await page.locator('.zld-Details .zld-SignInButton').textContent()).toBe('Sign in…');
    expect(await dialog().count()).toBe(0); // one prompt, however many reads were refused
    await lab.shot('29c-s3-credentials-cancelled');
    expect(lab.consoleErrors.filter((e) => /pageerror|zld/.test(e))).toEqual([]);
    // still usable: Refresh asks again and opens it
    await storeMenu('Refresh Store');
    await expect.poll(() => dialog().count(), { timeout: 30_000 }).toBe(1);
    await typeCredentials(KEY_ID, SECRET);
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
    await expect.poll(() => page.locator('.zld-Status').textContent(), { timeout: 30_000 }).toBe(`Refreshed ${STORE}`);
    await seeSample1();
  });

  it('"auth": "prompt" asks before the first read: no unsigned request goes out', async () => {
    const { page } = lab;
    shotOnFailure(lab, 's3-prompt');
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('zld:forget-s3-credentials'));
    const start = proxy.requests.length;
    await page.locator('.zld-StoreInput').fill('s3://private/catplus.zarr');
    await page.locator('.zld-AddStore').click();
    await expect.poll(() => dialog().textContent(), { timeout: 30_000 }).toContain('The settings ask for credentials to read s3://private/catplus.zarr');
    expect(proxy.requests.slice(start)).toEqual([]);
    await typeCredentials(KEY_ID, SECRET);
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
    await row(page, '/', 's3://private/catplus.zarr').waitFor({ timeout: 60_000 });
    const seen = proxy.requests.slice(start);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((r) => r.outcome !== 'forwarded')).toEqual([]);
  });
});
