/**
 * Look Up URI… and Search Metadata…: quick picks over the linked-data index of the open stores that update as
 * you type; picking a node reveals it in the Stores view and shows its attributes. Reveal Node is the target of
 * the links in hovers.
 *
 * @example
 * ```ts
 * await vscode.commands.executeCommand('zld.lookUpUri', 'http://www.catplus.ch/ontology/concepts/sample1');
 * ```
 */
import * as vscode from 'vscode';
import type { LinkedIndex } from '../core.js';
import { core } from '../lazy-core.js';
import type { Services } from '../services.js';
import { nodeAt } from '../stores/targets.js';

interface NodePickItem extends vscode.QuickPickItem {
  storeUrl: string;
  path: string;
}

/** Show the node in the Stores view (selected) and its attributes in the Metadata view. */
export async function revealNode(s: Services, storeUrl: string, path: string): Promise<{ storeUrl: string; path: string } | undefined> {
  const { opened, node } = await nodeAt(s, storeUrl, path);
  await vscode.commands.executeCommand('workbench.view.extension.zarr');
  const el = await s.storesTree.reveal(s.storesView, storeUrl, path);
  await s.metadataTree.show({ entry: opened.entry, storeUrl: opened.store.url, node });
  s.log.info(`revealed ${path} of ${opened.entry.label}${el ? '' : ' (not in the tree)'}`);
  return { storeUrl, path };
}

function itemsFor(index: LinkedIndex, value: string, mode: 'uri' | 'text'): NodePickItem[] {
  const text = value.trim();
  if (!text) return [];
  const out = new Map<string, NodePickItem>();
  const add = (storeUrl: string, path: string, label: string, detail: string, description: string) => {
    const k = `${storeUrl}#${path}`;
    if (!out.has(k)) out.set(k, { label, description, detail, storeUrl, path, alwaysShow: true });
  };
  if (mode === 'uri') {
    const r = core().resolveUri(index, text);
    for (const n of r.subject) add(n.storeUrl, n.path, `$(target) ${core().localName(r.uri)}`, r.uri, `${n.kind} ${n.path}`);
  }
  // text mode: `type:Sample` filters by @type, `name~aceto` / `temperature>20` by predicate, the rest is free text
  const tokens = mode === 'text' ? text.split(/\s+/) : [];
  const type = tokens.find((t) => t.startsWith('type:'))?.slice('type:'.length) || undefined;
  const where = tokens.filter((t) => !t.startsWith('type:') && /[=~<>]/.test(t));
  const words = mode === 'text' ? tokens.filter((t) => !t.startsWith('type:') && !/[=~<>]/.test(t)).join(' ') : text;
  let hits;
  try {
    hits = core().searchIndex(index, words, { limit: 50, where, ...(type ? { type } : {}) });
  } catch {
    hits = core().searchIndex(index, text, { limit: 50 });
  }
  for (const h of hits) {
    if (mode === 'uri' && !h.ids.length) continue;
    const id = h.ids[0];
    const match = h.matches.find((m) => m.predicate !== '@id');
    add(
      h.storeUrl,
      h.path,
      id ? core().localName(id) : h.path.split('/').pop() || h.path,
      mode === 'text' && match ? `${core().localName(match.predicate)}: ${match.value}` : (id ?? h.path),
      `${h.kind} ${h.path}`,
    );
  }
  return [...out.values()];
}

/** A quick pick that searches the index as the user types; resolves to the picked node. */
async function pickFromIndex(s: Services, mode: 'uri' | 'text'): Promise<NodePickItem | undefined> {
  const qp = vscode.window.createQuickPick<NodePickItem>();
  qp.title = mode === 'uri' ? 'Zarr: Look Up URI' : 'Zarr: Search Metadata';
  qp.placeholder = mode === 'uri' ? 'Type or paste a URI (@id)…' : 'Words in attribute values; filters: type:Sample, name~aceto, temperature>20';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  let index: LinkedIndex | undefined;
  const update = () => {
    if (index) qp.items = itemsFor(index, qp.value, mode);
  };
  qp.onDidChangeValue(update);
  const picked = new Promise<NodePickItem | undefined>((resolve) => {
    qp.onDidAccept(() => {
      if (!index) return;
      resolve(qp.selectedItems[0] ?? qp.activeItems[0] ?? itemsFor(index, qp.value, mode)[0]);
    });
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  try {
    index = await s.registry.index();
  } finally {
    qp.busy = false;
  }
  update();
  const item = await picked;
  qp.dispose();
  return item;
}

export function registerLookupCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zld.lookUpUri', (uri?: string) =>
      s.errors.guard('look up a URI', async () => {
        if (typeof uri === 'string') {
          const r = core().resolveUri(await s.registry.index(), uri);
          const n = r.subject[0];
          if (!n) {
            const hint = r.suggestions.length ? ` Did you mean ${r.suggestions.slice(0, 3).join(', ')}?` : '';
            void vscode.window.showWarningMessage(`Zarr: no open store has a node with @id ${uri}.${hint}`);
            return undefined;
          }
          return revealNode(s, n.storeUrl, n.path);
        }
        const item = await pickFromIndex(s, 'uri');
        return item ? revealNode(s, item.storeUrl, item.path) : undefined;
      }),
    ),
    vscode.commands.registerCommand('zld.searchMetadata', (text?: string) =>
      s.errors.guard('search metadata', async () => {
        if (typeof text === 'string') return itemsFor(await s.registry.index(), text, 'text').map(({ storeUrl, path }) => ({ storeUrl, path }));
        const item = await pickFromIndex(s, 'text');
        return item ? revealNode(s, item.storeUrl, item.path) : undefined;
      }),
    ),
    vscode.commands.registerCommand('zld.revealNode', (storeUrl: string, path: string) =>
      s.errors.guard('reveal a node', () => revealNode(s, storeUrl, path)),
    ),
  ];
}
