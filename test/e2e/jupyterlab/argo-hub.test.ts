/**
 * Argo Workflows in a JupyterLab served under a JupyterHub-style base URL (`/user/alice/`): the front end
 * finds the server extension's proxy under that base (PageConfig), submits, follows and reads logs.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArgoServer, type ArgoServerHandle } from '../../argo-server/server.js';
import { demoSeeds } from '../../argo-server/fixtures.js';
import { helloYaml } from './argo/manifests.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';

type LabWindow = { zldLab: { commands: { execute(id: string, a?: unknown): Promise<unknown> } } };

describe('Argo Workflows in JupyterLab under a JupyterHub base URL', () => {
  let argo: ArgoServerHandle;
  let lab: Lab;
  beforeAll(async () => {
    argo = await startArgoServer({ tickMs: 200, ...demoSeeds('argo') });
    lab = await startLab({ env: argo.env, basePath: '/user/alice/' });
    await fs.writeFile(path.join(lab.rootDir, 'hello.yaml'), helloYaml);
  });
  afterAll(async () => {
    await lab?.close();
    await argo?.close();
  });

  it('submits, follows and reads the logs through /user/alice/zld/argo/', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'argo-hub');
    expect(lab.url).toMatch(/\/user\/alice\/lab$/);
    await page.evaluate(() => void (window as unknown as LabWindow).zldLab.commands.execute('zld:argo-submit', { path: 'hello.yaml' }));
    const r = page.locator('.zld-ArgoRow[data-workflow^="hello-lab-"]').first();
    await expect.poll(() => r.getAttribute('data-phase'), { timeout: 30_000 }).toBe('Succeeded');
    await r.locator('.zld-ArgoRow-action', { hasText: 'Logs' }).click();
    await expect.poll(() => page.locator('.zld-ArgoLog-line', { hasText: 'hello from JupyterLab' }).count(), { timeout: 30_000 }).toBe(3);
    await lab.shot('46-argo-under-hub-base-url');
    const proxied = argo.requests.filter((q) => q.path.startsWith('/api/v1/'));
    expect(proxied.some((q) => q.method === 'POST' && q.path === '/api/v1/workflows/argo' && q.status === 200)).toBe(true);
    expect(lab.consoleErrors.filter((e) => /zld|argo/i.test(e))).toEqual([]);
  });
});
