/** Key validation and range helpers shared by all backends. */
import { ZldError } from '../errors.js';
import type { RangeQuery } from './types.js';

/**
 * Reject keys that could escape a store or that no backend can hold: not starting with `/`, containing
 * `..` or `.` segments, empty segments, backslashes or NUL. Names may contain spaces and unicode.
 */
export function checkKey(key: string, storeUrl: string): void {
  const bad = (why: string) =>
    new ZldError('BadInput', `unsafe key ${JSON.stringify(key)} in store ${storeUrl}: ${why}`, { detail: { key } });
  if (typeof key !== 'string' || !key.startsWith('/')) throw bad('keys must start with "/"');
  if (key.includes('\0')) throw bad('NUL byte');
  if (key.includes('\\')) throw bad('backslash');
  if (key === '/') return;
  const parts = key.slice(1).split('/');
  // a trailing slash (folder prefix) is allowed: the last part may be empty
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '' && i !== parts.length - 1) throw bad('empty path segment');
    if (part === '..' || part === '.') throw bad(`"${part}" segment`);
  }
}

export function sliceRange(bytes: Uint8Array, range: RangeQuery): Uint8Array {
  if ('suffixLength' in range) {
    return bytes.subarray(Math.max(0, bytes.length - range.suffixLength));
  }
  return bytes.subarray(range.offset, range.offset + range.length);
}
