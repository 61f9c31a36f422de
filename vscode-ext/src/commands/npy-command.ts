/**
 * Save Array as .npy…: an array of an open store (or a slice of it, numpy syntax) streamed into a `.npy` file
 * the user picks, with progress and cancellation.
 *
 * @example
 * ```ts
 * await vscode.commands.executeCommand('zld.saveNpy', arrayElement, { file: '/tmp/a.npy', slice: '0:10, :' });
 * ```
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { core } from '../lazy-core.js';
import type { Services } from '../services.js';
import { pickNode, targetFromArgument } from '../stores/targets.js';

export function registerNpyCommand(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zld.saveNpy', (arg?: unknown, opts?: { file?: string; slice?: string }) =>
      s.errors.guard(
        'save an array as .npy',
        async () => {
          let t = arg === undefined ? undefined : await targetFromArgument(s, arg);
          if (!t || t.node.kind !== 'array') {
            if (arg !== undefined && t) throw new (core().ZldError)('BadInput', `${t.node.path} is a group: pick an array to save as .npy`);
            t = await pickNode(s, { arraysOnly: true, title: 'Save which array as .npy?' });
          }
          if (!t) return undefined;
          const node = t.node;
          let file = opts?.file;
          if (!file) {
            const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd());
            const picked = await vscode.window.showSaveDialog({
              title: `Save ${node.path} as .npy`,
              defaultUri: vscode.Uri.joinPath(base, `${node.name || 'array'}.npy`),
              filters: { 'numpy array': ['npy'] },
            });
            file = picked?.fsPath;
          }
          if (!file) return undefined;
          const store = t.opened.hierarchy;
          const target = file;
          const result = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Saving ${node.name} as ${path.basename(target)}`, cancellable: true },
            async (progress, token) => {
              const ctl = new AbortController();
              const sub = token.onCancellationRequested(() => ctl.abort());
              let last = 0;
              try {
                return await core().saveNpy(store, node.path, target, {
                  signal: ctl.signal,
                  ...(opts?.slice ? { slice: opts.slice } : {}),
                  onProgress: (p) => {
                    const pct = p.total ? (100 * p.done) / p.total : 0;
                    progress.report({ increment: pct - last, message: `${p.done}${p.total ? `/${p.total}` : ''} ${p.unit ?? ''}` });
                    last = pct;
                  },
                });
              } finally {
                sub.dispose();
              }
            },
          );
          s.log.info(`saved ${node.path} (${result.shape.join('×')} ${result.dtype}) to ${result.file}`);
          void vscode.window.showInformationMessage(`Zarr: saved ${node.path} (${result.shape.join('×')} ${result.dtype}) to ${result.file}.`);
          return result;
        },
        { retry: true },
      ),
    ),
  ];
}
