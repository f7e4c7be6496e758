//! Start benchmark, in headless Chromium: how soon the checker is ready and
//! how soon a returning reader sees findings. Part of `node bench/browser.mjs`;
//! `node bench/start.mjs` runs it alone. Figures, not assertions: record them
//! in BENCHMARKS.md.
//!
//! It prints, with min / median / max:
//! - `new Checker()` to ready, rules included: 21 calls in one page (the
//!   benchmark page, bench/page/), and the first of them, which also
//!   compiles the Wasm code it runs.
//! - first findings on screen after navigation, for a returning reader: the
//!   app at www/index.html is opened once in a new browser context and the
//!   Budapest Convention sample (65 KB) chosen; the app keeps it, and after
//!   a pause its report, on the device. Each of 11 later visits reloads the page and
//!   times navigation to the frame that paints the first highlight, and to
//!   the frame that shows the checker's own report of this visit (its status
//!   says "Checked"): with only the browser's HTTP cache (the service worker
//!   blocked; every file revalidated, 304 Not Modified), and served by the
//!   installed service worker, interleaved so that both meet the same load.

import { runAlone, withChromium } from './chromium.mjs';

const f = (n) => n.toFixed(2);
const line = (label, s) => `${label}: min ${f(s.min)} ms, median ${f(s.median)} ms, max ${f(s.max)} ms`;

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

/**
 * A returning reader of the app at `url`; `serviceWorker` says whether the
 * app's offline copy may serve it. Resolves to `{ visit, close }`: `visit()`
 * reloads the page and resolves to `{ findings, checked, saved }`, the ms
 * from navigation to the first highlight painted and to the checker's report
 * shown, and whether the saved report was shown first.
 */
async function returningReader(browser, url, { serviceWorker }) {
  // Blocked by the context's option, not by routing its script: Playwright
  // turns the HTTP cache off in a context that routes requests.
  const context = await browser.newContext({ serviceWorkers: serviceWorker ? 'allow' : 'block' });
  // The page reports each visit through a binding: waiting with
  // waitForFunction would have Playwright evaluate its own script in the
  // page while it loads (a task of about 25 ms), which no reader has.
  let visited;
  await context.exposeFunction('benchVisited', (times) => visited?.(times));
  await context.addInitScript(() => {
    // Each in the frame that paints it.
    const when = (seen, name, then) => new MutationObserver((_, observer) => {
      if (!seen()) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        window[name] = performance.now();
        then?.();
      });
    }).observe(document, { childList: true, subtree: true, characterData: true });
    when(() => document.querySelector('#reading mark'), 'firstFindingsAt');
    when(() => /as last checked/.test(document.getElementById('status-text')?.textContent), 'savedShownAt');
    when(() => /^Checked/.test(document.getElementById('status-text')?.textContent), 'checkedAt', () => setTimeout(() => {
      window.benchVisited({ findings: window.firstFindingsAt, checked: window.checkedAt, saved: Boolean(window.savedShownAt) });
    }));
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.sample-card', { hasText: 'Budapest' }).click();
  await page.waitForFunction(() => window.checkedAt);
  if (serviceWorker) await page.evaluate(() => navigator.serviceWorker.ready);
  // The app saves the report once checks pause for 2 s and the page is idle.
  await page.waitForTimeout(3000);
  const visit = async () => {
    const times = new Promise((resolve) => { visited = resolve; });
    await page.goto(url);
    return times;
  };
  return { visit, close: () => context.close() };
}

/** Prints the start figures; `url` is the server's root (the repository). */
export async function startBenchmark({ browser, url }) {
  const page = await browser.newPage();
  await page.goto(`${url}bench/page/index.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const start = await page.evaluate(() => window.bench.start(21));
  console.log(line('new Checker() to ready (rules included)', start));
  console.log(`  the first of them, in a fresh page: ${f(start.first)} ms (Chromium compiles the Wasm code it runs on first use)`);
  await page.close();

  console.log('\nfirst findings on screen after navigation (Budapest Convention restored, warm cache):');
  const app = `${url}www/index.html`;
  const readers = {
    'HTTP cache': await returningReader(browser, app, { serviceWorker: false }),
    'service worker cache': await returningReader(browser, app, { serviceWorker: true }),
  };
  const times = Object.fromEntries(Object.keys(readers).map((name) => [name, []]));
  for (let i = 0; i < 11; i++) for (const [name, reader] of Object.entries(readers)) times[name].push(await reader.visit());
  for (const [name, reader] of Object.entries(readers)) {
    const saved = times[name].filter((t) => t.saved).length;
    console.log('  ' + line(`${name}, first highlight (the saved report in ${saved} of ${times[name].length})`, stats(times[name].map((t) => t.findings))));
    console.log('  ' + line(`${name}, the checker's report of this visit`, stats(times[name].map((t) => t.checked))));
    await reader.close();
  }
}

if (runAlone(import.meta.url)) await withChromium(startBenchmark);
