/**
 * Once per `vitest --project vscode` run: install the host (Node 24 + code-server, cached outside the repo;
 * chromium and libkrb5-dev from Debian), generate the Zarr fixtures, bundle the extension with its mocha suites
 * and package it as a `.vsix`. Screenshots of an earlier run are removed.
 */
import { promises as fs } from 'node:fs';
import { ensureVscodeHost } from '../../hosts/vscode/install.mjs';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { buildExtension, screenshotDir } from './harness.js';

export default async function setup(): Promise<void> {
  // this run's screenshots only (no stale failure pictures among the artifacts)
  await fs.rm(screenshotDir, { recursive: true, force: true });
  await ensureVscodeHost();
  await ensureFixtures();
  await buildExtension();
}
