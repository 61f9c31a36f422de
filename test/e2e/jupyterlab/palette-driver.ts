/**
 * The command palette as a user drives it: open it, type, wait for an entry, click it. JupyterLab's modal
 * palette closes when it loses focus (a late focus change on a loaded machine can do that): it is opened again.
 *
 * @example
 * ```ts
 * await fromPalette(page, 'Zarr: Check Consolidated Metadata');
 * const item = await paletteItem(page, 'Clear Token', 'Argo: Clear Token');
 * ```
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export type LabWindow = { zldLab: { commands: { execute(id: string, a?: unknown): Promise<unknown>; hasCommand(id: string): boolean } } };

/** Open the palette, type `query`, wait for the item labelled `label` (reopening a palette that lost focus). */
export async function paletteItem(page: Page, query: string, label: string): Promise<Locator> {
  const input = page.locator('.lm-CommandPalette input');
  const item = page.locator('.lm-CommandPalette-item', { hasText: label });
  const open = async () => {
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('apputils:activate-command-palette'));
    await input.fill(query);
  };
  await open();
  await expect
    .poll(async () => {
      if (!(await input.isVisible())) await open();
      return item.count();
    })
    .toBeGreaterThan(0);
  return item.first();
}

/** Run a command by clicking its palette entry; a palette that closed under the pointer (lost focus) is opened again. */
export async function fromPalette(page: Page, label: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const item = await paletteItem(page, label.replace(/^\w+: /, '').replace('…', ''), label);
    try {
      await item.click({ timeout: 5000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}
