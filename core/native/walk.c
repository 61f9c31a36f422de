/*
 * readMetadataTree(root: string, format: 2 | 3, threads?: number): NativeMetadataTree
 *
 * zld's local metadata walk (core/src/zarr/local-metadata.ts, `readLocalMetadataTree`) in C, with the same
 * keys, bytes, order and errors: a v2 folder holding `.zarray` is an array (its `.zattrs` read, the folder never
 * listed: chunk folders can hold millions of files); other folders are listed, their `.zattrs` read when listed,
 * and descended when `.zgroup` is listed; v3: `zarr.json` read and descended only when it is a group's. Entries
 * named `.zld-tmp-*` are skipped; a symlinked folder is followed only when its real path stays inside `root`
 * and is not that of the folder holding the link or of one above it (a cycle); a document that is a symlink is
 * read only when it leads inside `root` (else missing), and only regular files are read (a pipe or device: missing);
 * a folder listed as a folder is opened without following symlinks, one reached through a symlink (or by its
 * path) is checked on what was opened: a folder swapped for a symlink meanwhile never leads the walk outside;
 * names that are not UTF-8 are skipped (the TypeScript walk cannot open them either). Folder listings are sorted
 * by bytes (libuv's scandir order, which readdirSync gives), and the result is in depth-first order.
 *
 * Why: Node's synchronous fs calls cost 3-5 us each on top of the system call, and the walk makes ~45,000 of
 * them for a 10,000-node store. Here every file is opened relative to its folder's descriptor (no full-path
 * lookups) and read with one read() into the result. Subtrees are split between `threads` threads (default:
 * 2 when the machine has 2 cores or more) and the results joined in the one-thread order.
 *
 * The result spares the garbage collector 16,000 small objects: one Buffer `data` whose first `batchLength` bytes
 * are "[" + the documents that parse as JSON objects (bare NaN/Infinity quoted, as json.ts does) joined by "," +
 * "]", except v2 `.zattrs` documents, which make a second such array of `attributesLength` bytes right after
 * (the caller may parse it later); then the bytes of every other document (and the original bytes of the ones
 * quoted). `keys` (store keys "/a/.zattrs" joined by NUL), `spans` (start and end of each document's bytes in
 * `data`), `batched` (1 or 2 when the document is an element of the first or second array, in order); v2, when
 * every document is already as encodeJson writes it: `consolidated` (the consolidated document, see
 * walk-consolidated.c) and `order`. Errors: a JavaScript Error like Node's fs errors
 * ("EACCES: permission denied, open '/path/.zattrs'", with code, errno, syscall, path); every descriptor is closed
 * on every path. This file walks; walk-napi.c builds the result and the errors.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "json-check.h"
#include "walk-out.h"

#define FIRST_READ 65536 /* local-metadata.ts reads with one 64 KiB read; a file that fills it is read whole */

/* ---- one folder's sorted listing, kept in a per-thread arena while its subtree is walked ---- */

typedef struct {
  size_t name; /* offset in the arena's names */
  unsigned char type;
} entry_t;

struct arena {
  buf_t names;
  entry_t *ents;
  size_t nents, cap;
  char dents[32768];
};

arena_t *arena_new(void) { return calloc(1, sizeof(arena_t)); }

void arena_free(arena_t *a) {
  if (!a) return;
  free(a->names.p);
  free(a->ents);
  free(a);
}

/* Whether a name is UTF-8 that Node decodes and encodes back unchanged (no overlongs, no surrogates). */
static int utf8_ok(const unsigned char *s) {
  while (*s) {
    unsigned c = *s;
    if (c < 0x80) {
      s++;
      continue;
    }
    int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
    if (n < 0 || c > 0xF4) return 0;
    unsigned cp = c & (0x3F >> n);
    for (int k = 1; k <= n; k++) {
      if ((s[k] & 0xC0) != 0x80) return 0;
      cp = cp << 6 | (s[k] & 0x3F);
    }
    if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    s += n + 1;
  }
  return 1;
}

static int by_name(const void *a, const void *b, void *names) {
  return strcmp((const char *)names + ((const entry_t *)a)->name, (const char *)names + ((const entry_t *)b)->name);
}

