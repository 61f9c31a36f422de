/*
 * json_canonical (see json-check.h): whether a document's bytes are exactly what core/src/zarr/json.ts
 * encodeJson writes for its parsed value: JSON.stringify(value, null, 4) with keys sorted, then every character
 * from U+0080 as a lowercase \u escape. The walk (walk-consolidated.c) then uses the bytes in place of
 * encoding the value again. Conservative: numbers are accepted only when their text is certainly the one
 * JavaScript writes (integers up to 15 digits, decimals without exponent that are the shortest round trip),
 * keys only when plain ASCII without escapes and not array indexes or "__proto__" (which change how an object
 * orders or copies them).
 */
#define _GNU_SOURCE
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-check.h"

typedef cur_t canon_t;

static int expect_indent(canon_t *c, size_t spaces) {
  if (c->n - c->i < spaces + 1 || c->s[c->i] != '\n') return 0;
  for (size_t k = 1; k <= spaces; k++)
    if (c->s[c->i + k] != ' ') return 0;
  c->i += spaces + 1;
  return 1;
}

static int hex_lower(unsigned char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); }

/* A string as JSON.stringify + ensure-ASCII writes it; `plain`: only printable ASCII, no escapes (keys). */
static int canon_string(canon_t *c, int plain) {
  if (c->i >= c->n || c->s[c->i] != '"') return 0;
  size_t i = c->i + 1;
  while (i < c->n && c->s[i] != '"') {
    unsigned char ch = c->s[i];
    if (ch < 0x20 || ch >= 0x80) return 0;
    if (ch != '\\') {
      i++;
      continue;
    }
    if (plain || i + 1 >= c->n) return 0;
    unsigned char e = c->s[i + 1];
    if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      i += 2;
      continue;
    }
    if (e != 'u' || i + 5 >= c->n) return 0;
    for (int k = 2; k < 6; k++)
      if (!hex_lower(c->s[i + k])) return 0;
    unsigned u = (unsigned)(hex_val(c->s[i + 2]) << 12 | hex_val(c->s[i + 3]) << 8 | hex_val(c->s[i + 4]) << 4 | hex_val(c->s[i + 5]));
    /* escaped: control characters without a short escape, and everything from U+0080 (ensure-ASCII) */
    if (!(u >= 0x80 || (u < 0x20 && u != 0x08 && u != 0x09 && u != 0x0a && u != 0x0c && u != 0x0d))) return 0;
    i += 6;
  }
  if (i >= c->n) return 0;
  c->i = i + 1;
  return 1;
}

static locale_t c_loc;
static void make_c_locale(void) { c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0); }
static locale_t c_locale(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, make_c_locale);
  return c_loc;
}

