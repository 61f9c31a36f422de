/**
 * Decoding of Zarr metadata documents: UTF-8 JSON whose errors name the store, the key and the position
 * (offset, line, column) of the parse failure. zarr-python writes `NaN`, `Infinity` and `-Infinity` as bare
 * tokens in `.zarray` fill values; they are accepted and decoded to the strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"` (the spelling the Zarr specs use).
 *
 * @example
 * ```ts
 * const doc = parseJsonObject(bytes, store.url, '/a/.zarray');
 * ```
 */
import { ZldError } from '../errors.js';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Offset -> 1-based line and column. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** Offset of the first JSON syntax error (for engines whose messages give none). */
function errorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const str = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return void lit('true');
    if (c === 'f') return void lit('false');
    if (c === 'n') return void lit('null');
    num();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (pos) {
    return typeof pos === 'number' ? Math.min(pos, text.length) : text.length;
  }
}

/** Replace bare NaN/Infinity tokens outside strings by quoted strings. */
function quoteNonFinite(text: string): string {
  if (!/NaN|Infinity/.test(text)) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    const rest = text.startsWith('-Infinity', i) ? '-Infinity' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('NaN', i) ? 'NaN' : '';
    if (rest) {
      out += `"${rest}"`;
      i += rest.length - 1;
    } else out += c;
  }
  return out;
}

/** Parse JSON bytes; a syntax error is `BadMetadata` naming store, key and position. */
export function parseJson(bytes: Uint8Array, storeUrl: string, key: string): unknown {
  return parseJsonText(decoder.decode(bytes), storeUrl, key);
}

/** {@link parseJson} for text already decoded. */
export function parseJsonText(text: string, storeUrl: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    try {
      return JSON.parse(quoteNonFinite(text));
    } catch {
      /* report the original error */
    }
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const offset = m ? Number(m[1]) : errorOffset(text);
    const { line, column } = lineCol(text, offset);
    const reason = msg
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/ in JSON at position \d+/, '')
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/ at position \d+$/, '');
    throw new ZldError(
      'BadMetadata',
      `malformed JSON in ${key} of store ${storeUrl}: ${reason} at position ${offset} (line ${line}, column ${column})`,
      { cause: e, detail: { key, position: offset, line, column } },
    );
  }
}

/** Parse JSON bytes that must hold an object. */
export function parseJsonObject(bytes: Uint8Array, storeUrl: string, key: string): Record<string, unknown> {
  const doc = parseJson(bytes, storeUrl, key);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ZldError('BadMetadata', `${key} of store ${storeUrl} is not a JSON object`, { detail: { key } });
  }
  return doc as Record<string, unknown>;
}

const encoder = new TextEncoder();

/** JSON as zarr-python writes it: 4-space indent, sorted keys, ASCII only; non-finite numbers as strings. */
export function encodeJson(value: unknown, opts: { sortKeys?: boolean } = {}): Uint8Array {
  const text = (JSON.stringify(jsonSafe(value, opts.sortKeys ?? true), null, 4) as string | undefined) ?? ''; // undefined: no bytes
  const bytes = encoder.encode(text);
  if (bytes.length === text.length) return bytes; // ASCII only (cheaper to tell than a regular expression)
  return encoder.encode(asciiOnly(text));
}

/** Like Python's json.dumps(ensure_ascii=True): every UTF-16 unit from U+0080 as a \\u escape. */
const asciiOnly = (text: string) => text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const dropped = (x: unknown) => x === undefined || typeof x === 'function';

/**
 * `value` made JSON-safe for one native stringify (much faster than a replacer callback): keys sorted,
 * non-finite numbers as strings, bigints as numbers, undefined and functions left out. Copy on write: a part
 * that needs none of it is returned as it is (parsed metadata mostly has sorted keys already), so a big
 * document is not copied whole. A copy made while sorting enumerates integer-like keys first, as any object.
 */
function jsonSafe(v: unknown, sortKeys: boolean): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = jsonSafe(x, sortKeys);
      if (y !== x && !out) out = v.slice(0, i);
      if (out) out[i] = y;
    }
    return out ?? v;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
  const obj = v as Record<string, unknown>;
  let keys = Object.keys(obj);
  // a copy is owed when the keys are out of order, or for a "__proto__" key (an assignment to it in the
  // copy sets the prototype: the key is left out, as it always was)
  let copy = false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === '__proto__' || (sortKeys && i > 0 && keys[i - 1]! > keys[i]!)) {
      copy = true;
      break;
    }
  }
  if (copy && sortKeys) keys = keys.slice().sort();
  let out: Record<string, unknown> | undefined = copy ? {} : undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = obj[k];
    const y = jsonSafe(x, sortKeys);
    if (y !== x && !out) {
      out = {};
      for (let j = 0; j < i; j++) if (!dropped(obj[keys[j]!])) out[keys[j]!] = obj[keys[j]!];
    }
    if (out && !dropped(x)) out[k] = y;
  }
  return out ?? v;
}
