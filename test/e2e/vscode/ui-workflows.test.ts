/**
 * UI journey for Argo Workflows in the real workbench: code-server (no smoke-test driver, so toasts show) with the
 * packaged `.vsix`, the test Argo server configured through the environment as in a pod (`ARGO_SERVER`,
 * `ARGO_TOKEN`...). Submit the open YAML file from the editor title, watch the Workflows view take it to
 * Succeeded, read its logs; an expired token shows the server's message with "Set Argo Token".
 * Screenshots: `test-results/screenshots/vscode/argo-*.png`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startCodeServer } from '../../hosts/vscode/code-server.mjs';
import { startArgoServer, type ArgoServerHandle } from '../../argo-server/server.js';
import { demoSeeds } from '../../argo-server/fixtures.js';
import { launchBrowser, makeWorkspace, vsixPath, type Workspace } from './harness.js';
import { contextMenu, openFile, openZarrContainer, pane, quickInput, runCommand, shot, waitForWorkbench } from './workbench.js';

const HELLO = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ui-hello-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: greet
            template: say
        - - name: again
            template: say
    - name: say
      container:
        image: busybox:1.36
        command: [echo]
        args: ["hello from the Workflows view"]
`;

let ws: Workspace;
let argo: ArgoServerHandle;
let cs: Awaited<ReturnType<typeof startCodeServer>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  ws = await makeWorkspace({ 'workflows/hello.yaml': HELLO });
  // slow enough ticks to see Running in the view
  argo = await startArgoServer({ ...demoSeeds('argo'), tickMs: 700 });
  cs = await startCodeServer({ workspace: ws.dir, vsix: vsixPath, env: { ...argo.env } });
  browser = await launchBrowser();
  page = browser.page;
  await page.goto(cs.url);
  await waitForWorkbench(page);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) await shot(page, `argo-failed-${ctx.task.name.slice(0, 40).replace(/[^A-Za-z0-9]+/g, '-')}`).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await cs?.stop();
  await argo?.close();
  await ws?.remove();
});

/** The Workflows pane's row for a workflow whose name starts with `prefix`. */
function workflowRow(prefix: string) {
  return pane(page, 'Workflows').locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${prefix}`) }) }).first();
}

describe('VS Code Argo Workflows journey', () => {
  test('submit the open YAML file from the editor title; the Workflows view shows it reach Succeeded; its logs stream into an output channel', async () => {
    await openZarrContainer(page);
    await pane(page, 'Workflows').waitFor({ timeout: 20_000 });
    // room for the Workflows view: a wider side bar (drag its edge), Stores and Metadata folded
    const box = await page.locator('.part.sidebar').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width + 200, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    for (const title of ['Stores', 'Metadata']) {
      const header = page.locator('.part.sidebar .pane-header', { hasText: title }).first();
      if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }
    await openFile(page, 'hello.yaml');
    const submit = page.locator('.editor-actions .action-label[aria-label^="Submit Workflow"]').first();
    await submit.waitFor({ timeout: 30_000 });
    await shot(page, 'argo-01-yaml-open');
    await submit.click();

    const row = workflowRow('ui-hello-');
    await row.waitFor({ timeout: 30_000 });
    const description = row.locator('.label-description');
    await expect.poll(() => description.innerText(), { timeout: 30_000 }).toMatch(/^Running/);
    await shot(page, 'argo-02-running');
    await expect.poll(() => description.innerText(), { timeout: 60_000 }).toMatch(/^Succeeded · \d+s · 2\/2$/);
    // the status icon is the passed one
    expect(await row.locator('.codicon-pass-filled').count()).toBe(1);
    await row.locator('.monaco-tl-twistie').click();
    await expect.poll(() => pane(page, 'Workflows').locator('.monaco-list-row .label-name').allInnerTexts(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining(['[0]', 'greet', '[1]', 'again']),
    );
    await shot(page, 'argo-03-succeeded');

    await contextMenu(row, 'Workflow Logs');
    const output = page.locator('.part.panel .view-lines');
    await expect.poll(() => output.innerText().then((t) => t.replace(/\u00a0/g, ' ')), { timeout: 30_000 }).toContain('hello from the Workflows view');
    await shot(page, 'argo-04-logs');
    expect(argo.responseErrors).toEqual([]);
  });

  test('an expired token: the server\'s 401 message with "Set Argo Token", which asks for the token in a password field', async () => {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'Zarr: Set Argo Token');
    const input = quickInput(page).locator('input');
    await expect.poll(() => quickInput(page).innerText(), { timeout: 10_000 }).toContain('Argo token');
    expect(await input.getAttribute('type')).toBe('password');
    await input.fill('not-a-valid-token');
    await page.keyboard.press('Enter');
    await runCommand(page, 'Notifications: Clear All Notifications');
    await runCommand(page, 'Zarr: Submit from Template…');
    await quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'WorkflowTemplate' }).first().click();
    const toast = page.locator('.notification-toast', { hasText: '401' }).first();
    await toast.waitFor({ timeout: 20_000 });
    expect(await toast.innerText()).toContain('token not valid');
    expect(await toast.innerText()).not.toContain('not-a-valid-token');
    expect(await toast.locator('.monaco-button').allInnerTexts()).toEqual(expect.arrayContaining(['Set Argo Token']));
    await page.waitForTimeout(500); // the toast fades in
    await shot(page, 'argo-05-401');
    await toast.locator('.monaco-button', { hasText: /^Set Argo Token$/ }).click();
    await expect.poll(() => quickInput(page).innerText(), { timeout: 10_000 }).toContain('Argo token');
    await input.fill(argo.token);
    await page.keyboard.press('Enter');
    // with the right token the view lists the workflow again
    await expect.poll(() => workflowRow('ui-hello-').count(), { timeout: 20_000 }).toBe(1);
  });
});
