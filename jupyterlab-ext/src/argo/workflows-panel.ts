/**
 * The Workflows panel (right side bar): the workflows of the namespace, live (status mark, name, phase,
 * progress, duration, message), newest first; click a row to select it and show its actions (Logs, Get,
 * Stop, Terminate, Suspend, Resume, Retry, Resubmit, Delete), right-click for the same in a menu. A toolbar
 * submits the open YAML file or from a template, refreshes, and sets a token. Text only, never HTML.
 *
 * @example
 * ```ts
 * const panel = new WorkflowsPanel(model, session, (command, args) => app.commands.execute(command, args));
 * app.shell.add(panel, 'right', { rank: 700 });
 * ```
 */
import { Panel, Widget } from '@lumino/widgets';
import { clear, el } from '../dom.js';
import { ArgoCommandIDs } from './command-ids.js';
import { formatDuration, isFinishedPhase, workflowSummary, type Workflow } from './core.js';
import { phaseGlyph } from './dialogs.js';
import type { ArgoSession } from './session.js';
import type { WorkflowsModel } from './workflows-model.js';

export type RunCommand = (command: string, args?: Record<string, string>) => Promise<unknown>;

/** The row actions, in the order they are shown; `when` decides whether a phase allows it. */
export const ROW_ACTIONS: { command: string; label: string; when?: (phase: string, wf: Workflow) => boolean }[] = [
  { command: ArgoCommandIDs.logs, label: 'Logs' },
  { command: ArgoCommandIDs.get, label: 'Get' },
  { command: ArgoCommandIDs.stop, label: 'Stop', when: (p) => !isFinishedPhase(p) },
  { command: ArgoCommandIDs.terminate, label: 'Terminate', when: (p) => !isFinishedPhase(p) },
  { command: ArgoCommandIDs.suspend, label: 'Suspend', when: (p, wf) => !isFinishedPhase(p) && !wf.spec?.suspend },
  { command: ArgoCommandIDs.resume, label: 'Resume', when: (p, wf) => !isFinishedPhase(p) && Boolean(wf.spec?.suspend) },
  { command: ArgoCommandIDs.retry, label: 'Retry', when: (p) => p === 'Failed' || p === 'Error' },
  { command: ArgoCommandIDs.resubmit, label: 'Resubmit', when: (p) => isFinishedPhase(p) },
  { command: ArgoCommandIDs.del, label: 'Delete' },
];

export class WorkflowsPanel extends Panel {
  private readonly status: HTMLElement;
  private readonly list: HTMLElement;
  private readonly timer: ReturnType<typeof setInterval>;
  selected: string | undefined;
  private readonly rows = new Map<string, { el: HTMLElement; key: string }>();

  constructor(
    readonly model: WorkflowsModel,
    private readonly session: ArgoSession,
    private readonly run: RunCommand,
  ) {
    super();
    this.id = 'zld-argo-workflows';
    this.addClass('zld-ArgoPanel');
    this.title.caption = 'Argo Workflows';
    this.title.label = 'Workflows';
    const button = (label: string, command: string, title: string) =>
      el('button', { cls: 'jp-Button jp-mod-minimal zld-ArgoToolbar-button', text: label, title, attrs: { type: 'button', 'data-command': command }, on: { click: () => void this.run(command) } });
    const header = el(
      'div',
      { cls: 'zld-ArgoPanel-header' },
      el('h2', { cls: 'zld-ArgoPanel-title', text: 'Argo Workflows' }),
      el(
        'div',
        { cls: 'zld-ArgoToolbar', attrs: { role: 'toolbar', 'aria-label': 'Workflows' } },
        button('Submit…', ArgoCommandIDs.submit, 'Submit the open YAML/JSON workflow file'),
        button('Template…', ArgoCommandIDs.submitTemplate, 'Submit from a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow'),
        button('Refresh', ArgoCommandIDs.refresh, 'List the workflows again'),
        button('Token…', ArgoCommandIDs.setToken, 'Enter an Argo token (kept in memory only)'),
      ),
    );
    this.status = el('div', { cls: 'zld-ArgoPanel-status', attrs: { 'aria-live': 'polite' } });
    this.list = el('div', { cls: 'zld-ArgoList', attrs: { role: 'list', 'aria-label': 'Workflows' } });
    const body = new Widget({ node: el('div', { cls: 'zld-ArgoPanel-body' }, header, this.status, this.list) });
    this.addWidget(body);
    this.list.addEventListener('contextmenu', (ev) => {
      const row = (ev.target as HTMLElement).closest<HTMLElement>('.zld-ArgoRow');
      // select after JupyterLab has built its menu from this event's target (selecting re-renders the row)
      const name = row?.dataset.workflow;
      if (name) setTimeout(() => this.select(name), 0);
    });
    model.changed.connect(() => this.render());
    session.changed.connect(() => this.render());
    this.timer = setInterval(() => {
      if (this.isVisible && model.workflows.some((w) => !isFinishedPhase(w.status?.phase))) this.render();
    }, 1000);
    this.render();
  }

  override dispose(): void {
    clearInterval(this.timer);
    super.dispose();
  }

  select(name: string | undefined): void {
    if (this.selected === name) return;
    this.selected = name;
    this.render();
  }

