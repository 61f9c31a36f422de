import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from './harness.js';

describe('JupyterLab host with the zld extension', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('loads JupyterLab with the prebuilt zld extension and shows the Zarr side panel', async () => {
    const { page } = lab;
    const config = await page.evaluate(() => JSON.parse(document.getElementById('jupyter-config-data')!.textContent!));
    expect(config.federated_extensions.map((e: { name: string }) => e.name)).toContain('@zld/jupyterlab-ext');
    const tab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab', { hasText: 'Zarr' });
    await tab.click();
    await expect.poll(() => page.locator('#zld-zarr-panel').isVisible()).toBe(true);
    await lab.shot('00-page-loads-zarr-panel');
    expect(lab.consoleErrors.filter((e) => /zld|Plugin .* failed/.test(e))).toEqual([]);
  });
});
