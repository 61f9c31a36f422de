/**
 * Driving the VS Code workbench in code-server like a user: wait for it, run palette commands, open the Zarr
 * views, find tree rows and take screenshots (`test-results/screenshots/vscode/`).
 *
 * @example
 * ```ts
 * await waitForWorkbench(page);
 * await runCommand(page, 'Zarr: Open Store…');
 * await treeRow(page, 'sample1').click();
 * await shot(page, 'sample1-selected');
 * ```
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { screenshotDir } from './harness.js';

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { state: 'attached', timeout: 60_000 });
  await page.waitForSelector('.part.activitybar', { timeout: 60_000 });
  await page.waitForSelector('.statusbar', { timeout: 60_000 });
}

export async function shot(page: Page, name: string): Promise<string> {
  await fs.mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The quick input widget (palette, quick picks, input boxes). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/**
 * F1, type the command's title, pick it. Retries: right after load the palette may not know the
 * extension's commands yet.
 */
export async function runCommand(page: Page, title: string, { attempts = 10 } = {}): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = quickInput(page).locator('input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 3000 });
      await row.click();
      return;
    } catch {
      await page.waitForTimeout(1000);
    }
  }
  throw new Error(`command "${title}" never appeared in the palette`);
}

/** Click the activity bar's Zarr entry (unless the container is open already). */
export async function openZarrContainer(page: Page): Promise<void> {
  const tab = page.locator('.part.activitybar [role="tab"][aria-label^="Zarr"], .part.activitybar a[aria-label^="Zarr"]').first();
  await tab.waitFor({ timeout: 30_000 });
  const open = await page.locator('.part.sidebar .composite.title h2', { hasText: /^Zarr/i }).count();
  if (!open) await tab.click();
  await page.locator('.part.sidebar .pane-header', { hasText: 'Stores' }).waitFor({ timeout: 15_000 });
}

/** The pane (view) of the side bar with this title. */
export function pane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: title }) });
}

/** A row of a tree view whose label is exactly `label`. */
export function treeRow(scope: Page | Locator, label: string): Locator {
  const page = 'page' in scope && typeof scope.page === 'function' ? (scope as Locator).page() : (scope as Page);
  // `has` is matched inside each row, so it must be built from the page, not from `scope`
  return scope.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) }).first();
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Expand a collapsed tree row (click its twistie) and wait until it says it is expanded. */
export async function expandRow(row: Locator): Promise<void> {
  await row.waitFor({ timeout: 20_000 });
  const deadline = Date.now() + 20_000;
  while ((await row.getAttribute('aria-expanded')) !== 'true') {
    if (Date.now() > deadline) throw new Error(`row ${await row.innerText()} did not expand`);
    await row.locator('.monaco-tl-twistie').click();
    await row.page().waitForTimeout(300);
  }
}

/** Quick Open (Ctrl+P) a workspace file by name; picks the first result whose row shows `rowText`. */
export async function openFile(page: Page, name: string, rowText = name): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(name);
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Right-click `row` and pick `action` from its context menu. */
export async function contextMenu(row: Locator, action: string): Promise<void> {
  const page = row.page();
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^${escapeRe(action)}$`) }).first();
  await item.waitFor({ timeout: 10_000 });
  // menus are re-rendered while they open (context keys settle): hover, then click, then Enter if it is still open
  await item.hover();
  await page.waitForTimeout(200);
  await item.click();
  await page.waitForTimeout(300);
  if (await item.isVisible()) {
    await item.hover();
    await page.keyboard.press('Enter');
  }
}

/** Text of the notebook's cells (code editors), in order. */
export async function notebookCells(page: Page): Promise<string[]> {
  const cells = page.locator('.notebookOverlay .cell-list-container .monaco-list-row .cell-editor-container .view-lines');
  return (await cells.allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' '));
}
