import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ZldApi } from '../../src/extension.js';

suite('activation', () => {
  test('the extension activates and returns its API', async () => {
    const ext = vscode.extensions.getExtension<ZldApi>('zld.zld-vscode');
    assert.ok(ext, 'extension zld.zld-vscode is loaded');
    const api = await ext.activate();
    assert.ok(api.stores);
  });

});
