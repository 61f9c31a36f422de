/**
 * A typed client for the Argo Server REST API (`/api/v1/...`, Argo Workflows v4): create, submit from a
 * template, list, get, watch, logs, retry, resubmit, suspend, resume, stop, terminate, delete, lint.
 * Every call takes an `AbortSignal`; failures are {@link ZldError}s that show the server's message and
 * never the token.
 *
 * @example
 * ```ts
 * import { ArgoClient, argoConnectionFromEnv } from '@zld/core';
 * const argo = new ArgoClient(argoConnectionFromEnv(env));
 * const wf = await argo.submit('WorkflowTemplate', 'consolidate', { parameters: { store: 's3://lab/cat.zarr' } });
 * for await (const ev of argo.watchWorkflow(wf.metadata.name!)) console.log(ev.type, ev.object?.status?.phase);
 * for await (const line of argo.logs(wf.metadata.name!, { follow: true })) console.log(line.content);
 * ```
 */
import type { ArgoConnection } from './connection.js';
import { ZldError } from '../errors.js';
import { parseManifest, parseWorkflowManifest, asWorkflow } from './manifest.js';
import { readArgoStream } from './stream.js';
import { ArgoTransport } from './transport.js';
import type {
  ArgoVersion,
  ClusterWorkflowTemplate,
  CronWorkflow,
  LogEntry,
  SubmittableKind,
  Workflow,
  WorkflowList,
  WorkflowTemplate,
  WorkflowWatchEvent,
} from './types.js';

/** What {@link ArgoClient.lint} accepts and returns. */
export type LintedManifest = Workflow | WorkflowTemplate | ClusterWorkflowTemplate | CronWorkflow;
import {
  parameterList,
  parseSubmittableKind,
  type ArgoClientOptions,
  type CallOptions,
  type CreateOptions,
  type ListOptions,
  type LogOptions,
  type ParameterInput,
  type SubmitOptions,
  type WorkflowPage,
} from './client-options.js';
import { watchWorkflows, type WatchOptions } from './watch.js';

export * from './client-options.js';

export class ArgoClient {
  readonly connection: ArgoConnection;
  readonly transport: ArgoTransport;

  constructor(connection: ArgoConnection, options: ArgoClientOptions = {}) {
    this.connection = connection;
    this.transport = new ArgoTransport(connection, options.fetch);
  }

