//! The benchmarks' texts: the real corpus texts one after another,
//! repeated to any size, so a "1 MB document" is real treaty and law text.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../scripts/lib/config.mjs';

export const corpusDir = join(root, '..', 'shared', 'corpus');
/** Every corpus text, in file-name order. */
export const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()
  .map((f) => readFileSync(join(corpusDir, f), 'utf8'));

/** The corpus texts one after another, repeated to `bytes`. */
export function textOfSize(bytes) {
  let out = '';
  while (Buffer.byteLength(out) < bytes) out += corpus.join('\n\n') + '\n\n';
  return out.slice(0, bytes);
}
