/* Shared between the parts of zld's native module (see zld-native.c). */
#ifndef ZLD_NATIVE_H
#define ZLD_NATIVE_H
#include <node_api.h>

/* Throws a JavaScript Error with this message; returns NULL for `return zld_throw(...)`. */
napi_value zld_throw(napi_env env, const char *message);

/* readMetadataTree(root, format): see walk.c (weak: the module is complete without it). */
__attribute__((weak)) napi_value zld_read_metadata_tree(napi_env env, napi_callback_info info);

/* decodeFile(root, file, into): see chunk-file.c. */
napi_value zld_decode_file(napi_env env, napi_callback_info info);
/* decodeFiles(root, files, intos): see chunk-file.c. */
napi_value zld_decode_files(napi_env env, napi_callback_info info);

#endif
