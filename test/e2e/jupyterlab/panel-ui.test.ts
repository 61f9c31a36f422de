/**
 * The panel as a JupyterLab user meets it: the prebuilt extension loads, the file browser opens a folder
 * as a store (remembered in the settings across a reload), the tree is driven by the keyboard, the command
 * palette looks a URI up, Copy URI fills the clipboard, and search finds nodes by their values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { openZarrPanel, row } from './panel-driver.js';

type LabWindow = { zldLab: { commands: { execute(id: string, a?: unknown): Promise<unknown>; hasCommand(id: string): boolean } } };

describe('the Zarr panel in JupyterLab', () => {
  let lab: Lab;
  beforeAll(async () => {
    const fx = await ensureFixtures();
    lab = await startLab({ files: { 'catplus.zarr': fx.catPlus } });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('loads JupyterLab with the prebuilt zld extension and shows the Zarr side panel', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'page-loads');
    const config = await page.evaluate(() => JSON.parse(document.getElementById('jupyter-config-data')!.textContent!));
    expect(config.federated_extensions.map((e: { name: string }) => e.name)).toContain('@zld/jupyterlab-ext');
    await openZarrPanel(page);
    const ids = ['zld:open-store', 'zld:lookup-uri', 'zld:insert-cell', 'zld:insert-and-run-cell', 'zld:consolidate', 'zld:copy-code', 'zld:copy-uri', 'zld:copy-path'];
    expect(await page.evaluate((list) => list.filter((id) => !(window as unknown as LabWindow).zldLab.commands.hasCommand(id)), ids)).toEqual([]);
    await lab.shot('00-page-loads-zarr-panel');
    expect(lab.consoleErrors.filter((e) => /zld|Plugin .* failed/.test(e))).toEqual([]);
  });

  it('opens a folder from the file browser as a store, and remembers it after a reload', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'file-browser');
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]').click();
    const item = page.locator('.jp-DirListing-item', { hasText: 'catplus.zarr' });
    await item.click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Open as Zarr Store' }).click();
    await row(page, '/', 'catplus.zarr').waitFor({ timeout: 60_000 });
    await lab.shot('21-open-folder-as-store');
    await page.reload();
    await page.waitForSelector('body[data-zld-lab-ready]', { state: 'attached', timeout: 90_000 });
    await openZarrPanel(page);
    await row(page, '/', 'catplus.zarr').waitFor({ timeout: 60_000 });
  });

  it('drives the tree with the keyboard', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'keyboard');
    await row(page, '/', 'catplus.zarr').click();
    const selected = page.locator('.zld-Tree-row.zld-mod-selected');
    // [key, selected path afterwards, path that must be expanded afterwards]
    for (const [key, path, open] of [
      ['ArrowRight', '/', '/'],
      ['ArrowRight', '/myBatch', undefined],
      ['ArrowRight', '/myBatch', '/myBatch'],
      ['ArrowRight', '/myBatch/mySamplePrep', undefined],
      ['ArrowRight', '/myBatch/mySamplePrep', '/myBatch/mySamplePrep'],
      ['ArrowDown', '/myBatch/mySamplePrep/sample1', undefined],
      ['ArrowDown', '/myBatch/mySamplePrep/sample2', undefined],
      ['ArrowUp', '/myBatch/mySamplePrep/sample1', undefined],
      ['ArrowLeft', '/myBatch/mySamplePrep', undefined],
      ['End', '/myBatch/mySamplePrep/sample2', undefined],
      ['Home', '/', undefined],
    ] as const) {
      // (JupyterLab may move the focus once while it restores its layout, e.g. to a launcher)
      await page.locator('.zld-Tree').focus();
      await page.keyboard.press(key);
      await expect.poll(() => selected.getAttribute('data-path')).toBe(path);
      if (open) await expect.poll(() => row(page, open, 'catplus.zarr').getAttribute('aria-expanded')).toBe('true');
    }
    expect(await row(page, '/myBatch', 'catplus.zarr').getAttribute('aria-expanded')).toBe('true');
    await page.locator('.zld-Tree').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, '/myBatch/mySamplePrep/sample2', 'catplus.zarr').getAttribute('aria-expanded')).toBe('true');
    await lab.shot('22-keyboard-navigation');
  });

  it('looks a URI up from the command palette and copies it from the context menu', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'palette');
    const palette = page.locator('.lm-CommandPalette input');
    const openPalette = async (): Promise<void> => {
      await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('apputils:activate-command-palette'));
      await palette.fill('Look Up URI');
    };
    await openPalette();
    // the modal palette closes when it loses focus (on a loaded machine a late focus change can do that): reopen it
    await expect
      .poll(async () => {
        if (!(await palette.isVisible())) await openPalette();
        return page.locator('.lm-CommandPalette-item', { hasText: 'Zarr: Look Up URI' }).count();
      })
      .toBe(1);
    await lab.shot('23-palette-zarr-commands');
    // the palette runs the command it lists; run it the same way once the palette is closed
    await page.keyboard.press('Escape');
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('zld:lookup-uri'));
    const input = page.locator('.jp-Dialog input');
    await input.fill('http://www.catplus.ch/ontology/concepts/sampleChemical1');
    await page.locator('.jp-Dialog button', { hasText: 'Look up' }).click();
    const selected = page.locator('.zld-Tree-row.zld-mod-selected');
    await expect.poll(() => selected.getAttribute('data-path')).toBe('/myBatch/mySamplePrep/sample1/sampleChemical1');
    await selected.click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Copy URI' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('http://www.catplus.ch/ontology/concepts/sampleChemical1');
    await selected.click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Copy path' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('/myBatch/mySamplePrep/sample1/sampleChemical1');
  });

  it('searches names, types and values over the open stores', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'search');
    await page.locator('.zld-SearchInput').fill('commercial bottle');
    const hits = page.locator('.zld-SearchResults .zld-Link');
    await expect.poll(() => hits.allTextContents(), { timeout: 30_000 }).toContain('/myBatch/mySamplePrep/sample1');
    await hits.filter({ hasText: '/myBatch/mySamplePrep/sample1' }).first().click();
    await expect.poll(() => page.locator('.zld-Tree-row.zld-mod-selected').getAttribute('data-path')).toBe('/myBatch/mySamplePrep/sample1');
    await lab.shot('26-search');
    await page.locator('.zld-SearchInput').fill('');
  });

  it('gives attribute values the room: a long key is cut short, not the value column', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'attribute-columns');
    const list = page.locator('.zld-Details .zld-Attributes').first();
    await expect.poll(() => list.locator('dt').allTextContents()).toContain('hasSampleChemical');
    const m = await list.evaluate((dl) => {
      const key = [...dl.querySelectorAll('dt')].find((d) => d.textContent === 'hasSampleChemical')!;
      const value = key.nextElementSibling as HTMLElement;
      const style = getComputedStyle(value);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
      return {
        list: dl.clientWidth,
        key: key.getBoundingClientRect().width,
        keyCut: key.scrollWidth > key.clientWidth,
        value: value.getBoundingClientRect().width,
        valueLines: value.getBoundingClientRect().height / lineHeight,
      };
    });
    expect(m.keyCut).toBe(true); // the panel is narrow: the key ends in an ellipsis
    expect(m.key).toBeLessThanOrEqual(m.list * 0.4 + 1);
    expect(m.value).toBeGreaterThanOrEqual(m.list * 0.55);
    expect(m.valueLines).toBeLessThan(1.5); // "sampleChemical1" on one line
    await lab.shot('24-attribute-columns');
  });
});
