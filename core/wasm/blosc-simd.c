/*
 * zld's SIMD helpers for Blosc decoding, compiled to WebAssembly (wasm32 + simd128) by build.mjs:
 * byte unshuffle of one block for type sizes 2, 4 and 8 (other sizes stay in TypeScript).
 * The caller (blosc-simd.ts) owns the memory: the shuffled block at `src`, the result written at `dst`.
 * Byte shuffle (c-blosc): element i's byte j is at src[j * n + i]; unshuffle puts it back at dst[i * size + j].
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define LO8(a, b) wasm_i8x16_shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23)
#define HI8(a, b) wasm_i8x16_shuffle(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31)
#define LO16(a, b) wasm_i16x8_shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11)
#define HI16(a, b) wasm_i16x8_shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15)
#define LO32(a, b) wasm_i32x4_shuffle(a, b, 0, 4, 1, 5)
#define HI32(a, b) wasm_i32x4_shuffle(a, b, 2, 6, 3, 7)

static void tail(const uint8_t *src, uint8_t *dst, uint32_t n, uint32_t size, uint32_t from) {
  for (uint32_t i = from; i < n; i++)
    for (uint32_t j = 0; j < size; j++) dst[i * size + j] = src[j * n + i];
}

/* 16 elements of 2 bytes per step */
static void unshuffle2(const uint8_t *src, uint8_t *dst, uint32_t n) {
  uint32_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t p0 = wasm_v128_load(src + i), p1 = wasm_v128_load(src + n + i);
    wasm_v128_store(dst + 2 * i, LO8(p0, p1));
    wasm_v128_store(dst + 2 * i + 16, HI8(p0, p1));
  }
  tail(src, dst, n, 2, i);
}

/* 16 elements of 4 bytes per step */
static void unshuffle4(const uint8_t *src, uint8_t *dst, uint32_t n) {
  uint32_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t p0 = wasm_v128_load(src + i), p1 = wasm_v128_load(src + n + i);
    v128_t p2 = wasm_v128_load(src + 2 * n + i), p3 = wasm_v128_load(src + 3 * n + i);
    v128_t a0 = LO8(p0, p1), a1 = HI8(p0, p1), b0 = LO8(p2, p3), b1 = HI8(p2, p3);
    uint8_t *o = dst + 4 * i;
    wasm_v128_store(o, LO16(a0, b0));
    wasm_v128_store(o + 16, HI16(a0, b0));
    wasm_v128_store(o + 32, LO16(a1, b1));
    wasm_v128_store(o + 48, HI16(a1, b1));
  }
  tail(src, dst, n, 4, i);
}

/* 16 elements of 8 bytes per step: an 8 x 16 byte transpose in three rounds of interleaves */
static void unshuffle8(const uint8_t *src, uint8_t *dst, uint32_t n) {
  uint32_t i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t p0 = wasm_v128_load(src + i), p1 = wasm_v128_load(src + n + i);
    v128_t p2 = wasm_v128_load(src + 2 * n + i), p3 = wasm_v128_load(src + 3 * n + i);
    v128_t p4 = wasm_v128_load(src + 4 * n + i), p5 = wasm_v128_load(src + 5 * n + i);
    v128_t p6 = wasm_v128_load(src + 6 * n + i), p7 = wasm_v128_load(src + 7 * n + i);
    v128_t a0 = LO8(p0, p1), a1 = HI8(p0, p1), b0 = LO8(p2, p3), b1 = HI8(p2, p3);
    v128_t c0 = LO8(p4, p5), c1 = HI8(p4, p5), d0 = LO8(p6, p7), d1 = HI8(p6, p7);
    v128_t e0 = LO16(a0, b0), e1 = HI16(a0, b0), e2 = LO16(a1, b1), e3 = HI16(a1, b1);
    v128_t f0 = LO16(c0, d0), f1 = HI16(c0, d0), f2 = LO16(c1, d1), f3 = HI16(c1, d1);
    uint8_t *o = dst + 8 * i;
    wasm_v128_store(o, LO32(e0, f0));
    wasm_v128_store(o + 16, HI32(e0, f0));
    wasm_v128_store(o + 32, LO32(e1, f1));
    wasm_v128_store(o + 48, HI32(e1, f1));
    wasm_v128_store(o + 64, LO32(e2, f2));
    wasm_v128_store(o + 80, HI32(e2, f2));
    wasm_v128_store(o + 96, LO32(e3, f3));
    wasm_v128_store(o + 112, HI32(e3, f3));
  }
  tail(src, dst, n, 8, i);
}

/*
 * Unshuffle `bytes` bytes of elements of `size` bytes from `src` to `dst` (the bytes past the last whole
 * element are copied as they are). Returns 0 when `size` is not handled here.
 */
__attribute__((export_name("unshuffle")))
int unshuffle(const uint8_t *src, uint8_t *dst, uint32_t bytes, uint32_t size) {
  uint32_t n = bytes / size;
  if (size == 8) unshuffle8(src, dst, n);
  else if (size == 4) unshuffle4(src, dst, n);
  else if (size == 2) unshuffle2(src, dst, n);
  else return 0;
  for (uint32_t k = n * size; k < bytes; k++) dst[k] = src[k];
  return 1;
}
