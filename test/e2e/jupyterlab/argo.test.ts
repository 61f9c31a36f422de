/**
 * Argo Workflows in a real JupyterLab: the zld_jupyterlab server extension proxies to the test Argo server
 * (the token stays on the Jupyter server), the Workflows panel follows workflows live, logs stream into a
 * main-area tab, a failed workflow is retried, the Zarr panel runs Consolidate / Retrieve on Argo for the
 * Cat+ store on S3 (s3rver, read from the browser), invalid YAML is shown with its line and column, an
 * expired token brings the token dialog, and hostile names and messages stay text.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArgoServer, type ArgoServerHandle } from '../../argo-server/server.js';
import { demoSeeds } from '../../argo-server/fixtures.js';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { allowBrowserAccess, startS3rver, type S3rverHandle } from '../../helpers/s3rver.js';
import { brokenYaml, failingYaml, helloYaml, HOSTILE, hostileYaml, longYaml } from './argo/manifests.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { addStore, expandPath, openZarrPanel, row } from './panel-driver.js';

type LabWindow = { zldLab: { commands: { execute(id: string, a?: unknown): Promise<unknown> } }; __zldPwned?: unknown };

const GOOD = 'zld-lab-argo-token-4c8e1a90b2';
const EXPIRED = 'zld-lab-expired-token-77d2e0c1';
const OTHER_NAMESPACE = 'zld-lab-token-for-namespace-other-3e5f';

function run(page: Page, id: string, args: Record<string, string> = {}): Promise<void> {
  return page.evaluate(([id, args]) => void (window as unknown as LabWindow).zldLab.commands.execute(id as string, args), [id, args] as const);
}

/** Open the command palette, type, and click the command's entry, as a user does. */
async function fromPalette(page: Page, label: string): Promise<void> {
  await run(page, 'apputils:activate-command-palette');
  await page.locator('.lm-CommandPalette input').fill(label);
  const item = page.locator('.lm-CommandPalette-item', { hasText: label }).first();
  await item.waitFor();
  await item.click();
}

async function openWorkflowsPanel(page: Page): Promise<void> {
  const panel = page.locator('#zld-argo-workflows');
  if (!(await panel.isVisible())) await page.locator('.jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id="zld-argo-workflows"]').click();
  await panel.waitFor({ state: 'visible' });
}

const workflowRow = (page: Page, prefix: string) => page.locator(`.zld-ArgoRow[data-workflow^=${JSON.stringify(prefix)}]`).first();

