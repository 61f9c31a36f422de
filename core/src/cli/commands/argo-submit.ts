/**
 * `zld argo submit FILE | --template NAME [--kind workflowtemplate|clusterworkflowtemplate|cronworkflow]
 * [-p k=v]... [--watch] [--server-dry-run]`: create a workflow from a manifest (YAML or JSON) or submit one
 * from a template, optionally watching it to the end (exit code 1 when it does not succeed).
 *
 * @example
 * ```sh
 * zld argo submit hello.yaml --watch
 * zld argo submit --template consolidate -p store=s3://lab/cat.zarr --json
 * ```
 */
import { ZldError } from '../../errors.js';
import { parseWorkflowManifest } from '../../argo/manifest.js';
import type { Command } from '../command.js';
import { ARGO_OPTIONS, argoFromContext, parameterValues, readManifestFile, reportSubmitted } from './argo-common.js';

export const argoSubmitCommand: Command = {
  name: 'argo submit',
  summary: 'submit a workflow from a manifest or a template (--watch follows it)',
  usage: 'FILE|--template NAME [--kind K] [-p k=v]... [--watch] [-n NS]',
  positionals: [0, 1],
  options: {
    ...ARGO_OPTIONS,
    template: { type: 'string' },
    kind: { type: 'string' },
    parameter: { type: 'string', short: 'p', multiple: true },
    watch: { type: 'boolean', short: 'w' },
    'generate-name': { type: 'string' },
    'server-dry-run': { type: 'boolean' },
  },
  async run({ values, positionals }, ctx) {
    const template = typeof values.template === 'string' ? values.template : undefined;
    if (Boolean(template) === Boolean(positionals[0])) throw new ZldError('BadInput', 'give either a manifest FILE or --template NAME');
    const parameters = parameterValues(values);
    const argo = argoFromContext(values, ctx);
    const common = { signal: ctx.signal, serverDryRun: Boolean(values['server-dry-run']) };
    let wf;
    if (template) {
      wf = await argo.submit(typeof values.kind === 'string' ? values.kind : 'workflowtemplate', template, {
        ...common,
        parameters,
        generateName: typeof values['generate-name'] === 'string' ? values['generate-name'] : undefined,
      });
    } else {
      const file = positionals[0]!;
      const text = await readManifestFile(file, ctx);
      const manifest = parseWorkflowManifest(text, file);
      if (parameters.length) {
        const list = ((manifest.spec.arguments ??= {}).parameters ??= []);
        for (const p of parameters) {
          const [name, ...rest] = p.split('=');
          if (!name || rest.length === 0) throw new ZldError('BadInput', `parameter "${p}" is not NAME=VALUE`);
          const existing = list.find((x) => x.name === name);
          if (existing) existing.value = rest.join('=');
          else list.push({ name, value: rest.join('=') });
        }
      }
      wf = await argo.create(manifest, { ...common, source: file });
    }
    await reportSubmitted(argo, wf, { watch: Boolean(values.watch) && !common.serverDryRun }, ctx);
  },
};
