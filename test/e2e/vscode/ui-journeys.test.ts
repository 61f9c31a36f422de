/**
 * UI journeys in the real workbench: code-server (without the smoke-test driver, so notifications show) with the
 * packaged `.vsix` installed, driven by headless Chromium the way a user clicks and reads. Screenshots go to
 * `test-results/screenshots/vscode/`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startCodeServer } from '../../hosts/vscode/code-server.mjs';
import { CATPLUS_SAMPLE1, launchBrowser, makeWorkspace, vsixPath, type Workspace } from './harness.js';
import { contextMenu, expandRow, notebookCells, openFile, openZarrContainer, pane, quickInput, runCommand, shot, treeRow, waitForWorkbench } from './workbench.js';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_TITLE = '<img src=y onerror=alert(2)> [run me](command:workbench.action.closeWindow) **bold**';
const HOSTILE_NOTE = '<script>alert(3)</script><a href="command:workbench.action.quit">quit</a>';

/** A store whose names and attributes try to become markup or command links. */
const hostileStore: Record<string, string> = {
  'hostile.zarr/.zgroup': '{"zarr_format": 2}',
  [`hostile.zarr/${HOSTILE_NAME}/.zgroup`]: '{"zarr_format": 2}',
  [`hostile.zarr/${HOSTILE_NAME}/.zattrs`]: JSON.stringify({
    '@id': 'http://example.org/hostile/1',
    '@type': ['http://example.org/Thing'],
    'http://example.org/title': [{ '@value': HOSTILE_TITLE }],
    note: HOSTILE_NOTE,
  }),
};

let ws: Workspace;
let cs: Awaited<ReturnType<typeof startCodeServer>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  ws = await makeWorkspace(hostileStore);
  cs = await startCodeServer({ workspace: ws.dir, vsix: vsixPath });
  browser = await launchBrowser();
  page = browser.page;
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(cs.url);
  await waitForWorkbench(page);
});

