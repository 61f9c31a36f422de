/**
 * Journey 4: the Cat+ store on s3rver, read through the kernel data path (kernel-bridge's KernelStore in a
 * kernel that has the S3 credentials in its environment; the endpoint comes from the zld settings). With no
 * notebook open, Retrieve offers to create one, then inserts and runs the load code.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { allowBrowserAccess, startS3rver, s3rverEnv, type S3rverHandle } from '../../helpers/s3rver.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { addStore, expandPath, openZarrPanel, row } from './panel-driver.js';

describe('Cat+ store on S3 through the kernel', () => {
  let s3: S3rverHandle;
  let lab: Lab;
  beforeAll(async () => {
    const fx = await ensureFixtures();
    s3 = await startS3rver({ buckets: ['data'] });
    await s3.uploadDir(fx.catPlus, 'data', 'catplus.zarr');
    // a second bucket that allows CORS from any page, configured in the settings to be read from the browser
    await s3.client.send(new CreateBucketCommand({ Bucket: 'web' }));
    await allowBrowserAccess(s3, 'web');
    await s3.uploadDir(fx.catPlus, 'web', 'catplus.zarr');
    lab = await startLab({
      env: s3rverEnv(s3),
      zldSettings: {
        s3Endpoints: [
          { endpoint: s3.endpoint, buckets: ['data'] },
          { endpoint: s3.endpoint, buckets: ['web'], browser: true, anonymous: true },
        ],
      },
    });
  });
  afterAll(async () => {
    await lab?.close();
    await s3?.stop();
  });

  it('journey 4: opens s3://data/catplus.zarr through a kernel; with no notebook open, Insert code cell creates one', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'journey4');
    await openZarrPanel(page);
    const t0 = Date.now();
    await addStore(page, 's3://data/catplus.zarr');
    const openMs = Date.now() - t0;
    await row(page, '/').click();
    await expect.poll(() => page.locator('.zld-StoreSection').textContent()).toContain('a kernel');
    const t1 = Date.now();
    await expandPath(page, ['/myBatch', '/myBatch/mySamplePrep', '/myBatch/mySamplePrep/sample1']);
    const expandMs = Date.now() - t1;
    await row(page, '/myBatch/mySamplePrep/sample1/sample1Dataset').click();
    const details = page.locator('.zld-Details');
    await expect.poll(() => details.locator('.zld-Summary').nth(0).textContent()).toContain('(9000, 1000)');
    const t2 = Date.now();
    await expect.poll(() => details.locator('.zld-Values td').count(), { timeout: 90_000 }).toBe(64);
    const previewMs = Date.now() - t2;
    await lab.shot('08-journey4-s3-through-kernel');

    expect(await page.locator('.jp-NotebookPanel').count()).toBe(0);
    await row(page, '/myBatch/mySamplePrep/sample1/sample1Dataset').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Insert code cell' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect.poll(() => dialog.textContent()).toContain('No notebook is open');
    await lab.shot('09-journey4-offer-new-notebook');
    await dialog.locator('button', { hasText: 'Create notebook' }).click();
    // the new notebook's first cell stays; the load code goes below it (zarr-python reads s3:// with s3fs,
    // which this machine's Python lacks, so the cell is not run here; the local journeys run theirs)
    const cells = page.locator('.jp-NotebookPanel .jp-Cell');
    await expect.poll(() => cells.count(), { timeout: 60_000 }).toBe(2);
    const source = await cells.nth(1).locator('.cm-content').textContent();
    expect(source).toContain('s3');
    expect(source).toContain(s3.endpoint);
    expect(source).not.toContain('S3RVER'); // credentials stay in the kernel's environment
    // the kernel was asked what the cell needs: Debian's python has zarr but no s3fs, and the cell says so
    expect(source).toContain('Missing in this kernel: s3fs');
    await lab.shot('10-journey4-code-inserted');
    console.log(`journey 4 (kernel path): store opened in ${openMs} ms, 3 groups expanded in ${expandMs} ms, array preview in ${previewMs} ms`);
  });

  it('bad input: the data kernel dies: reading fails with a message, and Refresh starts a new kernel', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'dead-kernel');
    const kernels = (await (await lab.api('api/kernels')).json()) as { id: string }[];
    const sessions = (await (await lab.api('api/sessions')).json()) as { kernel: { id: string } }[];
    const used = new Set(sessions.map((x) => x.kernel.id));
    const dataKernels = kernels.filter((k) => !used.has(k.id));
    expect(dataKernels.length).toBe(1);
    expect((await lab.api(`api/kernels/${dataKernels[0]!.id}`, { method: 'DELETE' })).status).toBe(204);
    // the tree is known from the consolidated metadata; reading the array's chunks needs the kernel
    await expandPath(page, ['/myBatch/mySamplePrep/sample2']);
    await row(page, '/myBatch/mySamplePrep/sample2/sample2Dataset').click();
    const previewError = page.locator('.zld-PreviewBox .zld-Error');
    await expect.poll(() => previewError.count(), { timeout: 90_000 }).toBe(1);
    expect(await previewError.textContent()).toMatch(/kernel/i);
    await lab.shot('19-dead-kernel-read-fails');
    await row(page, '/').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Refresh Store' }).click();
    await expect.poll(() => page.locator('.zld-Status').textContent(), { timeout: 60_000 }).toContain('Refreshed s3://data/catplus.zarr');
    await expandPath(page, ['/', '/myBatch', '/myBatch/mySamplePrep', '/myBatch/mySamplePrep/sample2']);
    const target = row(page, '/myBatch/mySamplePrep/sample2/sample2Dataset');
    await target.waitFor({ timeout: 60_000 });
    await target.click();
    await expect.poll(() => target.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.locator('.zld-Details .zld-Values td').count(), { timeout: 90_000 }).toBe(64);
    const after = (await (await lab.api('api/kernels')).json()) as { id: string }[];
    expect(after.some((k) => k.id === dataKernels[0]!.id)).toBe(false);
    await lab.shot('20-dead-kernel-refreshed');
  });

  it('reads an S3 endpoint that allows CORS directly from the browser when the settings say so', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'browser-s3');
    const before = ((await (await lab.api('api/kernels')).json()) as unknown[]).length;
    await addStore(page, 's3://web/catplus.zarr');
    await row(page, '/', 's3://web/catplus.zarr').click();
    await expect.poll(() => page.locator('.zld-StoreSection').textContent()).toContain('the browser');
    await expandPath(page, ['/myBatch', '/myBatch/mySamplePrep', '/myBatch/mySamplePrep/sample1'], 's3://web/catplus.zarr');
    await row(page, '/myBatch/mySamplePrep/sample1/sample1Dataset', 's3://web/catplus.zarr').click();
    await expect.poll(() => page.locator('.zld-Details .zld-Values td').count(), { timeout: 60_000 }).toBe(64);
    expect(((await (await lab.api('api/kernels')).json()) as unknown[]).length).toBe(before); // no kernel involved
    await lab.shot('25-s3-direct-from-browser');
  });
});
