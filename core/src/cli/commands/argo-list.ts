/**
 * `zld argo list [--selector L] [--field-selector F] [--status Running,Failed] [--limit N] [--continue T] [--all]`:
 * workflows of a namespace, newest first; one page (`--limit`) or every page (`--all`).
 *
 * @example
 * ```sh
 * zld argo list --status Running --json
 * zld argo list --limit 20 --continue eyJ2...
 * ```
 */
import { ZldError } from '../../errors.js';
import type { Workflow, WorkflowPhase } from '../../argo/types.js';
import type { Command } from '../command.js';
import { intOption } from '../open-store.js';
import { ARGO_OPTIONS, argoFromContext, workflowLine, summaryJson } from './argo-common.js';

const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];

export const argoListCommand: Command = {
  name: 'argo list',
  summary: 'list workflows (label/field selectors, --status, pages with --limit/--continue)',
  usage: '[-l SELECTOR] [--field-selector F] [--status P,...] [--limit N] [--continue T] [--all]',
  positionals: [0, 0],
  options: {
    ...ARGO_OPTIONS,
    selector: { type: 'string', short: 'l' },
    'field-selector': { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
    continue: { type: 'string' },
    all: { type: 'boolean' },
  },
  async run({ values }, ctx) {
    const phases = typeof values.status === 'string' ? values.status.split(',').map((s) => s.trim()).filter(Boolean) : [];
    for (const p of phases) if (!PHASES.includes(p)) throw new ZldError('BadInput', `--status ${p}: use ${PHASES.join(', ')}`);
    const argo = argoFromContext(values, ctx);
    const opts = {
      signal: ctx.signal,
      labelSelector: typeof values.selector === 'string' ? values.selector : undefined,
      fieldSelector: typeof values['field-selector'] === 'string' ? values['field-selector'] : undefined,
      phases: phases as WorkflowPhase[],
      limit: intOption(values, 'limit'),
      continue: typeof values.continue === 'string' ? values.continue : undefined,
    };
    let items: Workflow[];
    let next: string | undefined;
    if (values.all) {
      items = [];
      for await (const wf of argo.listAll(opts)) items.push(wf);
    } else {
      const page = await argo.list(opts);
      items = page.items;
      next = page.continue;
    }
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify({ items: items.map(summaryJson), continue: next })}\n`);
      return;
    }
    if (items.length === 0) ctx.stdout(`no workflows in namespace ${argo.connection.namespace}\n`);
    for (const wf of items) ctx.stdout(`${workflowLine(wf)}\n`);
    if (next) ctx.stdout(`more: zld argo list --limit ${opts.limit} --continue ${next}\n`);
  },
};
