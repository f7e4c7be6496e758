//! The embedding demo (www/embed.html) in real headless Chromium: the
//! <clause-lens> element and the widget.html iframe both show the findings
//! the Wasm build reports for their text, honour their attributes, update
//! as a reader types, stay inside their own element, and make no request
//! beyond their own origin.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { axeViolations, TIMEOUT } from './helpers.mjs';

let app;
let checker;
let page;
const TYPED = 'A police officer may, without a warrant, intercept content data in real time.';

before(async () => {
  checker = new (await loadPackage()).Checker();
  app = await startApp();
  page = await app.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`${app.url}embed.html`);
});
after(() => app?.close());

const countIn = (scope, n) => scope.getByRole('list', { name: 'Findings' }).getByRole('listitem').nth(n - 1).waitFor()
  .then(() => scope.getByRole('list', { name: 'Findings' }).getByRole('listitem').count());

test('the <clause-lens> element shows the findings of its categories for its text, and for what a reader types', async () => {
  const element = page.locator('#demo-element');
  const only = new Set((await element.getAttribute('categories')).split(','));
  const initial = (await element.evaluate((el) => el.value));
  assert.ok(initial.includes('police officer'), 'the element starts with the text written inside it');
  const expected = checker.check(initial).findings.filter((f) => only.has(f.category));
  assert.ok(expected.length > 0);
  assert.equal(await countIn(element, expected.length), expected.length);
  const items = await element.getByRole('list', { name: 'Findings' }).getByRole('listitem').allInnerTexts();
  expected.forEach((f, i) => assert.ok(items[i].includes(f.message), `item ${i}: ${f.message}`));

  const box = element.getByRole('textbox', { name: 'Text to check' });
  await box.fill(TYPED);
  const typed = checker.check(TYPED).findings.filter((f) => only.has(f.category));
  assert.ok(typed.length > 0);
  await page.waitForFunction(({ n, message }) => {
    const items = document.querySelector('#demo-element').shadowRoot.querySelectorAll('li');
    return items.length === n && items[0].textContent.includes(message);
  }, { n: typed.length, message: typed[0].message });
  assert.equal(await element.getByRole('list', { name: 'Findings' }).getByRole('listitem').count(), typed.length);

  // Opening a finding explains it and selects its words in the text box.
  await element.getByRole('list', { name: 'Findings' }).getByRole('button').first().click();
  const selected = await box.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, typed[0].text);
});

test('the iframe widget shows the findings of its sample text in its theme', async () => {
  const frame = page.frameLocator('#demo-frame');
  const src = new URL(await page.locator('#demo-frame').getAttribute('src'), app.url);
  const sample = readFileSync(join(root, 'www', 'samples', src.searchParams.get('sample')), 'utf8');
  const expected = checker.check(sample);
  assert.ok(expected.summary.total > 0);
  assert.equal(await countIn(frame, expected.summary.total), expected.summary.total);
  assert.equal(await frame.locator('clause-lens').getAttribute('theme'), src.searchParams.get('theme'));
});

test('the widget changes nothing outside its element and passes axe', async () => {
  // The host page's light DOM is exactly what embed.html says: no node added or styled by the widget.
  const served = readFileSync(join(root, 'www', 'embed.html'), 'utf8');
  const same = await page.evaluate((html) => {
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    const shape = (doc) => [...doc.body.querySelectorAll('*')].map((e) => e.tagName).join(',');
    return shape(parsed) === shape(document);
  }, served);
  assert.ok(same, 'the host page keeps its own elements');
  assert.deepEqual(await axeViolations(page), []);
});

test('the embed demo made no request beyond its origin and none carried text', () => {
  assert.deepEqual(offSite(app, app.requests).map((r) => r.url), []);
  assert.deepEqual(carrying(app.requests, TYPED).map((r) => r.url), []);
  assert.deepEqual(app.errors, []);
});
