/**
 * `zld argo retry|resubmit|suspend|resume|stop|terminate|delete NAME`: control a workflow. `retry` re-runs
 * the failed nodes (`--restart-successful` all of them); `resubmit` makes a new workflow (`--memoized`
 * reuses what succeeded); both take `-p k=v`. `stop` runs exit handlers, `terminate` does not.
 *
 * @example
 * ```sh
 * zld argo retry hello-x2c9 -p message=again
 * zld argo resubmit hello-x2c9 --memoized --json
 * zld argo delete hello-x2c9
 * ```
 */
import type { ArgoClient } from '../../argo/client.js';
import type { Workflow } from '../../argo/types.js';
import type { Command, CommandContext, ParsedValues } from '../command.js';
import { ARGO_OPTIONS, argoFromContext, parameterValues } from './argo-common.js';

type Act = (argo: ArgoClient, name: string, values: ParsedValues, signal: AbortSignal) => Promise<Workflow | void>;

function action(verb: string, summary: string, usage: string, options: Command['options'], act: Act, past: string): Command {
  return {
    name: `argo ${verb}`,
    summary,
    usage: `NAME ${usage}[-n NS]`,
    positionals: [1, 1],
    options: { ...ARGO_OPTIONS, ...options },
    async run({ values, positionals }, ctx: CommandContext) {
      const name = positionals[0]!;
      const wf = await act(argoFromContext(values, ctx), name, values, ctx.signal);
      if (ctx.json) ctx.stdout(`${JSON.stringify(wf ?? { name, deleted: true })}\n`);
      else if (wf && wf.metadata?.name !== name) ctx.stdout(`${past} ${name} as ${wf.metadata?.name}\n`);
      else ctx.stdout(`${past} ${name}\n`);
    },
  };
}

const params = { parameter: { type: 'string', short: 'p', multiple: true } } as const;

export const argoActionCommands: Command[] = [
  action('retry', 're-run the failed nodes of a Failed/Error workflow', '[--restart-successful] [-p k=v]... ', {
    ...params,
    'restart-successful': { type: 'boolean' },
  }, (a, n, v, signal) => a.retry(n, { signal, parameters: parameterValues(v), restartSuccessful: Boolean(v['restart-successful']) }), 'retried'),
  action('resubmit', 'submit a workflow again as a new one (--memoized reuses succeeded nodes)', '[--memoized] [-p k=v]... ', {
    ...params,
    memoized: { type: 'boolean' },
  }, (a, n, v, signal) => a.resubmit(n, { signal, parameters: parameterValues(v), memoized: Boolean(v.memoized) }), 'resubmitted'),
  action('suspend', 'pause a running workflow', '', {}, (a, n, _v, signal) => a.suspend(n, { signal }), 'suspended'),
  action('resume', 'continue a suspended workflow', '', {}, (a, n, _v, signal) => a.resume(n, { signal }), 'resumed'),
  action('stop', 'stop a workflow (exit handlers still run)', '[--message M] ', { message: { type: 'string' } },
    (a, n, v, signal) => a.stop(n, { signal, message: typeof v.message === 'string' ? v.message : undefined }), 'stopped'),
  action('terminate', 'terminate a workflow at once (no exit handlers)', '', {}, (a, n, _v, signal) => a.terminate(n, { signal }), 'terminated'),
  action('delete', 'delete a workflow', '', {}, (a, n, _v, signal) => a.delete(n, { signal }), 'deleted'),
];
