import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATASET1_PATH, SAMPLE1, SAMPLE1_PATH, catPlus, closeAllEditors, findNode, openCatPlus, waitFor, workspaceDir, zld } from '../helpers.js';

suite('Palette commands', () => {
  teardown(closeAllEditors);

  test('Look Up URI reveals the node in Stores and shows it in Metadata', async () => {
    const api = await zld();
    await openCatPlus(api);
    const r = await vscode.commands.executeCommand<{ path: string }>('zld.lookUpUri', SAMPLE1);
    assert.equal(r?.path, SAMPLE1_PATH);
    const sel = api.storesView.selection[0];
    assert.equal(sel?.type === 'node' ? sel.node.path : undefined, SAMPLE1_PATH);
    assert.equal(api.metadataTree.current()?.node.path, SAMPLE1_PATH);
  });

  test('Look Up URI with an unknown URI changes nothing and names it', async () => {
    const api = await zld();
    await openCatPlus(api);
    const r = await vscode.commands.executeCommand('zld.lookUpUri', 'http://www.catplus.ch/ontology/concepts/sample99');
    assert.equal(r, undefined);
  });

  test('Search Metadata finds nodes by their attribute values and filters', async () => {
    const api = await zld();
    await openCatPlus(api);
    const hits = await vscode.commands.executeCommand<{ path: string }[]>('zld.searchMetadata', 'suzuki');
    assert.deepEqual(hits?.map((h) => h.path), ['/myBatch']);
    const vial = await vscode.commands.executeCommand<{ path: string }[]>('zld.searchMetadata', 'vialType~commercial');
    assert.ok(vial?.some((h) => h.path === SAMPLE1_PATH), JSON.stringify(vial));
    const samples = await vscode.commands.executeCommand<{ path: string }[]>('zld.searchMetadata', 'type:Sample');
    assert.deepEqual(samples?.map((h) => h.path).sort(), [SAMPLE1_PATH, '/myBatch/mySamplePrep/sample2']);
  });

  test('Copy Code puts the load cell on the clipboard; Copy URI the @id', async () => {
    const api = await zld();
    const ds = await findNode(api, DATASET1_PATH);
    const code = await vscode.commands.executeCommand<string>('zld.copyCode', ds);
    assert.match(code ?? '', /sample1Dataset/);
    assert.equal(await vscode.env.clipboard.readText(), code);
    const sample1 = await findNode(api, SAMPLE1_PATH);
    assert.equal(await vscode.commands.executeCommand('zld.copyUri', sample1), SAMPLE1);
    assert.equal(await vscode.env.clipboard.readText(), SAMPLE1);
  });

  test('Retrieve URI into Notebook with an unknown URI reports NotFound with suggestions', async () => {
    const api = await zld();
    await openCatPlus(api);
    const r = await vscode.commands.executeCommand('zld.retrieveUri', 'http://www.catplus.ch/ontology/concepts/sampel1');
    assert.equal(r, undefined);
    assert.match(api.errors.lastMessage ?? '', /no open store has data for .*sampel1.*Did you mean .*sample1/);
  });

  test('Save Array as .npy writes a numpy file of the whole array', async () => {
    const api = await zld();
    const ds = await findNode(api, DATASET1_PATH);
    const file = path.join(workspaceDir(), 'out', 'sample1.npy');
    await fs.mkdir(path.dirname(file), { recursive: true });
    const r = await vscode.commands.executeCommand<{ shape: number[]; dtype: string }>('zld.saveNpy', ds, { file, slice: '0:10, :' });
    assert.deepEqual(r?.shape, [10, 1000]);
    const bytes = await fs.readFile(file);
    assert.equal(bytes.subarray(1, 6).toString('latin1'), 'NUMPY');
    const headerLen = bytes.readUInt16LE(8);
    const header = bytes.subarray(10, 10 + headerLen).toString('latin1');
    assert.match(header, /'descr': '<f8'.*'shape': \(10, 1000\)/);
    assert.equal(bytes.length, 10 + headerLen + 10 * 1000 * 8);
  });

  test('Save Array as .npy refuses a group', async () => {
    const api = await zld();
    const sample1 = await findNode(api, SAMPLE1_PATH);
    const r = await vscode.commands.executeCommand('zld.saveNpy', sample1, { file: path.join(workspaceDir(), 'group.npy') });
    assert.equal(r, undefined);
    assert.match(api.errors.lastMessage ?? '', /is a group/);
  });
});

