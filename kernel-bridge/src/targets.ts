/**
 * Kernel discovery: which generator fits a kernel, from its `language_info` (kernel_info reply) or its
 * kernelspec (`language`, `name`). `undefined` means no generator: hosts then copy the Python code to the
 * clipboard and say so with {@link unsupportedKernelMessage}.
 *
 * @example
 * ```ts
 * import { targetForKernel } from '@zld/kernel-bridge';
 * targetForKernel({ name: 'python', file_extension: '.py' });        // { language: 'python', flavour: 'zarr' }
 * targetForKernel({ name: 'deno', language: 'typescript' });         // { language: 'typescript', runtime: 'deno' }
 * targetForKernel({ name: 'scala' });                                // undefined
 * ```
 */
import type { CodeTarget } from './codegen-common.js';

/** The parts of a kernel's `language_info` or kernelspec that matter here. */
export interface KernelLanguageInfo {
  /** language_info.name (`python`), or the kernelspec name (`python3`, `deno`, `tslab`, `ir`, `julia-1.10`). */
  name?: string;
  /** kernelspec.language */
  language?: string;
  /** language_info.file_extension (`.py`, `.ts`, `.r`, `.jl`) */
  file_extension?: string;
  /** language_info.mimetype */
  mimetype?: string;
  display_name?: string;
}

const BY_EXTENSION: Record<string, CodeTarget['language']> = {
  '.py': 'python',
  '.ipy': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.ts': 'typescript',
  '.r': 'r',
  '.jl': 'julia',
};

function byName(name: string | undefined): CodeTarget['language'] | undefined {
  const n = (name ?? '').trim().toLowerCase();
  if (!n) return undefined;
  if (/^(i?python\d*(\.\d+)*|pypy\d*|xpython)$/.test(n)) return 'python';
  if (n === 'typescript' || n === 'deno' || n === 'tslab' || n === 'ts') return 'typescript';
  if (n === 'javascript' || n === 'js' || n === 'jslab' || n === 'node' || n === 'nodejs') return 'javascript';
  if (n === 'r' || n === 'ir') return 'r';
  if (/^julia(-[\d.]+)?$/.test(n)) return 'julia';
  return undefined;
}

/** The code target for a kernel, or `undefined` when zld has no generator for its language. */
export function targetForKernel(info: KernelLanguageInfo | undefined | null): CodeTarget | undefined {
  if (!info) return undefined;
  const ext = info.file_extension?.toLowerCase();
  const language = byName(info.language) ?? byName(info.name) ?? (ext ? BY_EXTENSION[ext] : undefined);
  if (!language) return undefined;
  if (language === 'python') return { language, flavour: 'zarr' };
  if (language === 'javascript' || language === 'typescript') {
    const text = `${info.name ?? ''} ${info.display_name ?? ''} ${info.mimetype ?? ''}`.toLowerCase();
    return { language, runtime: text.includes('deno') || text.includes('text/x.typescript') ? 'deno' : 'node' };
  }
  return { language };
}

/** The message hosts show when a kernel's language has no generator (the code is copied instead). */
export function unsupportedKernelMessage(info: KernelLanguageInfo | undefined | null): string {
  const lang = info?.language ?? info?.name ?? info?.display_name;
  return lang
    ? `zld cannot write load code for the ${JSON.stringify(lang)} kernel language (it supports Python, JavaScript/TypeScript, R and Julia): the Python code was copied to the clipboard instead.`
    : 'No notebook kernel is active: the Python load code was copied to the clipboard instead.';
}
