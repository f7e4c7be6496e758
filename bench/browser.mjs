//! Browser benchmark: `node bench/browser.mjs` (after `bash scripts/build-wasm`)
//! prints, from headless Chromium, the start time of the checker, a full
//! check of a 1 MB document in Wasm beside a plain-JavaScript checker that
//! runs the same rule patterns, Wasm memory for 0.1, 1 and 10 MB (in a
//! fresh checker, and in one that has checked the corpus: the constant and
//! what grows with the input), and the download sizes. Figures, not
//! assertions: record them in BENCHMARKS.md.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { root } from '../scripts/lib/config.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/harness.mjs';

const corpusDir = join(root, '..', 'shared', 'corpus');
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()
  .map((f) => readFileSync(join(corpusDir, f), 'utf8'));

/** The corpus texts one after another, repeated to `bytes`. */
function textOfSize(bytes) {
  let out = '';
  while (Buffer.byteLength(out) < bytes) out += corpus.join('\n\n') + '\n\n';
  return out.slice(0, bytes);
}

const f = (n, digits = 1) => n.toFixed(digits);
const line = (label, s) => `${label}: min ${f(s.min, 2)} ms, median ${f(s.median, 2)} ms, max ${f(s.max, 2)} ms`;

const server = await startServer({ dir: root, port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const fresh = async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}bench/page/index.html`);
    await page.waitForFunction(() => window.benchReady === true);
    return page;
  };
  console.log(`Chromium ${browser.version()}, ${new Date().toISOString().slice(0, 10)}`);

  let page = await fresh();
  const start = await page.evaluate(() => window.bench.start(21));
  console.log(line('new Checker() to ready (rules included)', start));

  const oneMb = textOfSize(1_000_000);
  const cmp = await page.evaluate(([t]) => window.bench.compare(t, 11), [oneMb]);
  console.log(`\n1 MB document, ${cmp.patterns} patterns, ${cmp.findings} findings, ${cmp.matches} raw pattern matches in JS:`);
  console.log('  ' + line('Wasm full check (segmentation, rules, safeguards, report)', cmp.wasm));
  console.log('  ' + line('plain JS RegExp loop (same patterns, gi)', cmp.js));
  console.log(`  ratio (JS median / Wasm median): ${f(cmp.js.median / cmp.wasm.median, 2)}x`);
  await page.close();

  const scale = [['0.1 MB', 100_000], ['1 MB', 1_000_000], ['10 MB', 10_000_000]];
  console.log('\nscale (fresh page each; Wasm linear memory before and after one check):');
  for (const [label, size] of scale) {
    page = await fresh();
    const text = textOfSize(size);
    const m = await page.evaluate(([t]) => window.bench.memory(t), [text]);
    const grown = m.after - m.before;
    console.log(`  ${label.padStart(6)}: check ${f(m.ms)} ms, memory ${f(m.before / 1e6)} -> ${f(m.after / 1e6)} MB (grew ${f(grown / 1e6)} MB, ${f(grown / size, 2)}x input)`);
    await page.close();
  }

  // The same after a warm-up on every corpus text: what the checker then
  // holds (patterns compiled, DFA caches filled) is the constant; what one
  // check adds on top is what grows with the input.
  console.log('\nscale after checking each corpus text once (fresh page each):');
  for (const [label, size] of scale) {
    page = await fresh();
    const text = textOfSize(size);
    const m = await page.evaluate(([t, warmUp]) => window.bench.memory(t, warmUp), [text, corpus]);
    const grown = m.after - m.warm;
    console.log(`  ${label.padStart(6)}: check ${f(m.ms)} ms, memory ${f(m.before / 1e6)} -> ${f(m.warm / 1e6)} (constant, ${f((m.warm - m.before) / 1e6)} MB) -> ${f(m.after / 1e6)} MB (grew ${f(grown / 1e6)} MB, ${f(grown / size, 2)}x input)`);
    await page.close();
  }

  console.log('\ndownload sizes (bytes: raw / gzip / brotli):');
  const sizes = (file) => {
    const data = readFileSync(file);
    return [data.length, gzipSync(data, { level: 9 }).length,
      brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  };
  const pkg = join(root, 'www', 'pkg');
  for (const file of ['clauselens_bg.wasm', 'clauselens.js']) {
    if (statSync(join(pkg, file), { throwIfNoEntry: false })) console.log(`  ${file}: ${sizes(join(pkg, file)).join(' / ')}`);
  }
} finally {
  await browser.close();
  await server.close();
}