  #ns(opts?: CallOptions): string {
    return opts?.namespace || this.connection.namespace;
  }

  /** Create a workflow from a manifest (YAML or JSON text, or an object). */
  async create(manifest: string | Workflow | Record<string, unknown>, opts: CreateOptions = {}): Promise<Workflow> {
    const wf = typeof manifest === 'string' ? parseWorkflowManifest(manifest, opts.source) : asWorkflow({ ...manifest }, opts.source);
    const namespace = opts.namespace || wf.metadata?.namespace || this.connection.namespace;
    const label = wf.metadata?.name ?? wf.metadata?.generateName ?? opts.source ?? 'manifest';
    return this.transport.json<Workflow>('POST', ['api/v1/workflows', namespace], {
      body: { namespace, workflow: wf, serverDryRun: opts.serverDryRun || undefined },
      what: `create workflow "${label}" in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
  }

  /** Submit a workflow from a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow. */
  async submit(kind: SubmittableKind | string, name: string, opts: SubmitOptions = {}): Promise<Workflow> {
    const resourceKind = parseSubmittableKind(kind);
    const namespace = this.#ns(opts);
    const parameters = parameterList(opts.parameters);
    const labels = opts.labels ? Object.entries(opts.labels).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
    return this.transport.json<Workflow>('POST', ['api/v1/workflows', namespace, 'submit'], {
      body: {
        namespace,
        resourceKind,
        resourceName: name,
        submitOptions: {
          parameters: parameters.length ? parameters : undefined,
          generateName: opts.generateName,
          name: opts.name,
          labels,
          entryPoint: opts.entryPoint,
          serviceAccount: opts.serviceAccount,
          serverDryRun: opts.serverDryRun || undefined,
        },
      },
      what: `submit ${resourceKind} "${name}" in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
  }

  /** One page of workflows. */
  async list(opts: ListOptions = {}): Promise<WorkflowPage> {
    const namespace = this.#ns(opts);
    const selectors = [opts.labelSelector, opts.phases?.length ? `workflows.argoproj.io/phase in (${opts.phases.join(',')})` : undefined];
    const res = await this.transport.json<WorkflowList>('GET', ['api/v1/workflows', namespace], {
      query: {
        'listOptions.labelSelector': selectors.filter(Boolean).join(','),
        'listOptions.fieldSelector': opts.fieldSelector,
        'listOptions.limit': opts.limit,
        'listOptions.continue': opts.continue,
        nameFilter: opts.nameFilter,
      },
      what: `list workflows in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
    return { items: res.items ?? [], continue: res.metadata?.continue || undefined, resourceVersion: res.metadata?.resourceVersion };
  }

  /** Every workflow, page by page (`limit` per request). */
  async *listAll(opts: ListOptions = {}): AsyncGenerator<Workflow> {
    let cont: string | undefined = opts.continue;
    do {
      const page = await this.list({ ...opts, continue: cont });
      yield* page.items;
      cont = page.continue;
    } while (cont);
  }

  async get(name: string, opts: CallOptions = {}): Promise<Workflow> {
    const namespace = this.#ns(opts);
    return this.transport.json<Workflow>('GET', ['api/v1/workflows', namespace, name], {
      what: `get workflow "${name}" in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
  }

  /** Workflow events (ADDED/MODIFIED/DELETED); reconnects with the last resourceVersion, never repeats one. */
  watch(opts: WatchOptions = {}): AsyncGenerator<WorkflowWatchEvent> {
    return watchWorkflows(this.transport, { ...opts, namespace: this.#ns(opts) });
  }

  /** Events of one workflow until it finishes (Succeeded, Failed, Error) or is deleted. */
  watchWorkflow(name: string, opts: Omit<WatchOptions, 'fieldSelector' | 'until'> = {}): AsyncGenerator<WorkflowWatchEvent> {
    return this.watch({ ...opts, fieldSelector: `metadata.name=${name}`, until: 'finished' });
  }

  /** Log lines of a workflow (all pods) or one pod; `follow` keeps streaming until the workflow ends. */
  async *logs(name: string, opts: LogOptions = {}): AsyncGenerator<LogEntry> {
    const namespace = this.#ns(opts);
    const segments = opts.podName ? ['api/v1/workflows', namespace, name, opts.podName, 'log'] : ['api/v1/workflows', namespace, name, 'log'];
    const spec = {
      query: {
        'logOptions.container': opts.container ?? 'main',
        'logOptions.follow': opts.follow || undefined,
        'logOptions.tailLines': opts.tailLines,
        'logOptions.sinceSeconds': opts.sinceSeconds,
        'logOptions.timestamps': opts.timestamps || undefined,
        grep: opts.grep,
      },
      what: `read logs of workflow "${name}"${opts.podName ? ` pod "${opts.podName}"` : ''} in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    };
    const body = await this.transport.stream(segments, spec, opts.format ?? 'sse');
    yield* readArgoStream<LogEntry>(body, spec);
  }

  #action(verb: string, name: string, opts: CallOptions, body: Record<string, unknown>): Promise<Workflow> {
    const namespace = this.#ns(opts);
    return this.transport.json<Workflow>('PUT', ['api/v1/workflows', namespace, name, verb], {
      body: { namespace, name, ...body },
      what: `${verb} workflow "${name}" in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
  }

  /** Re-run the failed nodes of a Failed/Error workflow (optionally the successful ones too). */
  async retry(name: string, opts: CallOptions & { restartSuccessful?: boolean; nodeFieldSelector?: string; parameters?: ParameterInput } = {}): Promise<Workflow> {
    const parameters = parameterList(opts.parameters);
    return this.#action('retry', name, opts, {
      restartSuccessful: opts.restartSuccessful || undefined,
      nodeFieldSelector: opts.nodeFieldSelector,
      parameters: parameters.length ? parameters : undefined,
    });
  }

  /** A new workflow from this one's spec; `memoized` reuses the nodes that succeeded (Failed/Error only). */
  async resubmit(name: string, opts: CallOptions & { memoized?: boolean; parameters?: ParameterInput } = {}): Promise<Workflow> {
    const parameters = parameterList(opts.parameters);
    return this.#action('resubmit', name, opts, { memoized: opts.memoized || undefined, parameters: parameters.length ? parameters : undefined });
  }

  suspend(name: string, opts: CallOptions = {}): Promise<Workflow> {
    return this.#action('suspend', name, opts, {});
  }

  resume(name: string, opts: CallOptions & { nodeFieldSelector?: string } = {}): Promise<Workflow> {
    return this.#action('resume', name, opts, { nodeFieldSelector: opts.nodeFieldSelector });
  }

  /** Stop: running steps finish their exit handlers. */
  stop(name: string, opts: CallOptions & { message?: string; nodeFieldSelector?: string } = {}): Promise<Workflow> {
    return this.#action('stop', name, opts, { message: opts.message, nodeFieldSelector: opts.nodeFieldSelector });
  }

  /** Terminate: stop at once, no exit handlers. */
  terminate(name: string, opts: CallOptions = {}): Promise<Workflow> {
    return this.#action('terminate', name, opts, {});
  }

  async delete(name: string, opts: CallOptions & { force?: boolean } = {}): Promise<void> {
    const namespace = this.#ns(opts);
    await this.transport.json('DELETE', ['api/v1/workflows', namespace, name], {
      query: { force: opts.force || undefined },
      what: `delete workflow "${name}" in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
  }

  /**
   * Validate a manifest on the server without creating it: a Workflow (the default when `kind` is absent),
   * WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow. Resolves with what the server linted.
   */
  async lint(manifest: string | Workflow | Record<string, unknown>, opts: CreateOptions = {}): Promise<LintedManifest> {
    const m = typeof manifest === 'string' ? parseManifest(manifest, opts.source) : { ...(manifest as Record<string, unknown>) };
    const kind = String(m.kind ?? 'Workflow');
    const meta = (m.metadata ?? {}) as { name?: string; generateName?: string; namespace?: string };
    const namespace = opts.namespace || meta.namespace || this.connection.namespace;
    const label = meta.name ?? meta.generateName ?? opts.source ?? 'manifest';
    const route: Record<string, () => [segments: string[], body: Record<string, unknown>]> = {
      Workflow: () => [['api/v1/workflows', namespace, 'lint'], { namespace, workflow: asWorkflow(m, opts.source) }],
      WorkflowTemplate: () => [['api/v1/workflow-templates', namespace, 'lint'], { namespace, template: m }],
      ClusterWorkflowTemplate: () => [['api/v1/cluster-workflow-templates/lint'], { template: m }],
      CronWorkflow: () => [['api/v1/cron-workflows', namespace, 'lint'], { namespace, cronWorkflow: m }],
    };
    if (!route[kind]) throw new ZldError('BadInput', `${opts.source ?? 'manifest'}: cannot lint a ${kind} (Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow)`);
    const [segments, body] = route[kind]();
    return this.transport.json<LintedManifest>('POST', segments, {
      body,
      what: `lint ${kind} "${label}"`,
      namespace: kind === 'ClusterWorkflowTemplate' ? undefined : namespace,
      signal: opts.signal,
    });
  }

  /** Create a WorkflowTemplate (to submit from it later). */
  async createWorkflowTemplate(template: WorkflowTemplate, opts: CallOptions = {}): Promise<WorkflowTemplate> {
    const namespace = opts.namespace || template.metadata?.namespace || this.connection.namespace;
    return this.transport.json<WorkflowTemplate>('POST', ['api/v1/workflow-templates', namespace], {
      body: { namespace, template: { apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', ...template } },
      what: `create workflow template "${template.metadata?.name ?? ''}" in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
  }

  async getWorkflowTemplate(name: string, opts: CallOptions = {}): Promise<WorkflowTemplate> {
    const namespace = this.#ns(opts);
    return this.transport.json<WorkflowTemplate>('GET', ['api/v1/workflow-templates', namespace, name], {
      what: `get workflow template "${name}" in namespace "${namespace}"`,
      namespace,
      signal: opts.signal,
    });
  }

  /** The server's version (also a cheap connectivity and token check). */
  version(opts: { signal?: AbortSignal } = {}): Promise<ArgoVersion> {
    return this.transport.json<ArgoVersion>('GET', ['api/v1/version'], { what: 'get the Argo Server version', signal: opts.signal });
  }
}
