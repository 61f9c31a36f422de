import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ZldApi } from '../../src/extension.js';
import type { MetadataElement } from '../../src/views/metadata-tree.js';
import { SAMPLE1, SAMPLE1_PATH, closeAllEditors, findNode, openNotebook, waitFor, workspaceDir, zld } from '../helpers.js';

async function hasDatasetRow(api: ZldApi): Promise<MetadataElement> {
  const sample1 = await findNode(api, SAMPLE1_PATH);
  await api.metadataTree.show({ entry: sample1.entry, storeUrl: sample1.storeUrl, node: sample1.node });
  const [root] = await api.metadataTree.getChildren();
  const rows = await api.metadataTree.getChildren(root);
  const row = rows.find((r) => r.t === 'predicate' && r.predicate.endsWith('/hasDataset'));
  assert.ok(row);
  return row;
}

async function copyNotebook(name: string): Promise<void> {
  await fs.copyFile(path.join(workspaceDir(), 'analysis.ipynb'), path.join(workspaceDir(), name));
}

suite('Retrieve into notebooks', () => {
  teardown(closeAllEditors);

  test('Retrieve on hasDataset inserts the load cell of sample1Dataset below the selected cell of a real .ipynb', async () => {
    const api = await zld();
    await copyNotebook('retrieve.ipynb');
    const editor = await openNotebook('retrieve.ipynb', 0);
    assert.equal(editor.notebook.notebookType, 'jupyter-notebook');
    const before = editor.notebook.cellCount;
    await vscode.commands.executeCommand('zld.retrieve', await hasDatasetRow(api));
    assert.equal(editor.notebook.cellCount, before + 1);
    const cell = editor.notebook.cellAt(1);
    assert.equal(cell.kind, vscode.NotebookCellKind.Code);
    assert.equal(cell.document.languageId, 'python');
    assert.match(cell.document.getText(), /sample1Dataset/);
    assert.match(cell.document.getText(), /import zarr/);
    assert.ok(cell.document.getText().includes(SAMPLE1), 'the cell names the URI it was found by');
    assert.deepEqual([editor.selections[0]!.start, editor.selections[0]!.end], [1, 2], 'the new cell is selected');
    // the built-in serializer writes it into the file
    await editor.notebook.save();
    const json = JSON.parse(await fs.readFile(path.join(workspaceDir(), 'retrieve.ipynb'), 'utf8'));
    assert.equal(json.cells.length, before + 1);
    assert.match(json.cells[1].source.join(''), /sample1Dataset/);
  });

  test('quick repeats lose nothing: each cell lands below the previous one', async () => {
    const api = await zld();
    await copyNotebook('repeats.ipynb');
    const editor = await openNotebook('repeats.ipynb', 0);
    const row = await hasDatasetRow(api);
    const ds = await findNode(api, `${SAMPLE1_PATH}/sample1Dataset`);
    await Promise.all([
      vscode.commands.executeCommand('zld.retrieve', row),
      vscode.commands.executeCommand('zld.insertLoadCell', ds),
      vscode.commands.executeCommand('zld.retrieveUri', SAMPLE1),
    ]);
    assert.equal(editor.notebook.cellCount, 4);
    for (let i = 1; i < 4; i++) assert.match(editor.notebook.cellAt(i).document.getText(), /sample1Dataset/);
    assert.equal(editor.notebook.cellAt(0).document.getText(), 'import numpy as np');
  });

  test('without an active notebook, Retrieve opens a new notebook holding the cell', async () => {
    const api = await zld();
    await closeAllEditors();
    const before = vscode.workspace.notebookDocuments.length;
    const where = await vscode.commands.executeCommand<{ notebook: vscode.NotebookDocument; index: number }>('zld.retrieve', await hasDatasetRow(api));
    assert.ok(where, 'the command reports where the cell went');
    // the extension host hears of the new active editor a moment after it is shown
    const editor = await waitFor('the new notebook to be active', () =>
      vscode.window.activeNotebookEditor?.notebook === where.notebook ? vscode.window.activeNotebookEditor : undefined,
    );
    assert.equal(editor.notebook.notebookType, 'jupyter-notebook');
    assert.ok(editor.notebook.isUntitled);
    assert.equal(editor.notebook.cellCount, 1);
    assert.match(editor.notebook.cellAt(0).document.getText(), /sample1Dataset/);
    assert.ok(vscode.workspace.notebookDocuments.length > before);
  });

  test('Insert Load Cell on a group loads the group', async () => {
    const api = await zld();
    await copyNotebook('group.ipynb');
    const editor = await openNotebook('group.ipynb', 0);
    const batch = await findNode(api, '/myBatch');
    await vscode.commands.executeCommand('zld.insertLoadCell', batch);
    const text = editor.notebook.cellAt(1).document.getText();
    assert.match(text, /myBatch/);
    assert.doesNotMatch(text, /sample1Dataset/);
  });
});

suite('Load cells follow the notebook kernel language', () => {
  teardown(closeAllEditors);

  test('an R notebook (kernelspec ir) gets an R cell', async () => {
    const api = await zld();
    const nb = {
      cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['library(stats)'] }],
      metadata: { kernelspec: { display_name: 'R', language: 'R', name: 'ir' }, language_info: { name: 'R', file_extension: '.r' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    await fs.writeFile(path.join(workspaceDir(), 'analysis-r.ipynb'), JSON.stringify(nb));
    const editor = await openNotebook('analysis-r.ipynb', 0);
    const ds = await findNode(api, `${SAMPLE1_PATH}/sample1Dataset`);
    await vscode.commands.executeCommand('zld.insertLoadCell', ds);
    const cell = editor.notebook.cellAt(1);
    assert.equal(cell.document.languageId, 'r');
    assert.match(cell.document.getText(), /library\(|<-/);
    assert.doesNotMatch(cell.document.getText(), /^import zarr/m);
  });
});

suite('Ambiguous URIs', () => {
  teardown(closeAllEditors);

  test('when two open stores hold the URI, Retrieve asks which one (never silently one)', async () => {
    const api = await zld();
    const copy = path.join(workspaceDir(), 'cat-copy.zarr');
    // a metadata-only copy: the same @ids in a second store
    await fs.cp(path.join(workspaceDir(), 'cat-plus.zarr'), copy, {
      recursive: true,
      filter: async (src) => (await fs.stat(src)).isDirectory() || path.basename(src).startsWith('.'),
    });
    await copyNotebook('ambiguous.ipynb');
    const editor = await openNotebook('ambiguous.ipynb', 0);
    await vscode.commands.executeCommand('zld.openStore', copy);
    try {
      let settled = false;
      const running = Promise.resolve(vscode.commands.executeCommand('zld.retrieveUri', SAMPLE1)).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(settled, false, 'the command waits for the user to pick a store');
      assert.equal(editor.notebook.cellCount, 1);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await running;
      assert.equal(editor.notebook.cellCount, 2);
      assert.match(editor.notebook.cellAt(1).document.getText(), /cat-(plus|copy)\.zarr/);
    } finally {
      await vscode.commands.executeCommand('zld.removeStore', copy);
    }
  });
});
