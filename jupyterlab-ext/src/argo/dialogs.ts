/**
 * The Argo dialogs: the token prompt (401), confirmations, forms with prefilled fields (pipelines,
 * template parameters) and the workflow details (Get). Every value from the server or the user is put in the
 * page as text, never as HTML.
 *
 * @example
 * ```ts
 * const token = await askToken('The Argo Server did not accept the token.');
 * const values = await askForm('Retrieve on Argo', [{ name: 'output', label: 'Output', value: 's3://lab/out.npy' }]);
 * ```
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { el } from '../dom.js';
import { formatDuration, workflowNodes, workflowSummary, type Workflow } from './core.js';

class ValueBody<T> extends Widget {
  constructor(node: HTMLElement, private readonly read: () => T) {
    super({ node });
  }
  getValue(): T {
    return this.read();
  }
}

/** Ask for an Argo token; resolves with it, or undefined when cancelled. Never stored anywhere but memory. */
export async function askToken(reason: string): Promise<string | undefined> {
  const input = el('input', { cls: 'jp-mod-styled zld-ArgoToken-input', attrs: { type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Argo token' } });
  const node = el(
    'div',
    { cls: 'zld-ArgoDialog' },
    el('p', { text: reason }),
    el('p', { text: 'Enter a token for the Argo Server (for example the output of `argo auth token`). It is kept in this page\'s memory only: not in the settings, not in the browser\'s storage, and it is gone when the page is closed.' }),
    el('label', { text: 'Token' }, input),
  );
  const result = await showDialog({
    title: 'Argo token',
    body: new ValueBody(node, () => input.value),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Use token' })],
    focusNodeSelector: 'input',
  });
  const value = result.value?.trim();
  return result.button.accept && value ? value : undefined;
}

export async function confirm(title: string, body: string, label: string, warn = false): Promise<boolean> {
  const result = await showDialog({
    title,
    body,
    buttons: [Dialog.cancelButton(), warn ? Dialog.warnButton({ label }) : Dialog.okButton({ label })],
  });
  return result.button.accept;
}

export interface FormField {
  name: string;
  label: string;
  value?: string;
  placeholder?: string;
  /** Shown under the field. */
  help?: string;
}

/** A form with one text field per entry; resolves with the values, or undefined when cancelled. */
export async function askForm(title: string, fields: FormField[], intro?: string, okLabel = 'Submit'): Promise<Record<string, string> | undefined> {
  const inputs = new Map<string, HTMLInputElement>();
  const node = el('div', { cls: 'zld-ArgoDialog zld-ArgoForm' }, intro ? el('p', { text: intro }) : undefined);
  for (const f of fields) {
    const input = el('input', { cls: 'jp-mod-styled', attrs: { type: 'text', name: f.name, spellcheck: 'false', placeholder: f.placeholder ?? '' } });
    input.value = f.value ?? '';
    inputs.set(f.name, input);
    node.appendChild(el('label', { text: f.label }, input, f.help ? el('span', { cls: 'zld-ArgoForm-help', text: f.help }) : undefined));
  }
  const result = await showDialog({
    title,
    body: new ValueBody(node, () => Object.fromEntries([...inputs].map(([k, i]) => [k, i.value.trim()]))),
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: okLabel })],
    focusNodeSelector: 'input',
  });
  return result.button.accept ? (result.value ?? undefined) : undefined;
}

/** Explain why something cannot be done (one OK button). */
export async function explain(title: string, lines: string[]): Promise<void> {
  await showDialog({ title, body: new Widget({ node: el('div', { cls: 'zld-ArgoDialog' }, ...lines.map((l) => el('p', { text: l }))) }), buttons: [Dialog.okButton()] });
}

/** "Get": the workflow's summary, parameters and node tree, as text. */
export async function showDetails(wf: Workflow): Promise<void> {
  const s = workflowSummary(wf);
  const rows: [string, string][] = [
    ['Name', s.name],
    ['Namespace', s.namespace],
    ['Phase', s.phase],
    ['Progress', s.progress || '-'],
    ['Duration', formatDuration(s.durationSeconds)],
    ['Started', s.startedAt ?? '-'],
    ['Finished', s.finishedAt ?? '-'],
    ['Message', s.message ?? ''],
  ];
  for (const p of wf.spec?.arguments?.parameters ?? []) rows.push([`Parameter ${p.name}`, String(p.value ?? '')]);
  const table = el('table', { cls: 'zld-ArgoDetails-table' }, ...rows.map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', { text: v }))));
  const nodes = el(
    'ul',
    { cls: 'zld-ArgoDetails-nodes' },
    ...workflowNodes(wf).map((n) =>
      el(
        'li',
        { attrs: { style: `padding-left: ${n.depth * 14}px` } },
        el('span', { cls: `zld-ArgoPhase zld-ArgoPhase-${n.phase}`, text: phaseGlyph(n.phase), title: n.phase }),
        ` ${n.displayName} (${n.type}) ${n.phase}${n.memoized ? ' · memoized' : ''}${n.message ? ` · ${n.message}` : ''}`,
      ),
    ),
  );
  await showDialog({
    title: `Workflow ${s.name}`,
    body: new Widget({ node: el('div', { cls: 'zld-ArgoDialog zld-ArgoDetails' }, table, el('h4', { text: 'Nodes' }), nodes) }),
    buttons: [Dialog.okButton({ label: 'Close' })],
  });
}

/** A one-character status mark per phase (the color comes from the stylesheet). */
export function phaseGlyph(phase: string): string {
  switch (phase) {
    case 'Succeeded':
      return '✔';
    case 'Failed':
    case 'Error':
      return '✖';
    case 'Running':
      return '●';
    case 'Pending':
      return '◌';
    default:
      return '?';
  }
}
