/*
 * decodeFile(root, file, into): Promise<number> -- a Blosc chunk file of a local store read and decoded straight
 * into `into` on a libuv thread-pool thread, so the JavaScript thread stays free and several chunks decode at
 * once on several cores (c-blosc with one thread per chunk, its thread-safe context API).
 *
 * `file` must lie inside `root` once symlinks are resolved (the same rule as FileStore): otherwise the promise
 * rejects with code ZLD_OUTSIDE. Resolves -1 when the file (or a folder on its way) does not exist, or is a
 * folder; the decoded size otherwise. Other failures reject with an Error whose `code` is the errno name (EACCES,
 * EIO, ...), ZLD_TRUNCATED (message: "<n> bytes, its Blosc header says <m>") or ZLD_BAD_FRAME, and whose message
 * says what is wrong; nothing here can crash the process on a bad file.
 */
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <node_api.h>
#include <blosc.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zld-native.h"

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref into_ref;
  char *root;
  char *file;
  uint8_t *dst;
  size_t dstlen;
  int64_t result;
  const char *code; /* NULL: success */
  char message[PATH_MAX + 160];
} job_t;

/* Each thread-pool thread keeps the buffer it reads frames into (no fresh memory, so no page faults, per chunk). */
static __thread uint8_t *frame_buf;
static __thread size_t frame_cap;
/* Frames bigger than this are read into a buffer of their own, freed afterwards. */
#define KEEP_MAX ((size_t)64 << 20)

static void fail(job_t *job, const char *code, const char *fmt, const char *arg) {
  job->code = code;
  snprintf(job->message, sizeof job->message, fmt, arg);
}

static void fail_errno(job_t *job, int err, const char *what) {
  const char *name = err == EACCES ? "EACCES" : err == EPERM ? "EPERM" : err == EIO ? "EIO" : err == ELOOP ? "ELOOP" : err == EMFILE ? "EMFILE" : err == ENAMETOOLONG ? "ENAMETOOLONG" : "EIO";
  job->code = name;
  snprintf(job->message, sizeof job->message, "%s: %s", what, strerror(err));
}

/* Whether the real path `real` is `root` or lies under it. */
static int inside(const char *real, const char *root) {
  size_t rl = strlen(root);
  return strcmp(real, root) == 0 || (strncmp(real, root, rl) == 0 && real[rl] == '/');
}

