/**
 * UI journeys in the real workbench: code-server (without the smoke-test driver, so notifications show) with the
 * packaged `.vsix` installed, driven by headless Chromium the way a user clicks and reads.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startCodeServer } from '../../hosts/vscode/code-server.mjs';
import { launchBrowser, makeWorkspace, vsixPath, type Workspace } from './harness.js';
import { openZarrContainer, pane, shot, waitForWorkbench } from './workbench.js';

let ws: Workspace;
let cs: Awaited<ReturnType<typeof startCodeServer>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  ws = await makeWorkspace();
  cs = await startCodeServer({ workspace: ws.dir, vsix: vsixPath });
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(cs.url);
  await waitForWorkbench(page);
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
    await shot(page, 'zarr-container');
  });
});