/* Lists folder `fd` into the arena (entries from *first on), sorted by bytes; 0 when the listing fails. */
static int list_folder(out_t *out, arena_t *a, int fd, size_t *first) {
  *first = a->nents;
  for (;;) {
    long got = syscall(SYS_getdents64, fd, a->dents, sizeof a->dents);
    if (got < 0) return 0;
    if (got == 0) break;
    for (long off = 0; off < got;) {
      struct dirent64 *d = (struct dirent64 *)(a->dents + off);
      off += d->d_reclen;
      const char *name = d->d_name;
      if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
      unsigned char type = d->d_type;
      if (type == DT_UNKNOWN) {
        /* what Node's readdirSync does for such entries: lstat, and a failure fails the listing */
        struct stat st;
        if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
      }
      if (a->nents == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        entry_t *e = realloc(a->ents, cap * sizeof *e);
        if (!e) return out_oom(out), 0;
        a->ents = e;
        a->cap = cap;
      }
      size_t len = strlen(name) + 1;
      if (!buf_reserve(&a->names, len)) return out_oom(out), 0;
      a->ents[a->nents++] = (entry_t){a->names.len, type};
      memcpy(a->names.p + a->names.len, name, len);
      a->names.len += len;
    }
  }
  qsort_r(a->ents + *first, a->nents - *first, sizeof(entry_t), by_name, a->names.p);
  return 1;
}

/* ---- reading one document ---- */

enum { MISSING = 0, FOUND = 1, FAILED = -1 };

static int inside(const char *real, const char *root) {
  size_t r = strlen(root);
  return strcmp(real, root) == 0 || (strncmp(real, root, r) == 0 && real[r] == '/');
}

#define DOC_FLAGS (O_RDONLY | O_CLOEXEC | O_NONBLOCK)

/* Whether descriptor `fd` is of a file or folder inside `root`: what was opened, whatever was swapped meanwhile. */
static int fd_inside(int fd, const char *root) {
  char link[64], real[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, real, sizeof real - 1);
  if (n < 0) return 0;
  real[n] = 0;
  return inside(real, root);
}

/* How a document's `rel` path is reached: a name in the folder, or "child/name" through a child folder that was
   listed as a folder (no symlink may be on the way: it was swapped since) or as a symlink found inside the root. */
enum { VIA_HERE, VIA_FOLDER, VIA_LINK };

/* The document `dir`/`name` (`rel` from folder `at`) when it is a symlink (openDoc in local-metadata.ts): opened
   only when it leads inside `root`, checked again on what was opened (no swap in between); -2 when outside. */
static int open_link(const char *root, int at, const char *rel, const char *dir, const char *name) {
  char full[PATH_MAX * 2], real[PATH_MAX];
  size_t dl = strlen(dir);
  if (snprintf(full, sizeof full, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name) >= (int)sizeof full || !realpath(full, real))
    return openat(at, rel, DOC_FLAGS); /* dangling or a loop: fails as it always did */
  if (!inside(real, root)) return -2;
  int f = openat(at, rel, DOC_FLAGS);
  if (f < 0) return f;
  if (!fd_inside(f, root)) return close(f), -2;
  return f;
}

static int open_doc(int at, const char *rel, int via) {
  if (via == VIA_FOLDER) {
    struct open_how how = {.flags = DOC_FLAGS, .resolve = RESOLVE_NO_SYMLINKS};
    int f = (int)syscall(SYS_openat2, at, rel, &how, sizeof how);
    if (f >= 0 || errno != ENOSYS) return f;
  }
  return openat(at, rel, DOC_FLAGS | O_NOFOLLOW);
}

/* Reads `dir`/`name` (opened as `rel` relative to folder `at`) as local-metadata.ts tryRead does; `listed`: the
   folder's listing showed it, so no existence check is owed. */
