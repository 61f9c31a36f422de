import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ZldApi } from '../../src/extension.js';
import type { MetadataElement } from '../../src/views/metadata-tree.js';
import { DATASET1_PATH, SAMPLE1_PATH, catPlus, findNode, openCatPlus, zld } from '../helpers.js';

interface MenuItem {
  command: string;
  when?: string;
}

/** The commands the `view/item/context` menu offers for a row of `view` with this `contextValue`. */
function menuFor(view: string, contextValue: string): string[] {
  const items = vscode.extensions.getExtension('zld.zld-vscode')!.packageJSON.contributes.menus['view/item/context'] as MenuItem[];
  return items
    .filter((m) => {
      const when = m.when ?? '';
      const v = /view == ([\w.]+)/.exec(when);
      if (v && v[1] !== view) return false;
      const re = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
      return re ? new RegExp(re[1]!).test(contextValue) : true;
    })
    .map((m) => m.command);
}

async function metadataRows(api: ZldApi, nodePath: string): Promise<MetadataElement[]> {
  const n = await findNode(api, nodePath);
  await api.metadataTree.show({ entry: n.entry, storeUrl: n.storeUrl, node: n.node });
  const [root] = await api.metadataTree.getChildren();
  return [root!, ...(await api.metadataTree.getChildren(root))];
}

suite('Context menus (keyed on contextValue)', () => {
  test('Stores rows: store, linked group, array', async () => {
    const api = await zld();
    const store = await openCatPlus(api);
    const storeMenu = menuFor('zld.stores', api.storesTree.getTreeItem(store).contextValue!);
    assert.ok(['zld.openConsolidated', 'zld.checkConsolidated', 'zld.consolidateMetadata', 'zld.removeStore'].every((c) => storeMenu.includes(c)), storeMenu.join());
    assert.ok(!storeMenu.includes('zld.retrieve'));
    const group = menuFor('zld.stores', api.storesTree.getTreeItem(await findNode(api, SAMPLE1_PATH)).contextValue!);
    assert.deepEqual(new Set(group), new Set(['zld.retrieve', 'zld.copyCode', 'zld.copyUri', 'zld.argo.retrieve']));
    assert.ok(storeMenu.includes('zld.argo.runConsolidate'));
    const array = menuFor('zld.stores', api.storesTree.getTreeItem(await findNode(api, DATASET1_PATH)).contextValue!);
    assert.deepEqual(new Set(array), new Set(['zld.retrieve', 'zld.copyCode', 'zld.saveNpy']));
  });

  test('Metadata rows: the node, a predicate holding one link (hasDataset), a literal', async () => {
    const api = await zld();
    const rows = await metadataRows(api, SAMPLE1_PATH);
    const cv = (pred: (r: MetadataElement) => boolean) => api.metadataTree.getTreeItem(rows.find(pred)!).contextValue ?? '';
    const node = menuFor('zld.metadata', cv((r) => r.t === 'node'));
    assert.deepEqual(new Set(node), new Set(['zld.retrieve', 'zld.copyCode', 'zld.copyUri', 'zld.argo.retrieve']));
    const hasDataset = menuFor('zld.metadata', cv((r) => r.t === 'predicate' && r.predicate.endsWith('/hasDataset')));
    assert.deepEqual(new Set(hasDataset), new Set(['zld.retrieve', 'zld.copyCode', 'zld.copyUri', 'zld.argo.retrieve']));
    const literal = menuFor('zld.metadata', cv((r) => r.t === 'predicate' && r.predicate.endsWith('/vialType')));
    assert.deepEqual(literal, []);
  });

  test('the Explorer offers "Open as Zarr Store" on .zarr folders only', () => {
    const items = vscode.extensions.getExtension('zld.zld-vscode')!.packageJSON.contributes.menus['explorer/context'] as MenuItem[];
    assert.deepEqual(items.filter((i) => i.command === 'zld.openFolderAsStore').map((i) => i.when), ['explorerResourceIsFolder && resourceExtname == .zarr']);
    // and Submit / Lint Workflow on YAML files
    const yaml = items.filter((i) => i.command.startsWith('zld.argo.'));
    assert.deepEqual(yaml.map((i) => i.command), ['zld.argo.submit', 'zld.argo.lint']);
    assert.ok(yaml.every((i) => /!explorerResourceIsFolder/.test(i.when ?? '') && new RegExp(/=~ \/(.+)\/$/.exec(i.when!)![1]!).test('.yaml')));
  });

  test('Workflows rows offer the verbs that fit their phase', () => {
    const verbs = (phase: string) => menuFor('zld.workflows', `argoWorkflow.${phase}`).filter((c) => c !== 'zld.argo.logs' && c !== 'zld.argo.get');
    assert.deepEqual(new Set(verbs('Running')), new Set(['zld.argo.watch', 'zld.argo.suspend', 'zld.argo.stop', 'zld.argo.terminate', 'zld.argo.resubmit', 'zld.argo.delete']));
    assert.deepEqual(new Set(verbs('Suspended')), new Set(['zld.argo.watch', 'zld.argo.resume', 'zld.argo.stop', 'zld.argo.terminate', 'zld.argo.resubmit', 'zld.argo.delete']));
    assert.deepEqual(new Set(verbs('Failed')), new Set(['zld.argo.retry', 'zld.argo.resubmit', 'zld.argo.delete']));
    assert.deepEqual(new Set(verbs('Succeeded')), new Set(['zld.argo.resubmit', 'zld.argo.delete']));
    assert.deepEqual(menuFor('zld.workflows', 'argoNode.Pod'), ['zld.argo.logs', 'zld.argo.logs']);
    assert.deepEqual(menuFor('zld.workflows', 'argoNode.Steps'), []);
  });

  test('Reveal Node (the hover link) selects the node in Stores', async () => {
    const api = await zld();
    const store = await api.registry.get(catPlus());
    await vscode.commands.executeCommand('zld.revealNode', store.store.url, DATASET1_PATH);
    const sel = api.storesView.selection[0];
    assert.equal(sel?.type === 'node' ? sel.node.path : undefined, DATASET1_PATH);
    assert.equal(api.metadataTree.current()?.node.path, DATASET1_PATH);
  });
});
