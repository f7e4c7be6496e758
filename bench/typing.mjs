//! Typing benchmark: a person typing in a 1 MB document in the real app, in
//! headless Chromium. Part of `node bench/browser.mjs`; `node bench/typing.mjs`
//! runs it alone. Figures, not assertions: record them in BENCHMARKS.md.
//!
//! The document is the corpus repeated to 1 MB, pasted and checked. At three
//! places (20, 50 and 80% into it) the bench types the start of a new
//! sentence, "Any person who publishes false news shall be guilt", with the
//! keyboard, 80 ms a key; then, each after the page has settled, four
//! measured keystrokes:
//! - `y`, completing an offence the rules flag (a new finding),
//! - Backspace, undoing it (a finding goes),
//! - a space typed inside an existing highlight,
//! - a letter typed in a heading no rule looks at.
//!
//! It prints, with min / median / max:
//! - edit to highlights: from a measured key's keydown (its event time) to
//!   the first frame that shows the reading view's highlights computed from
//!   the text with that key in it: the frame after a change to the reading
//!   view at which the view no longer says it is updating (`aria-busy`).
//!   After each, every highlight on screen is compared with what the same
//!   Wasm build finds in Node in the edited text: each clause finding's
//!   highlight must spell exactly its words, and no other highlight may be
//!   there. Split, from the trace, at the checker's task in the worker (the
//!   first one after the key) and the page's task that received its report.
//! - key to frame: from every keydown to the first frame after its input
//!   event, when the text box shows it.
//! - longest main-thread task: from a Chromium trace of the whole typing
//!   phase, the longest task on the page's main thread between one keydown
//!   and the next (for the last key, the next second), per key; overall and
//!   by what the task did (the text box handling the key, the app's scripts,
//!   drawing a frame), and each task that took up a report from the
//!   checker (a report landing). The bench's own work is left out: placing the
//!   caret (and the frame that shows its place, before the first key), and
//!   reading the page once a key's highlights are shown (the text box's 1 MB
//!   value and every highlight, which takes Chromium 20-40 ms).
//!   The longest tasks, and all tasks of 10 ms or more together, are
//!   described by their top-level traced steps (layout, paint, the
//!   intersections `content-visibility` computes, a report message...);
//!   whose code ran in them: `node bench/typing-profile.mjs` (the CPU
//!   sampler slows the page too much to take figures with it).
//! The same keys typed into a bare 1 MB <textarea> on an empty page give the
//! floor: what the browser's own text box costs, with no app at all; and
//! into bare textareas of 100 to 500 KB, what it costs below that. (The
//! app moves a text this long out of its textarea into its editor for long
//! texts, www/js/text-box.js; the keys go there, as a person's would.)

import { runAlone, withChromium } from './chromium.mjs';
import { loadPackage } from '../scripts/lib/wasm.mjs';
import { textOfSize } from './corpus.mjs';
import { LONG_TASK, TIMELINE, describeTask, listed, longTasks, readTrace, tasksOf } from './trace.mjs';

const PREFIX = 'Any person who publishes false news shall be guilt';
const KEY_DELAY = 80;
const PLACES = [0.2, 0.5, 0.8];
const TIMEOUT = 60_000;
/** The app's text box: its editor for long texts once the text is in it, else the textarea. */
const APP_BOX = 'text-editor, #text:not([hidden])';

