//! Compressed sizes as a browser would download them, for the size budget.

import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Size of `bytes` gzip-compressed at level 9, in bytes. */
export function gzipSize(bytes) {
  return gzipSync(bytes, { level: 9 }).length;
}

/** Raw, gzip (level 9) and brotli (quality 11) sizes of `bytes`, in bytes. */
export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSize(bytes),
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/** `123.4 kB` (1 kB = 1000 bytes, as the budget counts). */
export function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
