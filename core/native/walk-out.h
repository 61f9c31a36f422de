/* The metadata walk's working types (walk.c walks, walk-napi.c hands the result to JavaScript). */
#ifndef ZLD_WALK_OUT_H
#define ZLD_WALK_OUT_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte buffer. */
typedef struct {
  char *p;
  size_t len, cap;
} buf_t;

static inline int buf_reserve(buf_t *b, size_t more) {
  if (b->cap - b->len >= more) return 1;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap - b->len < more) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) return 0;
  b->p = p;
  b->cap = cap;
  return 1;
}

static inline int buf_append(buf_t *b, const char *s, size_t n) {
  if (!buf_reserve(b, n + 1)) return 0;
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
  return 1;
}

/* A NUL-terminated path: path.join(dir, name) as local-metadata.ts builds it. */
static inline int path_push(buf_t *d, const char *name) {
  if (d->len && d->p[d->len - 1] != '/' && !buf_append(d, "/", 1)) return 0;
  return buf_append(d, name, strlen(name));
}

static inline void path_pop(buf_t *d, size_t mark) {
  d->len = mark;
  d->p[mark] = 0;
}

/* One document: its key in `keys`, its bytes in `data`, its JSON flags (json-check.h). */
typedef struct {
  size_t key, key_len, start, len;
  uint32_t tokens;
  unsigned flags;
} doc_t;

/* The documents one task read, in walk order, and the error that stopped it. */
typedef struct {
  buf_t data, keys;
  doc_t *docs;
  size_t n, cap;
  int err;             /* errno of the failure, or -1 when memory ran out */
  const char *syscall; /* "open", "read" */
  char *err_path;
} out_t;

/* A folder whose subtree is walked as a unit; `kids` when it was only expanded (its documents, then theirs). */
typedef struct task {
  char *path, *key;
  out_t out;
  struct task **kids;
  size_t nkids, cap;
} task_t;

int out_add(out_t *out, const char *key, const char *name, size_t start, unsigned flags, uint32_t tokens);
void out_fail(out_t *out, int err, const char *syscall, const char *dir, const char *name);
void out_oom(out_t *out);
int task_add_kid(task_t *t, const char *path, const char *key);
void task_free(task_t *t);

/* A document of the merged result (walk-napi.c), for walk-consolidated.c. */
typedef struct {
  const char *key, *bytes;
  size_t key_len, len;
  unsigned flags;
} doc_ref_t;

/* The v2 consolidated document of `docs` (walk order) into `out` and, in `order`, the documents' indexes in
   key order; 0 unless every document is JC_CANONICAL (or memory runs out). */
int consolidated_v2(const doc_ref_t *docs, size_t n, buf_t *out, uint32_t *order);

/* A thread's scratch space for folder listings (walk.c). */
typedef struct arena arena_t;
arena_t *arena_new(void);
void arena_free(arena_t *a);

/* Walks task `t` (a folder under `root`) into t->out; `expand`: only the folder, its child folders made kids.
   0 when it failed (the error is in t->out). */
int walk_task(const char *root, int format, arena_t *a, task_t *t, int expand);

/* Walks `root` (format 2 or 3) on up to `threads` threads (walk-tasks.c); NULL when memory runs out. */
task_t *walk_tree(const char *root, int format, int threads);

#endif
