/**
 * The workflows of one namespace, kept live: a list, then `watchWorkflows` from the list's resourceVersion
 * (it reconnects by itself after a dropped stream and never repeats an event); when the watch gives up or
 * the connection changes (a new token, another namespace) the model lists again. The panel renders from it.
 *
 * @example
 * ```ts
 * const model = new WorkflowsModel(session);
 * model.changed.connect(() => render(model.workflows));
 * model.start();
 * ```
 */
import { Signal, type ISignal } from '@lumino/signaling';
import { isZldError, type Workflow, type ZldError } from './core.js';
import type { ArgoSession } from './session.js';

/** Core's advice names the CLI's knobs; in JupyterLab the namespace is a setting. */
function inThisPage(message: string): string {
  return message.replace('with ARGO_NAMESPACE or --namespace', 'in Settings > Argo Workflows (zld) > Namespace');
}

export type ModelState = 'idle' | 'loading' | 'live' | 'reconnecting' | 'error';

export class WorkflowsModel {
  #items = new Map<string, Workflow>();
  #changed = new Signal<this, void>(this);
  #failed = new Signal<this, ZldError | Error>(this);
  #run: AbortController | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  state: ModelState = 'idle';
  /** Why the list is not live (the server's message), or where it comes from. */
  message = '';
  namespace = '';
  disposed = false;

  constructor(private readonly session: ArgoSession) {
    session.changed.connect(() => this.refresh());
  }

  get changed(): ISignal<this, void> {
    return this.#changed;
  }

  /** A failure the user should act on (401, 403, not configured): the plugin maps it to a dialog. */
  get failed(): ISignal<this, ZldError | Error> {
    return this.#failed;
  }

  /** Newest first. */
  get workflows(): Workflow[] {
    return [...this.#items.values()].sort((a, b) =>
      String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')) ||
      String(a.metadata?.name).localeCompare(String(b.metadata?.name)),
    );
  }

  get(name: string): Workflow | undefined {
    return this.#items.get(name);
  }

  /** Put a workflow the user just created or changed in the list at once (the watch confirms it). */
  upsert(wf: Workflow): void {
    const name = wf.metadata?.name;
    if (!name || (this.namespace && wf.metadata?.namespace && wf.metadata.namespace !== this.namespace)) return;
    const old = this.#items.get(name);
    if (old && Number(old.metadata?.resourceVersion) > Number(wf.metadata?.resourceVersion)) return;
    this.#items.set(name, wf);
    this.#changed.emit();
  }

  remove(name: string): void {
    if (this.#items.delete(name)) this.#changed.emit();
  }

  start(): void {
    if (this.#run || this.disposed) return;
    const run = new AbortController();
    this.#run = run;
    void this.#loop(run.signal);
  }

  /** List again and restart the watch. */
  refresh(): void {
    this.stop();
    this.start();
  }

  stop(): void {
    clearTimeout(this.#retry);
    this.#run?.abort();
    this.#run = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    Signal.clearData(this);
  }

  #set(state: ModelState, message: string): void {
    this.state = state;
    this.message = message;
    this.#changed.emit();
  }

  async #loop(signal: AbortSignal): Promise<void> {
    this.#set('loading', 'Loading workflows…');
    try {
      const client = await this.session.client(signal);
      this.namespace = client.connection.namespace;
      const items = new Map<string, Workflow>();
      let resourceVersion: string | undefined;
      let cont: string | undefined;
      do {
        const page = await client.list({ signal, limit: 200, continue: cont });
        for (const wf of page.items) if (wf.metadata?.name) items.set(wf.metadata.name, wf);
        resourceVersion ??= page.resourceVersion;
        cont = page.continue;
      } while (cont);
      if (signal.aborted) return;
      this.#items = items;
      // where the list comes from (server, namespace, whose token) and the configuration's warnings (plain http...)
      const cfg = await this.session.config(signal);
      const where = [await this.session.describe(), ...(cfg.warnings ?? [])].join(' · ');
      this.#set('live', where);
      for await (const ev of client.watch({
        signal,
        resourceVersion,
        onReconnect: (info) => this.#set('reconnecting', `reconnecting (${info.reason})…`),
      })) {
        const wf = ev.object;
        const name = wf?.metadata?.name;
        if (!name) continue;
        if (ev.type === 'DELETED') this.#items.delete(name);
        else this.#items.set(name, wf);
        if (this.state !== 'live') this.#set('live', where);
        else this.#changed.emit();
      }
      if (!signal.aborted) this.#again(signal, 'the watch ended; listing again…', 500);
    } catch (e) {
      if (signal.aborted) return;
      const err = e instanceof Error ? e : new Error(String(e));
      const userMustAct = isZldError(e) && (e.code === 'AccessDenied' || e.code === 'BadInput' || e.code === 'Unsupported');
      // what another token or namespace showed before is not what this one may see
      if (userMustAct) this.#items.clear();
      this.#set('error', inThisPage(err.message));
      if (userMustAct) this.#failed.emit(err);
      else this.#again(signal, err.message, 5000);
    }
  }

  #again(signal: AbortSignal, message: string, ms: number): void {
    this.#set(this.state === 'error' ? 'error' : 'reconnecting', message);
    this.#retry = setTimeout(() => {
      if (signal.aborted || this.disposed) return;
      void this.#loop(signal);
    }, ms);
  }
}
