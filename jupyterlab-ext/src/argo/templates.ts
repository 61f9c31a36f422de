/**
 * "Submit from a template": the WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows the token can
 * see, to pick one from, and a form for its parameters prefilled with their values or defaults.
 *
 * @example
 * ```ts
 * const picked = await pickTemplate(client);
 * if (picked) await client.submit(picked.kind, picked.name, { parameters: await askTemplateParameters(picked) });
 * ```
 */
import { InputDialog } from '@jupyterlab/apputils';
import { isZldError, ZldError, type ArgoClient, type SubmittableKind } from './core.js';
import { askForm } from './dialogs.js';

interface TemplateParameter {
  name: string;
  value?: unknown;
  default?: unknown;
  description?: string;
  enum?: unknown[];
}

export interface TemplateLike {
  metadata?: { name?: string };
  spec?: { arguments?: { parameters?: TemplateParameter[] }; workflowSpec?: { arguments?: { parameters?: TemplateParameter[] } } };
}

export interface PickedTemplate {
  kind: SubmittableKind;
  name: string;
  template: TemplateLike;
}

const KINDS: { kind: SubmittableKind; segments: (ns: string) => string[] }[] = [
  { kind: 'WorkflowTemplate', segments: (ns) => ['api/v1/workflow-templates', ns] },
  { kind: 'ClusterWorkflowTemplate', segments: () => ['api/v1/cluster-workflow-templates'] },
  { kind: 'CronWorkflow', segments: (ns) => ['api/v1/cron-workflows', ns] },
];

/** Every template the token may list (a kind it may not list is skipped), to pick one from. */
export async function pickTemplate(client: ArgoClient): Promise<PickedTemplate | undefined> {
  const ns = client.connection.namespace;
  const found: PickedTemplate[] = [];
  for (const k of KINDS) {
    try {
      const res = await client.transport.json<{ items?: TemplateLike[] | null }>('GET', k.segments(ns), {
        what: `list ${k.kind}s${k.kind === 'ClusterWorkflowTemplate' ? '' : ` in namespace "${ns}"`}`,
        namespace: k.kind === 'ClusterWorkflowTemplate' ? undefined : ns,
      });
      for (const t of res.items ?? []) if (t.metadata?.name) found.push({ kind: k.kind, name: t.metadata.name, template: t });
    } catch (e) {
      // cluster-wide templates are often not listable with a namespaced token: offer the others
      if (!(isZldError(e) && (e.code === 'AccessDenied' || e.code === 'NotFound') && k.kind === 'ClusterWorkflowTemplate')) throw e;
    }
  }
  if (!found.length) throw new ZldError('NotFound', `no WorkflowTemplates, ClusterWorkflowTemplates or CronWorkflows in namespace "${ns}"`);
  const labels = found.map((t) => `${t.kind}: ${t.name}`);
  const answer = await InputDialog.getItem({ title: 'Submit from a template', label: 'Template', items: labels });
  if (!answer.button.accept || !answer.value) return undefined;
  return found[labels.indexOf(answer.value)];
}

/** The template's parameters in a form (values or defaults prefilled); `{}` when it has none, undefined when cancelled. */
export async function askTemplateParameters(t: PickedTemplate): Promise<string[] | undefined> {
  const params = (t.template.spec?.arguments ?? t.template.spec?.workflowSpec?.arguments)?.parameters ?? [];
  if (!params.length) return [];
  const preset = (p: TemplateParameter) => (p.value ?? p.default ?? (p.enum?.length ? p.enum[0] : '')) as string | number | boolean;
  const values = await askForm(
    `Submit ${t.kind} ${t.name}`,
    params.map((p) => ({
      name: p.name,
      label: `Parameter ${p.name}`,
      value: String(preset(p)),
      help: [p.description, p.enum?.length ? `one of: ${p.enum.map(String).join(', ')}` : ''].filter(Boolean).join(' · ') || undefined,
    })),
    `A new workflow from ${t.kind} ${t.name}, with these parameters.`,
  );
  return values ? params.map((p) => `${p.name}=${values[p.name] ?? ''}`) : undefined;
}
