//! Browser benchmark: `node bench/browser.mjs` (after `bash scripts/build-wasm`
//! and `node scripts/copy-vendor.mjs`) prints, from headless Chromium, the
//! start time of the checker and the time from navigation to the first
//! findings on screen (bench/start.mjs), a full check of a 1 MB document in
//! Wasm beside a plain-JavaScript checker that runs the same rule patterns, Wasm memory for
//! 0.1, 1 and 10 MB (in a fresh checker, and in one that has checked the
//! corpus: the constant and what grows with the input), the compare build (loading it, comparing two texts, a
//! scorecard), the download sizes, and typing in a 1 MB document in the app
//! (bench/typing.mjs). Figures, not assertions: record them in BENCHMARKS.md.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { root } from '../scripts/lib/config.mjs';
import { withChromium } from './chromium.mjs';
import { corpus, corpusDir, textOfSize } from './corpus.mjs';
import { startBenchmark } from './start.mjs';
import { typingBenchmark } from './typing.mjs';


const f = (n, digits = 1) => n.toFixed(digits);
const line = (label, s) => `${label}: min ${f(s.min, 2)} ms, median ${f(s.median, 2)} ms, max ${f(s.max, 2)} ms`;

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

await withChromium(async ({ browser, url }) => {
  const fresh = async () => {
    const page = await browser.newPage();
    await page.goto(`${url}bench/page/index.html`);
    await page.waitForFunction(() => window.benchReady === true);
    return page;
  };

  await startBenchmark({ browser, url });

  let page = await fresh();
  const oneMb = textOfSize(1_000_000);
  const cmp = await page.evaluate(([t]) => window.bench.compare(t, 11), [oneMb]);
  console.log(`\n1 MB document, ${cmp.patterns} patterns, ${cmp.findings} findings, ${cmp.matches} raw pattern matches in JS:`);
  console.log('  ' + line('Wasm full check (segmentation, rules, safeguards, report)', cmp.wasm));
  console.log('  ' + line('plain JS RegExp loop (same patterns, gi)', cmp.js));
  console.log(`  ratio (JS median / Wasm median): ${f(cmp.js.median / cmp.wasm.median, 2)}x`);
  await page.close();

  const scales = [['0.1 MB', 100_000], ['1 MB', 1_000_000], ['10 MB', 10_000_000]];
  console.log('\nscale (fresh page each; Wasm linear memory before and after one check):');
  for (const [label, size] of scales) {
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
  for (const [label, size] of scales) {
    page = await fresh();
    const text = textOfSize(size);
    const m = await page.evaluate(([t, warmUp]) => window.bench.memory(t, warmUp), [text, corpus]);
    const grown = m.after - m.warm;
    console.log(`  ${label.padStart(6)}: check ${f(m.ms)} ms, memory ${f(m.before / 1e6)} -> ${f(m.warm / 1e6)} (constant, ${f((m.warm - m.before) / 1e6)} MB) -> ${f(m.after / 1e6)} MB (grew ${f(grown / 1e6)} MB, ${f(grown / size, 2)}x input)`);
    await page.close();
  }

  // The app checks with `recheck`, which keeps the last text, its clean
  // form, units and report for the next edit: that is held between checks.
  console.log('\nrecheck, as the app checks, after the same warm-up (fresh page each; memory above the constant):');
  for (const [label, size] of scales) {
    page = await fresh();
    const text = textOfSize(size);
    const m = await page.evaluate(([t, warmUp]) => window.bench.recheckMemory(t, warmUp), [text, corpus]);
    const x = (bytes) => `${f((bytes - m.warm) / 1e6)} MB, ${f((bytes - m.warm) / size, 2)}x`;
    console.log(`  ${label.padStart(6)}: first text ${x(m.first)}; a key in the middle (${m.partly ? 're-read around it' : 'checked whole'}, ${f(m.keyMs)} ms) ${x(m.key)}; `
      + `a key at the start (${m.whole ? 'checked whole' : 're-read around it'}, ${f(m.startMs)} ms) ${x(m.start)}`);
    await page.close();
  }

  console.log('\ncompare build (fresh page each; loaded on demand, as the app does):');
  const byName = (name) => readFileSync(join(corpusDir, name), 'utf8');
  const pairs = [
    ['Budapest Convention -> UN Convention', byName('budapest_convention_2001.txt'), byName('un_convention_2024_abridged.txt'), 11],
    ['1 MB -> the same with "judicial" replaced', oneMb, oneMb.replaceAll('judicial', 'administrative'), 3],
  ];
  for (const [label, a, b, runs] of pairs) {
    page = await fresh();
    const c = await page.evaluate(([x, y, n]) => window.bench.compareBuild(x, y, n), [a, b, runs]);
    console.log(`  ${label} (${c.changes} changes): import and start ${f(c.load)} ms`);
    console.log('    ' + line('compare', c.compare));
    console.log('    ' + line('scorecard of A', c.scorecard));
    await page.close();
  }

  console.log('\ndownload sizes (bytes: raw / gzip / brotli):');
  const sizes = (file) => {
    const data = readFileSync(file);
    return [data.length, gzipSync(data, { level: 9 }).length,
      brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  };
  for (const [dir, files] of [['pkg', ['clauselens_bg.wasm', 'clauselens.js']], ['pkg-compare', ['clauselens_compare_bg.wasm', 'clauselens_compare.js']]]) {
    for (const file of files) {
      const path = join(root, 'www', dir, file);
      if (statSync(path, { throwIfNoEntry: false })) console.log(`  ${dir}/${file}: ${sizes(path).join(' / ')}`);
    }
  }

  await typingBenchmark({ browser, url, text: oneMb });
});
