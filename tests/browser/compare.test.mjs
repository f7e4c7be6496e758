//! Comparing two texts in the app, in real headless Chromium with the real
//! Wasm builds, the real rule pack and real corpus texts (edited as drafters
//! edit: tests/browser/drafts.mjs). What the page should show is asked of
//! the same compare build in Node (tests/node/compare.test.mjs shows it
//! gives what `clauselens compare` gives), so no count is written down here.
//! Every request made is checked at the end: none leaves 127.0.0.1 and none
//! carries a text that was compared.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { readBuildConfig, root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { pdfOf } from './fixtures.mjs';
import { axeViolations, freshPage, squeeze, TIMEOUT } from './helpers.mjs';
import { BUDAPEST, POWERS, UN, renumbered, withOffence, withoutSupervision } from './drafts.mjs';

const PACK = join(root, 'rules', 'secrecy.toml');
const SAMPLES = JSON.parse(readFileSync(join(root, 'www', 'samples', 'index.json'), 'utf8'));
const sample = (file) => readFileSync(join(root, 'www', 'samples', file), 'utf8');

let app;
let compareBuild;
let checker;
/** Every text these tests compare; none may appear in any request. */
const used = [POWERS, withoutSupervision(), withOffence(), UN, renumbered(), BUDAPEST];

before(async () => {
  compareBuild = await loadPackage(readBuildConfig().compare);
  checker = new compareBuild.Checker();
  app = await startApp();
});
after(() => app?.close());

/** The compare build and the view's own script: neither is part of the first load. */
const isCompareModule = (r) => r.url.includes('/pkg-compare/') || r.url.endsWith('/js/compare.js');

/** The comparison view of a fresh page, reached as a person does: the toolbar link. */
async function openCompare() {
  const page = await freshPage(app);
  await page.getByRole('link', { name: 'Compare two texts' }).click();
  await page.getByRole('heading', { name: 'Compare two texts' }).waitFor();
  return page;
}

/** Waits until the page shows the comparison `expected` (the core's, from Node). */
async function waitForComparison(page, expected) {
  await explained(page, page.waitForFunction((n) => /^Compared/.test(document.getElementById('compare-status').textContent)
    && !document.getElementById('compare-results').hidden
    && document.querySelectorAll('li.change').length === n, expected.changes.length));
}

/** `waiting`, or on a timeout the same error with what the view showed instead. */
async function explained(page, waiting) {
  try {
    return await waiting;
  } catch (error) {
    const shown = await page.evaluate(() => ({
      status: document.getElementById('compare-status').textContent,
      changes: document.querySelectorAll('li.change').length,
      a: document.getElementById('text-a').value.length,
      b: document.getElementById('text-b').value.length,
    })).catch(() => 'the page is gone');
    error.message += `\nthe view showed: ${JSON.stringify(shown)}; page errors: ${JSON.stringify(app.errors)}`;
    throw error;
  }
}

/** Pastes A and B and waits for their comparison; returns the core's. */
async function compareOnPage(page, a, b) {
  await page.getByRole('textbox', { name: 'Text A', exact: true }).fill(a);
  await page.getByRole('textbox', { name: 'Text B', exact: true }).fill(b);
  const expected = checker.compare(a, b);
  await waitForComparison(page, expected);
  return expected;
}

/** The changes the page lists, in the terms the core uses. */
const shownChanges = (page) => page.$$eval('li.change', (items) => items.map((li) => ({
  kind: li.dataset.kind,
  rule: li.dataset.rule,
  summary: li.querySelector('.change-summary').textContent,
  removed: [...li.querySelectorAll('.safeguards-removed li')].map((x) => x.textContent),
  added: [...li.querySelectorAll('.safeguards-added li')].map((x) => x.textContent),
})));

const asShown = (changes) => changes.map((c) => ({
  kind: c.kind, rule: c.rule, summary: c.summary, removed: c.safeguards_removed, added: c.safeguards_added,
}));

/** The page groups changes by concern; the core lists them in reading order. Same set either way. */
const sorted = (list) => list.map((x) => JSON.stringify(x)).sort();

