import { defineConfig } from 'vitest/config';

// Projects: `unit` runs everywhere quickly (core, kernel-bridge, integration against s3rver/zarr-python/jupyter-server);
// each IDE host adds its own end-to-end project under test/e2e/<host>/vitest.config.ts.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // the AWS SDK's Node-20 deprecation notice, printed once per worker, drowns the test output
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['core/test/**/*.test.ts', 'kernel-bridge/test/**/*.test.ts', 'test/integration/**/*.test.ts'],
        },
      },
      'test/e2e/*/vitest.config.ts',
    ],
  },
});
