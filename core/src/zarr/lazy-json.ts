/**
 * A lazy reader for big consolidated metadata documents (`{ "metadata": { key: doc, ... }, ... }`): one pass
 * over the bytes finds where each entry's value starts and ends without building it; a value is parsed only
 * when asked for. Opening a 100,000-node store to show its first level then costs a scan, not a full parse.
 * Structural errors fall back to a full parse, whose error names the key and position.
 *
 * @example
 * ```ts
 * const doc = scanConsolidated(bytes, store.url, '/.zmetadata');
 * doc.get('myBatch/.zattrs'); // parsed on first use
 * ```
 */
import { ZldError } from '../errors.js';
import { DeferredEntries } from './deferred-entries.js';
import { EntryTable } from './entry-table.js';
import { parseJson, parseJsonObject, parseJsonText } from './json.js';

export interface LazyEntries {
  get(key: string): Record<string, unknown> | undefined;
  keys(): string[];
  /** v2: absolute paths of the nodes directly under the absolute path `parent` (indexed while scanning). */
  childPaths?(parent: string): string[];
}

const Q = 0x22;
const BS = 0x5c;
const decoder = new TextDecoder();

class Scanner {
  i = 0;
  constructor(readonly b: Uint8Array) {}

  ws(): void {
    const b = this.b;
    let i = this.i;
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
    this.i = i;
  }

  /** End (exclusive) of the string starting at `this.i` (a quote). */
  stringEnd(): number {
    const b = this.b;
    let j = this.i + 1;
    for (;;) {
      const q = b.indexOf(Q, j);
      if (q < 0) throw this.i;
      let k = q - 1;
      while (b[k] === BS) k--;
      if ((q - 1 - k) % 2 === 0) return q + 1;
      j = q + 1;
    }
  }

  key(): string {
    if (this.b[this.i] !== Q) throw this.i;
    const end = this.stringEnd();
    const s = this.b.subarray(this.i + 1, end - 1);
    this.i = end;
    let ascii = s.length < 4096;
    for (let k = 0; ascii && k < s.length; k++) if (s[k]! >= 0x80 || s[k] === BS) ascii = false;
    return ascii ? String.fromCharCode(...s) : (JSON.parse(decoder.decode(this.b.subarray(end - s.length - 2, end))) as string);
  }

  /** Skip one value; returns [start, end). */
  value(): [number, number] {
    this.ws();
    const b = this.b;
    const start = this.i;
    const c = b[start];
    if (c === Q) {
      this.i = this.stringEnd();
      return [start, this.i];
    }
    if (c === 0x7b || c === 0x5b) {
      let depth = 0;
      let i = start;
      while (i < b.length) {
        const x = b[i]!;
        if (x === Q) {
          this.i = i;
          i = this.stringEnd();
          continue;
        }
        if (x === 0x7b || x === 0x5b) depth++;
        else if (x === 0x7d || x === 0x5d) {
          depth--;
          if (depth === 0) {
            this.i = i + 1;
            return [start, this.i];
          }
        }
        i++;
      }
      throw start;
    }
    let i = start;
    while (i < b.length && b[i] !== 0x2c && b[i] !== 0x7d && b[i] !== 0x5d && b[i] !== 0x20 && b[i] !== 0x0a && b[i] !== 0x0d) i++;
    if (i === start) throw start;
    this.i = i;
    return [start, i];
  }

  /** Iterate an object's members at `this.i`, calling `fn(key)` with `this.i` at the value. */
  object(fn: (key: string) => void): void {
    this.ws();
    if (this.b[this.i] !== 0x7b) throw this.i;
    this.i++;
    this.ws();
    if (this.b[this.i] === 0x7d) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const k = this.key();
      this.ws();
      if (this.b[this.i] !== 0x3a) throw this.i;
      this.i++;
      fn(k);
      this.ws();
      const c = this.b[this.i];
      this.i++;
      if (c === 0x7d) return;
      if (c !== 0x2c) throw this.i - 1;
    }
  }
}

const PRETTY_HEAD = '{\n    "metadata": {\n';
const PRETTY_KEY = '\n        "';

function notObject(k: string, key: string, storeUrl: string): ZldError {
  return new ZldError('BadMetadata', `entry ${k} of consolidated metadata ${key} in store ${storeUrl} is not an object`, { detail: { key } });
}

