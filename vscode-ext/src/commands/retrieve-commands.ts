/**
 * Retrieve, Retrieve URI into Notebook, Insert Load Cell, Copy Code and Copy URI: each turns its argument (a
 * tree row, a URI, or the current selection) into a node, generates the load cell for the active notebook's
 * kernel, and inserts it below the selection (or into a new notebook) or copies it.
 *
 * @example
 * ```ts
 * await vscode.commands.executeCommand('zld.retrieveUri', 'http://www.catplus.ch/ontology/concepts/sample1');
 * ```
 */
import * as vscode from 'vscode';
import { loadCell } from '../notebook/load-code.js';
import type { InsertedCell } from '../notebook/insert-cell.js';
import type { Services } from '../services.js';
import { targetFromArgument, targetForUri, type NodeTarget } from '../stores/targets.js';
import { uriOf, type MetadataElement } from '../views/metadata-tree.js';
import type { StoresElement } from '../views/stores-tree.js';

async function insertFor(s: Services, t: NodeTarget): Promise<InsertedCell> {
  const editor = s.inserter.activeNotebook();
  const cell = loadCell(t.opened, t.node, { uri: t.uri, notebook: editor?.notebook });
  const where = await s.inserter.insert(cell, editor);
  s.log.info(`inserted a ${cell.languageId} cell loading ${t.node.path} at ${where.index} of ${where.notebook.uri.toString(true)}`);
  return where;
}

/** The URI a row names (or the node's `@id`). */
async function uriFromArgument(s: Services, arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  const m = arg as MetadataElement | undefined;
  if (m?.t) {
    if (m.t === 'node') return typeof m.target.node.attributes['@id'] === 'string' ? (m.target.node.attributes['@id'] as string) : undefined;
    return uriOf(m)?.uri;
  }
  const n = (arg as StoresElement | undefined) ?? s.storesView.selection[0];
  if (n?.type === 'node') return typeof n.node.attributes['@id'] === 'string' ? (n.node.attributes['@id'] as string) : undefined;
  return undefined;
}

export function registerRetrieveCommands(s: Services): vscode.Disposable[] {
  const retrieve = (arg: unknown) =>
    s.errors.guard(
      'retrieve',
      async () => {
        const t = await targetFromArgument(s, arg);
        return t ? insertFor(s, t) : undefined;
      },
      { retry: true },
    );
  return [
    vscode.commands.registerCommand('zld.retrieve', retrieve),
    vscode.commands.registerCommand('zld.insertLoadCell', retrieve),
    vscode.commands.registerCommand('zld.retrieveUri', async (uri?: string) => {
      const value =
        typeof uri === 'string'
          ? uri
          : await vscode.window.showInputBox({ title: 'Retrieve URI into Notebook', prompt: 'The @id (URI) of a node or dataset', ignoreFocusOut: true });
      if (!value?.trim()) return undefined;
      return s.errors.guard(
        `retrieve ${value.trim()}`,
        async () => {
          const t = await targetForUri(s, value.trim());
          return t ? insertFor(s, t) : undefined;
        },
        { retry: true },
      );
    }),
    vscode.commands.registerCommand('zld.copyCode', (arg: unknown) =>
      s.errors.guard('copy code', async () => {
        const t = await targetFromArgument(s, arg);
        if (!t) return undefined;
        const cell = loadCell(t.opened, t.node, { uri: t.uri, notebook: s.inserter.activeNotebook()?.notebook });
        await vscode.env.clipboard.writeText(cell.source);
        vscode.window.setStatusBarMessage(`Zarr: load code for ${t.node.path} copied`, 3000);
        return cell.source;
      }),
    ),
    vscode.commands.registerCommand('zld.copyUri', async (arg: unknown) => {
      const uri = await uriFromArgument(s, arg);
      if (!uri) {
        void vscode.window.showWarningMessage('Zarr: this item has no @id to copy.');
        return undefined;
      }
      await vscode.env.clipboard.writeText(uri);
      vscode.window.setStatusBarMessage(`Zarr: copied ${uri}`, 3000);
      return uri;
    }),
  ];
}
