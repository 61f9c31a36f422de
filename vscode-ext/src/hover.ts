/**
 * Hover on an `@id` (or any IRI string) in `.zattrs`, `zarr.json`, `.zmetadata` and `.jsonld` files: shows the
 * node it resolves to in the open stores, with a link that reveals it. A file inside a `*.zarr` folder that is
 * not open yet opens that store for the session first. Store text enters the hover as escaped text only.
 *
 * @example
 * ```ts
 * context.subscriptions.push(vscode.languages.registerHoverProvider(ZARR_JSON_FILES, new IdHoverProvider(services)));
 * ```
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { core } from './lazy-core.js';
import type { Services } from './services.js';

export const ZARR_JSON_FILES: vscode.DocumentSelector = [
  { pattern: '**/.zattrs' },
  { pattern: '**/zarr.json' },
  { pattern: '**/.zmetadata' },
  { pattern: '**/.all_metadata' },
  { pattern: '**/*.jsonld' },
];

/** The JSON string literal around `character` on a line: its decoded value and range. */
export function stringAt(line: string, character: number): { value: string; start: number; end: number } | undefined {
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '"') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
    if (j >= line.length) return undefined;
    if (character >= i && character <= j) {
      try {
        return { value: JSON.parse(line.slice(i, j + 1)) as string, start: i, end: j + 1 };
      } catch {
        return undefined;
      }
    }
    i = j + 1;
  }
  return undefined;
}

function storeFolderOf(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (dir.endsWith('.zarr')) return dir;
  }
  return undefined;
}

export class IdHoverProvider implements vscode.HoverProvider {
  constructor(private readonly s: Services) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const str = stringAt(doc.lineAt(pos.line).text, pos.character);
    if (!str || !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(str.value)) return undefined;
    const folder = doc.uri.scheme === 'file' ? storeFolderOf(doc.uri.fsPath) : undefined;
    if (folder && !this.s.registry.entry(folder)) this.s.registry.add(folder);
    const index = await this.s.registry.index();
    if (token?.isCancellationRequested) return undefined;
    const nodes = index.byId(str.value);
    if (!nodes.length) return undefined;
    const md = new vscode.MarkdownString();
    md.isTrusted = { enabledCommands: ['zld.revealNode'] };
    for (const n of nodes) {
      const opened = await this.s.registry.byStoreUrl(n.storeUrl);
      md.appendMarkdown('**');
      md.appendText(core().localName(str.value));
      md.appendMarkdown('** ');
      md.appendText(`${n.kind} ${n.path} in ${opened?.entry.label ?? n.storeUrl}`);
      if (n.types.length) {
        md.appendMarkdown('  \n');
        md.appendText(`@type: ${n.types.map(core().localName).join(', ')}`);
      }
      // every character that could end the link target is escaped: store paths come from the store
      const args = encodeURIComponent(JSON.stringify([n.storeUrl, n.path])).replace(/[()'!*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      md.appendMarkdown(`  \n[Reveal in Zarr Stores](command:zld.revealNode?${args} "Show this node in the Stores view")\n\n`);
    }
    const range = new vscode.Range(pos.line, str.start, pos.line, str.end);
    return new vscode.Hover(md, range);
  }
}
