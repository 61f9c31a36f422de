import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATASET1_PATH, SAMPLE1, SAMPLE1_PATH, catPlus, findNode, openCatPlus, waitFor, workspaceDir, zld } from '../helpers.js';

suite('Stores view', () => {
  test('Open Store adds the folder as a session store whose tree lists its groups lazily', async () => {
    const api = await zld();
    const store = await openCatPlus(api);
    const item = api.storesTree.getTreeItem(store);
    assert.equal(item.label, 'cat-plus.zarr');
    assert.equal(item.contextValue, 'zarrStore.session');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const kids = await api.storesTree.getChildren(store);
    assert.deepEqual(
      kids.map((k) => (k.type === 'node' ? k.node.name : k.type)),
      ['myBatch'],
    );
  });

  test('groups and arrays have icons, descriptions (shape, dtype), tooltips (path, @id) and context values', async () => {
    const api = await zld();
    const sample1 = await findNode(api, SAMPLE1_PATH);
    const gi = api.storesTree.getTreeItem(sample1);
    assert.equal(gi.contextValue, 'zarrGroup.linked');
    assert.equal(gi.description, 'Sample');
    assert.match(String(gi.tooltip), new RegExp(`group ${SAMPLE1_PATH}`));
    assert.match(String(gi.tooltip), new RegExp(`@id: ${SAMPLE1}`));
    assert.equal((gi.iconPath as vscode.ThemeIcon).id, 'symbol-namespace');
    const ds = await findNode(api, DATASET1_PATH);
    const ai = api.storesTree.getTreeItem(ds);
    assert.equal(ai.contextValue, 'zarrArray');
    assert.equal(ai.description, '9000×1000 float64');
    assert.equal(ai.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.equal((ai.iconPath as vscode.ThemeIcon).id, 'symbol-array');
    assert.match(String(ai.tooltip), /chunks: 900×1000/);
  });

  test('getParent leads back to the store (needed to reveal nodes)', async () => {
    const api = await zld();
    const ds = await findNode(api, DATASET1_PATH);
    const chain: string[] = [];
    for (let el = await api.storesTree.getParent(ds); el; el = await api.storesTree.getParent(el)) {
      chain.push(el.type === 'node' ? el.node.name : el.type);
    }
    assert.deepEqual(chain, ['sample1', 'mySamplePrep', 'myBatch', 'store']);
  });

  test('stores from the zld.stores setting show (relative paths against the workspace) and Remove Store edits the setting', async () => {
    const api = await zld();
    const cfg = vscode.workspace.getConfiguration('zld');
    await cfg.update('stores', ['settings-copy.zarr', 's3://some-bucket/data.zarr'], vscode.ConfigurationTarget.Workspace);
    try {
      const roots = await waitFor('the configured stores', async () => {
        const r = await api.storesTree.getChildren();
        return r.some((e) => e.type === 'store' && e.entry.source === 'settings') ? r : undefined;
      });
      const configured = roots.filter((r) => r.type === 'store' && r.entry.source === 'settings').map((r) => r.entry.location);
      assert.deepEqual(configured, [path.join(workspaceDir(), 'settings-copy.zarr'), 's3://some-bucket/data.zarr']);
      await vscode.commands.executeCommand('zld.removeStore', 's3://some-bucket/data.zarr');
      assert.deepEqual(vscode.workspace.getConfiguration('zld').get('stores'), ['settings-copy.zarr']);
    } finally {
      await cfg.update('stores', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a folder that does not exist shows an error row and a message naming it; removing it clears the row', async () => {
    const api = await zld();
    const missing = path.join(workspaceDir(), 'no-such.zarr');
    await vscode.commands.executeCommand('zld.openStore', missing);
    const root = (await api.storesTree.getChildren()).find((r) => r.type === 'store' && r.entry.location === missing)!;
    const kids = await api.storesTree.getChildren(root);
    assert.equal(kids.length, 1);
    assert.equal(kids[0]!.type, 'error');
    assert.equal(api.storesTree.getTreeItem(kids[0]!).contextValue, 'zarrError');
    assert.match(api.errors.lastMessage ?? '', /no-such\.zarr/);
    await vscode.commands.executeCommand('zld.removeStore', missing);
    assert.ok(!(await api.storesTree.getChildren()).some((r) => r.type === 'store' && r.entry.location === missing));
  });

  test('Open as Zarr Store (Explorer context menu) takes the folder URI', async () => {
    const api = await zld();
    await vscode.commands.executeCommand('zld.openFolderAsStore', vscode.Uri.file(catPlus()));
    assert.ok(api.registry.entry(catPlus()));
  });

  test('Refresh Stores reloads a store from disk', async () => {
    const api = await zld();
    const store = await openCatPlus(api);
    const before = await api.registry.get(catPlus());
    await vscode.commands.executeCommand('zld.refreshStores', store);
    const after = await api.registry.get(catPlus());
    assert.notEqual(after, before, 'a fresh store object after refresh');
    assert.equal((await api.storesTree.getChildren(store)).length, 1);
  });
});
