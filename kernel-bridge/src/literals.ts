/**
 * Literal encoders: the security boundary of code generation. Every string that comes from a store or a
 * user (paths, node names, URIs, attribute values) enters generated code ONLY through one of these
 * functions, which return a string literal of the target language that evaluates to exactly the input
 * and cannot end early, interpolate, or start a new statement.
 *
 * All encoders emit pure printable ASCII: every character outside `0x20..0x7e` (newlines, NUL, control
 * characters, all non-ASCII such as line/paragraph separators, BOMs, bidi controls) becomes an escape, so
 * the literal is one line and survives any file encoding. Quotes and backslashes are escaped; `$` is
 * escaped in Julia (interpolation); JavaScript uses double quotes, where `${...}` means nothing.
 *
 * Lone surrogates (a UTF-16 high surrogate not followed by a low one, or a low one alone) are REJECTED
 * with `ZldError('BadInput')`: no UTF-8 file, notebook or path can hold them, and names read from a
 * store never contain them (decoding bytes yields U+FFFD instead). R strings cannot hold NUL, so
 * {@link rStr} rejects it too.
 *
 * {@link commentText} makes text safe inside a line comment of any of the languages (same escaping,
 * so a newline in a URI cannot end the comment).
 *
 * @example
 * ```ts
 * import { pyStr, jsStr, safeIdentifier } from '@zld/kernel-bridge';
 * pyStr("a'b\n");                       // "'a\\'b\\n'"
 * jsStr('${x}');                         // '"${x}"'
 * safeIdentifier('list', 'python');      // 'list_'
 * ```
 */
import { ZldError } from '@zld/core';

export type LiteralLanguage = 'python' | 'javascript' | 'typescript' | 'r' | 'julia';

/** Code points of `s`; throws on lone surrogates. */
function codePoints(s: string, lang: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
        continue;
      }
      throw loneSurrogate(s, i, lang);
    }
    if (c >= 0xdc00 && c <= 0xdfff) throw loneSurrogate(s, i, lang);
    out.push(c);
  }
  return out;
}