static int read_doc(const char *root, int via, out_t *out, int at, const char *rel, const char *dir, const char *name, int listed, const char *key, unsigned *flags) {
  /* O_NONBLOCK: a named pipe would block open() until a writer comes; only regular files are read (a pipe or a
     device such as /dev/zero behind a symlink reads as missing, as a folder does, in tryRead too) */
  int f = open_doc(at, rel, via);
  if (f < 0 && errno == ELOOP) f = open_link(root, at, rel, dir, name);
  else if (f >= 0 && via == VIA_LINK && !fd_inside(f, root)) f = (close(f), -2);
  if (f == -2) return MISSING;
  if (f < 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) return MISSING;
    /* tryRead asks existsSync (access F_OK) first unless listed: what it cannot see is missing */
    if (!listed && faccessat(at, rel, F_OK, 0) != 0) return MISSING;
    if (e == EISDIR) return MISSING;
    return out_fail(out, e, "open", dir, name), FAILED;
  }
  struct stat st;
  if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) return close(f), MISSING;
  size_t start = out->data.len;
  if (!buf_reserve(&out->data, FIRST_READ)) return close(f), out_oom(out), FAILED;
  ssize_t n = read(f, out->data.p + start, FIRST_READ);
  if (n < 0) {
    int e = errno;
    close(f);
    if (e == EISDIR) return MISSING;
    return out_fail(out, e, "read", dir, name), FAILED;
  }
  out->data.len += (size_t)n;
  if (n == FIRST_READ) {
    /* as big as local-metadata.ts's scratch buffer: read whole */
    for (;;) {
      if (!buf_reserve(&out->data, FIRST_READ)) return close(f), out_oom(out), FAILED;
      n = read(f, out->data.p + out->data.len, out->data.cap - out->data.len);
      if (n < 0) {
        int e = errno;
        close(f);
        return out_fail(out, e, "read", dir, name), FAILED;
      }
      if (n == 0) break;
      out->data.len += (size_t)n;
    }
  }
  close(f);
  uint32_t tokens;
  const unsigned char *doc = (const unsigned char *)out->data.p + start;
  *flags = json_check(doc, out->data.len - start, &tokens);
  if ((*flags & (JC_VALID | JC_OBJECT | JC_NONFINITE | JC_BOM)) == (JC_VALID | JC_OBJECT) && json_canonical(doc, out->data.len - start)) *flags |= JC_CANONICAL;
  if (!out_add(out, key, name, start, *flags, tokens)) return out_oom(out), FAILED;
  return FOUND;
}

/* ---- the walk ---- */

typedef struct {
  const char *root;
  int format;
  const char *real_root; /* for checks of what was opened */
} walker_t;

/* Whether the symlink `dir`/`name` leads to a folder whose real path is inside the root, and is not `dir` or a
   folder above it on the walk (a cycle: two such links in a group would make the walk exponential, a hang). */
static int link_inside(const walker_t *w, const char *dir, const char *name) {
  char full[PATH_MAX * 2], real[PATH_MAX], up_real[PATH_MAX];
  size_t dl = strlen(dir);
  if (snprintf(full, sizeof full, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name) >= (int)sizeof full) return 0;
  if (!realpath(full, real)) return 0;
  size_t r = strlen(w->root);
  if (!inside(real, w->root)) return 0;
  struct stat st;
  if (!(stat(real, &st) == 0 && S_ISDIR(st.st_mode))) return 0;
  /* `dir` and its parents up to the root (as path.dirname climbs in local-metadata.ts) */
  full[dl] = 0;
  for (size_t len = dl;;) {
    if (!realpath(full, up_real) || strcmp(up_real, real) == 0) return 0;
    if (len <= r) return 1;
    while (len > 1 && full[len - 1] != '/') len--; /* path.dirname: drop the last name and its slash */
    if (len > 1) len--;
    full[len] = 0;
  }
}

/*
 * One folder (`name` in folder `parent`, or the path `dir` itself when name is NULL): its documents into
 * `out`, then its child folders: walked into `out` too, or only made tasks of `expand` when given.
 * 0 when it failed (the error is in `out`).
 */
