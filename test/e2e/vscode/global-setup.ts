/**
 * Once per `vitest --project vscode` run: install the host (Node 24 + code-server, cached outside the repo;
 * chromium and libkrb5-dev from Debian), generate the Zarr fixtures, bundle the extension with its mocha suites
 * and package it as a `.vsix`.
 */
import { ensureVscodeHost } from '../../hosts/vscode/install.mjs';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { buildExtension } from './harness.js';

export default async function setup(): Promise<void> {
  await ensureVscodeHost();
  await ensureFixtures();
  await buildExtension();
}
