//! The Necessary & Proportionate scorecard in the app, in real headless
//! Chromium with the real Wasm builds, the real rule pack and real corpus
//! texts: the tab beside the findings shows the core's verdicts (the same
//! build in Node; tests/node/compare.test.mjs shows they are the command
//! line's), its findings open in the list, it follows the text and the rule
//! pack, and the exports and the print report carry it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { readBuildConfig, root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { axeViolations, freshPage, squeeze, TIMEOUT } from './helpers.mjs';
import { BUDAPEST, POWERS } from './drafts.mjs';

const PACK = join(root, 'rules', 'secrecy.toml');
const VERDICT = { met: 'Met', 'partly-met': 'Partly met', 'not-met': 'Not met', 'not-applicable': 'Not applicable' };

let app;
let compareBuild;
let checker;

before(async () => {
  compareBuild = await loadPackage(readBuildConfig().compare);
  checker = new compareBuild.Checker();
  app = await startApp();
});
after(() => app?.close());

/** A fresh page with `text` checked and its findings listed. */
async function checked(text, name = '') {
  const page = await freshPage(app);
  await page.getByRole('textbox', { name: 'Text to check' }).fill(text);
  if (name) await page.getByRole('textbox', { name: 'Document name' }).fill(name);
  const total = checker.check(text).summary.total;
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n, total);
  return page;
}

/** Opens the scorecard tab and waits for the rows of `card`. */
async function openScorecard(page, card) {
  await page.getByRole('tab', { name: 'N&P scorecard' }).click();
  await waitForCard(page, card);
}

/** Waits until the tab shows `card`: every row's verdict and reasoning. */
function waitForCard(page, card) {
  return page.waitForFunction((rows) => {
    const shown = [...document.querySelectorAll('#scorecard tbody tr')];
    return shown.length === rows.length && rows.every((r, i) => shown[i].querySelector('.reasoning')?.textContent === r);
  }, card.principles.map((p) => p.reasoning));
}

/** The rows as a person reads them. */
const rows = (page) => page.$$eval('#scorecard tbody tr', (trs) => trs.map((tr) => ({
  principle: tr.querySelector('.principle-name').textContent,
  verdict: tr.querySelector('.verdict').textContent.replace(/^\S+\s/, ''), // after the shape
  reasoning: tr.querySelector('.reasoning').textContent,
  findings: [...tr.querySelectorAll('.bears [data-finding]')].map((b) => b.dataset.finding),
  safeguards: [...tr.querySelectorAll('.safeguards-found .passage-name')].map((s) => s.textContent),
})));

const expectedRows = (card) => card.principles.map((p) => ({
  principle: `${p.number}. ${p.name}`,
  verdict: VERDICT[p.verdict],
  reasoning: p.reasoning,
  findings: p.findings.map((f) => f.id),
  safeguards: p.safeguards.map((s) => s.name),
}));

