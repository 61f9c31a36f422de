/*
 * A JSON checker over bytes, for the metadata walk (walk.c): tells, without building anything, what
 * zld's TypeScript does with a document, so the walk can
 *   - decide as `JSON.parse(new TextDecoder().decode(doc)).node_type === 'group'` does whether a v3 zarr.json is
 *     a group to descend (JC_GROUP), and
 *   - mark the documents that core/src/zarr/json.ts `parseJsonObject` would accept (JC_VALID | JC_OBJECT, no
 *     JC_BOM), which the caller then parses all at once in one JSON.parse of "[doc,doc,...]".
 * The grammar is ECMA-404's (what JSON.parse takes): whitespace is space, tab, LF and CR; strings hold any byte
 * from 0x20 except unescaped quote and backslash (bytes of bad UTF-8 become U+FFFD in the decoded text, which
 * strings allow). json.ts retries a failed parse with bare NaN, Infinity and -Infinity quoted (anywhere a string
 * may stand, keys included); such documents are JC_VALID | JC_NONFINITE and json_quote_nonfinite makes the
 * text that parse sees. Nesting depth is unbounded (an explicit stack).
 */
#define _GNU_SOURCE
#include "json-check.h"

#include <stdlib.h>
#include <string.h>

static void ws(cur_t *c) {
  while (c->i < c->n) {
    unsigned char ch = c->s[c->i];
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') break;
    c->i++;
  }
}

static int is_hex(unsigned char ch) { return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'); }

/* A quoted string at c->i; 0 when malformed. */
static int string_token(cur_t *c) {
  size_t i = c->i + 1;
  while (i < c->n) {
    unsigned char ch = c->s[i];
    if (ch == '"') {
      c->i = i + 1;
      return 1;
    }
    if (ch < 0x20) return 0;
    if (ch == '\\') {
      if (i + 1 >= c->n) return 0;
      unsigned char e = c->s[i + 1];
      if (e == 'u') {
        if (i + 5 >= c->n || !is_hex(c->s[i + 2]) || !is_hex(c->s[i + 3]) || !is_hex(c->s[i + 4]) || !is_hex(c->s[i + 5])) return 0;
        i += 6;
      } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        i += 2;
      } else {
        return 0;
      }
    } else {
      i++;
    }
  }
  return 0;
}

/* Whether the string token s[a..b) (quotes included) decodes to the ASCII text `lit`. */
static int string_is(const unsigned char *s, size_t a, size_t b, const char *lit) {
  size_t i = a + 1, end = b - 1, k = 0, len = strlen(lit);
  while (i < end) {
    unsigned ch = s[i];
    if (ch == '\\') {
      unsigned char e = s[i + 1];
      if (e == 'u') {
        ch = (unsigned)(hex_val(s[i + 2]) << 12 | hex_val(s[i + 3]) << 8 | hex_val(s[i + 4]) << 4 | hex_val(s[i + 5]));
        i += 6;
      } else {
        ch = e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
        i += 2;
      }
    } else {
      i++;
    }
    if (k >= len || ch != (unsigned char)lit[k]) return 0;
    k++;
  }
  return k == len;
}

/* A bare NaN, Infinity or -Infinity at c->i (json.ts quotes them); 0 when there is none. */
static int nonfinite_token(cur_t *c) {
  static const char *const words[] = {"-Infinity", "Infinity", "NaN"};
  for (int w = 0; w < 3; w++) {
    size_t len = strlen(words[w]);
    if (c->n - c->i >= len && memcmp(c->s + c->i, words[w], len) == 0) {
      c->i += len;
      return 1;
    }
  }
  return 0;
}

static int digits(cur_t *c) {
  size_t start = c->i;
  while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') c->i++;
  return c->i > start;
}

static int number_token(cur_t *c) {
  if (c->s[c->i] == '-') c->i++;
  if (c->i >= c->n) return 0;
  if (c->s[c->i] == '0') c->i++;
  else if (!digits(c)) return 0;
  if (c->i < c->n && c->s[c->i] == '.') {
    c->i++;
    if (!digits(c)) return 0;
  }
  if (c->i < c->n && (c->s[c->i] | 0x20) == 'e') {
    c->i++;
    if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-')) c->i++;
    if (!digits(c)) return 0;
  }
  return 1;
}