/* The file's first `len` bytes into `buf` (*got: fewer at its end); 0 with the job failed on a read error. */
static int read_all(job_t *job, int fd, uint8_t *buf, size_t len, size_t *got) {
  size_t n = 0;
  while (n < len) {
    ssize_t r = pread(fd, buf + n, len - n, (off_t)n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      fail_errno(job, errno, "cannot read the chunk");
      return 0;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  *got = n;
  return 1;
}

/* The checks of a frame's header (its first 16 bytes; `n`: the frame's size) before anything is decoded; 0 with
   the job failed when one fails. */
static int frame_ok(job_t *job, const uint8_t *frame, size_t n, size_t *nbytes) {
  size_t cbytes = 0, blocksize = 0;
  char detail[96];
  if (n < BLOSC_MIN_HEADER_LENGTH) {
    snprintf(detail, sizeof detail, "%zu bytes, its Blosc header says at least 16", n);
    fail(job, "ZLD_TRUNCATED", "%s", detail);
    return 0;
  }
  blosc_cbuffer_sizes(frame, nbytes, &cbytes, &blocksize);
  if (cbytes != n) {
    snprintf(detail, sizeof detail, "%zu bytes, its Blosc header says %zu", n, cbytes);
    fail(job, "ZLD_TRUNCATED", "%s", detail);
  } else if (blosc_cbuffer_validate(frame, n, nbytes) != 0) {
    fail(job, "ZLD_BAD_FRAME", "%s", "Blosc header is not valid");
  } else if (*nbytes != job->dstlen) {
    snprintf(detail, sizeof detail, "Blosc frame holds %zu bytes, %zu expected", *nbytes, job->dstlen);
    fail(job, "ZLD_BAD_FRAME", "%s", detail);
  } else {
    return 1;
  }
  return 0;
}

static void run(job_t *job) {
  char real[PATH_MAX];
  if (!realpath(job->file, real)) {
    if (errno == ENOENT || errno == ENOTDIR) job->result = -1;
    else fail_errno(job, errno, "cannot resolve the chunk's path");
    return;
  }
  if (!inside(real, job->root)) {
    fail(job, "ZLD_OUTSIDE", "%s", real);
    return;
  }
  /* O_NONBLOCK: a named pipe in a chunk's place would block open() (and this thread-pool thread) until a writer
     comes; non-blocking, it opens at once and is refused below as not a regular file */
  int fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) job->result = -1;
    else fail_errno(job, errno, "cannot open the chunk");
    return;
  }
  struct stat st;
  uint8_t *own = NULL;
  /* a folder on the way may have been swapped for a symlink since realpath: what was opened must be inside too */
  char opened[PATH_MAX], link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t ol = readlink(link, opened, sizeof opened - 1);
  if (ol < 0) {
    fail_errno(job, errno, "cannot check the chunk's path");
    goto done;
  }
  opened[ol] = 0;
  if (!inside(opened, job->root)) {
    fail(job, "ZLD_OUTSIDE", "%s", opened);
    goto done;
  }
  if (fstat(fd, &st) != 0) {
    fail_errno(job, errno, "cannot stat the chunk");
    goto done;
  }
  if (S_ISDIR(st.st_mode)) {
    job->result = -1;
    goto done;
  }
  size_t size = (size_t)st.st_size;
  if (!S_ISREG(st.st_mode)) {
    fail(job, "EINVAL", "%s", "not a regular file");
    goto done;
  }
  /* the header first: nothing of a file its own header refuses is read, nor more than a frame can need */
  uint8_t header[BLOSC_MIN_HEADER_LENGTH];
  size_t nbytes = 0, h;
  if (!read_all(job, fd, header, sizeof header, &h)) goto done;
  if (h < sizeof header) size = h; /* shrunk meanwhile */
  if (!frame_ok(job, header, size, &nbytes)) goto done;
  if (size > job->dstlen + BLOSC_MAX_OVERHEAD) {
    char detail[96];
    snprintf(detail, sizeof detail, "Blosc frame of %zu bytes cannot hold %zu bytes (at most %d more)", size, job->dstlen, BLOSC_MAX_OVERHEAD);
    fail(job, "ZLD_BAD_FRAME", "%s", detail);
    goto done;
  }
  uint8_t *buf;
  if (size <= KEEP_MAX) {
    if (frame_cap < size) {
      uint8_t *grown = realloc(frame_buf, size + (size >> 6));
      if (!grown) {
        fail(job, "ENOMEM", "%s", "out of memory for the chunk's bytes");
        goto done;
      }
      frame_buf = grown;
      frame_cap = size + (size >> 6);
    }
    buf = frame_buf;
  } else {
    buf = own = malloc(size);
    if (!own) {
      fail(job, "ENOMEM", "%s", "out of memory for the chunk's bytes");
      goto done;
    }
  }
  size_t n;
  if (!read_all(job, fd, buf, size, &n)) goto done;
  /* checked again on what was read (the file may have changed since its header was read) */
  if (frame_ok(job, buf, n, &nbytes)) {
    int d = nbytes ? blosc_decompress_ctx(buf, job->dst, job->dstlen, 1) : 0;
    if (d < 0 || (size_t)d != nbytes) {
      char detail[96];
      snprintf(detail, sizeof detail, "c-blosc could not decode the frame (code %d)", d);
      fail(job, "ZLD_BAD_FRAME", "%s", detail);
    } else job->result = d;
  }
done:
  free(own);
  close(fd);
}

/* The job's outcome: its result as a JavaScript number, or (with *failed set) an Error to throw or reject with. */
static napi_value outcome(napi_env env, job_t *job, bool *failed) {
  napi_value value;
  *failed = job->code != NULL;
  if (*failed) {
    napi_value code, message;
    napi_create_string_utf8(env, job->code, NAPI_AUTO_LENGTH, &code);
    napi_create_string_utf8(env, job->message, NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, code, message, &value);
  } else {
    napi_create_int64(env, job->result, &value);
  }
  return value;
}

static void execute(napi_env env, void *data) {
  (void)env;
  run((job_t *)data);
}

static void complete(napi_env env, napi_status status, void *data) {
  job_t *job = data;
  if (status != napi_ok) {
    job->code = "ZLD_CANCELLED";
    snprintf(job->message, sizeof job->message, "decoding was cancelled");
  }
  bool failed;
  napi_value value = outcome(env, job, &failed);
  if (failed) napi_reject_deferred(env, job->deferred, value);
  else napi_resolve_deferred(env, job->deferred, value);
  napi_delete_reference(env, job->into_ref);
  napi_delete_async_work(env, job->work);
  free(job->root);
  free(job->file);
  free(job);
}

static char *string_arg(napi_env env, napi_value v) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok || len >= PATH_MAX) return NULL;
  char *s = malloc(len + 1);
  if (s) napi_get_value_string_utf8(env, v, s, len + 1, &len);
  return s;
}

/* The arguments of decodeFile as a job; NULL (with a pending exception) when they are wrong. */
static job_t *job_from(napi_env env, napi_callback_info info, napi_value *into) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3) {
    zld_throw(env, "decodeFile(root, file, into) needs three arguments");
    return NULL;
  }
  bool is = false;
  napi_typedarray_type type;
  size_t length, offset;
  void *p;
  napi_value ab;
  if (napi_is_typedarray(env, argv[2], &is) != napi_ok || !is || napi_get_typedarray_info(env, argv[2], &type, &length, &p, &ab, &offset) != napi_ok || type != napi_uint8_array) {
    zld_throw(env, "decodeFile: the destination must be a Uint8Array");
    return NULL;
  }
  job_t *job = calloc(1, sizeof *job);
  if (!job) {
    zld_throw(env, "decodeFile: out of memory");
    return NULL;
  }
  job->root = string_arg(env, argv[0]);
  job->file = string_arg(env, argv[1]);
  if (!job->root || !job->file) {
    free(job->root);
    free(job->file);
    free(job);
    zld_throw(env, "decodeFile: root and file must be paths (strings shorter than PATH_MAX)");
    return NULL;
  }
  job->dst = p;
  job->dstlen = length;
  *into = argv[2];
  return job;
}

