/**
 * `zld argo lint FILE`: check a manifest (Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow;
 * YAML or JSON) on the Argo Server without creating it;
 * invalid YAML is reported with its line and column, a rejected manifest with the server's message.
 *
 * @example
 * ```sh
 * zld argo lint hello.yaml && echo ok
 * ```
 */
import { parseManifest } from '../../argo/manifest.js';
import type { Command } from '../command.js';
import { ARGO_OPTIONS, argoFromContext, readManifestFile } from './argo-common.js';

export const argoLintCommand: Command = {
  name: 'argo lint',
  summary: 'validate a workflow, template or cron workflow manifest on the Argo Server',
  usage: 'FILE [-n NS]',
  positionals: [1, 1],
  options: { ...ARGO_OPTIONS },
  async run({ values, positionals }, ctx) {
    const file = positionals[0]!;
    const manifest = parseManifest(await readManifestFile(file, ctx), file);
    await argoFromContext(values, ctx).lint(manifest, { signal: ctx.signal, source: file });
    ctx.stdout(ctx.json ? `${JSON.stringify({ file, valid: true })}\n` : `${file}: no linting errors found\n`);
  },
};
