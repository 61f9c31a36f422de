/**
 * `zld argo logs NAME [POD] [--follow] [--container main] [--tail N] [--grep RE]`: log lines of a workflow's
 * pods (prefixed with the pod name), or of one pod; `--follow` streams until the workflow ends.
 *
 * @example
 * ```sh
 * zld argo logs hello-x2c9 --follow
 * zld argo logs hello-x2c9 hello-x2c9-123456 --tail 20 --json
 * ```
 */
import type { Command } from '../command.js';
import { intOption } from '../open-store.js';
import { ARGO_OPTIONS, argoFromContext } from './argo-common.js';

export const argoLogsCommand: Command = {
  name: 'argo logs',
  summary: 'print (or --follow) the logs of a workflow or one of its pods',
  usage: 'NAME [POD] [--follow] [--container C] [--tail N] [--grep RE] [-n NS]',
  positionals: [1, 2],
  options: {
    ...ARGO_OPTIONS,
    follow: { type: 'boolean', short: 'f' },
    container: { type: 'string', short: 'c' },
    tail: { type: 'string' },
    grep: { type: 'string' },
  },
  async run({ values, positionals }, ctx) {
    const argo = argoFromContext(values, ctx);
    const lines = argo.logs(positionals[0]!, {
      signal: ctx.signal,
      podName: positionals[1],
      follow: Boolean(values.follow),
      container: typeof values.container === 'string' ? values.container : undefined,
      tailLines: intOption(values, 'tail'),
      grep: typeof values.grep === 'string' ? values.grep : undefined,
    });
    for await (const line of lines) {
      ctx.stdout(ctx.json ? `${JSON.stringify(line)}\n` : `${positionals[1] ? '' : `${line.podName}: `}${line.content}\n`);
    }
  },
};
