/**
 * The mocha suites of `vscode-ext/test/suite/` run in code-server's real extension host; each mocha test is
 * reported here as its own vitest test (the run happens once, while this file is collected).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CATPLUS_METADATA_SRC } from '../../helpers/fixtures.js';
import { startStaticServer } from '../../helpers/http-server.js';
import { startS3rver } from '../../helpers/s3rver.js';
import { makeWorkspace, runExtensionHostTests, type ExtensionHostRun } from './harness.js';
import { startArgoServer, type ArgoServerHandle } from '../../argo-server/server.js';
import { demoSeeds } from '../../argo-server/fixtures.js';

let run: ExtensionHostRun | undefined;
let failure: Error | undefined;
let argo: ArgoServerHandle | undefined;
let argoResponseErrors: string[] = [];
const ARGO_TOKEN = `zld-vscode-${process.pid}-${Date.now().toString(36)}`;
const ARGO_EXPIRED = `zld-vscode-expired-${process.pid}`;
/** A store whose attributes are compact JSON-LD (an inline @context, a nested blank node). */
const compactStore: Record<string, string> = {
  'compact.zarr/.zgroup': '{"zarr_format": 2}',
  'compact.zarr/run1/.zgroup': '{"zarr_format": 2}',
  'compact.zarr/run1/.zattrs': JSON.stringify({
    '@context': { ex: 'http://example.org/ns#', name: 'ex:name', hasSample: { '@id': 'ex:hasSample', '@type': '@id' }, conditions: 'ex:conditions', temperature: 'ex:temperature' },
    '@id': 'ex:run1',
    '@type': 'ex:Run',
    name: 'first run',
    hasSample: 'http://www.catplus.ch/ontology/concepts/sample1',
    conditions: { temperature: 25 },
  }),
  // a group name that tries to end a markdown link early and add an image
  'compact.zarr/odd) ![x](data:x)/.zgroup': '{"zarr_format": 2}',
  'compact.zarr/odd) ![x](data:x)/.zattrs': JSON.stringify({ '@id': 'http://example.org/ns#odd' }),
};
// everything the run needs is set up inside the try: a failure becomes a failing test with its message
const cleanup: (() => Promise<unknown>)[] = [];
try {
  const ws = await makeWorkspace(compactStore);
  cleanup.push(() => ws.remove());
  const s3 = await startS3rver({ buckets: ['zld-test'] });
  cleanup.push(() => s3.stop());
  // the Cat+ metadata over plain HTTP (read-only, no listing: the hierarchy comes from its consolidated metadata)
  const web = await startStaticServer(path.dirname(CATPLUS_METADATA_SRC));
  cleanup.push(() => web.stop());
  // an S3 copy of the Cat+ metadata, for the s3:// store test (keys in SecretStorage, endpoint in settings)
  await s3.uploadDir(CATPLUS_METADATA_SRC, 'zld-test', 'cat-plus.zarr');
  // the test Argo server: the token may use namespace argo only; an expired one answers 401
  argo = await startArgoServer({
    ...demoSeeds('argo'),
    tickMs: 100,
    tokens: { [ARGO_TOKEN]: { namespaces: ['argo'], subject: 'zld-vscode' }, [ARGO_EXPIRED]: { namespaces: ['argo'] } },
    expiredTokens: [ARGO_EXPIRED],
  });
  const a = argo;
  cleanup.push(() => a.close());
  // the extension-host tests cut the server's open streams through this (a dropped connection, as a proxy does)
  const control = http.createServer((req, res) => {
    const n = req.url === '/drop-streams' ? a.dropStreams() : -1;
    res.writeHead(n < 0 ? 404 : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ dropped: n }));
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => control.close(r)));
  run = await runExtensionHostTests({
    workspace: ws.dir,
    env: {
      ZLD_TEST_S3_ENDPOINT: s3.endpoint,
      ZLD_TEST_HTTP_STORE: `${web.url}/${path.basename(CATPLUS_METADATA_SRC)}`,
      // the server and namespace from the environment, as in a pod; the token through "Set Argo Token"
      ARGO_SERVER: argo.env.ARGO_SERVER!,
      ARGO_SECURE: 'false',
      ARGO_NAMESPACE: 'argo',
      ZLD_TEST_ARGO_TOKEN: ARGO_TOKEN,
      ZLD_TEST_ARGO_EXPIRED: ARGO_EXPIRED,
      ZLD_TEST_ARGO_CONTROL: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    },
  });
  argoResponseErrors = [...argo.responseErrors];
} catch (e) {
  failure = e as Error;
} finally {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
}

describe('extension host (mocha in code-server)', () => {
  test('the run finished and reported its tests', () => {
    if (failure) throw failure;
    expect(run!.records.length, run!.log).toBeGreaterThan(0);
    const failed = run!.records.filter((r) => r.state === 'failed').length;
    // the exit code VS Code reports must agree with the per-test records
    expect(run!.exitCode === 0, `exit code ${run!.exitCode}, ${failed} failed\n${run!.log}`).toBe(failed === 0);
  });

  test('every answer of the test Argo server matched swagger.json', () => {
    if (failure) throw failure;
    if (run!.records.some((r) => r.suite.startsWith('Argo'))) expect(argo!.requests.length).toBeGreaterThan(0);
    expect(argoResponseErrors).toEqual([]);
  });

  for (const r of run?.records ?? []) {
    test(`${r.suite} > ${r.title}`, () => {
      if (r.state === 'failed') throw new Error(`${r.error}\n--- extension host log ---\n${run!.log.slice(-20_000)}`);
      expect(r.state).toBe('passed');
    });
  }
});
