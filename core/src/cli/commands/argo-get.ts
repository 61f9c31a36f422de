/**
 * `zld argo get NAME` (phase, progress, duration and the node tree) and `zld argo watch NAME` (one line per
 * change until the workflow ends; exit code 1 when it does not succeed).
 *
 * @example
 * ```sh
 * zld argo get hello-x2c9
 * zld argo watch hello-x2c9 --json
 * ```
 */
import type { Command } from '../command.js';
import { ARGO_OPTIONS, argoFromContext, nodeLines, printWatch, requireSucceeded, workflowLine, summaryJson } from './argo-common.js';

export const argoGetCommand: Command = {
  name: 'argo get',
  summary: 'show a workflow: phase, progress, duration, nodes',
  usage: 'NAME [-n NS]',
  positionals: [1, 1],
  options: { ...ARGO_OPTIONS },
  async run({ values, positionals }, ctx) {
    const wf = await argoFromContext(values, ctx).get(positionals[0]!, { signal: ctx.signal });
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify(wf)}\n`);
      return;
    }
    const s = summaryJson(wf);
    ctx.stdout([workflowLine(wf), `namespace: ${s.namespace}`, ...(s.startedAt ? [`started: ${s.startedAt}`] : []), ...nodeLines(wf)].join('\n') + '\n');
  },
};

export const argoWatchCommand: Command = {
  name: 'argo watch',
  summary: 'follow a workflow until it ends (reconnects when the stream drops)',
  usage: 'NAME [-n NS]',
  positionals: [1, 1],
  options: { ...ARGO_OPTIONS },
  async run({ values, positionals }, ctx) {
    const argo = argoFromContext(values, ctx);
    const last = await printWatch(
      argo.watchWorkflow(positionals[0]!, {
        signal: ctx.signal,
        onReconnect: (r) => ctx.stderr(`zld argo watch: stream dropped, reconnecting (attempt ${r.attempt})\n`),
      }),
      ctx,
    );
    requireSucceeded(last);
  },
};