suite('Consolidated metadata', () => {
  teardown(closeAllEditors);

  test('Open Consolidated Metadata shows the store\'s .all_metadata as a read-only JSON document', async () => {
    const api = await zld();
    await openCatPlus(api);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zld.openConsolidated', catPlus());
    assert.equal(uri?.scheme, 'zarr');
    const doc = await waitFor('the zarr: document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString()));
    assert.equal(doc.languageId, 'json');
    const json = JSON.parse(doc.getText());
    assert.equal(json.zarr_consolidated_format, 1);
    assert.ok(json.metadata['myBatch/mySamplePrep/sample1/.zattrs']);
    // read-only: the file system says so, and refuses writes
    assert.equal((await vscode.workspace.fs.stat(uri!)).permissions, vscode.FilePermission.Readonly);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri!, new Uint8Array([32]))), /NoPermissions|permission/i);
  });

  test('Check reports up to date, then stale after a change; Consolidate writes it again', async () => {
    const api = await zld();
    await openCatPlus(api);
    const first = await vscode.commands.executeCommand<{ stale: boolean; key: string }>('zld.checkConsolidated', catPlus());
    assert.equal(first?.key, '/.all_metadata');
    assert.equal(first?.stale, false);
    const attrs = path.join(catPlus(), 'myBatch', 'mySamplePrep', 'sample2', '.zattrs');
    const doc = JSON.parse(await fs.readFile(attrs, 'utf8'));
    doc['http://www.catplus.ch/ontology/concepts/vialType'] = [{ '@value': 'changed by a test' }];
    await fs.writeFile(attrs, JSON.stringify(doc, null, 4));
    const stale = await vscode.commands.executeCommand<{ stale: boolean; changed: string[] }>('zld.checkConsolidated', catPlus());
    assert.equal(stale?.stale, true);
    assert.deepEqual(stale?.changed, ['myBatch/mySamplePrep/sample2/.zattrs']);
    const written = await vscode.commands.executeCommand<{ written: boolean; key: string }>('zld.consolidateMetadata', catPlus(), { overwrite: true });
    assert.equal(written?.written, true);
    assert.equal(written?.key, '/.all_metadata');
    const after = await vscode.commands.executeCommand<{ stale: boolean }>('zld.checkConsolidated', catPlus());
    assert.equal(after?.stale, false);
    // the store was reloaded: the tree and the index see the new value
    const index = await api.registry.index();
    const sample2 = index.byId('http://www.catplus.ch/ontology/concepts/sample2')[0];
    assert.ok(sample2?.description.statements.some((s) => s.object.value === 'changed by a test'));
  });
});

suite('Hover', () => {
  teardown(closeAllEditors);

  test('hovering an @id in a .zattrs file shows the node and a link that reveals it', async () => {
    await zld();
    const file = vscode.Uri.file(path.join(catPlus(), 'myBatch', 'mySamplePrep', '.zattrs'));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const at = text.indexOf('concepts/sample1"');
    assert.ok(at > 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, doc.positionAt(at));
    const md = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))
      .join('\n')
      .replace(/&nbsp;/g, ' ');
    assert.match(md, /sample1/);
    assert.match(md, /group \/myBatch\/mySamplePrep\/sample1/);
    assert.match(md, /command:zld\.revealNode\?/);
  });
});

suite('Hover on a hostile store', () => {
  teardown(closeAllEditors);

  test('a node path with markdown in it stays text: one link, to Reveal Node, and no image', async () => {
    await zld();
    const file = vscode.Uri.file(path.join(workspaceDir(), 'compact.zarr', 'odd) ![x](data:x)', '.zattrs'));
    const doc = await vscode.workspace.openTextDocument(file);
    const at = doc.getText().indexOf('ns#odd');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', file, doc.positionAt(at));
    const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
    assert.match(md, /command:zld\.revealNode\?/);
    assert.equal(md.match(/\]\(/g)?.length, 1, md);
    assert.ok(!md.includes('![x]'), md);
    await vscode.commands.executeCommand('zld.removeStore', path.join(workspaceDir(), 'compact.zarr'));
  });
});

