/**
 * Load-code generation: a pure function from "what the user picked" (store, node path, kind, format, the
 * `@id` it was found by, an optional slice) and "where it will run" (kernel language, flavour) to a cell
 * source and the packages it needs. Hosts insert the source as a cell (or copy it to the clipboard).
 *
 * Security: every string from a store or a user enters the code only through the literal encoders of
 * `literals.ts` (and comments through `commentText`); credentials are never written into the cell.
 *
 * @example
 * ```ts
 * import { generateLoadCode } from '@zld/kernel-bridge';
 * const cell = generateLoadCode(
 *   { storeUrl: 's3://lab/cat.zarr', storeOptions: { endpoint: 'http://127.0.0.1:9000' }, path: 'myBatch/sample1Dataset',
 *     kind: 'array', zarrFormat: 2, consolidatedKey: '.zmetadata', uri: 'http://www.catplus.ch/ontology/concepts/sample1' },
 *   { language: 'python', flavour: 'xarray' },
 * );
 * console.log(cell.source, cell.packages); // ... ['zarr', 's3fs', 'xarray']
 * ```
 */
import { ZldError } from '@zld/core';
import { makeContext, type CodeTarget, type GeneratedCode, type LoadRequest } from './codegen-common.js';
import { generateJavaScript } from './codegen-js.js';
import { generatePython } from './codegen-python.js';
import { generateJulia, generateR } from './codegen-r-julia.js';
import { commentText } from './literals.js';

export type { CodeLanguage, CodeTarget, Flavour, GeneratedCode, LoadRequest, StoreOptions } from './codegen-common.js';
export { parseSlice, parseStoreUrl } from './codegen-common.js';

export function generateLoadCode(request: LoadRequest, target: CodeTarget): GeneratedCode {
  if (request.kind !== 'array' && request.kind !== 'group') {
    throw new ZldError('BadInput', `node kind must be "array" or "group", not ${JSON.stringify(request.kind)}`);
  }
  if (request.zarrFormat !== 2 && request.zarrFormat !== 3) {
    throw new ZldError('BadInput', `Zarr format must be 2 or 3, not ${JSON.stringify(request.zarrFormat)}`);
  }
  if (!['python', 'javascript', 'typescript', 'r', 'julia'].includes(target.language)) {
    throw new ZldError('Unsupported', `no load code for kernel language ${JSON.stringify(target.language)} (python, javascript, typescript, r, julia)`);
  }
  const flavour = target.flavour ?? 'zarr';
  if (target.language !== 'python' && flavour !== 'zarr') {
    throw new ZldError('BadInput', `the ${flavour} flavour exists for Python only, not for ${target.language}`);
  }
  const ctx = makeContext(request, target.language);
  switch (target.language) {
    case 'python':
      if (flavour !== 'zarr' && flavour !== 'xarray' && flavour !== 'dask') {
        throw new ZldError('BadInput', `unknown flavour ${JSON.stringify(flavour)} (zarr, xarray or dask)`);
      }
      return generatePython(ctx, flavour);
    case 'javascript':
    case 'typescript':
      return generateJavaScript(ctx, target);
    case 'r':
      return generateR(ctx);
    case 'julia':
      return generateJulia(ctx);
  }
}

/**
 * The cell with a comment naming packages the kernel lacks (found with `findMissingPackages`), inserted
 * after the first two header lines: the cell still goes in, and says what to install.
 */
export function withMissingPackagesNote(code: GeneratedCode, missing: string[]): GeneratedCode {
  if (missing.length === 0) return code;
  const prefix = code.language === 'javascript' || code.language === 'typescript' ? '//' : '#';
  const note = `Missing in this kernel: ${missing.join(', ')} (install before running this cell)`;
  const lines = code.source.split('\n');
  lines.splice(2, 0, `${prefix} ${commentText(note)}`);
  return { ...code, source: lines.join('\n'), notes: [...code.notes, note] };
}
