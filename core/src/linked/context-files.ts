/**
 * Node-only: read user-configured JSON-LD context files into the map {@link createDocumentLoader} serves.
 *
 * @example
 * ```ts
 * import { loadContextFiles, LinkedIndex } from '@zld/core/node';
 * const contexts = await loadContextFiles({ 'https://lab.example/ctx.jsonld': './contexts/lab.jsonld' });
 * const index = new LinkedIndex({ contexts });
 * ```
 */
import { readFile } from 'node:fs/promises';
import { ZldError } from '../errors.js';

/** `{ contextUrl: filePath }` -> `{ contextUrl: parsed document }`; a missing or non-JSON file is an error naming it. */
export async function loadContextFiles(files: Record<string, string>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [url, file] of Object.entries(files)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ZldError(code === 'EACCES' ? 'AccessDenied' : 'NotFound', `JSON-LD context file ${file} (for ${url}) cannot be read: ${code ?? (e as Error).message}`, { cause: e });
    }
    try {
      out[url] = JSON.parse(text);
    } catch (e) {
      throw new ZldError('BadMetadata', `JSON-LD context file ${file} (for ${url}) is not JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  return out;
}

/** Parse `URL=FILE` pairs (the CLI's `--context`). */
export function parseContextPairs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.lastIndexOf('=');
    if (eq <= 0 || eq === p.length - 1) throw new ZldError('BadInput', `--context ${JSON.stringify(p)} is not of the form URL=FILE`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}
