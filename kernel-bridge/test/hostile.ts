/**
 * Hostile strings for property tests: fast-check strings (any well-formed UTF-16, so astral characters,
 * controls, NUL, U+2028) mixed with fragments that break naive escaping in Python, JavaScript, R and Julia.
 */
import fc from 'fast-check';
import { run } from '../../test/helpers/fixtures.js';

export const HOSTILE_FRAGMENTS = [
  "'",
  '"',
  '"""',
  "'''",
  '\\',
  '\\\\',
  '\n',
  '\r\n',
  '\u2028',
  '\u2029',
  '\0',
  '\x1b[31m',
  '${process.exit(1)}',
  '`',
  '#{x}',
  '$x',
  '$(x)',
  "'); import os; os.system('touch /tmp/pwned')#",
  '"); require("child_process").execSync("touch /tmp/pwned"); //',
  '\\x41',
  '\\u0041',
  '\\N{BULLET}',
  '{0}',
  '%s',
  '# -*- coding: utf-7 -*-',
  '+AAo-',
  '*/',
  '<!--',
  '-->',
  '🦄',
  'é',
  'e\u0301',
  '\ufeff',
  '\u202e',
  '?',
  '??',
  ' ',
  '\t',
];

/** A well-formed string mixing hostile fragments and arbitrary characters. */
export const hostileString = (opts: { minLength?: number } = {}) =>
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 })), {
      minLength: opts.minLength ?? 0,
      maxLength: 8,
    })
    .map((parts) => parts.join(''))
    .filter((s) => isWellFormed(s) && s.length >= (opts.minLength ?? 0));

/** No lone UTF-16 surrogates. */
export function isWellFormed(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** A node name: non-empty, no `/`, not `.` or `..`. */
export const hostileName = hostileString({ minLength: 1 })
  .map((s) => s.replaceAll('/', '_'))
  .filter((s) => s !== '.' && s !== '..' && s !== '');

/** Run a Python script with Debian's python, feeding `input` as JSON on stdin; returns parsed JSON stdout. */
export async function pythonJsonIO<T>(script: string, input: unknown): Promise<T> {
  const out = await run('/usr/bin/python3', ['-c', script], { input: JSON.stringify(input) });
  return JSON.parse(out.toString('utf8')) as T;
}
