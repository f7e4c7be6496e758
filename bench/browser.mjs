//! Browser benchmark: `node bench/browser.mjs` (after `bash scripts/build-wasm`
//! and `node scripts/copy-vendor.mjs`) prints, from headless Chromium, the
//! start time of the checker, the time from navigation to the first findings
//! on screen, a full check of a 1 MB document in Wasm beside a
//! plain-JavaScript checker that runs the same rule patterns, Wasm memory for
//! 0.1, 1 and 10 MB (in a fresh checker, and in one that has checked the
//! corpus: the constant and what grows with the input), the compare build (loading it, comparing two texts, a
//! scorecard), the download sizes, and typing in a 1 MB document in the app
//! (bench/typing.mjs). Figures, not assertions: record them in BENCHMARKS.md.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/server.mjs';
import { root } from '../scripts/lib/config.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/harness.mjs';
import { corpus, corpusDir, textOfSize } from './corpus.mjs';
import { typingBenchmark } from './typing.mjs';


const f = (n, digits = 1) => n.toFixed(digits);
const line = (label, s) => `${label}: min ${f(s.min, 2)} ms, median ${f(s.median, 2)} ms, max ${f(s.max, 2)} ms`;

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

/**
 * Navigation to the first highlight painted in the reading view, for a
 * returning reader: the Budapest Convention sample (65 KB) was opened on the
 * first visit, so the app restores it from this device and checks it at
 * once. Every later visit has a warm cache: the browser's HTTP cache (the
 * server answers each request with 304 Not Modified) or, `serviceWorker`
 * set, the app's offline copy. Resolves to `{ visit, close }`: `visit()`
 * makes one more visit and resolves to its time in ms.
 */
async function returningReader(browser, url, { serviceWorker }) {
  const context = await browser.newContext();
  if (!serviceWorker) await context.route('**/sw.js', (route) => route.abort());
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('#reading mark')) return;
      observer.disconnect();
      // The frame that paints the highlight.
      requestAnimationFrame(() => { window.firstFindingsAt = performance.now(); });
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.sample-card', { hasText: 'Budapest' }).click();
  await page.waitForFunction(() => window.firstFindingsAt);
  if (serviceWorker) await page.evaluate(() => navigator.serviceWorker.ready);
  const visit = async () => {
    await page.goto(url);
    return (await page.waitForFunction(() => window.firstFindingsAt)).jsonValue();
  };
  return { visit, close: () => context.close() };
}

// Without the precache manifest the service worker cannot install.
if (!existsSync(join(root, 'www', 'precache-manifest.js'))) {
  console.error('bench: run `node scripts/copy-vendor.mjs` first (the app needs its vendored files and precache manifest)');
  process.exit(1);
}

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
  console.log(`  the first of them, in a fresh page: ${f(start.first, 2)} ms (Chromium compiles the Wasm code it runs on first use)`);
  await page.close();

  console.log('\nfirst findings on screen after navigation (Budapest Convention restored, warm cache):');
  const app = `${server.url}www/index.html`;
  const readers = { 'HTTP cache': await returningReader(browser, app, { serviceWorker: false }),
    'service worker cache': await returningReader(browser, app, { serviceWorker: true }) };
  const times = Object.fromEntries(Object.keys(readers).map((name) => [name, []]));
  // Interleaved, so that both meet the same load on the machine.
  for (let i = 0; i < 11; i++) for (const [name, reader] of Object.entries(readers)) times[name].push(await reader.visit());
  for (const [name, reader] of Object.entries(readers)) {
    console.log('  ' + line(name, stats(times[name])));
    await reader.close();
  }

  page = await fresh();

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

  await typingBenchmark({ browser, url: server.url, text: oneMb });
} finally {
  await browser.close();
  await server.close();
}