/**
 * Fast path for documents laid out as zarr-python writes them (4-space indent): every entry starts on a line
 * indented by exactly 8 spaces, which native `indexOf` finds without looking at the values in between.
 * Undefined when the layout is not that one.
 */
function scanPretty(text: string, storeUrl: string, key: string): DeferredEntries | undefined {
  if (!text.startsWith(PRETTY_HEAD)) return undefined;
  const entries = new DeferredEntries(text, (start, end, k) => {
    let doc: unknown;
    try {
      doc = parseJsonText(text.slice(start, end), storeUrl, `${key} entry ${k}`);
    } catch (e) {
      parseJsonText(text, storeUrl, key); // report the position in the whole document
      throw e;
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw notObject(k, key, storeUrl);
    return doc as Record<string, unknown>;
  });
  let pos = text.indexOf(PRETTY_KEY, PRETTY_HEAD.length - 1);
  if (pos !== PRETTY_HEAD.length - 1) return text.startsWith(`${PRETTY_HEAD}    }`) ? entries : undefined;
  // keys with escapes take the slow way (JSON.parse of the key); most documents have no backslash at all
  let backslash = text.indexOf('\\');
  if (backslash < 0) backslash = text.length;
  while (pos >= 0) {
    const keyStart = pos + PRETTY_KEY.length;
    const keyEnd = text.indexOf('": ', keyStart);
    if (keyEnd < 0) return undefined;
    const start = keyEnd + 3;
    const next = text.indexOf(PRETTY_KEY, start);
    let end: number;
    if (next >= 0) {
      if (text.charCodeAt(next - 1) !== 0x2c) return undefined;
      end = next - 1;
    } else {
      end = text.indexOf('\n    }', start);
      if (end < 0) return undefined;
    }
    if (backslash < keyStart) {
      backslash = text.indexOf('\\', keyStart);
      if (backslash < 0) backslash = text.length;
    }
    if (backslash < keyEnd) {
      let k: string;
      try {
        k = JSON.parse(text.slice(keyStart - 1, keyEnd + 1)) as string;
      } catch {
        return undefined; // a key with an escaped quote before ": " — let the full scanner handle it
      }
      entries.push(keyStart, keyEnd, start, end, k);
    } else entries.push(keyStart, keyEnd, start, end);
    pos = next;
  }
  return entries;
}

/** Index a consolidated v2 document lazily. */
export function scanConsolidated(bytes: Uint8Array, storeUrl: string, key: string): LazyEntries {
  return scanPretty(decoder.decode(bytes), storeUrl, key) ?? scanBytes(bytes, storeUrl, key);
}

function scanBytes(bytes: Uint8Array, storeUrl: string, key: string): LazyEntries {
  const table = new EntryTable((start, end, k) => {
    const doc = parseJson(bytes.subarray(start, end), storeUrl, `${key} entry ${k}`);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw notObject(k, key, storeUrl);
    return doc as Record<string, unknown>;
  });
  let hasMetadata = false;
  try {
    const s = new Scanner(bytes);
    s.object((top) => {
      if (top !== 'metadata') {
        s.value();
        return;
      }
      s.ws();
      if (bytes[s.i] !== 0x7b) throw s.i;
      hasMetadata = true;
      s.object((k) => {
        const [start, end] = s.value();
        table.addKey(k, start, end);
      });
    });
    s.ws();
    if (s.i !== bytes.length) throw s.i;
  } catch (e) {
    if (typeof e !== 'number') throw e;
    parseJsonObject(bytes, storeUrl, key); // throws BadMetadata naming the position
    throw new ZldError('BadMetadata', `malformed JSON in ${key} of store ${storeUrl} at position ${e}`, { detail: { key, position: e } });
  }
  if (!hasMetadata) {
    throw new ZldError('BadMetadata', `consolidated metadata ${key} of store ${storeUrl} has no "metadata" object`, { detail: { key } });
  }
  return table;
}

/** The same interface over an already parsed object (v3 inline consolidated metadata). */
export function eagerEntries(metadata: Record<string, Record<string, unknown>>): LazyEntries {
  return { keys: () => Object.keys(metadata), get: (k) => (Object.prototype.hasOwnProperty.call(metadata, k) ? metadata[k] : undefined) };
}
