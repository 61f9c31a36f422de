/*
 * The metadata walk's scheduling (the walk itself is walk.c): the top levels are expanded on the calling thread
 * until there are 16 subtrees per thread, then `threads` threads take the subtrees in turn; each writes into
 * its own task, and walk-napi.c joins them in the one-thread (depth-first) order.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "walk-out.h"

typedef struct {
  const char *root;
  int format;
  task_t **tasks;
  size_t n;
  atomic_size_t next;
} pool_t;

static void *pool_worker(void *arg) {
  pool_t *p = arg;
  arena_t *a = arena_new();
  for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;) {
    if (a) walk_task(p->root, p->format, a, p->tasks[i], 0);
    else out_oom(&p->tasks[i]->out);
  }
  arena_free(a);
  return NULL;
}

task_t *walk_tree(const char *root, int format, int threads) {
  task_t *top = calloc(1, sizeof *top);
  arena_t *a = arena_new();
  if (!top || !a || !(top->path = strdup(root)) || !(top->key = strdup(""))) {
    free(a);
    task_free(top);
    return NULL;
  }
  /* expand the top levels on this thread until there are enough subtrees to share out */
  task_t **level = malloc(sizeof *level), **next = NULL;
  size_t nlevel = 1, nnext = 0;
  if (!level) goto oom;
  level[0] = top;
  for (int depth = 0; depth < 4 && nlevel; depth++) {
    nnext = 0;
    for (size_t i = 0; i < nlevel; i++) {
      if (!walk_task(root, format, a, level[i], 1)) continue;
      nnext += level[i]->nkids;
    }
    free(next);
    next = malloc((nnext ? nnext : 1) * sizeof *next);
    if (!next) goto oom;
    nnext = 0;
    for (size_t i = 0; i < nlevel; i++)
      for (size_t k = 0; k < level[i]->nkids; k++) next[nnext++] = level[i]->kids[k];
    task_t **t = level;
    level = next;
    next = t;
    nlevel = nnext;
    if (nlevel >= (size_t)(16 * threads)) break;
  }
  /* then walk those subtrees whole, on `threads` threads taking the next one as they finish */
  pool_t p = {root, format, level, nlevel, 0};
  pthread_t ids[7];
  int started = 0;
  for (int k = 1; k < threads && k < 8 && (size_t)k < nlevel; k++)
    if (pthread_create(&ids[started], NULL, pool_worker, &p) == 0) started++;
  pool_worker(&p);
  for (int k = 0; k < started; k++) pthread_join(ids[k], NULL);
  free(level);
  free(next);
  arena_free(a);
  return top;
oom:
  free(level);
  free(next);
  arena_free(a);
  task_free(top);
  return NULL;
}
