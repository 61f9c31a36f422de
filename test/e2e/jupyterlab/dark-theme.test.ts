/**
 * The Zarr panel in the JupyterLab Dark theme: the theme is chosen in the user settings before the page loads,
 * the page still becomes ready (it used to freeze: a design-token recursion in @microsoft/fast-foundation 2.50.0,
 * pinned to 2.49.4 by the root package.json `overrides`), and the panel takes the dark colours of the theme.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { openZarrPanel } from './panel-driver.js';

const THEMES_PLUGIN = 'apputils-extension:themes';

/** Sum of the r, g, b channels of a computed `rgb(...)`/`rgba(...)` colour. */
function brightness(color: string): number {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return r! + g! + b!;
}

describe('the Zarr panel in the JupyterLab Dark theme', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
    // the theme setting as a user leaves it; the reload below is a fresh load with the dark theme set
    const dir = path.join(lab.stateDir, 'user-settings', '@jupyterlab', 'apputils-extension');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'themes.jupyterlab-settings'), JSON.stringify({ theme: 'JupyterLab Dark' }));
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('loads with the dark theme set and shows the panel on a dark background', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'dark-theme');
    const saved = await lab.api(`lab/api/settings/@jupyterlab/${THEMES_PLUGIN}`).then((r) => r.json() as Promise<{ raw: string }>);
    expect(JSON.parse(saved.raw)).toEqual({ theme: 'JupyterLab Dark' });
    // any console message of a recursion, not only errors
    const recursions: string[] = [];
    page.on('console', (m) => {
      if (/Maximum call stack size exceeded/.test(m.text())) recursions.push(m.text());
    });
    await page.reload();
    await page.waitForSelector('body[data-zld-lab-ready]', { state: 'attached', timeout: 60_000 });
    await expect.poll(() => page.evaluate(() => document.body.dataset.jpThemeName), { timeout: 30_000 }).toBe('JupyterLab Dark');
    expect(await page.evaluate(() => document.body.dataset.jpThemeLight)).toBe('false');
    await openZarrPanel(page);
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('#zld-zarr-panel')!).backgroundColor);
    expect(brightness(bg)).toBeLessThan(200);
    const text = await page.evaluate(() => getComputedStyle(document.querySelector('#zld-zarr-panel')!).color);
    expect(brightness(text)).toBeGreaterThan(450);
    expect(recursions).toEqual([]);
    expect(lab.consoleErrors.filter((e) => /zld|Plugin .* failed/.test(e))).toEqual([]);
    await page.waitForTimeout(300);
    await lab.shot('27-dark-theme');
  });

  it('switches live to the light theme and back without stalling', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'theme-switch');
    const recursions: string[] = [];
    page.on('console', (m) => {
      if (/Maximum call stack size exceeded/.test(m.text())) recursions.push(m.text());
    });
    type LabWindow = { zldLab: { commands: { execute(id: string, a?: unknown): Promise<unknown> } } };
    const panelBrightness = () => page.evaluate(() => getComputedStyle(document.querySelector('#zld-zarr-panel')!).backgroundColor).then(brightness);
    for (const [theme, light] of [['JupyterLab Light', 'true'], ['JupyterLab Dark', 'false']] as const) {
      await page.evaluate((t) => void (window as unknown as LabWindow).zldLab.commands.execute('apputils:change-theme', { theme: t }), theme);
      await expect.poll(() => page.evaluate(() => document.body.dataset.jpThemeLight), { timeout: 30_000 }).toBe(light);
      await expect.poll(panelBrightness, { timeout: 10_000 }).toSatisfy((v: number) => (light === 'true' ? v > 600 : v < 200));
    }
    expect(recursions).toEqual([]);
  });
});
