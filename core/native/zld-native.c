/*
 * zld's optional native accelerator for Node (an N-API module, built by core/native/build.mjs into
 * core/assets/zld-native.node; never committed). Everything here has a TypeScript fallback that runs when the
 * module is missing (no compiler, the browser, a platform without a build).
 *
 *   bloscDecode(frame: Uint8Array, into: Uint8Array, threads: number): number
 *       a whole Blosc frame decoded by Debian's c-blosc (libblosc1, the library numcodecs links) straight into
 *       `into`, which must be exactly the frame's decoded size; throws an Error whose message says what is wrong.
 *   adviseHugePages(buffer: ArrayBuffer | ArrayBufferView): boolean
 *       asks the kernel for transparent huge pages on the 2 MiB-aligned interior of a big, not yet touched
 *       buffer (what numpy does for its arrays): one page fault per 2 MiB instead of one per 4 KiB.
 *   bloscVersion(): string
 *   decodeFile(root: string, file: string, into: Uint8Array): Promise<number>
 *       a local chunk file read and decoded into `into` off the JavaScript thread (see chunk-file.c).
 *   decodeFiles(root: string, files: string[], intos: Uint8Array[]): Promise<number[]>
 *       the same for a batch of files, one after the other in one thread-pool job.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <blosc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>

#include "zld-native.h"

#define HUGE_PAGE ((uintptr_t)2 << 20)

/* the thread count and the decompression that uses it, as one step */
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;

napi_value zld_throw(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

/* The bytes of a Uint8Array argument; 0 when it is not one. */
static int uint8_bytes(napi_env env, napi_value v, uint8_t **data, size_t *length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  napi_typedarray_type type;
  void *p;
  napi_value ab;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, &p, &ab, &offset) != napi_ok || type != napi_uint8_array) return 0;
  *data = p;
  return 1;
}

/* The memory of an ArrayBuffer or any view; 0 when it is neither. */
static int any_bytes(napi_env env, napi_value v, uint8_t **data, size_t *length) {
  bool is = false;
  void *p = NULL;
  if (napi_is_arraybuffer(env, v, &is) == napi_ok && is) {
    if (napi_get_arraybuffer_info(env, v, &p, length) != napi_ok) return 0;
    *data = p;
    return 1;
  }
  if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
    napi_typedarray_type type;
    size_t n, offset;
    napi_value ab;
    if (napi_get_typedarray_info(env, v, &type, &n, &p, &ab, &offset) != napi_ok) return 0;
    static const size_t sizes[] = {1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 2};
    *length = n * ((size_t)type < sizeof sizes / sizeof *sizes ? sizes[type] : 1);
    *data = p;
    return 1;
  }
  if (napi_is_dataview(env, v, &is) == napi_ok && is) {
    napi_value ab;
    size_t offset;
    if (napi_get_dataview_info(env, v, length, &p, &ab, &offset) != napi_ok) return 0;
    *data = p;
    return 1;
  }
  return 0;
}

static napi_value blosc_decode(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) return zld_throw(env, "bloscDecode(frame, into, threads) needs a frame and a destination");
  uint8_t *src, *dst;
  size_t srclen, dstlen;
  if (!uint8_bytes(env, argv[0], &src, &srclen) || !uint8_bytes(env, argv[1], &dst, &dstlen)) return zld_throw(env, "bloscDecode: frame and destination must be Uint8Arrays");
  int32_t threads = 1;
  if (argc > 2) napi_get_value_int32(env, argv[2], &threads);
  if (threads < 1) threads = 1;
  if (threads > 16) threads = 16;

  char message[160];
  if (srclen < BLOSC_MIN_HEADER_LENGTH) {
    snprintf(message, sizeof message, "a Blosc frame needs %d header bytes, got %zu", BLOSC_MIN_HEADER_LENGTH, srclen);
    return zld_throw(env, message);
  }
  size_t nbytes = 0, cbytes = 0, blocksize = 0;
  blosc_cbuffer_sizes(src, &nbytes, &cbytes, &blocksize);
  if (cbytes != srclen) {
    snprintf(message, sizeof message, "Blosc header says %zu bytes, the chunk has %zu", cbytes, srclen);
    return zld_throw(env, message);
  }
  if (blosc_cbuffer_validate(src, srclen, &nbytes) != 0) return zld_throw(env, "Blosc header is not valid");
  if (nbytes != dstlen) {
    snprintf(message, sizeof message, "Blosc frame holds %zu bytes, %zu expected", nbytes, dstlen);
    return zld_throw(env, message);
  }
  if (nbytes == 0) {
    napi_value zero;
    napi_create_int32(env, 0, &zero);
    return zero;
  }
  /* threads pay off only for frames of several blocks */
  if (nbytes < ((size_t)1 << 20)) threads = 1;
  /* c-blosc's global context keeps its threads and block buffers between calls (a context per call would
     start threads and fault in fresh buffers every time); its global lock serializes callers on other
     threads (worker_threads share this module) */
  pthread_mutex_lock(&threads_lock);
  if (blosc_get_nthreads() != threads) blosc_set_nthreads(threads);
  int n = blosc_decompress(src, dst, dstlen);
  pthread_mutex_unlock(&threads_lock);
  if (n < 0 || (size_t)n != nbytes) {
    snprintf(message, sizeof message, "c-blosc could not decode the frame (code %d)", n);
    return zld_throw(env, message);
  }
  napi_value out;
  napi_create_int64(env, n, &out);
  return out;
}

static napi_value advise_huge_pages(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint8_t *data;
  size_t length;
  bool ok = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 1 && any_bytes(env, argv[0], &data, &length) && data) {
    uintptr_t start = ((uintptr_t)data + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)data + length) & ~(HUGE_PAGE - 1);
#ifdef MADV_HUGEPAGE
    if (end > start) ok = madvise((void *)start, end - start, MADV_HUGEPAGE) == 0;
#endif
  }
  napi_value out;
  napi_get_boolean(env, ok, &out);
  return out;
}

static napi_value blosc_version(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, BLOSC_VERSION_STRING, NAPI_AUTO_LENGTH, &out);
  return out;
}

NAPI_MODULE_INIT() {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, blosc_init);
  napi_property_descriptor props[] = {
      {"bloscDecode", NULL, blosc_decode, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adviseHugePages", NULL, advise_huge_pages, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bloscVersion", NULL, blosc_version, NULL, NULL, NULL, napi_enumerable, NULL},
      {"decodeFile", NULL, zld_decode_file, NULL, NULL, NULL, napi_enumerable, NULL},
      {"decodeFiles", NULL, zld_decode_files, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readMetadataTree", NULL, zld_read_metadata_tree, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  size_t n = sizeof props / sizeof *props;
  if (!zld_read_metadata_tree) n--; /* walk.c not linked in: the TypeScript walk runs */
  napi_define_properties(env, exports, n, props);
  return exports;
}