static int visit(const walker_t *w, arena_t *a, out_t *out, int parent, const char *name, int link, buf_t *dir, const char *key, task_t *expand) {
  unsigned flags;
  int first_doc = MISSING; /* the folder's .zarray (v2) or zarr.json (v3), read before opening the folder */
  if (name) {
    /* "name/.zarray" from the parent: an array's folder is then never opened (one lookup instead of three calls) */
    char rel[NAME_MAX * 2 + 16];
    const char *doc = w->format == 3 ? "zarr.json" : ".zarray";
    snprintf(rel, sizeof rel, "%s/%s", name, doc);
    first_doc = read_doc(w->real_root, link ? VIA_LINK : VIA_FOLDER, out, parent, rel, dir->p, doc, 0, key, &flags);
    if (first_doc == FAILED) return 0;
    if (w->format == 3 && (first_doc == MISSING || !(flags & JC_GROUP))) return 1;
    if (w->format == 2 && first_doc == FOUND) {
      /* an array: its attributes, and never a listing of its chunks */
      snprintf(rel, sizeof rel, "%s/.zattrs", name);
      return read_doc(w->real_root, link ? VIA_LINK : VIA_FOLDER, out, parent, rel, dir->p, ".zattrs", 0, key, &flags) != FAILED;
    }
  }
  /* a child listed as a folder is opened without following a symlink (one swapped in since fails: gone); one
     reached through a symlink, or by its path (a task), must turn out inside the root */
  int nofollow = name && !link ? O_NOFOLLOW : 0;
  int fd = name ? openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | nofollow) : open(dir->p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int listable = fd >= 0;
  if (fd < 0 && errno == EACCES) {
    /* searchable but not readable: its files can still be opened; its listing fails */
    fd = name ? openat(parent, name, O_PATH | O_DIRECTORY | O_CLOEXEC | nofollow) : open(dir->p, O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  if (fd < 0) return 1; /* gone or unreachable: nothing to read, as in the TypeScript walk */
  if (!nofollow && !fd_inside(fd, w->real_root)) return close(fd), 1;
  int ok = 1;
  size_t first = a->nents, names_len = a->names.len;
  if (w->format == 3) {
    if (!name) {
      int r = read_doc(w->real_root, VIA_HERE, out, fd, "zarr.json", dir->p, "zarr.json", 0, key, &flags);
      if (r == FAILED) goto fail;
      if (r == MISSING || !(flags & JC_GROUP)) goto done;
    }
    if (!listable || !list_folder(out, a, fd, &first)) goto listed;
  } else {
    int r = name ? first_doc : read_doc(w->real_root, VIA_HERE, out, fd, ".zarray", dir->p, ".zarray", 0, key, &flags);
    if (r == FAILED) goto fail;
    if (r == FOUND) {
      /* an array: its attributes, and never a listing of its chunks */
      if (read_doc(w->real_root, VIA_HERE, out, fd, ".zattrs", dir->p, ".zattrs", 0, key, &flags) == FAILED) goto fail;
      goto done;
    }
    if (!listable || !list_folder(out, a, fd, &first)) goto listed;
    int zattrs = 0, zgroup = 0;
    for (size_t i = first; i < a->nents; i++) {
      if (a->ents[i].type == DT_DIR) continue;
      const char *n = a->names.p + a->ents[i].name;
      if (strcmp(n, ".zattrs") == 0) zattrs = 1;
      else if (strcmp(n, ".zgroup") == 0) zgroup = 1;
    }
    if (zattrs && read_doc(w->real_root, VIA_HERE, out, fd, ".zattrs", dir->p, ".zattrs", 1, key, &flags) == FAILED) goto fail;
    if (!zgroup) goto done;
    if (read_doc(w->real_root, VIA_HERE, out, fd, ".zgroup", dir->p, ".zgroup", 1, key, &flags) == FAILED) goto fail;
  }
  for (size_t i = first; i < a->nents; i++) {
    const char *n = a->names.p + a->ents[i].name; /* the arena may move while a child is walked: re-read */
    if (strncmp(n, ".zld-tmp-", 9) == 0 || !utf8_ok((const unsigned char *)n)) continue;
    unsigned char type = a->ents[i].type;
    if (type != DT_DIR && !(type == DT_LNK && link_inside(w, dir->p, n))) continue;
    size_t mark = dir->len, key_len = strlen(key), name_len = strlen(n);
    char *child_key = malloc(key_len + name_len + 2);
    if (!child_key || !path_push(dir, n)) {
      free(child_key);
      out_oom(out);
      goto fail;
    }
    memcpy(child_key, key, key_len);
    child_key[key_len] = '/';
    memcpy(child_key + key_len + 1, n, name_len + 1);
    int r = expand ? task_add_kid(expand, dir->p, child_key) || (out_oom(out), 0) : visit(w, a, out, fd, n, type == DT_LNK, dir, child_key, NULL);
    free(child_key);
    path_pop(dir, mark);
    if (!r) goto fail;
  }
  goto done;
listed:
  if (out->err) goto fail; /* out of memory while listing */
  goto done;
fail:
  ok = 0;
done:
  a->nents = first;
  a->names.len = names_len;
  close(fd);
  return ok;
}

/* ---- a task: one folder's subtree, or only the folder with its child folders made tasks (`expand`) ---- */

int walk_task(const char *root, int format, arena_t *a, task_t *t, int expand) {
  char real_root[PATH_MAX];
  walker_t w = {root, format, realpath(root, real_root) ? real_root : root};
  buf_t dir = {0};
  if (!buf_append(&dir, t->path, strlen(t->path))) return out_oom(&t->out), 0;
  int ok = visit(&w, a, &t->out, -1, NULL, 0, &dir, t->key, expand ? t : NULL);
  free(dir.p);
  return ok;
}