/* A number as JavaScript's Number#toString writes it (integers up to 15 digits; decimals without exponent). */
static int canon_number(canon_t *c) {
  size_t start = c->i, i = c->i;
  const unsigned char *s = c->s;
  if (i < c->n && s[i] == '-') i++;
  size_t int_start = i;
  while (i < c->n && s[i] >= '0' && s[i] <= '9') i++;
  size_t int_digits = i - int_start;
  if (int_digits == 0) return 0;
  if (i < c->n && (s[i] == 'e' || s[i] == 'E')) return 0;
  if (i >= c->n || s[i] != '.') {
    c->i = i;
    if (int_digits > 15) return 0;
    return !(s[start] == '-' && int_digits == 1 && s[int_start] == '0'); /* -0 is written 0 */
  }
  size_t frac_start = ++i;
  while (i < c->n && s[i] >= '0' && s[i] <= '9') i++;
  size_t frac_digits = i - frac_start;
  if (i < c->n && (s[i] == 'e' || s[i] == 'E')) return 0;
  if (frac_digits == 0 || s[i - 1] == '0') return 0; /* 1.50 is written 1.5, 1.0 is 1 */
  /* significant digits, and JavaScript's switch to exponents below 1e-6 */
  char digits[40];
  size_t nd = 0;
  int leading = 1;
  size_t zeros_after_point = 0;
  for (size_t k = int_start; k < i; k++) {
    if (s[k] == '.') continue;
    if (leading && s[k] == '0') {
      if (k > frac_start - 1) zeros_after_point++;
      continue;
    }
    leading = 0;
    if (nd >= 17) return 0;
    digits[nd++] = (char)s[k];
  }
  if (nd == 0) return 0; /* 0.0 */
  if (int_digits == 1 && s[int_start] == '0' && zeros_after_point > 5) return 0;
  if (int_digits > 1 && s[int_start] == '0') return 0;
  char text[64];
  size_t len = i - start;
  if (len >= sizeof text) return 0;
  memcpy(text, s + start, len);
  text[len] = 0;
  double d = strtod_l(text, NULL, c_locale());
  /* JavaScript writes the shortest digits that read back as d (the closest such when several): the token's
     must be the closest nd-digit form of d, and no shorter form may read back as d */
  char form[64];
  snprintf(form, sizeof form, "%.*e", (int)nd - 1, d < 0 ? -d : d);
  for (size_t k = 0, m = 0; form[k] && form[k] != 'e'; k++) {
    if (form[k] < '0' || form[k] > '9') continue;
    if (m >= nd || form[k] != digits[m++]) return 0;
  }
  if (nd > 1) {
    snprintf(form, sizeof form, "%.*e", (int)nd - 2, d);
    if (strtod_l(form, NULL, c_locale()) == d) return 0;
  }
  c->i = i;
  return 1;
}

static int canon_value(canon_t *c, size_t indent, int depth);

static int canon_container(canon_t *c, size_t indent, int depth, unsigned char open) {
  unsigned char close = open == '{' ? '}' : ']';
  c->i++;
  if (c->i < c->n && c->s[c->i] == close) {
    c->i++;
    return 1;
  }
  size_t prev_key = 0, prev_len = 0;
  for (int first = 1;; first = 0) {
    if (!first) {
      if (c->i >= c->n || c->s[c->i] != ',') break;
      c->i++;
    }
    if (!expect_indent(c, indent + 4)) return 0;
    if (open == '{') {
      size_t key = c->i + 1;
      if (!canon_string(c, 1)) return 0;
      size_t len = c->i - 1 - key;
      /* sorted, and no key that an object orders first (array indexes) or that a copy drops (__proto__) */
      int all_digits = len > 0;
      for (size_t k = 0; k < len; k++)
        if (c->s[key + k] < '0' || c->s[key + k] > '9') all_digits = 0;
      if (all_digits || (len == 9 && memcmp(c->s + key, "__proto__", 9) == 0)) return 0;
      if (!first) {
        size_t m = prev_len < len ? prev_len : len;
        int cmp = memcmp(c->s + prev_key, c->s + key, m);
        if (cmp > 0 || (cmp == 0 && prev_len >= len)) return 0;
      }
      prev_key = key;
      prev_len = len;
      if (c->n - c->i < 2 || c->s[c->i] != ':' || c->s[c->i + 1] != ' ') return 0;
      c->i += 2;
    }
    if (!canon_value(c, indent + 4, depth + 1)) return 0;
  }
  if (!expect_indent(c, indent) || c->i >= c->n || c->s[c->i] != close) return 0;
  c->i++;
  return 1;
}

static int canon_value(canon_t *c, size_t indent, int depth) {
  if (c->i >= c->n || depth > 64) return 0;
  unsigned char ch = c->s[c->i];
  if (ch == '{' || ch == '[') return canon_container(c, indent, depth, ch);
  if (ch == '"') return canon_string(c, 0);
  if (ch == 't') return literal(c, "true");
  if (ch == 'f') return literal(c, "false");
  if (ch == 'n') return literal(c, "null");
  return canon_number(c);
}

int json_canonical(const unsigned char *s, size_t n) {
  canon_t c = {s, 0, n};
  if (n == 0 || s[0] != '{') return 0;
  return canon_value(&c, 0, 0) && c.i == n;
}