const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = (s) => `min ${s.min.toFixed(1)} ms, median ${s.median.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

/**
 * Where to type near `fraction` of `text`: the start of a Budapest
 * Convention article heading (the new sentence goes before it), a highlighted
 * clause of that article, and a heading no rule looks at.
 */
function placesIn(text, fraction) {
  const heading = text.indexOf('Article  2  \n\nIllegal access', Math.floor(text.length * fraction));
  const clause = text.indexOf('when committed intentionally, the access', heading) + 'when committed intentionally, the'.length;
  const plain = text.indexOf('Illegal access', heading) + 'Illegal'.length;
  if (heading < 0 || clause < heading || plain < heading) throw new Error(`no Budapest Convention Article 2 after ${fraction}`);
  return { sentence: heading, clause, plain };
}

/** Page-side probes: keydown times, the frame showing each key, the frame showing its highlights. */
function installProbe() {
  const probe = { keys: [], typed: [], reflected: [] };
  window.typingProbe = probe;
  document.addEventListener('keydown', (e) => { probe.keys.push(e.timeStamp); }, true);
  document.addEventListener('input', () => {
    const k = probe.keys.length - 1;
    requestAnimationFrame(() => { probe.typed[k] ??= performance.now(); });
  }, true);
  const reading = document.getElementById('reading');
  if (!reading) return;
  new MutationObserver(() => {
    const k = probe.keys.length - 1;
    if (k >= 0 && !reading.hasAttribute('aria-busy')) requestAnimationFrame(() => { probe.reflected[k] ??= performance.now(); });
  }).observe(reading, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** A mark the bench leaves in the trace where its own work begins (see caretAt and press). */
const benchMark = (e) => e.name === 'TimeStamp' && e.args?.data?.message?.startsWith('bench: ');

/**
 * From a Chromium trace: per keydown, the longest task on the page's main
 * thread until the next keydown (for the last, the next second; the bench
 * placing the caret or reading the page ends a key's time too), overall
 * and by kind: the text box handling the key ('key'), the app's scripts
 * ('script': timers, messages from the checker) and drawing frames
 * ('frame', with the animation-frame callbacks run for them). The longest
 * tasks and those of LONG_TASK ms or more are described by their traced
 * steps (bench/trace.mjs).
 */
function tasksPerKey(traceBuffer, pageUrl) {
  const { events, main, workers } = readTrace(traceBuffer, pageUrl);
  const { tasks, events: onMain } = tasksOf(events, main, benchMark);
  const checks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && workers.has(`${e.pid}:${e.tid}`) && e.dur > 5000)
    .sort((a, b) => a.ts - b.ts);
  const keys = onMain.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown').map((e) => e.ts);
  // The bench placing the caret (as a click would) or reading the page is not typing.
  const carets = events.filter(benchMark).map((e) => e.ts);
  // A key's time: from its keydown to the next one, or to the bench's own work.
  const windows = keys.map((at, i) => [at, Math.min(keys[i + 1] ?? at + 1e6, carets.find((c) => c > at) ?? Infinity)]);
  const within = (t, [at, until]) => t.ts + t.dur > at && t.ts < until;
  const typing = tasks.filter((t) => t.kind !== 'bench' && windows.some((w) => within(t, w)));
  const longest = (kind) => windows.map((w) => Math.max(0, ...typing.filter((t) => within(t, w) && (!kind || t.kind === kind)).map((t) => t.dur / 1000)));
  // What the longest tasks, and all the long ones together, were busy with,
  // for the reader of the figures (whose code: bench/typing-profile.mjs).
  const worst = [...typing].sort((a, b) => b.dur - a.dur).slice(0, 5).map((t) => describeTask(t));
  const long = longTasks(typing);
  if (DEBUG) {
    for (const t of typing.filter((task) => task.dur > 16_000)) {
      const k = keys.findLastIndex((at) => at <= t.ts);
      console.log(`    key ${k} +${((t.ts - keys[k]) / 1000).toFixed(1)} ms: ${describeTask(t)}`);
    }
  }
  return {
    longest: longest(), key: longest('key'), script: longest('script'), frame: longest('frame'),
    // Per key, from the checker's task in the worker that began first after
    // it (its text has the key in it): how long after the key it began,
    // how long it took, and how long after it the page had shown its report
    // (the end of the main-thread task that received it).
    check: keys.map((at) => {
      const task = checks.find((t) => t.ts > at);
      if (!task) return { start: NaN, run: NaN, shown: NaN, landing: NaN };
      const end = task.ts + task.dur;
      // The report is posted before the worker's task ends, so the page may take it up before then.
      const received = tasks.find((t) => t.ts > task.ts && t.steps.some((e) => e.name === 'HandlePostMessage'));
      return {
        start: (task.ts - at) / 1000, run: task.dur / 1000,
        shown: received ? (received.ts + received.dur - end) / 1000 : NaN, landing: received ? received.dur / 1000 : NaN,
      };
    }),
    // The page's tasks that took up a report from the checker (a message from the worker).
    landings: typing.filter((t) => t.steps.some((e) => e.name === 'HandlePostMessage')).map((t) => t.dur / 1000),
    over16: typing.filter((t) => t.dur > 16_000).length, count: typing.length, worst, long,
  };
}

/** `TYPING_DEBUG=1 node bench/typing.mjs` also lists each task over 16 ms, traced in more detail (which slows every task a little). */
const DEBUG = Boolean(process.env.TYPING_DEBUG);
const TRACE = { categories: [...TIMELINE, ...(DEBUG ? ['v8', 'blink', 'toplevel', 'disabled-by-default-v8.gc'] : [])] };

/**
 * Puts the caret at `at` in the page's text box, scrolled there as a person
 * would be, and waits for the frame that shows it: a person looks before
 * typing, and the frame that draws a place 20-80% into the text (the
 * editor lays out its new lines) is not a key's.
 */
async function caretAt(page, selector, at) {
  await page.evaluate(([sel, offset]) => {
    console.timeStamp('bench: caret placed'); // ends the last key's window in the trace
    const box = document.querySelector(sel);
    box.focus();
    box.setSelectionRange(offset, offset);
    return new Promise((shown) => requestAnimationFrame(() => requestAnimationFrame(shown)));
  }, [selector, at]);
}

/** Every clause finding's highlight spells its words, and there is no other highlight. */
async function highlightsRight(page, checker, text) {
  const report = checker.check(text);
  // Marks carry the findings' numbers; the list shows the findings in report order, so the i-th item's number is finding i's.
  const shown = await page.evaluate(() => {
    const indexOf = new Map([...document.querySelectorAll('#findings > li')].map((li, i) => [li.dataset.number, i]));
    const by = {};
    for (const mark of document.querySelectorAll('#reading mark')) {
      for (const n of mark.dataset.findings.split(' ')) {
        const i = indexOf.get(n) ?? `unlisted ${n}`;
        by[i] = (by[i] ?? '') + mark.textContent;
      }
    }
    return by;
  });
  const wanted = Object.fromEntries(report.findings.map((f, i) => [i, f]).filter(([, f]) => f.kind === 'clause').map(([i, f]) => [i, f.text]));
  const wrong = [...new Set([...Object.keys(wanted), ...Object.keys(shown)])].filter((i) => wanted[i] !== shown[i]);
  return wrong.map((i) => `finding ${i}: shown ${JSON.stringify(shown[i]?.slice(0, 60))}, found ${JSON.stringify(wanted[i]?.slice(0, 60))}`);
}

/** Smaller texts the bare textarea is timed with, around the app's switch to its editor (200 KB). */
const BARE_SIZES = [100_000, 200_000, 300_000, 500_000];

/**
 * The same keys as the app gets, typed into a bare <textarea> holding
 * `text` on an empty page, at `placeAt(text, fraction)` for each place:
 * the main thread's tasks per key (see tasksPerKey).
 */
async function bareTyping(browser, context, url, text, placeAt) {
  const bare = await context.newPage();
  const pageUrl = `${url}bench/page/textarea.html`;
  await bare.goto(pageUrl);
  await bare.evaluate((t) => { document.getElementById('text').value = t; }, text);
  await bare.waitForTimeout(1000);
  await browser.startTracing(bare, TRACE);
  let current = text;
  for (const fraction of PLACES) {
    const at = placeAt(current, fraction);
    await caretAt(bare, '#text', at);
    await bare.keyboard.type(PREFIX, { delay: KEY_DELAY });
    current = current.slice(0, at) + PREFIX + current.slice(at);
  }
  await bare.waitForTimeout(1000);
  const tasks = tasksPerKey(await browser.stopTracing(), pageUrl);
  await bare.close();
  return tasks;
}

/** Runs the benchmark with `browser` against the server at `url` (serving the repository root). */
export async function typingBenchmark({ browser, url, text = textOfSize(1_000_000), log = console.log }) {
  const pkg = await loadPackage();
  const checker = new pkg.Checker();
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const appUrl = `${url}www/index.html`;
    await page.goto(appUrl);
    await page.waitForFunction(() => document.getElementById('version')?.textContent !== '');
    // As a paste does: one input event with the whole text.
    await page.evaluate((t) => {
      const box = document.getElementById('text');
      box.value = t;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    const settled = () => page.waitForFunction(() => document.querySelector('#reading mark')
      && !document.getElementById('reading').hasAttribute('aria-busy'));
    await settled();
    await page.waitForSelector('text-editor');
    await page.waitForTimeout(1000);
    await page.evaluate(installProbe);

    let current = text;
    const measured = []; // { kind, key, ms, wrong }, then where the time went (from the trace)
    const type = async (at, keys) => {
      await caretAt(page, APP_BOX, at);
      await page.keyboard.type(keys, { delay: KEY_DELAY });
      current = current.slice(0, at) + keys + current.slice(at);
    };
    const press = async (kind, at, key) => {
      await settled();
      await caretAt(page, APP_BOX, at);
      const k = await page.evaluate(() => window.typingProbe.keys.length);
      await page.keyboard.press(key);
      current = key === 'Backspace' ? current.slice(0, at - 1) + current.slice(at) : current.slice(0, at) + key + current.slice(at);
      await page.waitForFunction((i) => window.typingProbe.reflected[i] !== undefined, k);
      const [down, shown] = await page.evaluate((i) => {
        console.timeStamp('bench: reading the page'); // the key's highlights are on screen: its window ends
        return [window.typingProbe.keys[i], window.typingProbe.reflected[i]];
      }, k);
      const value = await page.evaluate((sel) => document.querySelector(sel).value, APP_BOX);
      if (value !== current) throw new Error(`the text box differs from the text typed after ${kind}`);
      measured.push({ kind, key: k, ms: shown - down, wrong: await highlightsRight(page, checker, current) });
    };

    await browser.startTracing(page, TRACE);
    for (const fraction of PLACES) {
      const where = placesIn(current, fraction);
      await type(where.sentence, PREFIX);
      const end = where.sentence + PREFIX.length;
      await press('adds a finding', end, 'y');
      await press('removes a finding', end + 1, 'Backspace');
      const shifted = placesIn(current, fraction);
      await press('inside a highlight', shifted.clause, ' ');
      await press('elsewhere', shifted.plain, 'x');
    }
    await settled();
    const appTasks = tasksPerKey(await browser.stopTracing(), appUrl);
    for (const m of measured) Object.assign(m, appTasks.check[m.key]);
    const frames = await page.evaluate(() => window.typingProbe.keys.map((down, i) => window.typingProbe.typed[i] - down)
      .filter((d) => Number.isFinite(d)));
    await page.close();

    // The floor: the same keys in a bare <textarea> holding the same text;
    // and in smaller texts, for the size where the app moves a text from its
    // textarea into its editor (www/js/text-box.js).
    const bareTasks = await bareTyping(browser, context, url, text, (t, fraction) => placesIn(t, fraction).sentence);
    const bareBySize = [];
    for (const size of BARE_SIZES) {
      bareBySize.push([size, await bareTyping(browser, context, url, textOfSize(size), (t, fraction) => Math.floor(t.length * fraction))]);
    }

    const wrong = measured.flatMap((m) => m.wrong.map((w) => `${m.kind}: ${w}`));
    log(`\ntyping in a 1 MB document (${PLACES.length} places; ${PREFIX.length} keys typed ${KEY_DELAY} ms apart at each, then ${measured.length / PLACES.length} measured edits):`);
    log(`  edit to its highlights on screen (all ${measured.length} edits): ${ms(stats(measured.map((m) => m.ms)))}`);
    log(`    key to the checker's task in the worker starting: ${ms(stats(measured.map((m) => m.start)))}`);
    log(`    the checker's task (receiving the text, checking, sending the report): ${ms(stats(measured.map((m) => m.run)))}`);
    log(`    its end to the report shown on the page: ${ms(stats(measured.map((m) => m.shown)))}`);
    log(`    then to the next frame: ${ms(stats(measured.map((m) => m.ms - m.start - m.run - m.shown)))}`);
    log(`    the page's task taking up its report: ${ms(stats(measured.map((m) => m.landing)))}`);
    for (const kind of [...new Set(measured.map((m) => m.kind))]) {
      const these = measured.filter((m) => m.kind === kind);
      log(`    ${kind.padEnd(20)} ${ms(stats(these.map((m) => m.ms)))}; its report taken up in ${these.map((m) => m.landing.toFixed(1)).join(', ')} ms`);
    }
    log(`  highlights after each edit against the Wasm build's findings in the edited text: ${measured.length - measured.filter((m) => m.wrong.length).length} of ${measured.length} right${wrong.length ? `\n    ${wrong.slice(0, 5).join('\n    ')}` : ''}`);
    log(`  key to the frame that shows it (${frames.length} keys): ${ms(stats(frames))}`);
    log(`  longest main-thread task per key (${appTasks.longest.length} keys): ${ms(stats(appTasks.longest))}; ${appTasks.over16} of the ${appTasks.count} tasks in the keys' time over 16 ms`);
    log(`    the text box handling the key: ${ms(stats(appTasks.key))}`);
    log(`    the app's scripts (timers following the edit, a report landing): ${ms(stats(appTasks.script))}`);
    log(`    drawing a frame (with the animation-frame callbacks before it: the editor measuring): ${ms(stats(appTasks.frame))}`);
    log(`    a report landing (the page's task that took it up; ${appTasks.landings.length}): ${ms(stats(appTasks.landings))}; ${appTasks.landings.filter((d) => d > 16).length} over 16 ms`);
    log(`    longest: ${appTasks.worst.join(';\n      ')}`);
    const { long } = appTasks;
    log(`  the ${long.count} tasks of ${LONG_TASK} ms or more (${listed(long.kinds, 0)}), together:`);
    log(`    their top-level traced steps (ms): ${listed(long.steps, 0, 8)}`);
    log(`  bare 1 MB <textarea>, no app, same ${bareTasks.longest.length} keys: longest task per key ${ms(stats(bareTasks.longest))}; ${bareTasks.over16} of ${bareTasks.count} over 16 ms`);
    log(`    the text box handling the key: ${ms(stats(bareTasks.key))}`);
    log(`    drawing a frame: ${ms(stats(bareTasks.frame))}`);
    log(`    longest: ${bareTasks.worst.slice(0, 3).join(';\n      ')}`);
    for (const [size, tasks] of bareBySize) {
      log(`  bare ${size / 1000} KB <textarea>: longest task per key ${ms(stats(tasks.longest))}; ${tasks.over16} of ${tasks.count} over 16 ms`);
    }
  } finally {
    await context.close();
  }
}

if (runAlone(import.meta.url)) await withChromium(typingBenchmark);
