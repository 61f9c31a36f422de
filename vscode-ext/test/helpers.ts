/**
 * Shared by the extension-host suites: the activated extension's API, the test workspace (a fresh copy of the
 * Cat+ store and a notebook, made by the vitest side), and small waits.
 *
 * @example
 * ```ts
 * const api = await zld();
 * const sample1 = await findNode(api, '/myBatch/mySamplePrep/sample1');
 * ```
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ZldApi } from '../src/extension.js';
import type { NodeElement, StoresElement } from '../src/views/stores-tree.js';

export const SAMPLE1 = 'http://www.catplus.ch/ontology/concepts/sample1';
export const SAMPLE1_PATH = '/myBatch/mySamplePrep/sample1';
export const DATASET1_PATH = '/myBatch/mySamplePrep/sample1/sample1Dataset';

export function workspaceDir(): string {
  const ws = vscode.workspace.workspaceFolders?.[0];
  assert.ok(ws, 'the test run opens a workspace folder');
  return ws.uri.fsPath;
}

export function catPlus(): string {
  return path.join(workspaceDir(), 'cat-plus.zarr');
}

export async function zld(): Promise<ZldApi> {
  const ext = vscode.extensions.getExtension<ZldApi>('zld.zld-vscode');
  assert.ok(ext, 'extension zld.zld-vscode is loaded');
  return ext.activate();
}

/** Open the workspace's Cat+ store through the command, as a user would; returns the tree's store element. */
export async function openCatPlus(api: ZldApi): Promise<StoresElement> {
  await vscode.commands.executeCommand('zld.openStore', catPlus());
  const roots = await api.storesTree.getChildren();
  const el = roots.find((r) => r.type === 'store' && r.entry.location === catPlus());
  assert.ok(el, `the Stores view lists ${catPlus()}`);
  return el;
}

/** Walk the Stores tree from the Cat+ root down to `nodePath`, the way expanding rows does. */
export async function findNode(api: ZldApi, nodePath: string): Promise<NodeElement> {
  let el: StoresElement = await openCatPlus(api);
  for (const name of nodePath.split('/').filter(Boolean)) {
    const kids: StoresElement[] = await api.storesTree.getChildren(el);
    const next = kids.find((k) => k.type === 'node' && k.node.name === name);
    assert.ok(next, `${name} is a child of ${el.type === 'node' ? el.node.path : 'the store'}: ${kids.map((k) => (k.type === 'node' ? k.node.name : k.type)).join(', ')}`);
    el = next;
  }
  assert.equal(el.type, 'node');
  return el as NodeElement;
}

export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Open the workspace notebook in the notebook editor (built-in ipynb serializer) and select its cell `index`. */
export async function openNotebook(name = 'analysis.ipynb', select = 0): Promise<vscode.NotebookEditor> {
  const doc = await vscode.workspace.openNotebookDocument(vscode.Uri.file(path.join(workspaceDir(), name)));
  const editor = await vscode.window.showNotebookDocument(doc);
  editor.selections = [new vscode.NotebookRange(select, select + 1)];
  await waitFor('the notebook editor to be active', () => vscode.window.activeNotebookEditor?.notebook === doc || undefined);
  return editor;
}

export async function closeAllEditors(): Promise<void> {
  // revert-and-close one at a time (no save prompts), then close the rest; the extension host hears of closed
  // editors a moment later, and a busy machine may need a second round
  for (let round = 0; round < 5; round++) {
    const open = vscode.window.activeNotebookEditor || vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme !== 'output');
    if (!open && round > 0) return;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise((r) => setTimeout(r, 200 * (round + 1)));
  }
  await waitFor('the notebook editors to close', () => !vscode.window.activeNotebookEditor || undefined);
}
