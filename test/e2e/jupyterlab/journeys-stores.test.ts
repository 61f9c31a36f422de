/**
 * Journey 5 (stale consolidated metadata flagged, Consolidate fixes it), journey 6 (a 100,000-node store
 * opens and scrolls; times are printed), and bad input: a store that cannot be reached, a missing folder, a
 * folder that is not Zarr, a hostile store (nothing it holds runs), a notebook without a kernel.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, PYTHON } from '../../helpers/fixtures.js';
import { screenshotDir, shotOnFailure, startLab, type Lab } from './harness.js';
import { addStore, expandPath, openZarrPanel, row } from './panel-driver.js';
import { HOSTILE_ID, HOSTILE_NAME, HOSTILE_VALUE, writeBigStore, writeHostileStore, writeNotZarr, writeStaleCopy } from './stores.js';

const BIG = 100_000;

describe('stores in JupyterLab: consolidation, scale, bad input', () => {
  let lab: Lab;
  let changedKey: string;
  const dialogs: string[] = [];
  beforeAll(async () => {
    const fx = await ensureFixtures();
    lab = await startLab();
    changedKey = await writeStaleCopy(fx.catPlus, path.join(lab.rootDir, 'stale.zarr'));
    await writeBigStore(path.join(lab.rootDir, 'big.zarr'), BIG);
    await writeNotZarr(path.join(lab.rootDir, 'notzarr'));
    await writeHostileStore(path.join(lab.rootDir, 'hostile.zarr'));
    lab.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openZarrPanel(lab.page);
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('journey 5: stale consolidated metadata is flagged, and Consolidate (confirmed) makes it fresh', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'journey5');
    await addStore(page, 'stale.zarr');
    await row(page, '/', 'stale.zarr').click();
    const section = page.locator('.zld-StoreSection');
    await expect.poll(() => section.locator('.zld-ConsolidatedKey').textContent()).toContain('.all_metadata');
    await section.locator('.zld-CheckButton').click();
    const status = section.locator('.zld-ConsolidatedStatus');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('stale');
    expect(await status.textContent()).toContain(`1 changed (${changedKey})`);
    // the raw consolidated JSON, searched: the stale document lacks the edit
    await section.locator('.zld-Raw summary', { hasText: 'Raw consolidated JSON' }).click();
    await section.locator('.zld-Raw input').fill('hasSample');
    await expect.poll(() => section.locator('.zld-RawJson').textContent()).toContain('concepts/hasSample');
    expect(await section.locator('.zld-Raw .zld-Muted').textContent()).toMatch(/\d+ matching lines/);
    await section.locator('.zld-Raw input').fill('edited after consolidation');
    await expect.poll(() => section.locator('.zld-Raw .zld-Muted').textContent()).toContain(' 0 matching lines');
    await lab.shot('11-journey5-stale-flagged');
    await section.locator('.zld-ConsolidateButton').click();
    const dialog = page.locator('.jp-Dialog');
    await expect.poll(() => dialog.textContent()).toContain('Overwrite consolidated metadata?');
    await lab.shot('12-journey5-confirm-overwrite');
    await dialog.locator('button', { hasText: 'Overwrite' }).click();
    // the store is re-read and checked again by itself
    const fresh = page.locator('.zld-StoreSection .zld-ConsolidatedStatus');
    await expect.poll(() => fresh.getAttribute('data-state'), { timeout: 30_000 }).toBe('fresh');
    await page.locator('.zld-StoreSection .zld-CheckButton').click();
    await expect.poll(() => fresh.getAttribute('data-state'), { timeout: 30_000 }).toBe('fresh');
    expect(await fresh.textContent()).toBe('up to date');
    await lab.shot('13-journey5-consolidated-fresh');
    // zarr-python reads the rewritten document and sees the edit
    const py = spawnSync(PYTHON, ['-c', "import zarr,sys; g=zarr.open_consolidated(sys.argv[1], metadata_key='.all_metadata', mode='r'); print(g['myBatch'].attrs['http://www.catplus.ch/ontology/concepts/note'][0]['@value'])", path.join(lab.rootDir, 'stale.zarr')], { encoding: 'utf8' });
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe('edited after consolidation');
  });

  it(`journey 6: a ${BIG.toLocaleString('en')}-node store opens and scrolls (virtualized)`, async () => {
    const { page } = lab;
    shotOnFailure(lab, 'journey6');
    const t0 = Date.now();
    await page.locator('.zld-StoreInput').fill('big.zarr');
    await page.locator('.zld-AddStore').click();
    await row(page, '/', 'big.zarr').waitFor({ timeout: 60_000 });
    const firstPaintMs = Date.now() - t0;
    await row(page, '/', 'big.zarr').locator('.zld-Tree-caret').click();
    const t1 = Date.now();
    await row(page, '/nodes').locator('.zld-Tree-caret').click();
    await row(page, '/nodes/n000000').waitFor({ timeout: 60_000 });
    const expandMs = Date.now() - t1;
    expect(await page.locator('.zld-Tree-row').count()).toBeLessThan(150);
    await lab.shot('14-journey6-big-store-expanded');
    await row(page, '/nodes/n000000').click();
    const t2 = Date.now();
    await page.keyboard.press('End');
    await row(page, '/nodes/n099999').waitFor({ timeout: 30_000 });
    const endMs = Date.now() - t2;
    const scroll = await page.evaluate(async () => {
      const tree = document.querySelector('.zld-Tree') as HTMLElement;
      const frames: number[] = [];
      tree.scrollTop = 0;
      for (let i = 0; i < 60; i++) {
        const s = performance.now();
        tree.scrollTop += 24 * 1500;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        frames.push(performance.now() - s);
      }
      frames.sort((a, b) => a - b);
      return { median: frames[30]!, worst: frames[59]!, rows: document.querySelectorAll('.zld-Tree-row').length };
    });
    expect(scroll.rows).toBeLessThan(150);
    await lab.shot('15-journey6-big-store-scrolled');
    console.log(
      `journey 6: ${BIG} nodes: first paint of the store ${firstPaintMs} ms, expanding /nodes ${expandMs} ms, End key to the last row ${endMs} ms, ` +
        `scrolling 60 jumps of 1500 rows: median ${scroll.median.toFixed(1)} ms/frame pair, worst ${scroll.worst.toFixed(1)} ms, ${scroll.rows} rows in the page`,
    );
    await fs.writeFile(path.join(screenshotDir, 'journey6-timing.json'), JSON.stringify({ nodes: BIG, firstPaintMs, expandMs, endMs, scroll }, null, 2));
    // fold the big group again, as a user would before moving on
    await page.keyboard.press('Home');
    await row(page, '/nodes').locator('.zld-Tree-caret').click();
    await expect.poll(() => row(page, '/nodes').getAttribute('aria-expanded')).toBe('false');
  });

  it('bad input: unreachable store, missing folder and a folder that is not Zarr are reported, not thrown', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'bad-input');
    const status = page.locator('.zld-Status');
    for (const [url, expected] of [
      ['https://127.0.0.1:9/none.zarr', '127.0.0.1:9'],
      ['missing.zarr', 'no folder missing.zarr'],
      ['notzarr', 'notzarr'],
    ] as const) {
      await page.locator('.zld-StoreInput').fill(url);
      await page.locator('.zld-AddStore').click();
      await expect.poll(() => status.getAttribute('class'), { timeout: 30_000 }).toContain('zld-mod-error');
      expect(await status.textContent()).toContain(expected);
      const errorRow = page.locator('.zld-Tree-row.zld-mod-error', { hasText: url });
      await expect.poll(() => errorRow.count()).toBe(1);
    }
    await lab.shot('16-bad-input-errors');
  });

  it('bad input: a hostile store displays its HTML/JS names and attributes as text, and nothing runs', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'hostile');
    await addStore(page, 'hostile.zarr');
    const hostile = page.locator('.zld-Tree-row', { hasText: HOSTILE_NAME });
    await hostile.click();
    await hostile.hover();
    const details = page.locator('.zld-Details');
    await expect.poll(() => details.locator('.zld-Details-title').textContent()).toBe(HOSTILE_NAME);
    expect(await details.locator('.zld-Literal').allTextContents()).toContain(HOSTILE_VALUE);
    expect(await details.locator('.zld-Link').first().textContent()).toBe(HOSTILE_ID);
    await details.locator('.zld-Link').first().click();
    for (const link of await details.locator('.zld-Link').all()) await link.click().catch(() => undefined);
    await details.locator('.zld-Literal').first().hover();
    await row(page, '/', 'hostile.zarr').click();
    await lab.shot('17-hostile-store-as-text');
    expect(await page.evaluate(() => (window as unknown as { __zldPwned?: number }).__zldPwned)).toBeUndefined();
    expect(await page.locator('#zld-zarr-panel img, #zld-zarr-panel script, #zld-zarr-panel iframe, #zld-zarr-panel svg[onload], #zld-zarr-panel b').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('bad input: with no kernel in the notebook, Insert and run inserts the cell without running it and says why', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'no-kernel');
    await page.evaluate(async () => {
      const app = (window as unknown as { zldLab: { commands: { execute(id: string, a?: unknown): Promise<{ sessionContext: { ready: Promise<void>; shutdown(): Promise<void> } }> } } }).zldLab;
      const nb = await app.commands.execute('notebook:create-new', { kernelName: 'python3' });
      await nb.sessionContext.ready;
      await nb.sessionContext.shutdown();
    });
    const cells = page.locator('.jp-NotebookPanel .jp-Cell');
    await cells.first().waitFor();
    const before = await cells.count();
    await row(page, '/', 'stale.zarr').click();
    await page.locator('.zld-UriInput').fill('http://www.catplus.ch/ontology/concepts/sample2');
    await page.locator('.zld-UriInput').press('Enter');
    await expect.poll(() => page.locator('.zld-Details .zld-Details-title').textContent()).toBe('sample2');
    // right-click the hasDataset link in the details: Retrieve works on @id links too
    await page.locator('.zld-Details .zld-Link', { hasText: 'sample2Dataset' }).click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Insert and run' }).click();
    await expect.poll(() => cells.count()).toBe(before + 1);
    await expect.poll(() => page.locator('.jp-Notification-Toast, .Toastify__toast').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('no running kernel')]),
    );
    expect(await page.locator('.jp-NotebookPanel .jp-OutputArea-output').count()).toBe(0);
    expect(await cells.nth(before).locator('.cm-content').textContent()).toContain('sample2Dataset');
    await lab.shot('18-no-kernel-inserted-not-run');
  });
});