function loneSurrogate(s: string, at: number, lang: string): ZldError {
  return new ZldError(
    'BadInput',
    `cannot write ${JSON.stringify(s.slice(0, 80))} as a ${lang} string: lone UTF-16 surrogate at index ${at}`,
    { detail: { index: at } },
  );
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const printable = (cp: number) => cp >= 0x20 && cp <= 0x7e;

/** Python `str` literal in single quotes (`\xHH`, `\uHHHH`, `\UHHHHHHHH` escapes). */
export function pyStr(s: string): string {
  let out = "'";
  for (const cp of codePoints(s, 'Python')) {
    if (cp === 0x27) out += "\\'";
    else if (cp === 0x5c) out += '\\\\';
    else if (printable(cp)) out += String.fromCharCode(cp);
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}'`;
}

/** JavaScript/TypeScript string literal in double quotes (`\uHHHH`, `\u{H...}` escapes). */
export function jsStr(s: string): string {
  let out = '"';
  for (const cp of codePoints(s, 'JavaScript')) {
    if (cp === 0x22) out += '\\"';
    else if (cp === 0x5c) out += '\\\\';
    else if (printable(cp)) out += String.fromCharCode(cp);
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\u{${hex(cp, 1)}}`;
  }
  return `${out}"`;
}

/** R character literal in double quotes (`\u{H...}`, `\U{H...}` escapes). R strings cannot hold NUL: rejected. */
export function rStr(s: string): string {
  let out = '"';
  for (const cp of codePoints(s, 'R')) {
    if (cp === 0) throw new ZldError('BadInput', `cannot write ${JSON.stringify(s.slice(0, 80))} as an R string: R strings cannot hold NUL`);
    if (cp === 0x22) out += '\\"';
    else if (cp === 0x5c) out += '\\\\';
    else if (printable(cp)) out += String.fromCharCode(cp);
    else if (cp < 0x10000) out += `\\u{${hex(cp, 4)}}`;
    else out += `\\U{${hex(cp, 8)}}`;
  }
  return `${out}"`;
}

/** Julia `String` literal in double quotes (`\$` against interpolation; `\uHHHH`, `\UHHHHHHHH` escapes). */
export function juliaStr(s: string): string {
  let out = '"';
  for (const cp of codePoints(s, 'Julia')) {
    if (cp === 0x22) out += '\\"';
    else if (cp === 0x5c) out += '\\\\';
    else if (cp === 0x24) out += '\\$';
    else if (printable(cp)) out += String.fromCharCode(cp);
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** The literal encoder for a language. */
export function strLiteral(s: string, lang: LiteralLanguage): string {
  switch (lang) {
    case 'python':
      return pyStr(s);
    case 'javascript':
    case 'typescript':
      return jsStr(s);
    case 'r':
      return rStr(s);
    case 'julia':
      return juliaStr(s);
  }
}

/**
 * Text safe inside a line comment (`#` or `//`): printable ASCII, everything else (newlines, CR, U+2028,
 * NUL, non-ASCII) as `\uHHHH`, backslashes doubled, lone surrogates as `\uHHHH` too (comments do not need
 * to round-trip). A trailing `?` is escaped so IPython never reads the line as a help request.
 */
export function commentText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) out += '\\\\';
    else if (printable(c)) out += s[i];
    else out += `\\u${hex(c, 4)}`;
  }
  return out.endsWith('?') ? `${out.slice(0, -1)}\\x3f` : out;
}

// ---------------------------------------------------------------------------------------------------------
// Identifiers

const PY_RESERVED = new Set(
  (
    // keywords and soft keywords
    'False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield match case type _ ' +
    // builtins (Python 3.8-3.13)
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr ' +
    'globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max ' +
    'memoryview min next object oct open ord pow print property quit range repr reversed round set setattr ' +
    'slice sorted staticmethod str sum super tuple vars zip __import__ __build_class__ __debug__ __doc__ ' +
    '__name__ __package__ __spec__ __loader__ __builtins__ __file__ NotImplemented Ellipsis ' +
    'BaseException Exception ArithmeticError AssertionError AttributeError BufferError EOFError ImportError ' +
    'IndexError KeyError KeyboardInterrupt LookupError MemoryError NameError OSError IOError RuntimeError ' +
    'StopIteration SyntaxError SystemExit TypeError ValueError ZeroDivisionError Warning UserWarning ' +
    // IPython's namespace and the names our cells use
    'In Out get_ipython display exit quit __ ___ np numpy zarr xr xarray da dask fsspec s3fs store root ' +
    'storage_options os sys'
  ).split(' '),
);

const JS_RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await async of get set ' +
    'type declare namespace module abstract readonly keyof infer is asserts any unknown never object string ' +
    'number boolean symbol bigint undefined NaN Infinity eval arguments globalThis window self document ' +
    'console process require exports Deno Object Array Function String Number Boolean Symbol BigInt Math JSON ' +
    'Date RegExp Error TypeError Map Set WeakMap WeakSet Promise Proxy Reflect URL fetch ' +
    'zarr FileSystemStore FetchStore store root'
  ).split(' '),
);

const R_RESERVED = new Set(
  (
    'if else repeat while function for next break in TRUE FALSE NULL Inf NaN NA NA_integer_ NA_real_ ' +
    'NA_character_ NA_complex_ T F c t q data list matrix array vector length sum mean max min dim names ' +
    'paste file library require print cat seq rep return invisible Rarr store'
  ).split(' '),
);

const JULIA_RESERVED = new Set(
  (
    'baremodule begin break catch const continue do else elseif end export false finally for function global ' +
    'if import let local macro module quote return struct true try using while abstract mutable primitive type ' +
    'where in isa outer public ans nothing missing Inf NaN pi im Array Vector Matrix Dict String Int Float64 ' +
    'size length sum maximum minimum print println show Zarr zopen store'
  ).split(' '),
);

const RESERVED: Record<LiteralLanguage, Set<string>> = {
  python: PY_RESERVED,
  javascript: JS_RESERVED,
  typescript: JS_RESERVED,
  r: R_RESERVED,
  julia: JULIA_RESERVED,
};

/**
 * A valid ASCII identifier derived from a node name: characters other than letters, digits and `_` become
 * `_` (accents are dropped first), a leading digit gets a prefix, and a name that is a keyword, a builtin
 * or global of the language, or a name our generated cells use (`zarr`, `store`, ...) gets a trailing `_`.
 * An empty result becomes `data`.
 */
export function safeIdentifier(name: string, lang: LiteralLanguage): string {
  let id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_{2,}/g, '_');
  if (lang === 'r') id = id.replace(/^_+/, '');
  if (/^_*$/.test(id)) id = 'data';
  if (/^[0-9]/.test(id)) id = lang === 'r' ? `x${id}` : `_${id}`;
  if (id.length > 64) id = id.slice(0, 64);
  while (RESERVED[lang].has(id)) id = `${id}_`;
  return id;
}
