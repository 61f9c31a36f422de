/**
 * Signed browser S3 stores remembered in the settings, on a page load: no credentials dialog pops up by itself;
 * the stores wait in the tree as "needs S3 credentials" with a "Sign in…" button (row, details, context menu);
 * the dialog opens only when the user asks, and keys given for the endpoint (Sign in, "Set S3 Credentials…")
 * open every store of that endpoint that was waiting for them, without Refresh. One store answers unsigned
 * reads with 403 (through the SigV4-checking proxy), the other is `"auth": "prompt"` (nothing is sent unsigned).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { allowBrowserAccess, startS3rver, type S3rverHandle } from '../../helpers/s3rver.js';
import { startSigningProxy, type SigningProxy } from '../../helpers/s3-signing-proxy.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { fromPalette } from './palette-driver.js';
import { expandPath, openZarrPanel, row } from './panel-driver.js';

const STORE = 's3://bucket/catplus.zarr';
const PRIVATE = 's3://private/catplus.zarr';
const KEY_ID = 'zld-reload-key';
const SECRET = 'zld-reload-secret-9b2e-must-not-leak';

describe('remembered signed S3 stores after a page load', () => {
  let s3: S3rverHandle;
  let proxy: SigningProxy;
  let lab: Lab;

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
        stores: [{ url: STORE }, { url: PRIVATE }],
        s3Endpoints: [
          { endpoint: proxy.url, buckets: ['bucket'], browser: true },
          { endpoint: proxy.url, buckets: ['private'], browser: true, auth: 'prompt' },
        ],
      },
    });
  });
  afterAll(async () => {
    await lab?.close();
    await proxy?.stop();
    await s3?.stop();
  });

  const dialog = () => lab.page.locator('.jp-Dialog');
  const toasts = () => lab.page.locator('.jp-toast-message').allTextContents();

  async function typeCredentials(): Promise<void> {
    await dialog().locator('input[name="accessKeyId"]').fill(KEY_ID);
    await dialog().locator('input[name="secretAccessKey"]').fill(SECRET);
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
  }

  /** Both remembered stores wait for keys, and no dialog opened by itself. */
  async function bothWaiting(): Promise<void> {
    const { page } = lab;
    await openZarrPanel(page);
    for (const url of [STORE, PRIVATE]) {
      await expect.poll(() => row(page, '/', url).getAttribute('class'), { timeout: 60_000 }).toContain('zld-mod-signin');
      expect(await row(page, '/', url).textContent()).toContain('needs S3 credentials');
      expect(await row(page, '/', url).locator('.zld-SignInButton').textContent()).toBe('Sign in…');
    }
    // the panel has loaded both stores; give a dialog that would pop up late the time to do so
    await new Promise((r) => setTimeout(r, 1500));
    expect(await dialog().count()).toBe(0);
  }

  async function reload(): Promise<void> {
    await lab.page.reload();
    await lab.page.waitForSelector('body[data-zld-lab-ready]', { state: 'attached', timeout: 90_000 });
  }

  it('at load: no dialog, the rows say they need credentials; Sign in asks, and both stores of the endpoint open', async () => {
    const { page } = lab;
    shotOnFailure(lab, 's3-reload-signin');
    await bothWaiting();
    // the "auth": "prompt" store sent nothing; the other one was refused once unsigned
    expect(proxy.requests.filter((r) => r.url.startsWith('/private/'))).toEqual([]);
    expect(proxy.requests.filter((r) => r.url.startsWith('/bucket/')).every((r) => r.outcome === 'unsigned')).toBe(true);
    await lab.shot('60-s3-needs-credentials-at-load');
    // the details of a waiting store say so, with the same action
    await row(page, '/', STORE).locator('.zld-Tree-label').click({ button: 'right' });
    await expect.poll(() => page.locator('.lm-Menu-item', { hasText: 'Sign in…' }).count()).toBe(1);
    expect(await page.locator('.lm-Menu-item', { hasText: 'Sign in…' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await dialog().count()).toBe(0);
    await expect.poll(() => page.locator('.zld-Details .zld-SignInButton').count()).toBe(1);
    expect(await page.locator('.zld-Details').textContent()).toContain(`The keys for ${proxy.url} are kept in this page’s memory only.`);
    await lab.shot('61-s3-needs-credentials-details');

    await row(page, '/', STORE).locator('.zld-SignInButton').click();
    await expect.poll(() => dialog().locator('.jp-Dialog-header').textContent(), { timeout: 30_000 }).toBe(`S3 credentials for ${proxy.url}`);
    expect(await dialog().textContent()).toContain(STORE);
    await lab.shot('62-s3-sign-in-dialog');
    await typeCredentials();
    await expect.poll(() => row(page, '/', STORE).getAttribute('data-kind'), { timeout: 60_000 }).toBe('group');
    await expandPath(page, ['/', '/myBatch', '/myBatch/mySamplePrep'], STORE);
    await row(page, '/myBatch/mySamplePrep/sample1', STORE).waitFor({ timeout: 30_000 });
    // the other store of that endpoint opened with the same keys: no Refresh, no second dialog
    await expect.poll(() => row(page, '/', PRIVATE).getAttribute('data-kind'), { timeout: 60_000 }).toBe('group');
    expect(await dialog().count()).toBe(0);
    expect(proxy.requests.filter((r) => r.url.startsWith('/private/')).every((r) => r.outcome === 'forwarded')).toBe(true);
    await lab.shot('63-s3-signed-in-both-open');
    // both stores hold the same @ids: sample1's incoming link from the other store says which store it is in
    await row(page, '/myBatch/mySamplePrep/sample1', STORE).click();
    const incoming = page.locator('.zld-Details .zld-Incoming li');
    await expect.poll(() => incoming.count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator('.zld-Details .zld-Incoming-store').allTextContents()).toEqual([` (in ${PRIVATE})`]);
    await lab.shot('63b-incoming-links-two-stores');
  });

  it('after a reload, Set S3 Credentials… opens the waiting stores; a cancelled Sign in leaves the store waiting', async () => {
    const { page } = lab;
    shotOnFailure(lab, 's3-reload-set');
    await reload();
    await bothWaiting();
    // Sign in from the context menu, cancelled: the store keeps waiting and says why
    await row(page, '/', PRIVATE).locator('.zld-Tree-label').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Sign in…' }).click();
    await expect.poll(() => dialog().textContent(), { timeout: 30_000 }).toContain(`The settings ask for credentials to read ${PRIVATE}`);
    await dialog().locator('button', { hasText: 'Cancel' }).click();
    const message = `cannot read ${PRIVATE}: no S3 credentials were given for ${proxy.url} (the settings ask for them)`;
    await expect.poll(toasts, { timeout: 30_000 }).toContain(message);
    await expect.poll(() => row(page, '/', PRIVATE).getAttribute('title')).toContain(message);
    expect(await row(page, '/', PRIVATE).getAttribute('class')).toContain('zld-mod-signin');

    // keys from the palette: every waiting store of the endpoint opens, without Refresh
    await fromPalette(page, 'Zarr: Set S3 Credentials…');
    await expect.poll(() => dialog().locator('.jp-Dialog-header').textContent(), { timeout: 30_000 }).toBe(`S3 credentials for ${proxy.url}`);
    await typeCredentials();
    await expect.poll(toasts).toContain(`S3 credentials for ${proxy.url} are held in this page’s memory.`);
    for (const url of [STORE, PRIVATE]) await expect.poll(() => row(page, '/', url).getAttribute('data-kind'), { timeout: 60_000 }).toBe('group');
    expect(await dialog().count()).toBe(0);
    await expandPath(page, ['/', '/myBatch'], PRIVATE);
    await lab.shot('64-s3-set-credentials-opens-waiting');
    expect(lab.consoleErrors.filter((e) => /pageerror|zld/.test(e))).toEqual([]);
  });
});