async function download(page, name) {
  await page.locator('#export-menu > summary').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

test('the scorecard shows the 13 principles with the core\'s verdicts, reasons, findings and safeguards', async () => {
  const page = await checked(BUDAPEST);
  assert.deepEqual(app.requests.filter((r) => r.url.includes('/pkg-compare/') && !r.fromServiceWorker).map((r) => r.url), [],
    'checking alone does not fetch the compare module');
  const card = checker.scorecard(BUDAPEST);
  assert.equal(card.principles.length, 13);
  assert.ok(new Set(card.principles.map((p) => p.verdict)).size > 1, 'the Convention gets more than one verdict');
  await openScorecard(page, card);
  assert.deepEqual(await rows(page), expectedRows(card));
  assert.equal(await page.locator('#scorecard-status').textContent(),
    `Met ${card.summary.met} · partly met ${card.summary['partly-met']} · not met ${card.summary['not-met']} · not applicable ${card.summary['not-applicable']}.`);
  // The list is one click away, and the scorecard stays made.
  await page.getByRole('tab', { name: 'List' }).click();
  assert.equal(await page.getByRole('list', { name: 'Findings' }).isVisible(), true);
  await page.close();
});

test('a finding in the scorecard opens in the list, even one the filters hid', async () => {
  const page = await checked(BUDAPEST);
  const report = checker.check(BUDAPEST);
  const card = checker.scorecard(BUDAPEST);
  const principle = card.principles.find((p) => p.findings.some((f) => f.severity === 'medium'));
  const target = principle.findings.find((f) => f.severity === 'medium');
  const index = report.findings.findIndex((f) => f.id === target.id);

  // Hide medium findings first.
  await page.locator('label.sev-medium').click();
  await page.waitForFunction(() => !document.querySelector('#findings > li.sev-medium'));
  await openScorecard(page, card);
  const row = page.locator(`#scorecard tr[data-principle="${principle.number}"]`);
  const details = row.locator('details.bears');
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
  await row.locator(`[data-finding="${target.id}"]`).first().click();

  const button = page.locator(`#finding-${index}`);
  await page.waitForFunction((i) => document.getElementById(`finding-${i}`)?.getAttribute('aria-expanded') === 'true', index);
  assert.equal(await page.getByRole('tab', { name: 'List' }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('label.sev-medium input').isChecked(), true, 'the filter lets the finding show');
  assert.equal(await page.evaluate(() => document.activeElement.id), `finding-${index}`, 'focus is on the finding');
  assert.ok(squeeze(await button.textContent()).includes(squeeze(report.findings[index].message)));
  await page.close();
});

test('the scorecard follows the text and the rule pack in use', async () => {
  const page = await checked(BUDAPEST);
  await openScorecard(page, checker.scorecard(BUDAPEST));

  // New text: the open tab scores it.
  await page.getByRole('textbox', { name: 'Text to check' }).fill(POWERS);
  const card = checker.scorecard(POWERS);
  await waitForCard(page, card);
  assert.deepEqual(await rows(page), expectedRows(card));

  // A custom pack: the scorecard bears the pack's findings only.
  await page.locator('.rule-pack > summary').click();
  await page.locator('#pack-input').setInputFiles({ name: 'secrecy.toml', mimeType: 'text/plain', buffer: readFileSync(PACK) });
  await page.getByText(/Using secrecy\.toml/).waitFor();
  const custom = compareBuild.Checker.withRules(parseToml(readFileSync(PACK, 'utf8')), 'secrecy.toml').scorecard(POWERS);
  assert.notDeepEqual(expectedRows(custom), expectedRows(card), 'the pack changes the scorecard');
  await waitForCard(page, custom);
  assert.deepEqual(await rows(page), expectedRows(custom));
  await page.close();
});

test('the exports and the print report carry the scorecard', async () => {
  const name = 'Budapest Convention';
  const page = await checked(BUDAPEST, name);
  const card = checker.scorecard(BUDAPEST);

  // Made on demand: the tab was never opened.
  const json = JSON.parse(await download(page, 'JSON (.json)'));
  assert.deepEqual(json.scorecard, card);
  const md = await download(page, 'Markdown (.md)');
  assert.ok(md.includes(checker.scorecardMarkdown(BUDAPEST, name).trimEnd()), 'the core\'s scorecard section');
  assert.ok(md.indexOf('## Necessary & Proportionate scorecard') > md.indexOf('## 1. '), 'after the findings');

  await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await page.getByRole('button', { name: 'Print report' }).click();
  await page.waitForFunction(() => document.body.dataset.printed === 'yes');
  await page.emulateMedia({ media: 'print' });
  const printed = await page.$$eval('#print-report .print-scorecard tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(printed.map((cells) => cells.slice(0, 3)),
    card.principles.map((p) => [`${p.number}. ${p.name}`, `${{ met: '✓', 'partly-met': '◐', 'not-met': '✗', 'not-applicable': '–' }[p.verdict]} ${VERDICT[p.verdict]}`, p.reasoning]));
  assert.equal(await page.locator('.print-scorecard').isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  await page.close();
});

test('the tabs work from the keyboard; the scorecard passes axe', async () => {
  const page = await checked(POWERS);
  const card = checker.scorecard(POWERS);
  await page.getByRole('tab', { name: 'List' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-scorecard');
  assert.equal(await page.getByRole('tab', { name: 'N&P scorecard' }).getAttribute('aria-selected'), 'true');
  await waitForCard(page, card);
  assert.deepEqual(await axeViolations(page), []);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByRole('tab', { name: 'List' }).getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#panel-scorecard').isVisible(), false);
  await page.close();
});

test('when the scorecard\'s module cannot be fetched, the tab and the exports say so and checking goes on', async () => {
  // A context of its own, outside the request log: the failed fetch is the point here.
  const context = await app.browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/pkg-compare/**', (route) => route.abort('internetdisconnected'));
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(app.url);
  const box = page.getByRole('textbox', { name: 'Text to check' });
  await box.fill(POWERS);
  const report = checker.check(POWERS);
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n, report.summary.total);

  await page.getByRole('tab', { name: 'N&P scorecard' }).click();
  await page.getByText(/^The scorecard could not be made: The comparison and scorecard module could not be loaded/).waitFor();
  assert.equal(await page.locator('#banner').isVisible(), false, 'no "checker stopped" alarm: the checker is fine');

  const exported = JSON.parse(await download(page, 'JSON (.json)'));
  assert.match(exported.scorecard_error, /could not be loaded/);
  assert.equal(exported.findings.length, report.summary.total, 'the report goes out without it');

  // The checker still checks.
  const longer = `${POWERS}\n\nArticle  99\n\n1.   The service provider shall keep confidential the fact that the order was executed.`;
  await box.fill(longer);
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n, checker.check(longer).summary.total);
  await context.close();
});

test('no request left 127.0.0.1 or carried a scored text; no script errors', () => {
  assert.deepEqual(offSite(app, app.requests).map((r) => r.url), []);
  for (const text of [BUDAPEST, POWERS]) assert.deepEqual(carrying(app.requests, text).map((r) => `${r.method} ${r.url}`), []);
  assert.deepEqual(app.errors, []);
});
