/**
 * What a user does in the Zarr panel, as small Playwright steps shared by the journeys.
 *
 * @example
 * ```ts
 * await openZarrPanel(page);
 * await addStore(page, 'catplus.zarr');
 * await expandPath(page, ['/myBatch']);
 * ```
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export async function openZarrPanel(page: Page): Promise<void> {
  const panel = page.locator('#zld-zarr-panel');
  if (!(await panel.isVisible())) await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab', { hasText: 'Zarr' }).click();
  await panel.waitFor({ state: 'visible' });
}

/** The tree row of a node, in the given store (by its URL as added) or in the first store that has it. */
export function row(page: Page, path: string, store?: string): Locator {
  const inStore = store === undefined ? '' : `[data-store=${JSON.stringify(store)}]`;
  return page.locator(`.zld-Tree-row${inStore}[data-path=${JSON.stringify(path)}]`).first();
}

/** Type a store URL or path in the store box and press Add; waits for its root row. */
export async function addStore(page: Page, url: string): Promise<void> {
  await page.locator('.zld-StoreInput').fill(url);
  await page.locator('.zld-AddStore').click();
  await row(page, '/', url).waitFor({ timeout: 60_000 });
  await expandPath(page, ['/'], url);
}

/** Expand the groups at these paths (in order), clicking their carets. */
export async function expandPath(page: Page, paths: string[], store?: string): Promise<void> {
  for (const p of paths) {
    const r = row(page, p, store);
    await r.waitFor({ timeout: 60_000 });
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.locator('.zld-Tree-caret').click();
    await expect.poll(() => r.getAttribute('aria-expanded'), { timeout: 60_000 }).toBe('true');
  }
}