napi_value zld_decode_file(napi_env env, napi_callback_info info) {
  napi_value into;
  job_t *job = job_from(env, info, &into);
  if (!job) return NULL;
  napi_value promise, name;
  napi_create_reference(env, into, 1, &job->into_ref); /* the destination stays alive while we write it */
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_string_utf8(env, "zld:decodeFile", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

/*
 * decodeFiles(root, files, intos): Promise<number[]> -- several chunk files decoded one after the other in ONE
 * thread-pool job (one trip to the pool for a whole batch instead of one per chunk). Each result is as for
 * decodeFile (-1: missing). The first failure rejects with its Error, whose `index` says which file failed.
 */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref intos_ref;
  size_t n;
  job_t *jobs;
  size_t failed; /* index of the first failure, or n */
} batch_t;

static void batch_execute(napi_env env, void *data) {
  (void)env;
  batch_t *b = data;
  for (size_t i = 0; i < b->n; i++) {
    run(&b->jobs[i]);
    if (b->jobs[i].code) {
      b->failed = i;
      return;
    }
  }
}

static void batch_free(batch_t *b) {
  for (size_t i = 0; i < b->n; i++) {
    free(b->jobs[i].root);
    free(b->jobs[i].file);
  }
  free(b->jobs);
  free(b);
}

static void batch_complete(napi_env env, napi_status status, void *data) {
  batch_t *b = data;
  napi_value value;
  if (status != napi_ok && b->failed == b->n && b->n > 0) {
    b->failed = 0;
    b->jobs[0].code = "ZLD_CANCELLED";
    snprintf(b->jobs[0].message, sizeof b->jobs[0].message, "decoding was cancelled");
  }
  if (b->failed < b->n) {
    bool failed;
    value = outcome(env, &b->jobs[b->failed], &failed);
    napi_value index;
    napi_create_int64(env, (int64_t)b->failed, &index);
    napi_set_named_property(env, value, "index", index);
    napi_reject_deferred(env, b->deferred, value);
  } else {
    napi_create_array_with_length(env, b->n, &value);
    for (size_t i = 0; i < b->n; i++) {
      napi_value r;
      napi_create_int64(env, b->jobs[i].result, &r);
      napi_set_element(env, value, (uint32_t)i, r);
    }
    napi_resolve_deferred(env, b->deferred, value);
  }
  napi_delete_reference(env, b->intos_ref);
  napi_delete_async_work(env, b->work);
  batch_free(b);
}

napi_value zld_decode_files(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  bool is_files = false, is_intos = false;
  uint32_t n = 0, m = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 || napi_is_array(env, argv[1], &is_files) != napi_ok ||
      napi_is_array(env, argv[2], &is_intos) != napi_ok || !is_files || !is_intos || napi_get_array_length(env, argv[1], &n) != napi_ok ||
      napi_get_array_length(env, argv[2], &m) != napi_ok || n != m) {
    return zld_throw(env, "decodeFiles(root, files, intos) needs a root and two arrays of the same length");
  }
  batch_t *b = calloc(1, sizeof *b);
  if (!b || !(b->jobs = calloc(n ? n : 1, sizeof *b->jobs))) {
    free(b);
    return zld_throw(env, "decodeFiles: out of memory");
  }
  b->n = n;
  b->failed = n;
  for (uint32_t i = 0; i < n; i++) {
    napi_value file, into;
    napi_get_element(env, argv[1], i, &file);
    napi_get_element(env, argv[2], i, &into);
    job_t *job = &b->jobs[i];
    bool is = false;
    napi_typedarray_type type;
    size_t length, offset;
    void *p;
    napi_value ab;
    if (napi_is_typedarray(env, into, &is) != napi_ok || !is || napi_get_typedarray_info(env, into, &type, &length, &p, &ab, &offset) != napi_ok ||
        type != napi_uint8_array) {
      batch_free(b);
      return zld_throw(env, "decodeFiles: every destination must be a Uint8Array");
    }
    job->root = string_arg(env, argv[0]);
    job->file = string_arg(env, file);
    if (!job->root || !job->file) {
      batch_free(b);
      return zld_throw(env, "decodeFiles: root and files must be paths (strings shorter than PATH_MAX)");
    }
    job->dst = p;
    job->dstlen = length;
  }
  napi_value promise, name;
  napi_create_reference(env, argv[2], 1, &b->intos_ref); /* the destinations stay alive while we write them */
  napi_create_promise(env, &b->deferred, &promise);
  napi_create_string_utf8(env, "zld:decodeFiles", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, batch_execute, batch_complete, b, &b->work);
  napi_queue_async_work(env, b->work);
  return promise;
}
