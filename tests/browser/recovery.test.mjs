//! Recovery and limits. When the checker's worker dies (a Rust panic,
//! running out of memory), the page starts a new one, tells the person, and
//! keeps their text and findings; the crash is made the way a real one
//! reaches the page, an uncaught error inside the worker. A text over the
//! documented limit gets a message instead of a frozen tab.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { freshPage } from './helpers.mjs';

const TEXT = readFileSync(join(root, '..', 'shared', 'corpus', 'philippines_cybercrime_prevention_act_2012.txt'), 'utf8');

/** The text with one more section that raises findings of its own. */
const LONGER = `${TEXT}\n\nSection 32. Secrecy. — The service provider shall keep confidential the fact that the order was executed.\n`;

let app;
let expected;
let expectedLonger;

before(async () => {
  const pkg = await loadPackage();
  const checker = new pkg.Checker();
  expected = checker.check(TEXT).summary.total;
  expectedLonger = checker.check(LONGER).summary.total;
  assert.ok(expected > 0 && expectedLonger > expected, 'both texts raise findings, the longer more');
  app = await startApp();
});
after(() => app?.close());

const findingsShown = (page, n) => page.waitForFunction(
  (count) => document.querySelectorAll('#findings > li').length === count, n);

test('a crashed checker is restarted, the person is told, and the text and findings stay', async () => {
  const page = await freshPage(app);
  const box = page.getByRole('textbox', { name: 'Text to check' });
  await box.fill(TEXT);
  await findingsShown(page, expected);

  const [worker] = page.workers();
  assert.ok(worker, 'the checker runs in a worker');
  await worker.evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }, 0));

  const alert = page.getByRole('alert').filter({ hasText: 'restarted' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /text is safe/i);
  assert.equal(await box.inputValue(), TEXT, 'the text is kept');
  // A new worker checks the text again, and an edit is checked too.
  await findingsShown(page, expected);
  await box.fill(LONGER);
  await findingsShown(page, expectedLonger);
  assert.deepEqual(offSite(app, app.requests), []);
  assert.deepEqual(carrying(app.requests, TEXT.slice(0, 200)), []);
});

test('a text over the size limit gets a clear message and stays in the editor', async () => {
  const page = await freshPage(app);
  const huge = 'Article 1\nA person may keep confidential any order. '.repeat(200_000); // over 10,000,000 characters
  assert.ok(huge.length > 10_000_000);
  await page.evaluate((text) => {
    const box = document.getElementById('text');
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, huge);
  const status = page.locator('#status-text');
  await page.waitForFunction(() => /checks up to/.test(document.getElementById('status-text').textContent));
  assert.match(await status.textContent(), /Split it and check each part/);
  // Kept in the editor for long texts, which takes the keys from now on.
  await page.locator('text-editor').waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('text-editor').value.length), huge.length, 'the text is kept');
  // The page still answers: a short text typed over it is checked as usual.
  await page.getByRole('textbox', { name: 'Text to check' }).press('Control+a');
  await page.keyboard.insertText(TEXT);
  await findingsShown(page, expected);
});