afterEach(async (ctx) => {
  // a failing journey leaves a picture of the page as it was
  if (ctx.task.result?.state === 'fail' && page) await shot(page, `failed-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await cs?.stop();
  await ws?.remove();
});

describe('VS Code UI journeys', () => {
  test('the activity bar has a Zarr container with the Stores and Metadata views', async () => {
    await openZarrContainer(page);
    await expect.poll(() => pane(page, 'Stores').count()).toBe(1);
    await expect.poll(() => pane(page, 'Metadata').count()).toBe(1);
    await shot(page, '01-zarr-container');
  });

  test('open the Cat+ store, expand to sample1, right-click hasDataset in Metadata -> Retrieve: the notebook shows the new cell', async () => {
    await openFile(page, 'analysis.ipynb');
    await page.locator('.notebookOverlay .cell-list-container').waitFor({ timeout: 30_000 });
    await expect.poll(() => notebookCells(page), { timeout: 20_000 }).toEqual(['import numpy as np']);
    // select the first cell, so the new one goes below it
    await page.locator('.notebookOverlay .cell-list-container .monaco-list-row').first().click();

    await runCommand(page, 'Zarr: Open Store…');
    await quickInput(page).locator('input').fill(ws.catPlus);
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'open this location' }).first().click();
    const stores = pane(page, 'Stores');
    await expandRow(treeRow(stores, 'cat-plus.zarr'));
    await expandRow(treeRow(stores, 'myBatch'));
    await expandRow(treeRow(stores, 'mySamplePrep'));
    const sample1 = treeRow(stores, 'sample1');
    await sample1.click();
    await shot(page, '02-sample1-selected');

    const metadata = pane(page, 'Metadata');
    const hasDataset = treeRow(metadata, 'hasDataset');
    await hasDataset.waitFor({ timeout: 20_000 });
    await expect.poll(() => hasDataset.locator('.label-description').innerText()).toBe('sample1Dataset');
    await contextMenu(hasDataset, 'Retrieve');
    await expect.poll(() => notebookCells(page).then((c) => c.length), { timeout: 20_000 }).toBe(2);
    const cells = await notebookCells(page);
    expect(cells[0]).toBe('import numpy as np');
    expect(cells[1]).toContain('sample1Dataset');
    await shot(page, '03-retrieved-into-notebook');
  });

  test('F1 -> "Zarr: Look Up URI" -> paste the sample1 URI -> the node is revealed', async () => {
    const stores = pane(page, 'Stores');
    // start from somewhere else: collapse the tree and select the store row
    await page.locator('.part.sidebar .pane-header', { hasText: 'Stores' }).hover();
    await stores.locator('.monaco-list-row').first().click();
    await runCommand(page, 'Zarr: Look Up URI…');
    const input = quickInput(page).locator('input');
    await input.fill(CATPLUS_SAMPLE1);
    const item = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'group /myBatch/mySamplePrep/sample1' }).first();
    await item.waitFor({ timeout: 20_000 });
    await shot(page, '04-look-up-uri');
    await page.keyboard.press('Enter');
    const sample1 = treeRow(stores, 'sample1');
    await expect.poll(() => sample1.getAttribute('aria-selected'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => pane(page, 'Metadata').locator('.monaco-list-row').first().innerText()).toContain('sample1');
    await shot(page, '05-sample1-revealed');
  });

  test('a hostile store shows names and attributes as text only', async () => {
    // open it from the Explorer's context menu on the .zarr folder
    await page.keyboard.press('Control+Shift+E');
    const explorerRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'hostile.zarr' }).first();
    await explorerRow.waitFor({ timeout: 20_000 });
    await contextMenu(explorerRow, 'Open as Zarr Store');
    const stores = pane(page, 'Stores');
    await expandRow(treeRow(stores, 'hostile.zarr'));
    const row = treeRow(stores, HOSTILE_NAME);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('.label-name').innerText()).toBe(HOSTILE_NAME);
    await row.click();
    const metadata = pane(page, 'Metadata');
    const title = treeRow(metadata, 'title');
    await title.waitFor({ timeout: 20_000 });
    expect(await title.locator('.label-description').innerText()).toBe(HOSTILE_TITLE);
    const note = treeRow(metadata, 'note');
    expect(await note.locator('.label-description').innerText()).toBe(HOSTILE_NOTE);
    await shot(page, '06-hostile-store');
    // nothing from the store became an element, a link or a script
    expect(await page.locator('.part.sidebar img[src="x"], .part.sidebar img[src="y"], .part.sidebar a[href^="command:"]').count()).toBe(0);
    expect(await page.locator('.part.sidebar script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('consolidated metadata: open it read-only, see it go stale, consolidate after confirming', async () => {
    await runCommand(page, 'Zarr: Open Consolidated Metadata');
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'cat-plus.zarr' }).first().click();
    const tab = page.locator('.tabs-container .tab', { hasText: '.all_metadata.json' });
    await tab.waitFor({ timeout: 20_000 });
    const status = page.locator('.statusbar-item', { hasText: '.all_metadata' });
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toContain('.all_metadata: up to date');
    await shot(page, '07-consolidated-document');

    // someone changes an attribute on disk: the consolidated document no longer matches
    const attrs = path.join(ws.catPlus, 'myBatch', 'mySamplePrep', 'sample2', '.zattrs');
    const doc = JSON.parse(await fs.readFile(attrs, 'utf8'));
    doc['http://www.catplus.ch/ontology/concepts/vialType'] = [{ '@value': 'changed on disk' }];
    await fs.writeFile(attrs, JSON.stringify(doc, null, 4));
    await runCommand(page, 'Zarr: Check Consolidated Metadata');
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'cat-plus.zarr' }).first().click();
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toContain('stale (1 change)');
    await shot(page, '08-consolidated-stale');

    // the status item consolidates; replacing an existing document asks first
    await status.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    expect(await dialog.innerText()).toContain('Replace the consolidated metadata /.all_metadata of cat-plus.zarr?');
    await shot(page, '09-consolidate-confirm');
    await dialog.locator('.monaco-button', { hasText: /^Replace$/ }).click();
    await page.locator('.notification-toast', { hasText: 'wrote consolidated metadata /.all_metadata of cat-plus.zarr' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toContain('.all_metadata: up to date');
    const written = JSON.parse(await fs.readFile(path.join(ws.catPlus, '.all_metadata'), 'utf8'));
    expect(written.metadata['myBatch/mySamplePrep/sample2/.zattrs']['http://www.catplus.ch/ontology/concepts/vialType']).toEqual([{ '@value': 'changed on disk' }]);
    await shot(page, '10-consolidated-written');
  });

  test('a store that cannot be opened: one message naming it, with Retry and Open Settings; details in the Zarr log', async () => {
    const missing = path.join(ws.dir, 'missing.zarr');
    await runCommand(page, 'Zarr: Open Store…');
    await quickInput(page).locator('input').fill(missing);
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'open this location' }).first().click();
    const toast = page.locator('.notification-toast', { hasText: 'missing.zarr' }).first();
    await toast.waitFor({ timeout: 20_000 });
    const buttons = await toast.locator('.monaco-button').allInnerTexts();
    expect(buttons).toEqual(expect.arrayContaining(['Retry', 'Open Settings']));
    await shot(page, '11-error-with-actions');
    await toast.locator('.monaco-button', { hasText: /^Open Settings$/ }).click();
    await page.locator('.settings-editor').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.settings-editor .setting-item-contents', { hasText: 'Consolidated Key' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shot(page, '12-zld-settings');
  });

  test('Set S3 Credentials asks for the secret in a password field', async () => {
    await runCommand(page, 'Zarr: Set S3 Credentials…');
    const input = quickInput(page).locator('input');
    await input.fill('AKIDUITEST');
    await page.keyboard.press('Enter');
    await expect.poll(() => quickInput(page).innerText(), { timeout: 10_000 }).toContain('S3 secret access key');
    expect(await input.getAttribute('type')).toBe('password');
    await input.fill('ui-test-secret');
    await page.keyboard.press('Enter');
    await expect.poll(() => quickInput(page).innerText(), { timeout: 10_000 }).toContain('session token');
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: 'S3 credentials saved in secret storage' }).waitFor({ timeout: 20_000 });
    // never in the settings
    const settings = await fs.readFile(path.join(cs.dirs.userData, 'User', 'settings.json'), 'utf8');
    expect(settings).not.toContain('ui-test-secret');
  });

  test('hovering an @id in a .zattrs file shows its node; the link reveals it in Stores', async () => {
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, 'mySamplePrep/.zattrs', 'cat-plus.zarr/myBatch/mySamplePrep');
    // the innermost token of the line that holds sample1's @id (links are rendered as their own spans)
    const token = page.locator('.monaco-editor .view-line span > span', { hasText: /concepts\/sample1$/ }).first();
    await token.waitFor({ timeout: 20_000 });
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Reveal in Zarr Stores' });
    for (let i = 0; i < 5 && !(await hover.isVisible()); i++) {
      await token.hover();
      await page.waitForTimeout(1500);
    }
    await hover.waitFor({ timeout: 10_000 });
    expect((await hover.innerText()).replace(/\u00a0/g, ' ')).toContain('group /myBatch/mySamplePrep/sample1');
    await shot(page, '13-id-hover');
    await hover.locator('a', { hasText: 'Reveal in Zarr Stores' }).click();
    const sample1 = treeRow(pane(page, 'Stores'), 'sample1');
    await expect.poll(() => sample1.getAttribute('aria-selected'), { timeout: 20_000 }).toBe('true');
    await shot(page, '14-id-hover-revealed');
  });
});
