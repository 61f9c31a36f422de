/*
 * readMetadataTree's JavaScript side (the walk itself is walk.c): arguments, the result objects, and errors
 * shaped like Node's fs errors.
 */
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json-check.h"
#include "walk-out.h"
#include "zld-native.h"

/* ---- task outputs ---- */

int out_add(out_t *out, const char *key, const char *name, size_t start, unsigned flags, uint32_t tokens) {
  if (out->n == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 64;
    doc_t *d = realloc(out->docs, cap * sizeof *d);
    if (!d) return 0;
    out->docs = d;
    out->cap = cap;
  }
  size_t at = out->keys.len, kl = strlen(key), nl = strlen(name);
  if (!buf_append(&out->keys, key, kl) || !buf_append(&out->keys, "/", 1) || !buf_append(&out->keys, name, nl)) return 0;
  out->docs[out->n++] = (doc_t){at, kl + 1 + nl, start, out->data.len - start, tokens, flags};
  return 1;
}

void out_fail(out_t *out, int err, const char *syscall, const char *dir, const char *name) {
  size_t dl = strlen(dir);
  out->err = err;
  out->syscall = syscall;
  out->err_path = malloc(dl + strlen(name) + 2);
  if (out->err_path) sprintf(out->err_path, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name);
}

void out_oom(out_t *out) {
  if (!out->err) out->err = -1;
}

int task_add_kid(task_t *t, const char *path, const char *key) {
  if (t->nkids == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    task_t **k = realloc(t->kids, cap * sizeof *k);
    if (!k) return 0;
    t->kids = k;
    t->cap = cap;
  }
  task_t *kid = calloc(1, sizeof *kid);
  if (!kid || !(kid->path = strdup(path)) || !(kid->key = strdup(key))) {
    task_free(kid);
    return 0;
  }
  t->kids[t->nkids++] = kid;
  return 1;
}

void task_free(task_t *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nkids; i++) task_free(t->kids[i]);
  free(t->kids);
  free(t->path);
  free(t->key);
  free(t->out.data.p);
  free(t->out.keys.p);
  free(t->out.docs);
  free(t->out.err_path);
  free(t);
}

/* ---- errors ---- */

/* libuv's names for the errors Node reports (its messages read "EACCES: permission denied, open '...'"). */
static const char *uv_text(int e) {
  switch (e) {
    case EACCES: return "permission denied";
    case EPERM: return "operation not permitted";
    case ELOOP: return "too many symbolic links encountered";
    case EIO: return "i/o error";
    case EMFILE: return "too many open files";
    case ENFILE: return "file table overflow";
    case ENAMETOOLONG: return "name too long";
    case ENOMEM: return "not enough memory";
    case ENXIO: return "no such device or address";
    case ETXTBSY: return "text file is busy";
    case EFBIG: return "file too large";
    case EINVAL: return "invalid argument";
    case EAGAIN: return "resource temporarily unavailable";
    case EINTR: return "interrupted system call";
    case ENODEV: return "no such device";
    case EOVERFLOW: return "value too large for defined data type";
    default: return NULL;
  }
}

static napi_value throw_walk_error(napi_env env, const char *root, const out_t *out) {
  char message[PATH_MAX + 256];
  if (out->err < 0 || !out->err_path) {
    snprintf(message, sizeof message, "out of memory while reading the metadata of %s", root);
    return zld_throw(env, message);
  }
  const char *code = strerrorname_np(out->err);
  char text[128];
  const char *uv = uv_text(out->err);
  if (!uv) {
    snprintf(text, sizeof text, "%s", strerror(out->err));
    text[0] = (char)tolower((unsigned char)text[0]);
    uv = text;
  }
  if (!code) code = "EUNKNOWN";
  snprintf(message, sizeof message, "%s: %s, %s '%s'", code, uv, out->syscall, out->err_path);
  napi_value js_code, js_message, error, v;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &js_code);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &js_message);
  napi_create_error(env, js_code, js_message, &error);
  napi_create_int32(env, -out->err, &v);
  napi_set_named_property(env, error, "errno", v);
  napi_create_string_utf8(env, out->syscall, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, error, "syscall", v);
  napi_create_string_utf8(env, out->err_path, NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, error, "path", v);
  napi_throw(env, error);
  return NULL;
}

