//! Where the page's time goes while a person types in a 1 MB document: the
//! typing of bench/typing.mjs (a sentence typed at three places, then a
//! finding added and removed at each) under Chromium's sampling profiler,
//! and the functions that took the most time, by their own time and with
//! what they called, in all and per report landing; how much the page
//! rewrote in the findings list and the reading view; and what the main
//! thread's tasks of 10 ms or more were made of: their top-level steps and
//! whose code ran in them (the longest five one by one). The profile is
//! traced with the timeline (bench/trace.mjs), so samples fall in tasks.
//! Figures, not assertions: `node bench/typing-profile.mjs` names what to
//! look at; the sampler slows the page's scripts, so the timings that count
//! are bench/typing.mjs's.

import { runAlone, withChromium } from './chromium.mjs';
import { textOfSize } from './corpus.mjs';
import { LONG_TASK, SAMPLES, TIMELINE, describeTask, listed, longTasks, profileOf, readTrace, samplesOf, tasksOf } from './trace.mjs';

const PREFIX = 'Any person who publishes false news shall be guilt';
const PLACES = [0.2, 0.5, 0.8];
/** How many functions to list, by own time and with what they called. */
const TOP = 40;

/** Own and total time (ms) of each function in a CPU profile (trace.mjs profileOf), by "name file:line". */
function timesOf(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map(profile.nodes.map((n) => [n.id, n.parent]));
  // (The trace leaves out a native function's file and line.)
  const name = ({ callFrame: { functionName, url = '', lineNumber = -1 } }) => `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
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

    const pageUrl = `${url}www/index.html`;
    await browser.startTracing(page, { categories: [...TIMELINE, SAMPLES] });
    for (const fraction of PLACES) {
      const at = text.indexOf('Article  2  \n\nIllegal access', Math.floor(text.length * fraction));
      await page.evaluate((offset) => {
        console.timeStamp('bench: caret placed'); // not typing: its task is left out of the long tasks
        const box = document.querySelector('text-editor');
        box.focus();
        box.setSelectionRange(offset, offset);
        return new Promise((shown) => requestAnimationFrame(() => requestAnimationFrame(shown))); // as bench/typing.mjs
      }, at);
      await page.keyboard.type(PREFIX, { delay: 80 });
      text = text.slice(0, at) + PREFIX + text.slice(at);
      for (const key of ['y', 'Backspace']) {
        await page.waitForTimeout(400);
        await page.keyboard.press(key);
      }
      await page.waitForTimeout(400);
    }
    const { events, main } = readTrace(await browser.stopTracing(), pageUrl);
    const profile = profileOf(events, [...main][0]);
    if (!profile) throw new Error('the trace has no CPU profile of the page');
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
    const benchMark = (e) => e.name === 'TimeStamp' && e.args?.data?.message?.startsWith('bench: ');
    const typing = tasksOf(events, main, benchMark).tasks.filter((t) => t.kind !== 'bench' && t.ts >= profile.startTime);
    const samples = samplesOf(profile);
    const long = longTasks(typing, samples);
    log(`  the ${long.count} main-thread tasks of ${LONG_TASK} ms or more (${listed(long.kinds, 0)}), together (slowed by the sampler):`);
    log(`    their top-level traced steps (ms): ${listed(long.steps, 0, 10)}`);
    log(`    whose code ran (ms; "(program)" is the browser's own work, such as layout, paint or intersections): ${listed(long.sampled, 0, 12)}`);
    log(`    the longest:\n      ${[...typing].sort((a, b) => b.dur - a.dur).slice(0, 5).map((t) => describeTask(t, samples)).join(';\n      ')}`);
  } finally {
    await context.close();
  }
}

if (runAlone(import.meta.url)) await withChromium(typingProfile);