  render(): void {
    const m = this.model;
    this.status.textContent = m.message;
    this.status.dataset.state = m.state;
    const items = m.workflows;
    if (this.selected && !m.get(this.selected)) this.selected = undefined;
    if (!items.length) {
      clear(this.list);
      this.rows.clear();
      this.list.appendChild(el('div', { cls: 'zld-ArgoList-empty', text: m.state === 'live' ? 'No workflows in this namespace yet. Open a workflow YAML file and run "Submit workflow".' : '' }));
      return;
    }
    this.list.querySelector(':scope > .zld-ArgoList-empty')?.remove();
    // rows are rebuilt only when what they show changes (the duration ticks in place), so a click on a row's
    // button is never lost to a re-render between mouse down and mouse up
    const now = Date.now();
    const seen = new Set<string>();
    let prev: Element | null = null;
    for (const wf of items) {
      const name = wf.metadata?.name ?? '';
      seen.add(name);
      const key = this.rowKey(wf, now);
      let entry = this.rows.get(name);
      if (!entry || entry.key !== key) {
        const row = this.row(wf, now);
        const focused = entry?.el.contains(document.activeElement);
        entry?.el.remove();
        entry = { el: row, key };
        this.rows.set(name, entry);
        if (focused) queueMicrotask(() => row.focus());
      } else {
        const duration = entry.el.querySelector('.zld-ArgoRow-duration');
        if (duration) duration.textContent = formatDuration(workflowSummary(wf, now).durationSeconds);
      }
      const at: ChildNode | null = prev ? prev.nextSibling : this.list.firstChild;
      if (at !== entry.el) this.list.insertBefore(entry.el, at);
      prev = entry.el;
    }
    for (const [name, entry] of this.rows) {
      if (!seen.has(name)) {
        entry.el.remove();
        this.rows.delete(name);
      }
    }
  }

  /** Everything a row shows except its duration: when this changes, the row is rebuilt. */
  private rowKey(wf: Workflow, now: number): string {
    const s = workflowSummary(wf, now);
    const actions = ROW_ACTIONS.filter((a) => !a.when || a.when(s.phase, wf)).map((a) => a.command);
    return JSON.stringify([s.phase, Boolean(wf.spec?.suspend), s.progress, s.message ?? '', s.name === this.selected, actions]);
  }

  private row(wf: Workflow, now: number): HTMLElement {
    const s = workflowSummary(wf, now);
    const selected = s.name === this.selected;
    const suspended = Boolean(wf.spec?.suspend) && !isFinishedPhase(s.phase);
    const phase = suspended ? 'Suspended' : s.phase;
    const row = el(
      'div',
      {
        cls: `zld-ArgoRow${selected ? ' jp-mod-selected' : ''}`,
        title: `${s.name}\n${phase}${s.message ? `\n${s.message}` : ''}`,
        attrs: { role: 'listitem', 'data-workflow': s.name, 'data-phase': s.phase, tabindex: '0', 'aria-selected': String(selected) },
        on: {
          click: (ev) => {
            if (!(ev.target as HTMLElement).closest('button')) this.select(s.name);
          },
          keydown: (ev) => {
            if (ev.key === 'Enter') void this.run(ArgoCommandIDs.get, { name: s.name });
            if (ev.key === 'Delete') void this.run(ArgoCommandIDs.del, { name: s.name });
          },
          dblclick: () => void this.run(ArgoCommandIDs.logs, { name: s.name }),
        },
      },
      el(
        'div',
        { cls: 'zld-ArgoRow-main' },
        el('span', { cls: `zld-ArgoPhase zld-ArgoPhase-${s.phase}${suspended ? ' zld-ArgoPhase-Suspended' : ''}`, text: suspended ? '‖' : phaseGlyph(s.phase), attrs: { 'aria-hidden': 'true' } }),
        el('span', { cls: 'zld-ArgoRow-name', text: s.name }),
      ),
      el(
        'div',
        { cls: 'zld-ArgoRow-meta' },
        el('span', { cls: 'zld-ArgoRow-phase', text: phase }),
        el('span', { cls: 'zld-ArgoRow-progress', text: s.progress, title: 'pods done / total' }),
        el('span', { cls: 'zld-ArgoRow-duration', text: formatDuration(s.durationSeconds), title: 'duration' }),
      ),
      s.message ? el('div', { cls: 'zld-ArgoRow-message', text: s.message }) : undefined,
    );
    if (selected) {
      const actions = el('div', { cls: 'zld-ArgoRow-actions', attrs: { role: 'toolbar', 'aria-label': `Actions for ${s.name}` } });
      for (const a of ROW_ACTIONS) {
        if (a.when && !a.when(s.phase, wf)) continue;
        actions.appendChild(
          el('button', {
            cls: `jp-Button jp-mod-minimal zld-ArgoRow-action${a.command === ArgoCommandIDs.del ? ' zld-ArgoRow-action-danger' : ''}`,
            text: a.label,
            attrs: { type: 'button', 'data-command': a.command },
            on: { click: () => void this.run(a.command, { name: s.name }) },
          }),
        );
      }
      row.appendChild(actions);
    }
    return row;
  }
}