/* ---- the result ---- */

typedef struct {
  size_t docs, key_bytes, batched[2], batch_bytes[2], tail_bytes;
  int split; /* v2: .zattrs documents in a second batch, which the caller may parse later or never */
  const out_t *failed;
} totals_t;

static int is_batched(const doc_t *d) { return (d->flags & (JC_VALID | JC_OBJECT | JC_BOM)) == (JC_VALID | JC_OBJECT); }

/* Which batch (0 or 1) a batched document goes to. */
static int batch_of(const out_t *o, const doc_t *d, int split) {
  return split && d->key_len >= 8 && memcmp(o->keys.p + d->key + d->key_len - 8, "/.zattrs", 8) == 0;
}

/* Sums the sizes in walk order (a task's documents, then its kids'); stops at the first failure. */
static void count(const task_t *t, totals_t *s) {
  if (s->failed) return;
  for (size_t i = 0; i < t->out.n; i++) {
    const doc_t *d = &t->out.docs[i];
    s->docs++;
    s->key_bytes += d->key_len + 1;
    if (is_batched(d)) {
      int g = batch_of(&t->out, d, s->split);
      s->batched[g]++;
      s->batch_bytes[g] += d->len + 2 * (size_t)d->tokens + 1;
    }
    if (!is_batched(d) || d->tokens) s->tail_bytes += d->len;
  }
  if (t->out.err) {
    s->failed = &t->out;
    return;
  }
  for (size_t k = 0; k < t->nkids; k++) count(t->kids[k], s);
}

typedef struct {
  char *data, *keys;
  double *spans;
  uint8_t *batched;
  doc_ref_t *refs;
  int split;
  size_t doc, batch_start[2], batch_at[2], tail_at, key_at;
} fill_t;

static void fill(const task_t *t, fill_t *f) {
  for (size_t i = 0; i < t->out.n; i++) {
    const doc_t *d = &t->out.docs[i];
    const char *bytes = t->out.data.p + d->start;
    memcpy(f->keys + f->key_at, t->out.keys.p + d->key, d->key_len);
    f->key_at += d->key_len;
    f->keys[f->key_at++] = 0;
    int b = is_batched(d);
    int g = b ? batch_of(&t->out, d, f->split) : 0;
    f->batched[f->doc] = (uint8_t)(b ? g + 1 : 0);
    if (b) {
      if (f->batch_at[g] > f->batch_start[g] + 1) f->data[f->batch_at[g]++] = ',';
      size_t at = f->batch_at[g];
      if (d->tokens) {
        f->batch_at[g] += json_quote_nonfinite((const unsigned char *)bytes, d->len, (unsigned char *)f->data + at);
      } else {
        memcpy(f->data + at, bytes, d->len);
        f->batch_at[g] += d->len;
      }
      f->spans[2 * f->doc] = (double)at;
    }
    if (!b || d->tokens) {
      memcpy(f->data + f->tail_at, bytes, d->len);
      f->spans[2 * f->doc] = (double)f->tail_at;
      f->tail_at += d->len;
    }
    f->spans[2 * f->doc + 1] = f->spans[2 * f->doc] + (double)d->len;
    if (f->refs) f->refs[f->doc] = (doc_ref_t){t->out.keys.p + d->key, bytes, d->key_len, d->len, d->flags};
    f->doc++;
  }
  for (size_t k = 0; k < t->nkids; k++) fill(t->kids[k], f);
}

