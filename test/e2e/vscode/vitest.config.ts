import { defineProject } from 'vitest/config';

// The VS Code layer: code-server (Node 24, both from npm, cached outside the repo) driven by headless Chromium.
// One code-server per test file; files run one at a time (2 cores shared with the other layers).
export default defineProject({
  test: {
    name: 'vscode',
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
