/**
 * Where "Submit workflow" and "Lint" read a manifest from: a path given to the command (file browser
 * context menu, palette arguments), else the active editor's document (unsaved edits included), else the
 * file selected in the file browser.
 *
 * @example
 * ```ts
 * const m = await manifestFrom(app, fileBrowser, { path: 'flows/hello.yaml' });
 * await client.create(m.text, { source: m.source });
 * ```
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ZldError } from './core.js';

export interface ManifestText {
  text: string;
  /** The file's path, for messages (`flows/hello.yaml: invalid YAML at line 3, column 5: ...`). */
  source: string;
}

export const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** The structural part of a document widget we read (any editor of a text file has it). */
interface TextDocumentWidget {
  context?: { path?: string; model?: { toString(): string } };
}

function activeDocument(app: JupyterFrontEnd): ManifestText | undefined {
  const w = app.shell.currentWidget as unknown as TextDocumentWidget | null;
  const path = w?.context?.path;
  const model = w?.context?.model;
  if (!path || !model || !MANIFEST_FILE.test(path)) return undefined;
  return { text: model.toString(), source: path };
}

export function selectedManifestPath(fileBrowser: IDefaultFileBrowser | null): string | undefined {
  const item = fileBrowser?.selectedItems().next()?.value;
  return item && item.type !== 'directory' && MANIFEST_FILE.test(item.path) ? item.path : undefined;
}

export async function manifestFrom(app: JupyterFrontEnd, fileBrowser: IDefaultFileBrowser | null, args: { path?: string }): Promise<ManifestText> {
  const fromEditor = args.path ? undefined : activeDocument(app);
  if (fromEditor) return fromEditor;
  const path = args.path || selectedManifestPath(fileBrowser);
  if (!path) {
    throw new ZldError('BadInput', 'open a workflow manifest (.yaml, .yml or .json) in the editor, or select one in the file browser, then run this again');
  }
  const model = await app.serviceManager.contents.get(path, { type: 'file', format: 'text', content: true });
  if (typeof model.content !== 'string') throw new ZldError('BadInput', `${path} is not a text file`);
  return { text: model.content, source: path };
}
