//! Where the page's time goes while a person types in a 1 MB document: the
//! typing of bench/typing.mjs (a sentence typed at three places, then a
//! finding added and removed at each) under Chromium's sampling profiler,
//! and the functions that took the most time, by their own time and with
//! what they called, in all and per report landing; and how much the
//! page rewrote in the findings list and the reading view. Figures, not
//! assertions: `node bench/typing-profile.mjs` names what to look at; the
//! timings that count are bench/typing.mjs's.

import { runAlone, withChromium } from './chromium.mjs';
import { textOfSize } from './corpus.mjs';

const PREFIX = 'Any person who publishes false news shall be guilt';
const PLACES = [0.2, 0.5, 0.8];
/** How many functions to list, by own time and with what they called. */
const TOP = 40;

/** Own and total time (ms) of each function in a CPU profile (Profiler.stop), by "name file:line". */
function timesOf(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const own = new Map();
  const total = new Map();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    own.set(name(nodes.get(id)), (own.get(name(nodes.get(id))) ?? 0) + ms);
    // A function on the stack twice (recursion) counts once.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(name(nodes.get(at)));
    for (const key of seen) total.set(key, (total.get(key) ?? 0) + ms);
  });
  return { own, total };
}

export async function typingProfile({ browser, url, log = console.log }) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // Counts the reports the page takes up from the checker's worker.
    await page.addInitScript(() => {
      const PageWorker = window.Worker;
      window.reportsTaken = 0;
      window.Worker = class extends PageWorker {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', (e) => { if (e.data?.type === 'report') window.reportsTaken += 1; });
        }
      };
    });
    await page.goto(`${url}www/index.html`);
    await page.waitForFunction(() => document.getElementById('version')?.textContent !== '');
    let text = textOfSize(1_000_000);
    await page.evaluate((t) => {
      const box = document.getElementById('text');
      box.value = t;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await page.waitForFunction(() => document.querySelector('#reading mark') && !document.getElementById('reading').hasAttribute('aria-busy'));
    await page.waitForSelector('text-editor');
    await page.waitForTimeout(1500);
    const before = await page.evaluate(() => window.reportsTaken);
    // What the page rewrote in the findings list and the reading view: attributes changed, elements put in or taken out.
    await page.evaluate(() => {
      window.rewritten = { attributes: 0, elements: 0 };
      const count = (records) => {
        for (const r of records) {
          if (r.type === 'attributes') window.rewritten.attributes += 1;
          else window.rewritten.elements += r.addedNodes.length + r.removedNodes.length;
        }
      };
      for (const id of ['findings', 'reading']) {
        new MutationObserver(count).observe(document.getElementById(id), { subtree: true, childList: true, attributes: true });
      }
    });

    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    for (const fraction of PLACES) {
      const at = text.indexOf('Article  2  \n\nIllegal access', Math.floor(text.length * fraction));
      await page.evaluate((offset) => {
        const box = document.querySelector('text-editor');
        box.focus();
        box.setSelectionRange(offset, offset);
      }, at);
      await page.keyboard.type(PREFIX, { delay: 80 });
      text = text.slice(0, at) + PREFIX + text.slice(at);
      for (const key of ['y', 'Backspace']) {
        await page.waitForTimeout(400);
        await page.keyboard.press(key);
      }
      await page.waitForTimeout(400);
    }
    const { profile } = await cdp.send('Profiler.stop');
    const landings = await page.evaluate(() => window.reportsTaken) - before;
    const rewritten = await page.evaluate(() => window.rewritten);
    const { own, total } = timesOf(profile);
    const list = (times) => [...times].filter(([key]) => !key.startsWith('(idle)') && !key.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1]).slice(0, TOP)
      .map(([key, ms]) => `    ${ms.toFixed(1).padStart(8)} ms  ${(ms / landings).toFixed(2).padStart(6)} per landing  ${key}`).join('\n');
    log(`\nthe page's main thread while typing in a 1 MB document (${landings} reports taken up):`);
    log(`  the findings list and the reading view: ${rewritten.attributes} attributes rewritten (${(rewritten.attributes / landings).toFixed(1)} per landing), ${rewritten.elements} nodes put in or taken out`);
    log(`  by own time:\n${list(own)}`);
    log(`  with what they called:\n${list(total)}`);
  } finally {
    await context.close();
  }
}

if (runAlone(import.meta.url)) await withChromium(typingProfile);
