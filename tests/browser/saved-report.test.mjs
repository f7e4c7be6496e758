//! A returning reader sees their findings at once: the app keeps the last
//! report beside the text and shows it before the checker has even loaded,
//! and the checker's new report replaces it. It is shown only for exactly
//! the text and the Wasm build that made it, and Clear removes it.
//!
//! The checker's Wasm is held back at the server while the page restores,
//! so whatever the page shows by then cannot have come from the checker.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { TIMEOUT } from './helpers.mjs';

const UN = readFileSync(join(root, '..', 'shared', 'corpus', 'un_convention_2024_abridged.txt'), 'utf8');

let app;
let expected; // the Wasm build's report of UN, in Node

before(async () => {
  const pkg = await loadPackage();
  expected = new pkg.Checker().check(UN);
  assert.ok(expected.summary.total > 1, 'the text raises several findings');
  app = await startApp();
});
after(() => app?.close());

/**
 * A page in a context of its own (nothing saved yet) with UN pasted,
 * checked and saved. `hold()` makes the page's next loads wait for the
 * checker's Wasm until `release()`.
 */
async function returningReader() {
  const context = await app.newContext();
  // The offline copy would serve the Wasm past the server (offline.test.mjs covers it).
  await context.route('**/sw.js', (route) => route.abort());
  let release = () => {};
  let held = false;
  // When (ms since the epoch) each page first showed a highlight, and when a held load asked for the Wasm.
  await context.addInitScript(() => new MutationObserver((_, observer) => {
    if (!document.querySelector('#reading mark')) return;
    observer.disconnect();
    window.highlightedAt = performance.timeOrigin + performance.now();
  }).observe(document, { childList: true, subtree: true }));
  let asked;
  let askedAt = new Promise((resolve) => { asked = resolve; });
  await context.route('**/pkg/clauselens_bg.wasm', async (route) => {
    if (held) {
      asked(Date.now());
      await new Promise((resolve) => { release = resolve; });
    }
    await route.continue();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(app.url);
  await page.getByRole('textbox', { name: 'Text to check' }).fill(UN);
  await findingsShown(page, expected.summary.total);
  await saved(page, 'current', (state) => state?.text === UN);
  return {
    page,
    hold: () => {
      held = true;
      askedAt = new Promise((resolve) => { asked = resolve; });
    },
    askedAt: () => askedAt,
    release: () => { held = false; release(); },
    close: () => context.close(),
  };
}

const findingsShown = (page, n) => page.waitForFunction((count) => document.querySelectorAll('#findings > li').length === count
  && document.querySelectorAll('#reading mark').length > 0, n);

/** What the page has saved under `key`, or undefined. */
const read = (page, key) => page.evaluate((k) => new Promise((resolve, reject) => {
  const open = indexedDB.open('clauselens');
  open.onsuccess = () => {
    const get = open.result.transaction('state').objectStore('state').get(k);
    get.onsuccess = () => {
      open.result.close();
      resolve(get.result);
    };
  };
  open.onerror = () => reject(open.error);
}), key);

/** Waits until the page has saved under `key` a record for which `test` holds (it saves in the background). */
async function saved(page, key, test) {
  for (let waited = 0; !test(await read(page, key)); waited += 100) {
    if (waited > TIMEOUT) throw new Error(`nothing the test expects was saved under '${key}'`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the page has saved a report with `n` findings (it saves when idle). */
const savedReportWith = (page, n) => saved(page, 'report', (record) => record?.report.findings.length === n);

/** Saves `report` as the page's saved report of `text`, through the page's own module. */
async function keep(page, text, report) {
  await page.evaluate(async ([t, r]) => (await import('./js/saved-report.js')).keep(t, r), [text, report]);
  await savedReportWith(page, report.findings.length);
}

/** A report with the first finding only: on screen, it cannot be mistaken for the checker's. */
const oneFinding = () => ({ ...expected, findings: expected.findings.slice(0, 1), summary: { ...expected.summary, total: 1 } });

/** Reloads with the Wasm held back; resolves once the page has restored the text, with findings or without. */
async function restoreWithoutChecker(reader) {
  reader.hold();
  await reader.page.reload();
  await reader.page.waitForFunction((text) => document.getElementById('text').value === text
    && document.getElementById('list-note').textContent !== '', UN);
  assert.equal(await reader.page.locator('#version').textContent(), '', 'the checker has not started');
}

test('the restored text shows its saved findings before the checker starts; the checker\'s report then replaces them', async () => {
  const reader = await returningReader();
  const { page } = reader;
  await savedReportWith(page, expected.findings.length);

  await keep(page, UN, oneFinding());
  await restoreWithoutChecker(reader);
  await findingsShown(page, 1);
  assert.match(await page.locator('#status-text').textContent(), /as last checked on this device/);
  // A finding opened now is explained from the saved report; its rule's own
  // text comes with the checker.
  const item = page.locator('#findings > li').first();
  await item.locator('.finding-button').click();
  const details = item.locator('.finding-details');
  await details.getByRole('heading', { name: 'Why it matters' }).waitFor();
  assert.equal(await details.getByRole('heading', { name: 'What this rule flags' }).count(), 0);

  reader.release();
  await findingsShown(page, expected.summary.total);
  await page.waitForFunction(() => /^Checked/.test(document.getElementById('status-text').textContent));
  assert.notEqual(await page.locator('#version').textContent(), '');
  await details.getByRole('heading', { name: 'What this rule flags' }).waitFor();
  await reader.close();
});

test('the checker loads its core only after the saved findings are drawn, even when the page\'s scripts come slowly', async () => {
  const reader = await returningReader();
  const { page } = reader;
  await savedReportWith(page, expected.findings.length);
  // The page's scripts (not the checker's) arrive half a second late: a
  // core loaded as soon as the worker starts would be asked for first.
  await page.route('**/pkg/build.js', async (route) => {
    await new Promise((resolve) => { setTimeout(resolve, 500); });
    await route.continue();
  });
  await restoreWithoutChecker(reader);
  await findingsShown(page, expected.summary.total);
  const highlightedAt = await page.evaluate(() => window.highlightedAt);
  assert.ok(await reader.askedAt() > highlightedAt, 'the Wasm was asked for before the saved findings were shown');
  reader.release();
  await page.waitForFunction(() => /^Checked/.test(document.getElementById('status-text').textContent));
  await reader.close();
});

test('a saved report is never shown for another text or for another build', async () => {
  const reader = await returningReader();
  const { page } = reader;

  // The report of a text one character longer than the one restored.
  await keep(page, `${UN} `, oneFinding());
  await restoreWithoutChecker(reader);
  assert.equal(await page.locator('#findings > li').count(), 0, 'no finding of another text');
  assert.equal(await page.locator('#reading mark').count(), 0);
  reader.release();
  await findingsShown(page, expected.summary.total);

  // This text's report, saved by a build other than the one the page loads.
  await keep(page, UN, oneFinding());
  await page.context().route('**/pkg/build.js', (route) => route.fulfill({
    contentType: 'text/javascript', body: "export const BUILD = 'another build';\n",
  }));
  await restoreWithoutChecker(reader);
  assert.equal(await page.locator('#findings > li').count(), 0, 'no finding saved by another build');
  reader.release();
  await findingsShown(page, expected.summary.total);
  await reader.close();
});

test('Clear removes the saved report with the text', async () => {
  const reader = await returningReader();
  const { page } = reader;
  await savedReportWith(page, expected.findings.length);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByText('Check a law before it is passed').waitFor();
  assert.equal(await read(page, 'report'), undefined, 'no report is kept after Clear');
  await reader.close();
});

test('no request left 127.0.0.1 or carried the text', () => {
  assert.deepEqual(offSite(app, app.requests), []);
  assert.deepEqual(carrying(app.requests, UN), []);
});
