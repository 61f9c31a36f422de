/**
 * A workflow's logs in a main-area tab: lines stream in as the pods write them (`follow` until the workflow
 * ends), each `pod: line` as text; "Follow" keeps the view at the bottom, "Stop" ends the stream, "Again"
 * reads the logs anew.
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

export type LogSource = (signal: AbortSignal) => AsyncIterable<LogEntry>;

export class WorkflowLogView extends Widget {
  private readonly out: HTMLElement;
  private readonly status: HTMLElement;
  private readonly follow: HTMLInputElement;
  private readonly stopButton: HTMLButtonElement;
  private run: AbortController | undefined;
  lines = 0;

  constructor(
    readonly workflow: string,
    private readonly source: LogSource,
  ) {
    super();
    this.addClass('zld-ArgoLog');
    this.id = `zld-argo-log-${workflow}`;
    this.title.label = `Logs: ${workflow}`;
    this.title.closable = true;
    this.follow = el('input', { attrs: { type: 'checkbox', 'aria-label': 'Follow' } });
    this.follow.checked = true;
    this.stopButton = el('button', { cls: 'jp-Button jp-mod-minimal', text: 'Stop', attrs: { type: 'button' }, on: { click: () => this.stop('Stopped.') } });
    this.status = el('span', { cls: 'zld-ArgoLog-status', attrs: { 'aria-live': 'polite' } });
    this.out = el('pre', { cls: 'zld-ArgoLog-lines', attrs: { role: 'log', 'aria-label': `Logs of ${workflow}` } });
    this.node.append(
      el(
        'div',
        { cls: 'zld-ArgoLog-toolbar', attrs: { role: 'toolbar' } },
        el('label', { cls: 'zld-ArgoLog-follow' }, this.follow, ' Follow'),
        this.stopButton,
        el('button', { cls: 'jp-Button jp-mod-minimal', text: 'Again', attrs: { type: 'button' }, on: { click: () => this.start() } }),
        this.status,
      ),
      this.out,
    );
    this.start();
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
        for await (const line of this.source(run.signal)) this.append(line);
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
