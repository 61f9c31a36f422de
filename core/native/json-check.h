/* A byte-level JSON checker for the metadata walk (see json-check.c). */
#ifndef ZLD_JSON_CHECK_H
#define ZLD_JSON_CHECK_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
  JC_VALID = 1,     /* JSON.parse accepts the text, or the text with bare NaN/Infinity/-Infinity quoted */
  JC_NONFINITE = 2, /* it holds such bare tokens (JSON.parse alone rejects it) */
  JC_OBJECT = 4,    /* its top level is an object */
  JC_BOM = 8,       /* it starts with a UTF-8 byte order mark (TextDecoder drops it) */
  JC_GROUP = 16,    /* a strict-JSON object whose last top-level "node_type" member is the string "group" */
  JC_CANONICAL = 32, /* set by the walk: json_canonical() holds */
};

/* Flags (JC_*) of a document's bytes; *tokens = number of bare non-finite tokens. */
unsigned json_check(const unsigned char *s, size_t n, uint32_t *tokens);

/* Copies a JC_VALID document to `out` with each bare NaN/Infinity/-Infinity quoted (2 bytes more per token). */
size_t json_quote_nonfinite(const unsigned char *s, size_t n, unsigned char *out);

/*
 * Whether an object document is byte for byte what core/src/zarr/json.ts encodeJson writes for its parsed value
 * (4-space indent, keys sorted and plain ASCII, ASCII only, numbers as JavaScript writes them), so that text can
 * stand for the value in a consolidated document. Conservative: 0 for anything unsure (exponents, long numbers).
 */
int json_canonical(const unsigned char *s, size_t n);

/* A cursor over a document, and the scanning helpers both files use. */
typedef struct {
  const unsigned char *s;
  size_t i, n;
} cur_t;

static inline int hex_val(unsigned char ch) { return ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10; }

static inline int literal(cur_t *c, const char *word) {
  size_t len = strlen(word);
  if (c->n - c->i < len || memcmp(c->s + c->i, word, len) != 0) return 0;
  c->i += len;
  return 1;
}

#endif
