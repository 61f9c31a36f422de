/**
 * The verbs VS Code has, in JupyterLab's palette and context menus: Save Array as .npy (the Cat+ array saved
 * from the context menu loads in numpy equal to zarr-python's read; saving onto an existing name asks and Cancel
 * keeps the file; a cancelled save leaves no partial file; not offered on a group that leads to no array),
 * Check/Show Consolidated Metadata (Show keeps the verdict of a Check), Search Metadata, Reveal Node, Set S3
 * Credentials (before any read is refused; nothing reaches the settings), Argo Clear Token.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { allowBrowserAccess, startS3rver, type S3rverHandle } from '../../helpers/s3rver.js';
import { startSigningProxy, type SigningProxy } from '../../helpers/s3-signing-proxy.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { addStore, expandPath, openZarrPanel, row } from './panel-driver.js';
import { fromPalette, paletteItem, type LabWindow } from './palette-driver.js';
import { writeStaleCopy } from './stores.js';

const ARRAY = '/myBatch/mySamplePrep/sample1/sample1Dataset';
const S3_STORE = 's3://bucket/catplus.zarr';
const KEY_ID = 'zld-parity-key';
const SECRET = 'zld-parity-secret-41c7-must-not-leak';

const PARITY: [string, string][] = [
  ['zld:save-npy', 'Zarr: Save Array as .npy…'],
  ['zld:check-consolidated', 'Zarr: Check Consolidated Metadata'],
  ['zld:show-consolidated', 'Zarr: Show Consolidated Metadata'],
  ['zld:search', 'Zarr: Search Metadata…'],
  ['zld:reveal-node', 'Zarr: Reveal Node…'],
  ['zld:set-s3-credentials', 'Zarr: Set S3 Credentials…'],
  ['zld:argo-clear-token', 'Argo: Clear Token'],
];

const sha256 = async (file: string) => createHash('sha256').update(await fs.readFile(file)).digest('hex');

describe('palette parity with VS Code in JupyterLab', () => {
  let lab: Lab;
  let s3: S3rverHandle;
  let proxy: SigningProxy;
  let catPlus: string;
  const dialog = () => lab.page.locator('.jp-Dialog');
  const toasts = () => lab.page.locator('.jp-toast-message').allTextContents();

  beforeAll(async () => {
    const fx = await ensureFixtures();
    catPlus = fx.catPlus;
    s3 = await startS3rver({ buckets: ['bucket'] });
    await allowBrowserAccess(s3, 'bucket', ['GET', 'HEAD', 'PUT']);
    await s3.uploadDir(fx.catPlus, 'bucket', 'catplus.zarr');
    proxy = await startSigningProxy(s3.endpoint, { accessKeyId: KEY_ID, secretAccessKey: SECRET });
    lab = await startLab({ files: { 'catplus.zarr': fx.catPlus }, zldSettings: { s3Endpoints: [{ endpoint: proxy.url, buckets: ['bucket'], browser: true }] } });
  });
  afterAll(async () => {
    await lab?.close();
    await proxy?.stop();
    await s3?.stop();
  });

  async function saveFromMenu(file?: string): Promise<void> {
    const { page } = lab;
    await row(page, ARRAY, 'catplus.zarr').click({ button: 'right' });
    await lab.page.locator('.lm-Menu-item', { hasText: 'Save Array as .npy…' }).click();
    const input = dialog().locator('input');
    await expect.poll(() => input.inputValue()).toBe('sample1Dataset.npy');
    if (file) await input.fill(file);
    await dialog().locator('button', { hasText: 'Save' }).click();
  }

  it('the palette lists every command VS Code has that JupyterLab lacked', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-palette');
    await openZarrPanel(page);
    expect(await page.evaluate((ids) => ids.filter((id) => !(window as unknown as LabWindow).zldLab.commands.hasCommand(id)), PARITY.map(([id]) => id))).toEqual([]);
    for (const [, label] of PARITY) {
      const item = await paletteItem(page, label.replace(/^\w+: /, '').replace('…', ''), label);
      expect(await item.textContent()).toContain(label);
    }
    await paletteItem(page, 'Zarr', 'Zarr: Save Array as .npy…');
    await lab.shot('50-palette-parity-commands');
    await page.keyboard.press('Escape');
    await fromPalette(page, 'Argo: Clear Token');
    await expect.poll(toasts).toContain('No Argo token was entered in this page.');
    // a token typed in (memory only) is cleared
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('zld:argo-set-token'));
    await dialog().locator('.zld-ArgoToken-input').fill('zld-parity-argo-token');
    await dialog().locator('button', { hasText: 'Use token' }).click();
    await expect.poll(() => dialog().count()).toBe(0);
    await fromPalette(page, 'Argo: Clear Token');
    await expect.poll(toasts).toContain('Cleared the Argo token entered in this page: calls use the Jupyter server’s token again.');
  });

  it('saves sample1Dataset as .npy from the context menu: numpy.load equals zarr-python', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-save-npy');
    await addStore(page, 'catplus.zarr');
    await expandPath(page, ['/myBatch', '/myBatch/mySamplePrep', '/myBatch/mySamplePrep/sample1'], 'catplus.zarr');
    await row(page, ARRAY, 'catplus.zarr').click({ button: 'right' });
    await lab.shot('51-save-npy-context-menu');
    await page.keyboard.press('Escape');
    await saveFromMenu();
    const progress = page.locator('.jp-toast-button', { hasText: 'Cancel' });
    await progress.first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 600)); // the toast slides in
    await lab.shot('52-save-npy-progress');
    await expect.poll(toasts, { timeout: 120_000 }).toContainEqual(expect.stringMatching(/^Saved \/myBatch\/mySamplePrep\/sample1\/sample1Dataset \(9000 × 1000 float64, 68\.7 MB\) to sample1Dataset\.npy$/));
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]').click();
    await expect.poll(() => page.locator('.jp-DirListing-item').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringContaining('sample1Dataset.npy'));
    await lab.shot('53-save-npy-saved-file-browser');
    const check = `import sys, numpy, zarr
a = numpy.load(sys.argv[1], allow_pickle=False)
z = zarr.open_group(sys.argv[2], mode='r')[sys.argv[3]][...]
print(a.shape, a.dtype.str, z.shape, bool(numpy.array_equal(a, z, equal_nan=True)))`;
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', check, path.join(lab.rootDir, 'sample1Dataset.npy'), catPlus, ARRAY.slice(1)]);
    expect(stdout.trim()).toBe('(9000, 1000) <f8 (9000, 1000) True');
    expect((await fs.readdir(lab.rootDir)).filter((n) => n.includes('.zld-partial-'))).toEqual([]);
  });

  it('saving onto the same name asks; Cancel leaves the file untouched', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-overwrite');
    const file = path.join(lab.rootDir, 'sample1Dataset.npy');
    // another file under that name, so "untouched" cannot be confused with "rewritten with the same bytes"
    await fs.writeFile(file, 'not the array\n');
    const [before, stat] = [await sha256(file), await fs.stat(file)];
    await openZarrPanel(page);
    await saveFromMenu();
    await expect.poll(() => dialog().locator('.jp-Dialog-header').textContent()).toBe('Replace the existing file?');
    expect(await dialog().textContent()).toContain('sample1Dataset.npy already exists on the Jupyter server');
    await lab.shot('54-save-npy-replace-asks');
    await dialog().locator('button', { hasText: 'Cancel' }).click();
    await expect.poll(() => dialog().count()).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await sha256(file)).toBe(before);
    expect((await fs.stat(file)).mtimeMs).toBe(stat.mtimeMs);
    expect((await fs.readdir(lab.rootDir)).filter((n) => n.includes('.zld-partial-'))).toEqual([]);
    // Replace writes the array over it
    await saveFromMenu();
    await dialog().locator('button', { hasText: 'Replace' }).click();
    await expect.poll(async () => (await fs.stat(file)).size, { timeout: 120_000 }).toBe(128 + 9000 * 1000 * 8);
    expect((await fs.readFile(file)).subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect((await fs.readdir(lab.rootDir)).filter((n) => n.includes('.zld-partial-'))).toEqual([]);
  });

  it('Save Array as .npy is offered on a node and an @id that lead to an array, not on a group that leads to none', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-npy-targets');
    const item = page.locator('.lm-Menu-item', { hasText: 'Save Array as .npy…' });
    await row(page, '/', 'catplus.zarr').click({ button: 'right' });
    // the menu widget is reused: wait until it lists this row's items before asserting what it lacks
    await expect.poll(() => page.locator('.lm-Menu-item', { hasText: 'Zarr: Check Consolidated Metadata' }).count()).toBe(1);
    expect(await item.isVisible()).toBe(false); // (Lumino keeps a hidden item in the menu)
    await page.keyboard.press('Escape');
    // a group whose @id resolves to no array (myBatch), and an @id link to another such group (mySamplePrep)
    await row(page, '/myBatch', 'catplus.zarr').click({ button: 'right' });
    await expect.poll(() => page.locator('.lm-Menu-item', { hasText: 'Zarr: Check Consolidated Metadata' }).count()).toBe(0);
    await expect.poll(() => page.locator('.lm-Menu-item', { hasText: 'Insert code cell' }).isVisible()).toBe(true);
    expect(await item.isVisible()).toBe(false);
    await lab.shot('65-save-npy-hidden-on-group-without-data');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.zld-Details .zld-Details-title').textContent()).toBe('myBatch');
    await page.locator('.zld-Details .zld-Link', { hasText: 'mySamplePrep' }).first().click({ button: 'right' });
    await expect.poll(() => page.locator('.lm-Menu-item', { hasText: 'Insert code cell' }).isVisible()).toBe(true);
    expect(await item.isVisible()).toBe(false);
    await page.keyboard.press('Escape');
    await row(page, '/myBatch/mySamplePrep/sample1', 'catplus.zarr').click({ button: 'right' });
    await item.click();
    await expect.poll(() => dialog().locator('input').inputValue()).toBe('sample1Dataset.npy');
    await dialog().locator('button', { hasText: 'Cancel' }).click();
    await expect.poll(() => page.locator('.zld-Details .zld-Details-title').textContent()).toBe('sample1');
    await page.locator('.zld-Details .zld-Link', { hasText: 'sample1Dataset' }).first().click({ button: 'right' });
    await item.click();
    await expect.poll(() => dialog().locator('input').inputValue()).toBe('sample1Dataset.npy');
    await dialog().locator('button', { hasText: 'Cancel' }).click();
    await expect.poll(() => dialog().count()).toBe(0);
  });

  it('a cancelled save leaves no partial file', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-cancel');
    await saveFromMenu('cancelled.npy');
    const cancel = page.locator('.jp-toast-button', { hasText: 'Cancel' });
    await cancel.first().waitFor({ timeout: 30_000 });
    // cancel once part of the file is on the server, so there is a partial file to clean up
    await expect.poll(async () => (await fs.readdir(lab.rootDir)).filter((n) => n.startsWith('cancelled.npy.zld-partial-')).length, { interval: 50 }).toBe(1);
    await cancel.first().click();
    await expect.poll(toasts, { timeout: 30_000 }).toContain('Cancelled: cancelled.npy was not written.');
    await new Promise((r) => setTimeout(r, 600)); // the toasts slide
    await lab.shot('55-save-npy-cancelled');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await fs.readdir(lab.rootDir)).filter((n) => n.startsWith('cancelled.npy'))).toEqual([]);
  });

  it('a save that fails names the array and the path, and leaves nothing; a folder is never replaced', async () => {
    shotOnFailure(lab, 'parity-npy-error');
    await saveFromMenu('no/such/folder/x.npy');
    // (JupyterLab cuts a toast's text at 140 characters: the array and the path come first)
    const message = expect.stringMatching(new RegExp(`^cannot save array ${ARRAY} of catplus\\.zarr to no/such/folder/x\\.npy: cannot write no/such/folder/x\\.npy\\.zl`));
    await expect.poll(toasts, { timeout: 30_000 }).toContainEqual(message);
    await expect(fs.stat(path.join(lab.rootDir, 'no'))).rejects.toMatchObject({ code: 'ENOENT' });
    // a folder is never replaced
    await saveFromMenu('catplus.zarr');
    await expect.poll(toasts, { timeout: 30_000 }).toContain(`cannot save array ${ARRAY} to catplus.zarr: it is a folder on the Jupyter server`);
    expect(await dialog().count()).toBe(0);
    expect((await fs.stat(path.join(lab.rootDir, 'catplus.zarr', '.all_metadata'))).isFile()).toBe(true);
  });

  it('checks and shows the consolidated metadata from the palette; a stale store is flagged from its context menu', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-consolidated');
    await openZarrPanel(page);
    await row(page, '/', 'catplus.zarr').click();
    await fromPalette(page, 'Zarr: Check Consolidated Metadata');
    await expect.poll(toasts, { timeout: 30_000 }).toContain('Consolidated metadata (.all_metadata) of catplus.zarr is up to date.');
    await expect.poll(() => page.locator('.zld-ConsolidatedStatus').getAttribute('data-state')).toBe('fresh');
    await fromPalette(page, 'Zarr: Show Consolidated Metadata');
    const raw = page.locator('.zld-StoreSection details.zld-Raw');
    await expect.poll(() => raw.evaluate((d) => (d as HTMLDetailsElement).open), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => raw.locator('pre').textContent(), { timeout: 30_000 }).toContain('myBatch/mySamplePrep/sample1/sample1Dataset/.zarray');
    // showing the JSON keeps the verdict of the check made before it
    expect(await page.locator('.zld-ConsolidatedStatus').getAttribute('data-state')).toBe('fresh');
    expect(await page.locator('.zld-ConsolidatedStatus').textContent()).toBe('up to date');
    await lab.shot('56-show-consolidated');
    // a stale copy, checked from the store's context menu
    await writeStaleCopy(catPlus, path.join(lab.rootDir, 'stale.zarr'));
    await addStore(page, 'stale.zarr');
    await row(page, '/', 'stale.zarr').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Check Consolidated Metadata' }).click();
    await expect.poll(toasts, { timeout: 30_000 }).toContain('Consolidated metadata (.all_metadata) of stale.zarr is stale: 1 changed (myBatch/.zattrs)');
    await expect.poll(() => page.locator('.zld-ConsolidatedStatus').getAttribute('data-state')).toBe('stale');
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('zld:remove-store', { url: 'stale.zarr' }));
    await expect.poll(() => row(page, '/', 'stale.zarr').count()).toBe(0);
  });

  it('searches and reveals a node from the palette', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-search');
    await fromPalette(page, 'Zarr: Search Metadata…');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('zld-SearchInput'))).toBe(true);
    await page.keyboard.type('commercial bottle');
    await expect.poll(() => page.locator('.zld-SearchResults .zld-Link').allTextContents(), { timeout: 30_000 }).toContain('/myBatch/mySamplePrep/sample1');
    await lab.shot('57-search-from-palette');
    await fromPalette(page, 'Zarr: Reveal Node…');
    await dialog().locator('input[name="path"]').fill('/myBatch/mySamplePrep/sample2');
    expect(await dialog().locator('select[name="store"]').inputValue()).toBe('catplus.zarr');
    await lab.shot('57b-reveal-node-dialog');
    await dialog().locator('button', { hasText: 'Reveal' }).click();
    await expect.poll(() => page.locator('.zld-Tree-row.zld-mod-selected').getAttribute('data-path')).toBe('/myBatch/mySamplePrep/sample2');
    await expect.poll(() => page.locator('.zld-Details .zld-Details-title').textContent()).toBe('sample2');
  });

  it('sets S3 credentials from the palette before any read: signed from the first request, nothing in the settings; Save as .npy reads through it', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'parity-s3');
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]').click();
    await fromPalette(page, 'Zarr: Set S3 Credentials…');
    await expect.poll(() => dialog().locator('.jp-Dialog-header').textContent(), { timeout: 30_000 }).toBe(`S3 credentials for ${proxy.url}`);
    expect(await dialog().textContent()).toContain(`Keys for reading s3://bucket directly from the browser at ${proxy.url}.`);
    await dialog().locator('input[name="accessKeyId"]').fill(KEY_ID);
    await dialog().locator('input[name="secretAccessKey"]').fill(SECRET);
    await lab.shot('58-set-s3-credentials');
    await dialog().locator('button', { hasText: 'Use credentials' }).click();
    await expect.poll(toasts).toContain(`S3 credentials for ${proxy.url} are held in this page’s memory.`);
    expect(proxy.requests).toEqual([]);
    await openZarrPanel(page);
    await page.locator('.zld-StoreInput').fill(S3_STORE);
    await page.locator('.zld-AddStore').click();
    await row(page, '/', S3_STORE).waitFor({ timeout: 60_000 });
    await expandPath(page, ['/', '/myBatch'], S3_STORE);
    expect(await dialog().count()).toBe(0);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests.filter((r) => r.outcome !== 'forwarded')).toEqual([]);
    await lab.shot('59-s3-store-signed');
    // Save as .npy reads through whatever store the panel has open: here signed browser S3 reads
    await page.evaluate((a) => void (window as unknown as LabWindow).zldLab.commands.execute('zld:save-npy', a), { storeUrl: S3_STORE, path: ARRAY, file: 's3-sample1.npy' });
    await expect.poll(toasts, { timeout: 120_000 }).toContain(`Saved ${ARRAY} (9000 × 1000 float64, 68.7 MB) to s3-sample1.npy`);
    expect(await sha256(path.join(lab.rootDir, 's3-sample1.npy'))).toBe(await sha256(path.join(lab.rootDir, 'sample1Dataset.npy')));
    expect(proxy.requests.filter((r) => r.outcome !== 'forwarded')).toEqual([]);
    const saved = await (await lab.api('lab/api/settings/@zld/jupyterlab-ext:plugin')).text();
    expect(saved).toContain(S3_STORE);
    expect(saved).not.toContain(SECRET);
    expect(saved).not.toContain(KEY_ID);
    const files = await fs.readdir(lab.stateDir, { recursive: true });
    for (const f of files) {
      const p = path.join(lab.stateDir, f);
      if ((await fs.stat(p)).isFile()) expect(await fs.readFile(p, 'utf8'), p).not.toContain(SECRET);
    }
  });
});
