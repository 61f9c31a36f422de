/**
 * The store section of the details pane (shown for a store's root): where the store is read from and its
 * consolidated metadata: which key, whether it is stale (Check; the last verdict is kept while the store stays
 * open, however often the section is drawn again), the raw JSON with a search box, and the Consolidate action
 * (through {@link StoreActions}, which asks before overwriting).
 *
 * @example
 * ```ts
 * details.appendChild(renderStoreSection(opened, { consolidate: (url) => commands.execute('zld:consolidate', { url }) }));
 * ```
 */
import { checkConsolidated, isWritable, readConsolidated } from './core.js';
import { el } from './dom.js';
import { messageOf, type OpenedStore } from './model.js';

export interface StoreActions {
  /** Write (or rewrite) the store's consolidated metadata, asking first when it overwrites. */
  consolidate(url: string): Promise<void>;
}

const VIA: Record<OpenedStore['via'], string> = {
  contents: 'the Jupyter server (Contents API)',
  kernel: 'a kernel (the kernel’s credentials)',
  browser: 'the browser',
};

/** What a check found: `stale` is undefined when the check failed (`text` says why). */
export interface CheckVerdict {
  stale: boolean | undefined;
  text: string;
}

export interface SectionOptions {
  /** Check the consolidated metadata right away. */
  check?: boolean;
  /** Called with the verdict of that check. */
  onChecked?: (v: CheckVerdict) => void;
  /** Open the raw consolidated JSON view (and scroll to it). */
  openRaw?: boolean;
}

/** The consolidated metadata a store has, as the section names it; undefined when it has none. */
export function consolidatedLabel(opened: OpenedStore): string | undefined {
  return opened.hierarchy.format === 3 ? (opened.hierarchy.consolidated ? 'inline in zarr.json' : undefined) : opened.consolidatedKey;
}

/** The last verdict per open store, so re-rendering the section (Show Consolidated Metadata, re-selecting) keeps it. */
const verdicts = new WeakMap<OpenedStore, { text: string; state: string }>();

function showVerdict(opened: OpenedStore, status: HTMLElement, text: string, state: string): void {
  status.textContent = text;
  status.dataset.state = state;
  if (state !== 'checking') verdicts.set(opened, { text, state });
}

/** Check the consolidated metadata and write the verdict into `status`. */
export async function runCheck(opened: OpenedStore, status: HTMLElement): Promise<CheckVerdict> {
  status.textContent = 'checking…';
  status.dataset.state = 'checking';
  try {
    const r = await checkConsolidated(opened.store, { key: opened.consolidatedKey, format: opened.hierarchy.format });
    const parts = [
      r.added.length ? `${r.added.length} added (${r.added.slice(0, 3).join(', ')}${r.added.length > 3 ? ', …' : ''})` : '',
      r.removed.length ? `${r.removed.length} removed (${r.removed.slice(0, 3).join(', ')}${r.removed.length > 3 ? ', …' : ''})` : '',
      r.changed.length ? `${r.changed.length} changed (${r.changed.slice(0, 3).join(', ')}${r.changed.length > 3 ? ', …' : ''})` : '',
    ].filter(Boolean);
    const text = r.stale ? `stale: ${parts.join('; ')}` : 'up to date';
    showVerdict(opened, status, text, r.stale ? 'stale' : 'fresh');
    return { stale: r.stale, text };
  } catch (e) {
    showVerdict(opened, status, messageOf(e), 'error');
    return { stale: undefined, text: messageOf(e) };
  }
}

function rawJsonView(opened: OpenedStore, open: boolean): HTMLElement {
  const pre = el('pre', { cls: 'zld-RawJson' });
  const count = el('span', { cls: 'zld-Muted' });
  let text = '';
  const filter = el('input', { cls: 'zld-Input', attrs: { type: 'search', placeholder: 'Search the consolidated JSON', 'aria-label': 'Search the consolidated JSON' } });
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    const lines = text.split('\n');
    const shown = q ? lines.filter((l) => l.toLowerCase().includes(q)) : lines;
    pre.textContent = shown.slice(0, 2000).join('\n') + (shown.length > 2000 ? '\n…' : '');
    count.textContent = q ? ` ${shown.length} matching lines` : ` ${lines.length} lines`;
  };
  filter.addEventListener('input', apply);
  const box = el('details', { cls: 'zld-Raw' }, el('summary', { text: 'Raw consolidated JSON' }), filter, count, pre);
  box.addEventListener('toggle', () => {
    if (!box.open || text) return;
    pre.textContent = 'reading…';
    readConsolidated(opened.store, { key: opened.consolidatedKey, format: opened.hierarchy.format }).then(
      (doc) => {
        text = doc ? JSON.stringify(doc.metadata, null, 1) : '(none)';
        apply();
      },
      (e) => (pre.textContent = messageOf(e)),
    );
  });
  if (open) {
    box.open = true;
    requestAnimationFrame(() => box.scrollIntoView({ block: 'start' }));
  }
  return box;
}

export function renderStoreSection(opened: OpenedStore, actions: StoreActions, opts: SectionOptions = {}): HTMLElement {
  const box = el('section', { cls: 'zld-StoreSection' });
  box.appendChild(el('h3', { text: 'Store' }));
  box.appendChild(
    el(
      'dl',
      { cls: 'zld-Summary' },
      el('dt', { text: 'location' }),
      el('dd', { text: opened.spec.url }),
      el('dt', { text: 'read through' }),
      el('dd', { text: VIA[opened.via] }),
      el('dt', { text: 'format' }),
      el('dd', { text: `Zarr v${opened.hierarchy.format}` }),
    ),
  );
  box.appendChild(el('h3', { text: 'Consolidated metadata' }));
  const key = consolidatedLabel(opened);
  const last = key ? verdicts.get(opened) : undefined;
  const status = el('span', { cls: 'zld-ConsolidatedStatus', attrs: { 'data-state': last?.state ?? (key ? 'unknown' : 'none') }, text: last?.text ?? (key ? 'not checked' : 'none') });
  box.appendChild(el('div', { cls: 'zld-ConsolidatedKey' }, el('span', { cls: 'zld-Muted', text: 'key: ' }), el('code', { text: key ?? 'none (the tree is read by listing)' })));
  box.appendChild(el('div', {}, el('span', { cls: 'zld-Muted', text: 'status: ' }), status));
  const writable = isWritable(opened.store);
  const buttons = el('div', { cls: 'zld-Buttons' });
  if (key) {
    buttons.appendChild(el('button', { cls: 'jp-Button jp-mod-styled jp-mod-reject zld-CheckButton', text: 'Check', attrs: { type: 'button' }, on: { click: () => void runCheck(opened, status) } }));
  }
  const consolidate = el('button', {
    cls: 'jp-Button jp-mod-styled jp-mod-accept zld-ConsolidateButton',
    text: 'Consolidate',
    title: writable ? 'Write the consolidated metadata from the store’s current metadata' : 'This store is read-only here',
    attrs: { type: 'button' },
    on: { click: () => void actions.consolidate(opened.spec.url) },
  });
  consolidate.disabled = !writable;
  buttons.appendChild(consolidate);
  box.appendChild(buttons);
  if (key) box.appendChild(rawJsonView(opened, opts.openRaw === true));
  if (key && opts.check) void runCheck(opened, status).then((v) => opts.onChecked?.(v));
  return box;
}