suite('Settings and secrets', () => {
  test('S3 keys live in SecretStorage only and reach the S3 options', async () => {
    const api = await zld();
    await api.credentials.set({ accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-real-secret' });
    assert.deepEqual(await api.credentials.get(), { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-real-secret' });
    assert.equal(await api.context.secrets.get('zld.s3.credentials').then((v) => JSON.parse(v!).accessKeyId), 'AKIDTEST');
    const inspect = JSON.stringify(vscode.workspace.getConfiguration('zld'));
    assert.ok(!inspect.includes('not-a-real-secret'), 'never in settings');
    await vscode.commands.executeCommand('zld.clearS3Credentials');
    assert.equal(await api.credentials.get(), undefined);
  });

  test('zld.codeFlavour changes the generated cell', async () => {
    const api = await zld();
    const ds = await findNode(api, DATASET1_PATH);
    const cfg = vscode.workspace.getConfiguration('zld');
    await cfg.update('codeFlavour', 'xarray', vscode.ConfigurationTarget.Global);
    try {
      const code = await vscode.commands.executeCommand<string>('zld.copyCode', ds);
      assert.match(code ?? '', /xarray/);
    } finally {
      await cfg.update('codeFlavour', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('an s3:// store opens through the zld.s3.* settings and the stored keys', async function () {
    const endpoint = process.env.ZLD_TEST_S3_ENDPOINT;
    assert.ok(endpoint, 'the vitest side starts s3rver and passes ZLD_TEST_S3_ENDPOINT');
    const api = await zld();
    const cfg = vscode.workspace.getConfiguration('zld');
    await cfg.update('s3.endpoint', endpoint, vscode.ConfigurationTarget.Global);
    await api.credentials.set({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    try {
      await vscode.commands.executeCommand('zld.openStore', 's3://zld-test/cat-plus.zarr');
      const root = (await api.storesTree.getChildren()).find((r) => r.type === 'store' && r.entry.location === 's3://zld-test/cat-plus.zarr')!;
      assert.equal(api.storesTree.getTreeItem(root).contextValue, 'zarrStore.session');
      const kids = await api.storesTree.getChildren(root);
      assert.deepEqual(kids.map((k) => (k.type === 'node' ? k.node.name : k.type)), ['myBatch']);
      const code = await vscode.commands.executeCommand<string>('zld.copyCode', kids[0]);
      assert.match(code ?? '', /s3:\/\/zld-test\/cat-plus\.zarr/);
      assert.ok(code!.includes(endpoint!), 'the endpoint goes into the cell');
      assert.ok(!code!.includes('S3RVER'), 'the keys never do');
      await vscode.commands.executeCommand('zld.removeStore', 's3://zld-test/cat-plus.zarr');
    } finally {
      await cfg.update('s3.endpoint', undefined, vscode.ConfigurationTarget.Global);
      await api.credentials.clear();
    }
  });
});

suite('Consolidated metadata of a store that has none', () => {
  teardown(closeAllEditors);

  test('Open reports it missing; Consolidate writes .zmetadata (no confirmation needed); then it opens', async () => {
    const api = await zld();
    const store = path.join(workspaceDir(), 'plain.zarr');
    await fs.mkdir(path.join(store, 'a', 'b'), { recursive: true });
    await fs.writeFile(path.join(store, '.zgroup'), '{"zarr_format": 2}');
    await fs.writeFile(path.join(store, 'a', '.zgroup'), '{"zarr_format": 2}');
    await fs.writeFile(path.join(store, 'a', '.zattrs'), '{"title": "plain group"}');
    await fs.writeFile(path.join(store, 'a', 'b', '.zgroup'), '{"zarr_format": 2}');
    await vscode.commands.executeCommand('zld.openStore', store);
    assert.equal(await vscode.commands.executeCommand('zld.openConsolidated', store), undefined);
    const r = await vscode.commands.executeCommand<{ written: boolean; key: string; entries: number }>('zld.consolidateMetadata', store);
    assert.deepEqual([r?.written, r?.key, r?.entries], [true, '/.zmetadata', 4]);
    const written = JSON.parse(await fs.readFile(path.join(store, '.zmetadata'), 'utf8'));
    assert.deepEqual(written.metadata['a/.zattrs'], { title: 'plain group' });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('zld.openConsolidated', store);
    assert.equal(uri?.path.endsWith('/.zmetadata.json'), true);
    assert.equal((await api.registry.get(store)).consolidatedKey, '.zmetadata');
    await vscode.commands.executeCommand('zld.removeStore', store);
  });
});

suite('Read-only stores over HTTP', () => {
  test('an http:// store opens from its consolidated metadata; consolidating it is refused with a clear message', async () => {
    const url = process.env.ZLD_TEST_HTTP_STORE;
    assert.ok(url, 'the vitest side serves the Cat+ metadata and passes ZLD_TEST_HTTP_STORE');
    const api = await zld();
    await vscode.commands.executeCommand('zld.openStore', url);
    const root = (await api.storesTree.getChildren()).find((r) => r.type === 'store' && r.entry.location === url)!;
    assert.equal((api.storesTree.getTreeItem(root).iconPath as vscode.ThemeIcon).id, 'cloud');
    const kids = await api.storesTree.getChildren(root);
    assert.deepEqual(kids.map((k) => (k.type === 'node' ? k.node.name : k.type)), ['myBatch']);
    assert.equal((await api.registry.get(url!)).consolidatedKey, '.all_metadata');
    const r = await vscode.commands.executeCommand('zld.consolidateMetadata', url, { overwrite: true });
    assert.equal(r, undefined);
    assert.match(api.errors.lastMessage ?? '', /read-only/);
    await vscode.commands.executeCommand('zld.removeStore', url);
  });
});