unsigned json_check(const unsigned char *s, size_t n, uint32_t *tokens) {
  unsigned flags = 0;
  *tokens = 0;
  cur_t c = {s, 0, n};
  if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
    flags |= JC_BOM;
    c.i = 3;
  }
  char small[64], *stack = small;
  size_t depth = 0, cap = sizeof small;
  int ok = 0, group = 0, node_type_member = 0;
  ws(&c);
  if (c.i < n && s[c.i] == '{') flags |= JC_OBJECT;

value:
  ws(&c);
  if (c.i >= n) goto done;
  {
    unsigned char ch = s[c.i];
    size_t start = c.i;
    int member = node_type_member; /* this value is the top level's "node_type" */
    node_type_member = 0;
    if (ch == '{' || ch == '[') {
      if (member) group = 0;
      if (depth == cap) {
        char *bigger = malloc(cap * 2);
        if (!bigger) goto done;
        memcpy(bigger, stack, depth);
        if (stack != small) free(stack);
        stack = bigger;
        cap *= 2;
      }
      stack[depth++] = (char)ch;
      c.i++;
      ws(&c);
      if (c.i < n && s[c.i] == (ch == '{' ? '}' : ']')) {
        c.i++;
        depth--;
        goto after;
      }
      if (ch == '{') goto key;
      goto value;
    }
    if (ch == '"') {
      if (!string_token(&c)) goto done;
      if (member) group = string_is(s, start, c.i, "group");
    } else if (ch == 'N' || ch == 'I' || (ch == '-' && c.i + 1 < n && s[c.i + 1] == 'I')) {
      if (!nonfinite_token(&c)) goto done;
      (*tokens)++;
      if (member) group = 0;
    } else {
      if (!(ch == 't' ? literal(&c, "true") : ch == 'f' ? literal(&c, "false") : ch == 'n' ? literal(&c, "null") : number_token(&c))) goto done;
      if (member) group = 0;
    }
  }

after:
  node_type_member = 0;
  ws(&c);
  if (depth == 0) {
    ok = c.i == n;
    goto done;
  }
  if (c.i >= n) goto done;
  if (s[c.i] == ',') {
    c.i++;
    if (stack[depth - 1] == '{') goto key;
    goto value;
  }
  if (s[c.i] != (stack[depth - 1] == '{' ? '}' : ']')) goto done;
  c.i++;
  depth--;
  goto after;

key:
  ws(&c);
  if (c.i >= n) goto done;
  {
    size_t start = c.i;
    if (s[c.i] == '"') {
      if (!string_token(&c)) goto done;
      node_type_member = depth == 1 && string_is(s, start, c.i, "node_type");
    } else {
      if (!nonfinite_token(&c)) goto done;
      (*tokens)++;
    }
  }
  ws(&c);
  if (c.i >= n || s[c.i] != ':') goto done;
  c.i++;
  goto value;

done:
  if (stack != small) free(stack);
  if (!ok) return flags & JC_BOM;
  flags |= JC_VALID;
  if (*tokens) flags |= JC_NONFINITE;
  else if ((flags & JC_OBJECT) && group) flags |= JC_GROUP;
  return flags;
}

size_t json_quote_nonfinite(const unsigned char *s, size_t n, unsigned char *out) {
  size_t o = 0;
  int in_string = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = s[i];
    if (in_string) {
      out[o++] = ch;
      if (ch == '\\' && i + 1 < n) out[o++] = s[++i];
      else if (ch == '"') in_string = 0;
      continue;
    }
    if (ch == '"') in_string = 1;
    size_t len = ch == 'N' ? 3 : ch == 'I' ? 8 : (ch == '-' && i + 1 < n && s[i + 1] == 'I') ? 9 : 0;
    if (!len) {
      out[o++] = ch;
      continue;
    }
    out[o++] = '"';
    memcpy(out + o, s + i, len);
    o += len;
    out[o++] = '"';
    i += len - 1;
  }
  return o;
}
