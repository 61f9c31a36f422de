/**
 * The unary operations of the test Argo server (everything but watch and logs), keyed by swagger
 * `operationId`. Each handler gets the validated path params, query and body and returns the JSON answer
 * or throws an {@link ArgoError} with Argo's message.
 *
 * @example
 * ```ts
 * const answer = await handlers.WorkflowService_GetWorkflow(ctx);
 * ```
 */
import type { Contract } from './contract.js';
import { describeBodyError } from './contract.js';
import type { Engine } from './engine.js';
import { ArgoError, notFound } from './errors.js';
import { fieldMatcher, labelMatcher } from './selectors.js';
import { validateSpec } from './validate.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface HandlerContext {
  params: Record<string, string>;
  query: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  body: Json;
  engine: Engine;
  contract: Contract;
  version: string;
}

export type Handler = (ctx: HandlerContext) => Json;

const FINISHED = ['Succeeded', 'Failed', 'Error'];

function checkManifest(contract: Contract, kind: string, obj: Json | undefined, field: string): Json {
  if (!obj) throw ArgoError.badRequest(`${field} body not specified`);
  const errors = contract.checkManifest(kind, obj);
  if (errors.length) throw ArgoError.badRequest(describeBodyError(errors, field));
  return obj;
}

function getWorkflow(ctx: HandlerContext): Json {
  const wf = ctx.engine.workflows.get(`${ctx.params.namespace}/${ctx.params.name}`);
  if (!wf) throw notFound('workflows', ctx.params.name!);
  return wf;
}

/** `['a=1', 'b=x=y']` -> Map; Argo's message for malformed entries. */
function parseParams(list: string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of list ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw ArgoError.badRequest(`expected parameter of the form: NAME=VALUE. Received: ${p}`);
    out.set(p.slice(0, i), p.slice(i + 1));
  }
  return out;
}

function applyParams(spec: Json, params: Map<string, string>): void {
  const list: Json[] = ((spec.arguments ??= {}).parameters ??= []);
  for (const [name, value] of params) {
    const existing = list.find((p) => p.name === name);
    if (existing) existing.value = value;
    else list.push({ name, value });
  }
}

/** The spec a workflow runs: its own, or its template's with its own arguments applied. */
function resolveSpec(ctx: HandlerContext, wf: Json): Json {
  const ref = wf.spec?.workflowTemplateRef;
  if (!ref) return wf.spec;
  const ns = wf.metadata.namespace ?? ctx.params.namespace;
  const tmpl = ref.clusterScope ? ctx.engine.clusterTemplates.get(ref.name) : ctx.engine.templates.get(`${ns}/${ref.name}`);
  if (!tmpl) throw notFound(ref.clusterScope ? 'clusterworkflowtemplates' : 'workflowtemplates', ref.name);
  const spec = structuredClone(tmpl.spec);
  for (const p of wf.spec.arguments?.parameters ?? []) applyParams(spec, new Map([[p.name, String(p.value ?? '')]]));
  if (wf.spec.entrypoint) spec.entrypoint = wf.spec.entrypoint;
  return spec;
}

function store(ctx: HandlerContext, wf: Json, opts: { dryRun?: boolean; carried?: Json } = {}): Json {
  const ns = ctx.params.namespace!;
  const spec = resolveSpec(ctx, wf);
  validateSpec(spec);
  if (wf.metadata?.name && ctx.engine.workflows.has(`${ns}/${wf.metadata.name}`)) {
    throw ArgoError.alreadyExists(`workflows.argoproj.io "${wf.metadata.name}" already exists`);
  }
  if (!wf.metadata?.name && !wf.metadata?.generateName) {
    throw ArgoError.badRequest('Workflow.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required');
  }
  if (opts.dryRun) return ctx.engine.stampNew(structuredClone(wf), ns);
  return ctx.engine.addWorkflow(ns, wf, wf.spec.workflowTemplateRef ? spec : undefined, opts.carried);
}

function list(items: Json[], ctx: HandlerContext, kind: string): Json {
  const labels = labelMatcher(ctx.query['listOptions.labelSelector']);
  const fields = fieldMatcher(ctx.query['listOptions.fieldSelector']);
  const matching = items.filter((o) => labels(o.metadata?.labels ?? {}) && fields(o)).reverse();
  const offset = ctx.query['listOptions.continue'] ? Number(Buffer.from(ctx.query['listOptions.continue'], 'base64url').toString()) : 0;
  if (!Number.isInteger(offset) || offset < 0) throw ArgoError.badRequest('continue key is not valid: incorrect encoded start resourceVersion');
  const limit = Number(ctx.query['listOptions.limit'] ?? 0);
  const page = limit > 0 ? matching.slice(offset, offset + limit) : matching.slice(offset);
  const next = limit > 0 && offset + limit < matching.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
  return {
    kind,
    apiVersion: 'argoproj.io/v1alpha1',
    metadata: { resourceVersion: ctx.engine.resourceVersion, ...(next ? { continue: next, remainingItemCount: matching.length - offset - limit } : {}) },
    items: page,
  };
}

