import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ZldApi } from '../../src/extension.js';
import type { MetadataElement } from '../../src/views/metadata-tree.js';
import { SAMPLE1, SAMPLE1_PATH, findNode, workspaceDir, zld } from '../helpers.js';

async function rowsOf(api: ZldApi, el?: MetadataElement) {
  const kids = await api.metadataTree.getChildren(el);
  return kids.map((k) => ({ el: k, item: api.metadataTree.getTreeItem(k) }));
}

async function showSample1(api: ZldApi) {
  const sample1 = await findNode(api, SAMPLE1_PATH);
  await api.registry.index(); // incoming links show once the background index is built
  await api.metadataTree.show({ entry: sample1.entry, storeUrl: sample1.storeUrl, node: sample1.node });
  const [root] = await rowsOf(api);
  assert.ok(root);
  return rowsOf(api, root.el);
}

suite('Metadata view', () => {
  test('selecting a node in Stores shows its attributes', async () => {
    const api = await zld();
    const sample1 = await findNode(api, SAMPLE1_PATH);
    await api.storesView.reveal(sample1, { select: true, focus: true });
    const root = await (async () => {
      for (let i = 0; i < 100; i++) {
        const shown = api.metadataTree.current();
        if (shown?.node.path === SAMPLE1_PATH) return shown;
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    })();
    assert.ok(root, 'the Metadata view follows the selection');
  });

  test('JSON-LD rows: @id, @type by local name, predicates by local name with full IRIs in tooltips, literals', async () => {
    const api = await zld();
    const rows = await showSample1(api);
    const byLabel = new Map(rows.map((r) => [String(r.item.label), r]));
    assert.equal(byLabel.get('@id')?.item.description, SAMPLE1);
    assert.equal(byLabel.get('@id')?.item.contextValue, 'zarrLdId');
    assert.equal(byLabel.get('@type')?.item.description, 'Sample');
    assert.equal(byLabel.get('vialType')?.item.description, 'commercial bottle');
    assert.equal(byLabel.get('vialType')?.item.tooltip, 'http://www.catplus.ch/ontology/concepts/vialType');
    const ds = byLabel.get('hasDataset');
    assert.ok(ds, `rows: ${[...byLabel.keys()].join(', ')}`);
    assert.equal(ds.item.contextValue, 'zarrLdId.predicate');
    assert.equal(ds.item.description, 'sample1Dataset');
    assert.match(String(ds.item.tooltip), /hasDataset\n→ http:\/\/www\.catplus\.ch\/ontology\/concepts\/sample1Dataset/);
  });

  test('a linked @id expands to the node it links to', async () => {
    const api = await zld();
    const rows = await showSample1(api);
    const chem = rows.find((r) => r.item.label === 'hasSampleChemical')!;
    const [link] = await rowsOf(api, chem.el);
    assert.equal(link!.item.label, 'sampleChemical1');
    assert.equal(link!.item.contextValue, 'zarrLdId');
    const inside = await rowsOf(api, link!.el);
    assert.equal(inside[0]!.item.label, 'sampleChemical1');
    assert.match(String(inside[0]!.item.description), /group \/myBatch\/mySamplePrep\/sample1\/sampleChemical1/);
    assert.ok(inside.some((r) => r.item.label === 'hasChemical'), inside.map((r) => r.item.label).join(', '));
  });

  test('the node\'s own attributes show before the index is built; incoming links once it is', async () => {
    const api = await zld();
    const sample1 = await findNode(api, SAMPLE1_PATH);
    api.registry.refresh(sample1.entry.location); // drops the store's index
    const fresh = await findNode(api, SAMPLE1_PATH);
    assert.equal(api.registry.readyIndex(), undefined);
    await api.metadataTree.show({ entry: fresh.entry, storeUrl: fresh.storeUrl, node: fresh.node });
    const [root] = await rowsOf(api);
    const before = await rowsOf(api, root!.el);
    assert.ok(before.some((r) => r.item.label === 'hasDataset'));
    assert.ok(!before.some((r) => r.item.label === 'Linked from'));
    await api.registry.index();
    const after = await rowsOf(api, root!.el);
    assert.ok(after.some((r) => r.item.label === 'Linked from'));
  });

  test('incoming links are listed under "Linked from"', async () => {
    const api = await zld();
    const rows = await showSample1(api);
    const incoming = rows.find((r) => r.item.label === 'Linked from');
    assert.ok(incoming);
    const links = await rowsOf(api, incoming.el);
    assert.deepEqual(
      links.map((l) => [l.item.label, l.item.description]),
      [['mySamplePrep', 'hasSample →']],
    );
  });

  test('arrays show shape, dtype and chunks', async () => {
    const api = await zld();
    const ds = await findNode(api, `${SAMPLE1_PATH}/sample1Dataset`);
    await api.metadataTree.show({ entry: ds.entry, storeUrl: ds.storeUrl, node: ds.node });
    const [root] = await rowsOf(api);
    assert.equal(root!.item.contextValue, 'zarrLdNode.array');
    const rows = await rowsOf(api, root!.el);
    assert.deepEqual(
      rows.slice(0, 3).map((r) => [r.item.label, r.item.description]),
      [
        ['shape', '9000×1000'],
        ['dtype', 'float64 (<f8)'],
        ['chunks', '900×1000'],
      ],
    );
  });

  test('the view is registered with its title', async () => {
    const api = await zld();
    assert.equal(api.metadataView.title, 'Metadata');
    assert.ok(vscode.extensions.getExtension('zld.zld-vscode')!.packageJSON.contributes.views.zarr.some((v: { id: string }) => v.id === 'zld.metadata'));
  });
});

suite('Metadata view: compact JSON-LD', () => {
  test('an inline @context is applied: terms show by local name with full IRIs, links across stores, nested nodes expand', async () => {
    const api = await zld();
    const store = path.join(workspaceDir(), 'compact.zarr');
    await vscode.commands.executeCommand('zld.openStore', store);
    const opened = await api.registry.get(store);
    const run1 = (await opened.hierarchy.node('/run1'))!;
    await api.registry.index();
    await api.metadataTree.show({ entry: opened.entry, storeUrl: opened.store.url, node: run1 });
    const [root] = await rowsOf(api);
    const rows = await rowsOf(api, root!.el);
    const byLabel = new Map(rows.map((r) => [String(r.item.label), r]));
    assert.equal(byLabel.get('@id')?.item.description, 'http://example.org/ns#run1');
    assert.equal(byLabel.get('@type')?.item.description, 'Run');
    assert.equal(byLabel.get('name')?.item.description, 'first run');
    assert.equal(byLabel.get('name')?.item.tooltip, 'http://example.org/ns#name');
    // the link leads into the Cat+ store
    const link = byLabel.get('hasSample')!;
    assert.equal(link.item.contextValue, 'zarrLdId.predicate');
    const [target] = await rowsOf(api, link.el);
    const inside = await rowsOf(api, target!.el);
    assert.match(String(inside[0]!.item.description), /group \/myBatch\/mySamplePrep\/sample1/);
    // the nested object is a blank node holding its own statements
    const conditions = byLabel.get('conditions')!;
    const [blank] = await rowsOf(api, conditions.el);
    const nested = await rowsOf(api, blank!.el);
    assert.deepEqual(nested.map((r) => [r.item.label, r.item.description]), [['temperature', '25']]);
    await vscode.commands.executeCommand('zld.removeStore', store);
  });
});