async function download(page, menu, name) {
  await page.locator(`#${menu} > summary`).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

test('a safeguard removed from Article 15 shows as removed, at its place in both texts; the module loads only now', async () => {
  const page = await freshPage(app);
  const start = app.requests.length;
  assert.deepEqual(app.requests.filter((r) => isCompareModule(r) && !r.fromServiceWorker).map((r) => r.url), [],
    'the first load fetches neither the compare build nor the view\'s script');
  await page.getByRole('link', { name: 'Compare two texts' }).click();
  // The view follows the address's hashchange, a task after the click.
  await page.waitForFunction(() => document.activeElement?.id === 'compare-heading', null, { timeout: 5000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement.id), 'compare-heading', 'focus moves to the view');
  assert.equal(await page.locator('#check-view').isVisible(), false, 'the checker is put away');

  const edited = withoutSupervision();
  const expected = await compareOnPage(page, POWERS, edited);
  const removals = expected.changes.filter((c) => c.safeguards_removed.length > 0);
  assert.ok(removals.length > 0, 'the rule pack sees the independent supervision go');
  assert.deepEqual(sorted(await shownChanges(page)), sorted(asShown(expected.changes)));
  for (const c of removals) {
    const item = page.locator('li.change').filter({ hasText: c.summary });
    assert.deepEqual(await item.locator('.safeguards-removed li').allTextContents(), c.safeguards_removed);
    const places = await item.locator('.change-places').textContent();
    assert.equal(places, `A: ${c.clause_a.location.label} · B: ${c.clause_b.location.label}`);
  }
  assert.ok(app.requests.slice(start).some((r) => isCompareModule(r) && !r.fromServiceWorker), 'the view fetched the compare module');

  // The two texts and the comparison are still there after a reload.
  await page.reload();
  await waitForComparison(page, expected);
  assert.equal(await page.getByRole('textbox', { name: 'Text B', exact: true }).inputValue(), edited);
  await page.close();
});

test('an added offence shows as new, with its words marked; the articles renumbered after it show no change', async () => {
  const page = await openCompare();
  const expected = await compareOnPage(page, POWERS, withOffence());
  const added = expected.changes.filter((c) => c.kind === 'new' && !c.clause_a && c.clause_b?.location?.label.startsWith('Article 16'));
  assert.ok(added.length > 0, 'the false-information offence raises findings of its own');
  assert.deepEqual(expected.changes.filter((c) => !added.includes(c)), [], 'renumbering Articles 16 to 21 changes nothing else');
  assert.deepEqual(sorted(await shownChanges(page)), sorted(asShown(expected.changes)));
  for (const c of added) {
    const item = page.locator('li.change').filter({ hasText: c.summary });
    assert.match(await item.locator('.change-kind').textContent(), /New in B/);
    const finding = expected.b.findings.find((f) => f.id === c.b);
    assert.equal(await item.locator('mark.flagged').textContent(), finding.text, 'the flagged words are marked');
    await item.getByText('No corresponding clause in A.', { exact: true }).waitFor();
  }
  await page.close();
});

test('renumbering every article of the UN Convention shows no change at all', async () => {
  const page = await openCompare();
  const expected = await compareOnPage(page, UN, renumbered());
  assert.equal(expected.changes.length, 0);
  assert.equal(await page.locator('li.change').count(), 0);
  await page.getByText('Nothing changed in any concern').waitFor();
  assert.match(await page.locator('#compare-headline').textContent(), new RegExp(`No change in any concern \\(${expected.a.findings.length} unchanged\\)`));
  await page.close();
});

test('a real pair from the samples: the concern filter keeps one concern, and the exports follow it', async () => {
  const page = await openCompare();
  const pair = SAMPLES.pairs.find((p) => p.a.file === 'budapest_convention_2001.txt' && p.b.file === 'un_convention_2024_abridged.txt');
  await page.locator('#pairs-menu > summary').click();
  await page.getByRole('button', { name: pair.title }).click();
  const [a, b] = [sample(pair.a.file), sample(pair.b.file)];
  const expected = checker.compare(a, b);
  await waitForComparison(page, expected);
  assert.equal(await page.getByRole('textbox', { name: 'Name of text A' }).inputValue(), pair.a.title);

  // The concern with the most changes, chosen from the keyboard.
  const counts = new Map();
  for (const c of expected.changes) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  const [category, n] = [...counts].sort((x, y) => y[1] - x[1])[0];
  assert.ok(counts.size > 1 && n < expected.changes.length, 'the pair changes several concerns');
  const select = page.getByRole('combobox', { name: 'Concern' });
  await select.focus();
  await select.selectOption(category);
  await page.waitForFunction((k) => document.querySelectorAll('li.change').length === k, n);
  assert.deepEqual(await page.locator('.change-group').evaluateAll((groups) => groups.map((g) => g.dataset.category)), [category]);
  assert.deepEqual(sorted(await shownChanges(page)), sorted(asShown(expected.changes.filter((c) => c.category === category))));

  const md = await download(page, 'compare-export-menu', 'Markdown (.md)');
  assert.match(md.name, /-vs-.*-clauselens-compare\.md$/);
  assert.equal(md.text, checker.compareMarkdown(a, b, pair.a.title, pair.b.title, [category]), 'the core\'s Markdown, filtered');
  const json = JSON.parse((await download(page, 'compare-export-menu', 'JSON (.json)')).text);
  assert.deepEqual(json.changes, expected.changes.filter((c) => c.category === category));
  assert.deepEqual(Object.keys(json.summary), [category]);
  assert.deepEqual(json.a, expected.a, 'the full report of A');

  await select.selectOption('');
  await page.waitForFunction((k) => document.querySelectorAll('li.change').length === k, expected.changes.length);
  await page.close();
});

test('changed wording is shown side by side or unified, deleted and inserted words marked for eyes and screen readers', async () => {
  const page = await openCompare();
  const expected = await compareOnPage(page, BUDAPEST, UN);
  const index = expected.changes.findIndex((c) => c.wording.some((w) => w.op === 'delete') && c.wording.some((w) => w.op === 'insert'));
  assert.ok(index >= 0, 'some clause was reworded');
  const change = expected.changes[index];
  const item = page.locator('li.change').filter({ hasText: change.summary }).first();
  const words = (ops) => squeeze(change.wording.filter((w) => ops.includes(w.op)).map((w) => w.text).join(''));
  const visible = (locator) => locator.evaluate((el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.visually-hidden').forEach((x) => x.remove());
    return copy.textContent;
  });
  assert.equal(squeeze(await visible(item.locator('.side-a .clause'))), words(['equal', 'delete']), 'A\'s clause');
  assert.equal(squeeze(await visible(item.locator('.side-b .clause'))), words(['equal', 'insert']), 'B\'s clause');
  assert.equal(squeeze((await Promise.all((await item.locator('.side-a del').all()).map(visible))).join(' ')), words(['delete']));
  assert.match(await item.locator('.side-b ins').first().textContent(), /^\[inserted: .*\]$/);

  await page.getByRole('radio', { name: 'Unified' }).check();
  await item.locator('.wording.unified').waitFor();
  assert.equal(await item.locator('.unified del').count(), change.wording.filter((w) => w.op === 'delete').length);
  assert.equal(await item.locator('.unified ins').count(), change.wording.filter((w) => w.op === 'insert').length);
  await page.close();
});

test('the comparison uses the custom rule pack the person loaded', async () => {
  const page = await freshPage(app);
  await page.locator('.rule-pack > summary').click();
  await page.locator('#pack-input').setInputFiles({ name: 'secrecy.toml', mimeType: 'text/plain', buffer: readFileSync(PACK) });
  await page.getByText(/Using secrecy\.toml/).waitFor();
  await page.getByRole('link', { name: 'Compare two texts' }).click();

  const custom = compareBuild.Checker.withRules(parseToml(readFileSync(PACK, 'utf8')), 'secrecy.toml');
  await page.getByRole('textbox', { name: 'Text A', exact: true }).fill(BUDAPEST);
  await page.getByRole('textbox', { name: 'Text B', exact: true }).fill(UN);
  const expected = custom.compare(BUDAPEST, UN);
  assert.notEqual(expected.changes.length, checker.compare(BUDAPEST, UN).changes.length, 'the pack changes the result');
  await waitForComparison(page, expected);
  assert.deepEqual(sorted(await shownChanges(page)), sorted(asShown(expected.changes)));
  assert.ok((await shownChanges(page)).every((c) => c.rule.startsWith('secrecy/')));
  await page.close();
});

test('a file opens on the side whose button was used', async () => {
  const page = await openCompare();
  await page.getByRole('textbox', { name: 'Text A', exact: true }).fill(POWERS);
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('region', { name: 'B: the later text' }).getByRole('button', { name: 'Open file…' }).click(),
  ]);
  await chooser.setFiles({ name: 'draft-bill.pdf', mimeType: 'application/pdf', buffer: await pdfOf(withoutSupervision()) });
  await page.waitForFunction(() => document.getElementById('name-b').value === 'draft-bill');
  assert.match(await page.getByRole('textbox', { name: 'Text B', exact: true }).inputValue(), /Conditions and safeguards/);
  assert.equal(await page.getByRole('textbox', { name: 'Text A', exact: true }).inputValue(), POWERS, 'A is untouched');
  await explained(page, page.locator('li.change .safeguards-removed').first().waitFor());
  await page.close();
});