function action(check: (wf: Json) => void, change: (wf: Json, ctx: HandlerContext) => void): Handler {
  return (ctx) => {
    const wf = getWorkflow(ctx);
    check(wf);
    return ctx.engine.update(wf, (w) => change(w, ctx));
  };
}

const notFinished = (what: string) => (wf: Json) => {
  if (FINISHED.includes(wf.status?.phase)) throw new ArgoError(9, `cannot ${what} a completed workflow: workflow: "${wf.metadata.name}", namespace: "${wf.metadata.namespace}"`);
};

function templateHandlers(kind: 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow'): Record<string, Handler> {
  const cluster = kind === 'ClusterWorkflowTemplate';
  const field = kind === 'CronWorkflow' ? 'cronWorkflow' : 'template';
  const resource = `${kind.toLowerCase()}s`;
  const map = (e: Engine) => (kind === 'WorkflowTemplate' ? e.templates : cluster ? e.clusterTemplates : e.cronWorkflows);
  const key = (ctx: HandlerContext, name: string) => (cluster ? name : `${ctx.params.namespace}/${name}`);
  const svc = kind === 'CronWorkflow' ? 'CronWorkflowService' : `${kind}Service`;
  const plural = kind === 'CronWorkflow' ? 'CronWorkflows' : `${kind}s`;
  const validate = (ctx: HandlerContext): Json => {
    const obj = structuredClone(checkManifest(ctx.contract, kind, ctx.body[field], field));
    validateSpec(kind === 'CronWorkflow' ? obj.spec.workflowSpec : obj.spec, { lint: true });
    return obj;
  };
  return {
    [`${svc}_Create${kind}`]: (ctx) => {
      const obj = validate(ctx);
      if (map(ctx.engine).has(key(ctx, obj.metadata.name ?? ''))) throw ArgoError.alreadyExists(`${resource}.argoproj.io "${obj.metadata.name}" already exists`);
      ctx.engine.stampNew(obj, cluster ? undefined : ctx.params.namespace);
      map(ctx.engine).set(key(ctx, obj.metadata.name), obj);
      return obj;
    },
    [`${svc}_Lint${kind}`]: (ctx) => validate(ctx),
    [`${svc}_Get${kind}`]: (ctx) => {
      const obj = map(ctx.engine).get(key(ctx, ctx.params.name!));
      if (!obj) throw notFound(resource, ctx.params.name!);
      return obj;
    },
    [`${svc}_List${plural}`]: (ctx) =>
      list([...map(ctx.engine).entries()].filter(([k]) => cluster || k.startsWith(`${ctx.params.namespace}/`)).map(([, v]) => v), ctx, `${kind}List`),
    [`${svc}_Delete${kind}`]: (ctx) => {
      if (!map(ctx.engine).delete(key(ctx, ctx.params.name!))) throw notFound(resource, ctx.params.name!);
      return {};
    },
  };
}

const SUBMIT_KINDS: Record<string, 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow'> = {
  workflowtemplate: 'WorkflowTemplate', workflowtemplates: 'WorkflowTemplate', wftmpl: 'WorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate', clusterworkflowtemplates: 'ClusterWorkflowTemplate', cwftmpl: 'ClusterWorkflowTemplate',
  cronworkflow: 'CronWorkflow', cronworkflows: 'CronWorkflow', cwf: 'CronWorkflow',
};

