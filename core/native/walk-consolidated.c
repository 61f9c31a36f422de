/*
 * The v2 consolidated document, put together in C from the documents the walk read, when each one's bytes are
 * already what zld's encodeJson writes for its value (JC_CANONICAL, see json-check.c): the result is then
 * exactly encodeJson({ metadata: { <key without the leading "/">: doc, ... }, zarr_consolidated_format: 1 })
 * with the keys in byte order. The caller (core/src/zarr/local-metadata.ts) checks that JavaScript sorts the
 * keys the same way before using it, and encodes the parsed documents itself otherwise.
 */
#define _GNU_SOURCE /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-check.h"
#include "walk-out.h"

static int by_key(const void *a, const void *b, void *docs) {
  const doc_ref_t *x = &((const doc_ref_t *)docs)[*(const uint32_t *)a], *y = &((const doc_ref_t *)docs)[*(const uint32_t *)b];
  size_t m = x->key_len < y->key_len ? x->key_len : y->key_len;
  int c = memcmp(x->key, y->key, m);
  return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* Appends a key as JSON.stringify + ensure-ASCII write it; `s` is valid UTF-8. */
static int put_key(buf_t *o, const unsigned char *s, size_t n) {
  if (!buf_reserve(o, n * 12 + 2)) return 0;
  char *p = o->p + o->len;
  *p++ = '"';
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c >= 0x20 && c < 0x80) {
      if (c == '"' || c == '\\') *p++ = '\\';
      *p++ = (char)c;
      i++;
      continue;
    }
    if (c < 0x20) {
      const char *e = c == 8 ? "\\b" : c == 9 ? "\\t" : c == 10 ? "\\n" : c == 12 ? "\\f" : c == 13 ? "\\r" : NULL;
      if (e) {
        memcpy(p, e, 2);
        p += 2;
      } else {
        p += sprintf(p, "\\u%04x", c);
      }
      i++;
      continue;
    }
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    unsigned cp = c & (0x3F >> more);
    for (int k = 1; k <= more; k++) cp = cp << 6 | (s[i + k] & 0x3F);
    i += (size_t)more + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      p += sprintf(p, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
      p += sprintf(p, "\\u%04x", cp);
    }
  }
  *p++ = '"';
  o->len = (size_t)(p - o->p);
  return 1;
}

int consolidated_v2(const doc_ref_t *docs, size_t n, buf_t *out, uint32_t *order) {
  size_t size = 64;
  for (size_t i = 0; i < n; i++) {
    if (!(docs[i].flags & JC_CANONICAL) || docs[i].key_len < 1) return 0;
    order[i] = (uint32_t)i;
    size += docs[i].key_len * 12 + 16 + docs[i].len;
    for (size_t k = 0; k < docs[i].len; k++) size += docs[i].bytes[k] == '\n' ? 8 : 0;
  }
  qsort_r(order, n, sizeof *order, by_key, (void *)docs);
  if (!buf_reserve(out, size)) return 0;
  static const char head[] = "{\n    \"metadata\": {";
  memcpy(out->p, head, sizeof head - 1);
  out->len = sizeof head - 1;
  for (size_t r = 0; r < n; r++) {
    const doc_ref_t *d = &docs[order[r]];
    if (r) out->p[out->len++] = ',';
    memcpy(out->p + out->len, "\n        ", 9);
    out->len += 9;
    if (!put_key(out, (const unsigned char *)d->key + 1, d->key_len - 1)) return 0; /* without the leading "/" */
    out->p[out->len++] = ':';
    out->p[out->len++] = ' ';
    /* the document one level deeper: 8 more spaces after each line break */
    const char *s = d->bytes, *end = d->bytes + d->len;
    while (s < end) {
      const char *nl = memchr(s, '\n', (size_t)(end - s));
      size_t run = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
      memcpy(out->p + out->len, s, run);
      out->len += run;
      if (nl) {
        memset(out->p + out->len, ' ', 8);
        out->len += 8;
      }
      s += run;
    }
  }
  static const char tail_full[] = "\n    },\n    \"zarr_consolidated_format\": 1\n}";
  static const char tail_empty[] = "},\n    \"zarr_consolidated_format\": 1\n}";
  const char *tail = n ? tail_full : tail_empty;
  size_t tl = n ? sizeof tail_full - 1 : sizeof tail_empty - 1;
  memcpy(out->p + out->len, tail, tl);
  out->len += tl;
  return 1;
}
