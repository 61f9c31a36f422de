import { defineProject } from 'vitest/config';

// The JupyterLab layer: a JupyterLab 4.6.4 front end assembled from npm (built once per content hash, cached
// outside the repo), served by Debian's jupyter-server + jupyterlab-server, driven by headless Chromium.
// One server and one browser per test file; files run one at a time (2 cores shared with the other layers).
export default defineProject({
  test: {
    name: 'jupyterlab',
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