export const handlers: Record<string, Handler> = {
  InfoService_GetVersion: (ctx) => ({
    version: ctx.version, buildDate: '2026-01-01T00:00:00Z', gitCommit: 'zld-test-server', gitTag: ctx.version,
    gitTreeState: 'clean', goVersion: 'n/a (node)', compiler: 'node', platform: `${process.platform}/${process.arch}`,
  }),
  InfoService_GetInfo: () => ({ managedNamespace: '', links: [], modals: {}, navColor: '', columns: [] }),
  WorkflowService_CreateWorkflow: (ctx) => {
    const wf = structuredClone(checkManifest(ctx.contract, 'Workflow', ctx.body.workflow, 'workflow'));
    wf.metadata.namespace = ctx.params.namespace;
    return store(ctx, wf, { dryRun: Boolean(ctx.body.serverDryRun || ctx.body.createOptions?.dryRun?.length) });
  },
  WorkflowService_LintWorkflow: (ctx) => {
    const wf = structuredClone(checkManifest(ctx.contract, 'Workflow', ctx.body.workflow, 'workflow'));
    validateSpec(resolveSpec(ctx, wf));
    return wf;
  },
  WorkflowService_SubmitWorkflow: (ctx) => {
    const kind = SUBMIT_KINDS[String(ctx.body.resourceKind ?? '').toLowerCase()];
    if (!kind) throw ArgoError.badRequest(`Resource kind '${ctx.body.resourceKind ?? ''}' is not supported for submitting`);
    const name = String(ctx.body.resourceName ?? '');
    const ns = ctx.params.namespace!;
    const opts: Json = ctx.body.submitOptions ?? {};
    const params = parseParams(opts.parameters);
    const labels: Record<string, string> = {};
    for (const kv of String(opts.labels ?? '').split(',').filter(Boolean)) labels[kv.split('=')[0]!] = kv.split('=').slice(1).join('=');
    let spec: Json;
    if (kind === 'CronWorkflow') {
      const cron = ctx.engine.cronWorkflows.get(`${ns}/${name}`);
      if (!cron) throw notFound('cronworkflows', name);
      spec = structuredClone(cron.spec.workflowSpec);
      applyParams(spec, params);
      labels['workflows.argoproj.io/cron-workflow'] = name;
    } else {
      const cluster = kind === 'ClusterWorkflowTemplate';
      const tmpl = cluster ? ctx.engine.clusterTemplates.get(name) : ctx.engine.templates.get(`${ns}/${name}`);
      if (!tmpl) throw notFound(cluster ? 'clusterworkflowtemplates' : 'workflowtemplates', name);
      spec = { workflowTemplateRef: { name, ...(cluster ? { clusterScope: true } : {}) }, arguments: { parameters: [] } };
      applyParams(spec, params);
      labels[cluster ? 'workflows.argoproj.io/cluster-workflow-template' : 'workflows.argoproj.io/workflow-template'] = name;
    }
    if (opts.entryPoint) spec.entrypoint = opts.entryPoint;
    if (opts.serviceAccount) spec.serviceAccountName = opts.serviceAccount;
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: { ...(opts.name ? { name: opts.name } : { generateName: opts.generateName ?? `${name}-` }), namespace: ns, labels },
      spec,
    };
    return store(ctx, wf, { dryRun: Boolean(opts.serverDryRun) });
  },
  WorkflowService_ListWorkflows: (ctx) =>
    list([...ctx.engine.workflows.entries()].filter(([k]) => k.startsWith(`${ctx.params.namespace}/`)).map(([, v]) => v), ctx, 'WorkflowList'),
  WorkflowService_GetWorkflow: (ctx) => getWorkflow(ctx),
  WorkflowService_DeleteWorkflow: (ctx) => {
    getWorkflow(ctx);
    ctx.engine.deleteWorkflow(ctx.params.namespace!, ctx.params.name!);
    return {};
  },
  WorkflowService_RetryWorkflow: (ctx) => {
    const wf = getWorkflow(ctx);
    if (!['Failed', 'Error'].includes(wf.status?.phase)) throw ArgoError.badRequest('workflow must be Failed/Error to retry');
    return ctx.engine.retry(wf, parseParams(ctx.body.parameters), Boolean(ctx.body.restartSuccessful));
  },
  WorkflowService_ResubmitWorkflow: (ctx) => {
    const old = getWorkflow(ctx);
    if (ctx.body.memoized && !['Failed', 'Error'].includes(old.status?.phase)) {
      throw ArgoError.badRequest('workflow must be Failed/Error to resubmit in memoized mode');
    }
    const labels = { ...(old.metadata.labels ?? {}), 'workflows.argoproj.io/resubmitted-from-workflow': old.metadata.name };
    delete labels['workflows.argoproj.io/phase'];
    delete labels['workflows.argoproj.io/completed'];
    const spec = structuredClone(old.spec);
    delete spec.shutdown;
    delete spec.suspend;
    applyParams(spec, parseParams(ctx.body.parameters));
    const carried: Json = {};
    if (ctx.body.memoized) {
      for (const n of Object.values<Json>(old.status?.nodes ?? {})) {
        if (n.type === 'Pod' && n.phase === 'Succeeded') carried[String(n.name).slice(old.metadata.name.length)] = n;
      }
    }
    const wf = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: `${old.metadata.name}-`, namespace: old.metadata.namespace, labels }, spec };
    return store(ctx, wf, { carried });
  },
  WorkflowService_SuspendWorkflow: action(notFinished('suspend'), (w) => (w.spec.suspend = true)),
  WorkflowService_ResumeWorkflow: action(notFinished('resume'), (w) => delete w.spec.suspend),
  WorkflowService_StopWorkflow: action(notFinished('shutdown'), (w, ctx) => {
    w.spec.shutdown = 'Stop';
    if (ctx.body.message) w.status.message = ctx.body.message;
  }),
  WorkflowService_TerminateWorkflow: action(notFinished('shutdown'), (w) => (w.spec.shutdown = 'Terminate')),
  ...templateHandlers('WorkflowTemplate'),
  ...templateHandlers('ClusterWorkflowTemplate'),
  ...templateHandlers('CronWorkflow'),
};
