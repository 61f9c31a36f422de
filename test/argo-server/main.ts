/**
 * `npm run argo:server [-- --port N] [--tick-ms MS] [--namespace NS]`: the test Argo server on 127.0.0.1
 * with demo templates, so anyone can try `zld argo ...` without a cluster. Prints the environment to use.
 *
 * @example
 * ```sh
 * npm run argo:server -- --port 2746
 * # export ARGO_SERVER=127.0.0.1:2746 ... then, in another shell:
 * zld argo submit --template hello -p message=hi --watch
 * ```
 */
import { parseArgs } from 'node:util';
import { demoSeeds } from './fixtures.js';
import { startArgoServer } from './server.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'tick-ms': { type: 'string' }, namespace: { type: 'string' } },
});
const namespace = values.namespace ?? 'argo';
const argo = await startArgoServer({
  port: values.port ? Number(values.port) : 0,
  tickMs: values['tick-ms'] ? Number(values['tick-ms']) : 1000,
  namespace,
  ...demoSeeds(namespace),
});
process.stdout.write(
  [
    `zld test Argo server (API of Argo Workflows v4.1.2) on ${argo.url}`,
    'Use it from another shell:',
    `export ARGO_SERVER=${argo.env.ARGO_SERVER}`,
    `export ARGO_TOKEN='${argo.env.ARGO_TOKEN}'`,
    'export ARGO_SECURE=false',
    `export ARGO_NAMESPACE=${namespace}`,
    'Templates: WorkflowTemplate "hello" (parameter message), ClusterWorkflowTemplate "hello-cluster", CronWorkflow "nightly".',
    'Ctrl-C stops it.',
    '',
  ].join('\n'),
);
const stop = () => void argo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
