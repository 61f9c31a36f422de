/**
 * Once per `vitest --project jupyterlab` run: build (or reuse, by content hash) the JupyterLab test host and
 * the prebuilt `@zld/jupyterlab-ext`, and generate the Zarr fixtures. Starts no server: each test file starts
 * its own (see `harness.ts`).
 */
import type { TestProject } from 'vitest/node';
import { ensureLabHost } from '../../hosts/jupyterlab/build.mjs';
import { ensureFixtures } from '../../helpers/fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    labHost: { hostDir: string; labextensionsDir: string };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const labHost = await ensureLabHost({ log: (m: string) => console.log(m) });
  await ensureFixtures();
  project.provide('labHost', labHost);
}