describe('Argo Workflows in JupyterLab', () => {
  let argo: ArgoServerHandle;
  let s3: S3rverHandle;
  let lab: Lab;

  beforeAll(async () => {
    const fx = await ensureFixtures();
    argo = await startArgoServer({
      tickMs: 400,
      keepAliveMs: 5000,
      tokens: { [GOOD]: { namespaces: ['argo'], subject: 'lab-user' }, [OTHER_NAMESPACE]: { namespaces: ['other'], subject: 'other-user' } },
      expiredTokens: [EXPIRED],
      ...demoSeeds('argo'),
    });
    s3 = await startS3rver({ buckets: [] });
    await s3.client.send(new CreateBucketCommand({ Bucket: 'web' }));
    await allowBrowserAccess(s3, 'web');
    await s3.uploadDir(fx.catPlus, 'web', 'catplus.zarr');
    lab = await startLab({
      env: { ...argo.env, ARGO_TOKEN: `Bearer ${GOOD}` },
      files: { 'catplus.zarr': fx.catPlus },
      zldSettings: { s3Endpoints: [{ endpoint: s3.endpoint, buckets: ['web'], browser: true, anonymous: true }] },
    });
    for (const [name, text] of Object.entries({ 'hello.yaml': helloYaml, 'failing.yaml': failingYaml, 'broken.yaml': brokenYaml, 'hostile.yaml': hostileYaml, 'long.yaml': longYaml })) {
      await fs.writeFile(path.join(lab.rootDir, name), text);
    }
  });
  afterAll(async () => {
    await lab?.close();
    await s3?.stop();
    await argo?.close();
  });

  it('submits the open YAML file from the palette and the Workflows panel follows it live to Succeeded', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-submit');
    await run(page, 'docmanager:open', { path: 'hello.yaml' });
    await page.locator('.jp-FileEditor .cm-content').filter({ hasText: 'hello-lab-' }).waitFor({ timeout: 30_000 });
    await fromPalette(page, 'Argo: Submit Workflow');
    await page.locator('#zld-argo-workflows').waitFor({ state: 'visible' }); // submitting shows the panel
    const r = workflowRow(page, 'hello-lab-');
    await r.waitFor({ timeout: 30_000 });
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Running');
    await lab.shot('30-argo-workflow-running');
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Succeeded');
    expect(await r.locator('.zld-ArgoRow-progress').textContent()).toBe('3/3');
    expect(await page.locator('.zld-ArgoPanel-status').textContent()).toBe(`${argo.url} · namespace argo · token from the server (env)`);
    await lab.shot('31-argo-workflow-succeeded');
    // the token stayed on the server: the page holds none, and the Argo server saw it only from the proxy
    const pageText = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(localStorage));
    expect(pageText).not.toContain(GOOD);
    expect(argo.requests.some((q) => q.method === 'POST' && q.path === '/api/v1/workflows/argo/lint')).toBe(true);
  });

  it('streams the logs into a main-area tab', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-logs');
    const r = workflowRow(page, 'hello-lab-');
    await r.locator('.zld-ArgoRow-name').click(); // selects it (the row's middle holds its action buttons once selected)
    await r.locator('.zld-ArgoRow-action', { hasText: 'Logs' }).click();
    const log = page.locator('.zld-ArgoLog-lines');
    await expect.poll(() => log.locator('.zld-ArgoLog-line', { hasText: 'hello from JupyterLab' }).count(), { timeout: 30_000 }).toBe(3);
    await expect.poll(() => page.locator('.zld-ArgoLog-status').textContent(), { timeout: 30_000 }).toMatch(/^Ended/);
    await lab.shot('32-argo-logs');
    // one pod only: the picker lists the three steps' pods; choosing one reads that pod's log alone
    const picker = page.locator('.zld-ArgoLog-pod-picker');
    await expect.poll(() => picker.locator('option').count(), { timeout: 30_000 }).toBe(4);
    const second = await picker.locator('option', { hasText: 'second' }).getAttribute('value');
    await picker.selectOption(second!);
    await expect.poll(() => page.locator('.zld-ArgoLog-status').textContent(), { timeout: 30_000 }).toMatch(/^Ended: 2 lines/);
    const pods = await log.locator('.zld-ArgoLog-pod').allTextContents();
    expect(new Set(pods)).toEqual(new Set([`${second}: `]));
    expect(argo.requests.some((q) => q.path.endsWith(`/${second}/log`))).toBe(true);
    // a filter: Argo's grep, applied by the server, over every pod again
    await picker.selectOption('');
    await page.locator('.zld-ArgoLog-grep').fill('starting');
    await page.locator('.zld-ArgoLog-grep').press('Enter');
    await expect.poll(() => page.locator('.zld-ArgoLog-status').textContent(), { timeout: 30_000 }).toMatch(/^Ended: 3 lines/);
    expect((await log.locator('.zld-ArgoLog-line').allTextContents()).every((l) => l.includes('starting busybox'))).toBe(true);
    expect(argo.requests.some((q) => q.path.endsWith('/log') && q.query.grep === 'starting')).toBe(true);
    await lab.shot('32b-argo-logs-one-pod-filtered');
  });

  it('shows a failing workflow as Failed; Retry runs it again and, with a fixed parameter, it succeeds', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-retry');
    await run(page, 'zld:argo-submit', { path: 'failing.yaml' });
    const r = workflowRow(page, 'failing-');
    await r.waitFor({ timeout: 30_000 });
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Failed');
    await r.locator('.zld-ArgoRow-name').click(); // selects it (the row's middle holds its action buttons once selected)
    await expect.poll(() => r.locator('.zld-ArgoRow-message').textContent()).toMatch(/child '.*' failed/);
    await lab.shot('33-argo-workflow-failed');
    const name = (await r.getAttribute('data-workflow'))!;
    await r.locator('.zld-ArgoRow-action', { hasText: 'Retry' }).click();
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Running');
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Failed');
    await run(page, 'zld:argo-retry', { name, parameters: 'code=0' });
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Succeeded');
    expect(argo.requests.filter((q) => q.path === `/api/v1/workflows/argo/${name}/retry`)).toHaveLength(2);
  });

  it('suspends, resumes and stops a running workflow from its row; Watch follows it to the end', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-control');
    await run(page, 'zld:argo-submit', { path: 'long.yaml' });
    const r = workflowRow(page, 'long-');
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Running');
    const name = (await r.getAttribute('data-workflow'))!;
    const action = (label: string) => r.locator('.zld-ArgoRow-action', { hasText: new RegExp(`^${label}$`) });
    await action('Suspend').click();
    await expect.poll(() => r.locator('.zld-ArgoRow-phase').textContent(), { timeout: 30_000 }).toBe('Suspended');
    expect(await action('Suspend').count()).toBe(0);
    await lab.shot('45-argo-suspended');
    await action('Resume').click();
    await expect.poll(() => r.locator('.zld-ArgoRow-phase').textContent(), { timeout: 30_000 }).toBe('Running');
    await run(page, 'zld:argo-watch', { name });
    await action('Stop').click();
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toMatch(/^(Failed|Succeeded)$/);
    expect(argo.engine.workflows.get(`argo/${name}`)?.spec.shutdown).toBe('Stop');
    // Watch ends with the final phase in its notification
    await expect.poll(() => page.locator('.jp-toast-message, .Toastify__toast').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(new RegExp(`${name}: (Failed|Succeeded)`)));
    for (const verb of ['suspend', 'resume', 'stop']) expect(argo.requests.some((q) => q.path === `/api/v1/workflows/argo/${name}/${verb}` && q.status === 200)).toBe(true);
  });

  it('runs Consolidate on Argo from the Cat+ store on S3, and Retrieve on Argo from a node', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-pipelines');
    await openZarrPanel(page);
    await addStore(page, 's3://web/catplus.zarr');
    await row(page, '/', 's3://web/catplus.zarr').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Run Consolidate on Argo' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect.poll(() => dialog.locator('input[name="store"]').inputValue()).toBe('s3://web/catplus.zarr');
    expect(await dialog.locator('input[name="endpoint"]').inputValue()).toBe(s3.endpoint);
    await lab.shot('34-argo-consolidate-dialog');
    await dialog.locator('button', { hasText: 'Submit' }).click();
    await page.locator('#zld-argo-workflows').waitFor({ state: 'visible' });
    const c = workflowRow(page, 'zld-consolidate-');
    await c.waitFor({ timeout: 30_000 });
    const consolidate = [...argo.engine.workflows.values()].find((w) => String(w.metadata.name).startsWith('zld-consolidate-'));
    expect(consolidate?.spec.arguments.parameters).toEqual(expect.arrayContaining([{ name: 'store', value: 's3://web/catplus.zarr' }]));
    expect(consolidate?.metadata.annotations['zld.dev/inputs-hash']).toMatch(/^[0-9a-f]{64}$/);
    await lab.shot('35-argo-consolidate-submitted');

    // long work shows progress and can be cancelled: reading the store's metadata over a slow network
    const before = [...argo.engine.workflows.keys()].length;
    await openZarrPanel(page);
    await row(page, '/', 's3://web/catplus.zarr').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Run Consolidate on Argo' }).click();
    await dialog.locator('input[name="store"]').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 1500, downloadThroughput: -1, uploadThroughput: -1 });
    await dialog.locator('button', { hasText: 'Submit' }).click();
    const toast = page.locator('.Toastify__toast', { hasText: 'Preparing Consolidate on Argo for s3://web/catplus.zarr' });
    await toast.waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 800)); // the toast slides in
    await lab.shot('35b-argo-consolidate-in-progress');
    await toast.locator('button', { hasText: 'Cancel' }).click();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await toast.waitFor({ state: 'detached', timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 2000));
    expect([...argo.engine.workflows.keys()].length).toBe(before);
    expect(await page.locator('.Toastify__toast--error', { hasText: 'catplus' }).count()).toBe(0); // cancelled, not failed

    await openZarrPanel(page);
    await expandPath(page, ['/myBatch', '/myBatch/mySamplePrep'], 's3://web/catplus.zarr');
    await row(page, '/myBatch/mySamplePrep/sample1', 's3://web/catplus.zarr').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Retrieve on Argo' }).click();
    await expect.poll(() => dialog.locator('input[name="uri"]').inputValue()).toBe('http://www.catplus.ch/ontology/concepts/sample1');
    expect(await dialog.locator('input[name="output"]').inputValue()).toBe('s3://web/zld-out/sample1.npy');
    await lab.shot('36-argo-retrieve-dialog');
    await dialog.locator('button', { hasText: 'Submit' }).click();
    await page.locator('#zld-argo-workflows').waitFor({ state: 'visible' });
    await workflowRow(page, 'zld-retrieve-').waitFor({ timeout: 30_000 });
    // from an @id link in the details: the dataset sample1 links to
    await openZarrPanel(page);
    await row(page, '/myBatch/mySamplePrep/sample1', 's3://web/catplus.zarr').click();
    await page.locator('.zld-Details .zld-Link', { hasText: 'sample1Dataset' }).first().click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Retrieve on Argo' }).click();
    await expect.poll(() => dialog.locator('input[name="uri"]').inputValue()).toMatch(/sample1Dataset$/);
    expect(await dialog.locator('input[name="store"]').inputValue()).toBe('s3://web/catplus.zarr');
    await dialog.locator('button', { hasText: 'Cancel' }).click();
    // a batch leads to no array: nothing to retrieve, so the item is not offered (Run Consolidate is, on the root)
    await row(page, '/myBatch', 's3://web/catplus.zarr').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Copy URI' }).waitFor();
    expect(await page.locator('.lm-Menu-item', { hasText: 'Retrieve on Argo' }).isVisible()).toBe(false);
    expect(await page.locator('.lm-Menu-item', { hasText: 'Save Array as .npy' }).isVisible()).toBe(false);
    await page.keyboard.press('Escape');
    const retrieve = [...argo.engine.workflows.values()].find((w) => String(w.metadata.name).startsWith('zld-retrieve-'));
    expect(retrieve?.spec.arguments.parameters).toEqual(
      expect.arrayContaining([
        { name: 'uri', value: 'http://www.catplus.ch/ontology/concepts/sample1' },
        { name: 'store', value: 's3://web/catplus.zarr' },
      ]),
    );
  });

  it('explains why a store on the Jupyter server cannot run on Argo', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-local-store');
    await openZarrPanel(page);
    await addStore(page, 'catplus.zarr');
    const before = argo.engine.workflows.size;
    await row(page, '/', 'catplus.zarr').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Run Consolidate on Argo (needs an s3:// store)' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect.poll(() => dialog.textContent()).toContain('catplus.zarr is a path on this Jupyter server');
    await lab.shot('37-argo-local-store-explained');
    await dialog.locator('button', { hasText: 'Ok' }).click();
    expect(argo.engine.workflows.size).toBe(before);
  });

  it('shows invalid YAML with its line and column, and submits nothing', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-invalid-yaml');
    const before = argo.engine.workflows.size;
    await run(page, 'docmanager:open', { path: 'broken.yaml' });
    await page.locator('.jp-FileEditor .cm-content').filter({ hasText: 'broken-' }).waitFor({ timeout: 30_000 });
    await fromPalette(page, 'Argo: Submit Workflow');
    const dialog = page.locator('.jp-Dialog');
    await expect.poll(() => dialog.textContent()).toMatch(/broken\.yaml: invalid YAML at line 4, column \d+/);
    await lab.shot('38-argo-invalid-yaml');
    await dialog.locator('button', { hasText: 'Ok' }).click();
    expect(argo.engine.workflows.size).toBe(before);
  });

  it('asks for a token when the Argo Server refuses the one in use (expired), and goes on with a good one', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-token');
    await openWorkflowsPanel(page);
    await page.locator('.zld-ArgoToolbar-button', { hasText: 'Token…' }).click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input[type="password"]').fill(EXPIRED);
    await dialog.locator('button', { hasText: 'Use token' }).click();
    // the panel lists again with the expired token: 401, and the dialog comes back with Argo's message
    await expect.poll(() => dialog.textContent(), { timeout: 30_000 }).toContain('token not valid');
    expect(await dialog.textContent()).toContain('kept in this page\'s memory only');
    await lab.shot('39-argo-token-dialog');
    await dialog.locator('input[type="password"]').fill(GOOD);
    await dialog.locator('button', { hasText: 'Use token' }).click();
    await expect.poll(() => page.locator('.zld-ArgoPanel-status').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    expect(await workflowRow(page, 'hello-lab-').count()).toBe(1);
    // held in memory only: nowhere in the settings or the browser's storage
    const stored = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie);
    expect(stored).not.toContain(GOOD);
    expect(stored).not.toContain(EXPIRED);
    const settings = await lab.api('lab/api/settings/@zld/jupyterlab-ext:argo');
    expect(await settings.text()).not.toContain(GOOD);
  });

  it('names the namespace when the token may not use it (403)', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-403');
    await page.locator('.zld-ArgoToolbar-button', { hasText: 'Token…' }).click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input[type="password"]').fill(OTHER_NAMESPACE);
    await dialog.locator('button', { hasText: 'Use token' }).click();
    const status = page.locator('.zld-ArgoPanel-status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('the token may not use namespace "argo"');
    expect(await status.getAttribute('data-state')).toBe('error');
    expect(await status.textContent()).toContain('Settings > Argo Workflows (zld) > Namespace');
    expect(await page.locator('.zld-ArgoRow').count()).toBe(0); // nothing this token may not see
    expect(await page.locator('.jp-Dialog').count()).toBe(0);
    await lab.shot('43-argo-forbidden-namespace');
    await page.locator('.zld-ArgoToolbar-button', { hasText: 'Token…' }).click();
    await dialog.locator('input[type="password"]').fill(GOOD);
    await dialog.locator('button', { hasText: 'Use token' }).click();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
  });

  it('shows hostile workflow names, parameters and logs as text', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-hostile');
    await run(page, 'zld:argo-submit', { path: 'hostile.yaml' });
    const r = workflowRow(page, 'x<b onmouseover=');
    await r.waitFor({ timeout: 30_000 });
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Succeeded');
    expect(await r.locator('.zld-ArgoRow-name').textContent()).toMatch(/^x<b onmouseover="window.__zldPwned=2">bold<\/b>-/);
    expect(await page.locator('#zld-argo-workflows b').count()).toBe(0);
    await r.locator('.zld-ArgoRow-name').click(); // selects it (the row's middle holds its action buttons once selected)
    await r.locator('.zld-ArgoRow-action', { hasText: 'Logs' }).click();
    await expect.poll(() => page.locator('.zld-ArgoLog-lines').last().textContent(), { timeout: 30_000 }).toContain(HOSTILE);
    expect(await page.locator('.zld-ArgoLog img').count()).toBe(0);
    await r.locator('.zld-ArgoRow-action', { hasText: 'Get' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect.poll(() => dialog.textContent()).toContain(HOSTILE);
    expect(await dialog.locator('img, b').count()).toBe(0);
    await lab.shot('40-argo-hostile-as-text');
    await dialog.locator('button', { hasText: 'Close' }).click();
    expect(await page.evaluate(() => (window as unknown as LabWindow).__zldPwned)).toBeUndefined();
  });

  it('submits from the file browser context menu, and lints the open file from the palette', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-file-browser');
    const before = await page.locator('.zld-ArgoRow[data-workflow^="failing-"]').count();
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]').click();
    await page.locator('.jp-DirListing-item', { hasText: 'failing.yaml' }).click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Submit Workflow to Argo' }).click();
    await expect.poll(() => page.locator('.zld-ArgoRow[data-workflow^="failing-"]').count(), { timeout: 30_000 }).toBe(before + 1);
    // a folder gets no such item
    await page.locator('.jp-DirListing-item', { hasText: 'catplus.zarr' }).click({ button: 'right' });
    await page.locator('.lm-Menu').first().waitFor();
    expect(await page.locator('.lm-Menu-item', { hasText: 'Submit Workflow to Argo' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.evaluate(async () => void (await (window as unknown as LabWindow).zldLab.commands.execute('docmanager:open', { path: 'hello.yaml' })));
    await page.locator('.jp-FileEditor .cm-content').first().click(); // the editor has the focus, as after opening it by hand
    const lints = argo.requests.filter((q) => q.path === '/api/v1/workflows/argo/lint').length;
    await fromPalette(page, 'Argo: Lint Workflow');
    await expect.poll(() => page.locator('.jp-toast-message, .Toastify__toast').allTextContents()).toContainEqual(expect.stringContaining('hello.yaml is a valid Workflow'));
    expect(argo.requests.filter((q) => q.path === '/api/v1/workflows/argo/lint').length).toBe(lints + 1);
  });

  it('submits from a WorkflowTemplate picked in a list, with its parameters in a form', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-template');
    await openWorkflowsPanel(page);
    await page.locator('.zld-ArgoToolbar-button', { hasText: 'Template…' }).click();
    const dialog = page.locator('.jp-Dialog');
    const select = dialog.locator('select');
    await select.waitFor();
    expect(await select.locator('option').allTextContents()).toEqual(['WorkflowTemplate: hello', 'ClusterWorkflowTemplate: hello-cluster', 'CronWorkflow: nightly']);
    await select.selectOption('WorkflowTemplate: hello');
    await dialog.locator('button', { hasText: 'Ok' }).click();
    await dialog.locator('input[name="message"]').fill('from the template dialog');
    await lab.shot('44-argo-template-parameters');
    await dialog.locator('button', { hasText: 'Submit' }).click();
    const r = page.locator('.zld-ArgoRow[data-workflow^="hello-"]:not([data-workflow^="hello-lab-"])').first();
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Succeeded');
    const wf = argo.engine.workflows.get(`argo/${await r.getAttribute('data-workflow')}`);
    expect(wf?.spec.arguments.parameters).toEqual([{ name: 'message', value: 'from the template dialog' }]);
  });

  it('lists every Argo verb in the palette, and Delete asks first', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-palette');
    await run(page, 'apputils:activate-command-palette');
    await page.locator('.lm-CommandPalette input').fill('Argo:');
    const labels = await page.locator('.lm-CommandPalette-item .lm-CommandPalette-itemLabel').allTextContents();
    for (const l of ['Submit Workflow', 'Submit From Template', 'Show Workflows', 'Get Workflow', 'Show Workflow Logs', 'Watch Workflow', 'Retry Workflow', 'Resubmit Workflow', 'Stop Workflow', 'Terminate Workflow', 'Suspend Workflow', 'Resume Workflow', 'Delete Workflow', 'Lint Workflow', 'Set Token…']) {
      expect(labels).toContain(`Argo: ${l}`);
    }
    await lab.shot('41-argo-palette');
    await page.keyboard.press('Escape');
    await openWorkflowsPanel(page);
    const r = workflowRow(page, 'hello-lab-');
    const name = (await r.getAttribute('data-workflow'))!;
    await r.click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Delete Workflow' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect.poll(() => dialog.textContent()).toContain(`Delete workflow ${name}`);
    await dialog.locator('button', { hasText: 'Delete' }).click();
    await expect.poll(() => workflowRow(page, name).count(), { timeout: 30_000 }).toBe(0);
    expect(argo.engine.workflows.has(`argo/${name}`)).toBe(false);
    expect(lab.consoleErrors.filter((e) => /zld|argo/i.test(e))).toEqual([]);
  });

  it('follows the theme: the Workflows panel in JupyterLab Dark', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-dark');
    await run(page, 'apputils:change-theme', { theme: 'JupyterLab Dark' });
    await expect.poll(() => page.evaluate(() => document.body.dataset.jpThemeName), { timeout: 30_000 }).toBe('JupyterLab Dark');
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached', timeout: 30_000 });
    await openWorkflowsPanel(page);
    const background = await page.locator('#zld-argo-workflows').evaluate((n) => getComputedStyle(n).backgroundColor);
    const [r, g, b] = background.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(3 * 90);
    await lab.shot('42-argo-panel-dark');
  });
});