napi_value zld_read_metadata_tree(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  char root[PATH_MAX];
  size_t root_len = 0;
  int32_t format = 0, threads = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      napi_get_value_string_utf8(env, argv[0], root, sizeof root, &root_len) != napi_ok || root_len == 0 ||
      root_len >= sizeof root - 1 || napi_get_value_int32(env, argv[1], &format) != napi_ok || (format != 2 && format != 3)) {
    return zld_throw(env, "readMetadataTree(root, format, threads?) needs a folder path and the Zarr format (2 or 3)");
  }
  if (argc > 2) napi_get_value_int32(env, argv[2], &threads);
  if (threads <= 0) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    threads = cores >= 2 ? 2 : 1;
  }
  if (threads > 8) threads = 8;

  task_t *top = walk_tree(root, format, threads);
  if (!top) {
    out_t oom = {.err = -1};
    return throw_walk_error(env, root, &oom);
  }
  totals_t s = {.split = format == 2};
  count(top, &s);
  if (s.failed) {
    napi_value r = throw_walk_error(env, root, s.failed);
    task_free(top);
    return r;
  }
  size_t batch_len = 2 + s.batch_bytes[0] - (s.batched[0] ? 1 : 0);
  size_t attrs_len = 2 + s.batch_bytes[1] - (s.batched[1] ? 1 : 0);
  napi_value result, data, spans, spans_ab, batched, batched_ab, keys, v;
  fill_t f = {0};
  char *key_text = malloc(s.key_bytes ? s.key_bytes : 1);
  if (!key_text || napi_create_buffer(env, batch_len + attrs_len + s.tail_bytes, (void **)&f.data, &data) != napi_ok ||
      napi_create_arraybuffer(env, 2 * s.docs * sizeof(double), (void **)&f.spans, &spans_ab) != napi_ok ||
      napi_create_arraybuffer(env, s.docs, (void **)&f.batched, &batched_ab) != napi_ok) {
    free(key_text);
    task_free(top);
    out_t oom = {.err = -1};
    return throw_walk_error(env, root, &oom);
  }
  f.keys = key_text;
  f.split = s.split;
  f.batch_start[0] = 0;
  f.batch_start[1] = batch_len;
  f.data[0] = '[';
  f.data[batch_len] = '[';
  f.batch_at[0] = 1;
  f.batch_at[1] = batch_len + 1;
  f.tail_at = batch_len + attrs_len;
  if (format == 2) f.refs = malloc((s.docs ? s.docs : 1) * sizeof *f.refs);
  fill(top, &f);
  f.data[f.batch_at[0]] = ']';
  f.data[f.batch_at[1]] = ']';
  /* v2: the consolidated document itself, when every document is in encodeJson's form already */
  napi_value consolidated = NULL, order = NULL;
  buf_t doc = {0};
  uint32_t *order_data = NULL;
  napi_value order_ab;
  if (f.refs && napi_create_arraybuffer(env, (s.docs ? s.docs : 1) * sizeof(uint32_t), (void **)&order_data, &order_ab) == napi_ok &&
      consolidated_v2(f.refs, s.docs, &doc, order_data) && napi_create_buffer_copy(env, doc.len, doc.p, NULL, &consolidated) == napi_ok) {
    napi_create_typedarray(env, napi_uint32_array, s.docs, order_ab, 0, &order);
  } else {
    consolidated = NULL;
  }
  free(doc.p);
  free(f.refs);
  task_free(top);
  napi_create_string_utf8(env, key_text, s.key_bytes ? s.key_bytes - 1 : 0, &keys);
  free(key_text);
  napi_create_typedarray(env, napi_float64_array, 2 * s.docs, spans_ab, 0, &spans);
  napi_create_typedarray(env, napi_uint8_array, s.docs, batched_ab, 0, &batched);
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "keys", keys);
  napi_set_named_property(env, result, "data", data);
  napi_set_named_property(env, result, "spans", spans);
  napi_set_named_property(env, result, "batched", batched);
  napi_create_double(env, (double)batch_len, &v);
  napi_set_named_property(env, result, "batchLength", v);
  napi_create_double(env, (double)attrs_len, &v);
  napi_set_named_property(env, result, "attributesLength", v);
  napi_create_uint32(env, (uint32_t)s.docs, &v);
  napi_set_named_property(env, result, "count", v);
  if (consolidated && order) {
    napi_set_named_property(env, result, "consolidated", consolidated);
    napi_set_named_property(env, result, "order", order);
  }
  return result;
}
