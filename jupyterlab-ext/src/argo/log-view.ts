/**
 * A workflow's logs in a main-area tab: lines stream in as the pods write them (`follow` until the workflow
 * ends), each `pod: line` as text; "Follow" keeps the view at the bottom, "Stop" ends the stream, "Again"
 * reads the logs anew. A pod picker narrows them to one pod and a filter to the lines matching a regular
 * expression (Argo's `grep`, applied by the server).
 *
 * @example
 * ```ts
 * const view = new WorkflowLogView('hello-x2c9', (signal) => client.logs('hello-x2c9', { follow: true, signal }));
 * app.shell.add(new MainAreaWidget({ content: view }), 'main');
 * ```
 */
import { Widget } from '@lumino/widgets';
import { clear, el } from '../dom.js';
import type { LogEntry } from './core.js';

const MAX_LINES = 20_000;

/** What the user narrowed the logs to: one pod (all when absent) and a `grep` expression. */
export interface LogFilter {
  podName?: string;
  grep?: string;
}

export type LogSource = (signal: AbortSignal, filter: LogFilter) => AsyncIterable<LogEntry>;

/** The workflow's pods, for the picker (`label` is the step's display name). */
export type PodLister = () => Promise<Array<{ podName: string; label: string }>>;

export class WorkflowLogView extends Widget {
  private readonly out: HTMLElement;
  private readonly status: HTMLElement;
  private readonly follow: HTMLInputElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly pod: HTMLSelectElement;
  private readonly grep: HTMLInputElement;
  private run: AbortController | undefined;
  lines = 0;

  constructor(
    readonly workflow: string,
    private readonly source: LogSource,
    private readonly pods?: PodLister,
  ) {
    super();
    this.addClass('zld-ArgoLog');
    this.id = `zld-argo-log-${workflow}`;
    this.title.label = `Logs: ${workflow}`;
    this.title.closable = true;
    this.follow = el('input', { attrs: { type: 'checkbox', 'aria-label': 'Follow' } });
    this.follow.checked = true;
    this.stopButton = el('button', { cls: 'jp-Button jp-mod-minimal', text: 'Stop', attrs: { type: 'button' }, on: { click: () => this.stop('Stopped.') } });
    this.pod = el('select', { cls: 'zld-ArgoLog-pod-picker', attrs: { 'aria-label': 'Pod' }, on: { change: () => this.start(), focus: () => void this.loadPods() } });
    this.pod.append(el('option', { text: 'All pods', attrs: { value: '' } }));
    this.grep = el('input', {
      cls: 'zld-ArgoLog-grep',
      attrs: { type: 'search', placeholder: 'Filter (regular expression)', 'aria-label': 'Filter lines', spellcheck: 'false' },
      on: { change: () => this.start() },
    });
    this.status = el('span', { cls: 'zld-ArgoLog-status', attrs: { 'aria-live': 'polite' } });
    this.out = el('pre', { cls: 'zld-ArgoLog-lines', attrs: { role: 'log', 'aria-label': `Logs of ${workflow}` } });
    this.node.append(
      el(
        'div',
        { cls: 'zld-ArgoLog-toolbar', attrs: { role: 'toolbar' } },
        el('label', { cls: 'zld-ArgoLog-follow' }, this.follow, ' Follow'),
        this.stopButton,
        el('button', { cls: 'jp-Button jp-mod-minimal', text: 'Again', attrs: { type: 'button' }, on: { click: () => this.start() } }),
        this.pod,
        this.grep,
        this.status,
      ),
      this.out,
    );
    void this.loadPods();
    this.start();
  }

  /** Fill the pod picker with the workflow's pods (kept as they are when the workflow cannot be read). */
  async loadPods(): Promise<void> {
    if (!this.pods) return;
    let pods: Array<{ podName: string; label: string }>;
    try {
      pods = await this.pods();
    } catch {
      return;
    }
    const chosen = this.pod.value;
    const known = new Set([...this.pod.options].map((o) => o.value));
    for (const p of pods) {
      if (known.has(p.podName)) continue;
      this.pod.append(el('option', { text: `${p.label} (${p.podName})`, attrs: { value: p.podName } }));
    }
    this.pod.value = chosen;
  }

  /** (Re)read the logs from the start. */
  start(): void {
    this.stop();
    clear(this.out);
    this.lines = 0;
    const run = new AbortController();
    this.run = run;
    this.stopButton.disabled = false;
    this.status.textContent = 'Streaming…';
    void (async () => {
      try {
        const filter: LogFilter = { podName: this.pod.value || undefined, grep: this.grep.value.trim() || undefined };
        for await (const line of this.source(run.signal, filter)) this.append(line);
        if (!run.signal.aborted) this.status.textContent = `Ended: ${this.lines} line${this.lines === 1 ? '' : 's'}.`;
      } catch (e) {
        if (!run.signal.aborted) this.status.textContent = e instanceof Error ? e.message : String(e);
      } finally {
        if (this.run === run) this.stopButton.disabled = true;
      }
    })();
  }

  stop(message?: string): void {
    if (!this.run) return;
    this.run.abort();
    this.run = undefined;
    this.stopButton.disabled = true;
    if (message) this.status.textContent = `${message} ${this.lines} line${this.lines === 1 ? '' : 's'}.`;
  }

  private append(entry: LogEntry): void {
    if (this.lines >= MAX_LINES) this.out.removeChild(this.out.firstChild!);
    this.out.appendChild(el('span', { cls: 'zld-ArgoLog-line' }, el('span', { cls: 'zld-ArgoLog-pod', text: `${entry.podName ?? ''}: ` }), `${entry.content ?? ''}\n`));
    this.lines++;
    if (this.follow.checked) this.out.scrollTop = this.out.scrollHeight;
  }

  override dispose(): void {
    this.stop();
    super.dispose();
  }
}
