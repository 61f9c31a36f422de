/**
 * From "what the user picked" to a cell: the load request for a node of an opened store (secret-free store URL,
 * endpoint, consolidated key, the `@id` it was found by) and the code target of the notebook it goes into
 * (kernel language from the notebook's metadata; flavour from `zld.codeFlavour`), through kernel-bridge.
 *
 * @example
 * ```ts
 * const cell = loadCell(opened, node, { uri, notebook: vscode.window.activeNotebookEditor?.notebook });
 * await inserter.insert(cell);
 * ```
 */
import type * as vscode from 'vscode';
import type { CodeTarget, GeneratedCode, ZarrNode } from '../core.js';
import { core } from '../lazy-core.js';
import { codeFlavour, s3Settings } from '../settings.js';
import type { OpenedStore } from '../stores/store-registry.js';
import type { CellToInsert } from './insert-cell.js';

const LANGUAGE_IDS: Record<string, string> = { python: 'python', javascript: 'javascript', typescript: 'typescript', r: 'r', julia: 'julia' };

/** The notebook's kernel language as the ipynb metadata records it (`language_info`, `kernelspec`). */
export function notebookTarget(notebook: vscode.NotebookDocument | undefined): CodeTarget {
  const md = (notebook?.metadata ?? {}) as Record<string, any>;
  const nb = (md.metadata ?? md.custom?.metadata ?? md) as Record<string, any>;
  const info = nb.language_info ?? undefined;
  const spec = nb.kernelspec ?? undefined;
  const fromKernel =
    core().targetForKernel(info ? { name: info.name, file_extension: info.file_extension, mimetype: info.mimetype } : undefined) ??
    core().targetForKernel(spec ? { name: spec.name, language: spec.language, display_name: spec.display_name } : undefined);
  const cellLanguage = notebook?.getCells().find((c) => c.kind === 2)?.document.languageId;
  const target = fromKernel ?? core().targetForKernel(cellLanguage ? { name: cellLanguage } : undefined) ?? { language: 'python' };
  return target.language === 'python' ? { ...target, flavour: codeFlavour() } : target;
}

export function generateFor(opened: OpenedStore, node: ZarrNode, target: CodeTarget, uri?: string): GeneratedCode {
  const s3 = s3Settings();
  const remote = /^s3:\/\//i.test(opened.entry.location);
  return core().generateLoadCode(
    {
      storeUrl: opened.entry.location,
      ...(remote && (s3.endpoint || s3.region) ? { storeOptions: { ...(s3.endpoint ? { endpoint: s3.endpoint } : {}), ...(s3.region ? { region: s3.region } : {}) } } : {}),
      path: node.path,
      kind: node.kind,
      zarrFormat: node.zarrFormat,
      ...(uri ? { uri } : {}),
      ...(opened.consolidatedKey ? { consolidatedKey: opened.consolidatedKey } : {}),
    },
    target,
  );
}

/** The cell that loads `node` into `notebook` (or a Python cell when there is none). */
export function loadCell(opened: OpenedStore, node: ZarrNode, opts: { uri?: string; notebook?: vscode.NotebookDocument } = {}): CellToInsert & { code: GeneratedCode } {
  const code = generateFor(opened, node, notebookTarget(opts.notebook), opts.uri);
  return { source: code.source, languageId: LANGUAGE_IDS[code.language] ?? 'python', code };
}