test('keyboard and screen readers: labelled fields, headings, no axe violations, wide or narrow', async () => {
  const page = await openCompare();
  await compareOnPage(page, POWERS, withOffence());
  const headings = await page.locator('#compare-view').getByRole('heading').allTextContents();
  for (const heading of ['Compare two texts', 'A: the earlier text', 'B: the later text', 'What changed from A to B']) {
    assert.ok(headings.includes(heading), `heading ${heading}`);
  }
  assert.deepEqual(await axeViolations(page), [], 'side by side');
  await page.getByRole('radio', { name: 'Unified' }).check();
  assert.deepEqual(await axeViolations(page), [], 'unified');

  // The skip link leads to the changes, and the view stays.
  await page.getByRole('link', { name: 'Skip to the changes' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'compare-results-heading');
  assert.equal(await page.locator('#compare-view').isVisible(), true);

  // A phone: the texts stack, nothing runs off the side of the page.
  await page.setViewportSize({ width: 390, height: 800 });
  const boxes = await page.locator('.compare-side').evaluateAll((sides) => sides.map((s) => s.getBoundingClientRect().toJSON()));
  assert.ok(boxes[1].top >= boxes[0].bottom, 'B is below A');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  assert.deepEqual(await axeViolations(page), [], 'narrow');

  // Back to the checker, and focus with it.
  await page.getByRole('link', { name: 'Back to checking one text' }).click();
  await page.getByRole('textbox', { name: 'Text to check' }).waitFor();
  assert.equal(await page.locator('#compare-view').isVisible(), false);
  await page.close();
});

test('after one visit, comparing works with no network', async () => {
  const context = await app.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(app.url);
  // The service worker stores the app, the compare module included, once the page has settled.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.waitForFunction(async () => (await caches.keys()).length === 1
    && Boolean(await (await caches.open((await caches.keys())[0])).match(new URL('pkg-compare/clauselens_compare_bg.wasm', location.href))));
  await context.setOffline(true);
  await page.evaluate(() => { location.hash = '#compare'; });
  await page.reload();
  const pair = SAMPLES.pairs[0];
  await page.locator('#pairs-menu > summary').click();
  await page.getByRole('button', { name: pair.title }).click();
  await waitForComparison(page, checker.compare(sample(pair.a.file), sample(pair.b.file)));
  await context.close();
});

test('no request left 127.0.0.1 or carried a compared text; no script errors', () => {
  assert.deepEqual(offSite(app, app.requests).map((r) => r.url), []);
  for (const text of used) assert.deepEqual(carrying(app.requests, text).map((r) => `${r.method} ${r.url}`), []);
  assert.deepEqual(app.errors, []);
});
