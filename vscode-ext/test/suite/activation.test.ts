import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { zld } from '../helpers.js';

suite('activation', () => {
  test('the extension activates and returns its parts', async () => {
    const api = await zld();
    assert.ok(api.registry && api.storesTree && api.metadataTree && api.inserter);
    assert.equal(api.storesView.title, 'Stores');
  });

  test('every command of the manifest is registered', async () => {
    await zld();
    const ext = vscode.extensions.getExtension('zld.zld-vscode')!;
    const declared = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
  });

  test('palette commands carry the category "Zarr"', () => {
    const ext = vscode.extensions.getExtension('zld.zld-vscode')!;
    for (const c of ext.packageJSON.contributes.commands as { command: string; category?: string }[]) assert.equal(c.category, 'Zarr', c.command);
  });

  test('activation is on its views, commands and Zarr files only', () => {
    const ext = vscode.extensions.getExtension('zld.zld-vscode')!;
    const events = ext.packageJSON.activationEvents as string[];
    assert.ok(events.every((e) => e.startsWith('workspaceContains:') || e.startsWith('onView:') || e.startsWith('onCommand:')), events.join(', '));
    assert.ok(!events.includes('*'));
  });
});

suite('activation cost', () => {
  test('activation loads only the thin bundle; core loads on first use', async () => {
    const api = await zld();
    assert.ok(api.timings.activateMs >= 0);
    const ext = vscode.extensions.getExtension('zld.zld-vscode')!;
    const thin = require.cache[require.resolve(`${ext.extensionPath}/dist/extension.js`)];
    assert.ok(thin, 'dist/extension.js is loaded');
    const { statSync } = await import('node:fs');
    assert.ok(statSync(`${ext.extensionPath}/dist/extension.js`).size < 200_000, 'the activation bundle stays small');
  });
});

suite('settings schema', () => {
  test('every setting is under zld.* and the defaults are what the code expects', () => {
    const props = vscode.extensions.getExtension('zld.zld-vscode')!.packageJSON.contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual(Object.keys(props).sort(), [
      'zld.argo.baseHref',
      'zld.argo.credentialsSecret',
      'zld.argo.image',
      'zld.argo.insecureSkipVerify',
      'zld.argo.namespace',
      'zld.argo.secure',
      'zld.argo.server',
      'zld.codeFlavour',
      'zld.consolidatedKey',
      'zld.datasetLinkPredicates',
      'zld.s3.endpoint',
      'zld.s3.forcePathStyle',
      'zld.s3.region',
      'zld.stores',
    ]);
    const cfg = vscode.workspace.getConfiguration('zld');
    assert.equal(cfg.get('codeFlavour'), 'zarr');
    assert.equal(cfg.get('consolidatedKey'), '.zmetadata');
    assert.deepEqual(cfg.get('datasetLinkPredicates'), ['hasDataset']);
  });
});
