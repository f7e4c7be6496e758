//! The first page in real headless Chromium: a person pastes a paragraph of a
//! real treaty and sees its findings highlighted and listed, and nothing they
//! pasted leaves the page.
//!
//! Relies only on the page's stable contract: a text box named "Text to
//! check", a list named "Findings" whose items are the findings, and
//! highlights in the text as <mark> elements. What the page should find is
//! asked of the same Wasm build in Node, so the test holds as the rules grow.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readBuildConfig, root } from '../../scripts/lib/config.mjs';
import { gzipSize, kb } from '../../scripts/lib/sizes.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';

const TIMEOUT = 15_000;

/** A real paragraph: Article 20(3) of the Budapest Convention, a gag on providers. */
const paragraph = readFileSync(join(root, '..', 'shared', 'corpus', 'budapest_convention_2001.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .find((line) => /^3\.\s.*keep confidential the fact/.test(line));

const squeeze = (s) => s.replace(/\s+/g, ' ').trim();

let app;
let expected;
before(async () => {
  assert.ok(paragraph, 'the corpus has the paragraph');
  const pkg = await loadPackage();
  expected = new pkg.Checker().check(paragraph).findings.filter((f) => f.kind === 'clause');
  assert.ok(expected.length > 0, 'the paragraph raises clause findings in the Wasm build');
  app = await startApp();
});
after(() => app?.close());

/**
 * Opens the app in `page`, pastes the paragraph and waits for highlights and
 * list items. Returns the requests made up to the moment findings showed.
 */
async function pasteParagraph(page) {
  const start = app.requests.length;
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(app.url);
  await page.getByRole('textbox', { name: 'Text to check' }).fill(paragraph);
  await page.locator('mark').first().waitFor();
  await page.getByRole('list', { name: 'Findings' }).getByRole('listitem').first().waitFor();
  return app.requests.slice(start);
}

test('pasted text shows highlighted, listed findings; nothing leaves the page', async () => {
  const page = await app.newPage();
  await pasteParagraph(page);
  await page.waitForLoadState('networkidle');

  const marks = (await page.locator('mark').allTextContents()).map(squeeze);
  for (const f of expected) {
    const span = squeeze(f.text);
    assert.ok(
      marks.some((m) => m.includes(span) || span.includes(m)),
      `"${span}" (${f.rule}) is highlighted; marks: ${JSON.stringify(marks)}`,
    );
  }

  const findings = page.getByRole('list', { name: 'Findings' }).getByRole('listitem');
  const items = (await findings.allInnerTexts()).map(squeeze);
  assert.ok(items.length >= expected.length, `${items.length} list items for ${expected.length} findings`);
  for (const f of expected) {
    assert.ok(items.some((item) => item.includes(squeeze(f.message))), `the list says: ${f.message}`);
  }

  assert.deepEqual(offSite(app, app.requests).map((r) => r.url), [], 'no request leaves 127.0.0.1');
  assert.deepEqual(carrying(app.requests, paragraph).map((r) => `${r.method} ${r.url}`), [], 'no request carries the text');
  assert.deepEqual(app.errors, [], 'no script errors or CSP violations');
  await page.close();
});

// The first load: what a new visitor's browser downloads before the first
// findings show. A service worker caching files for offline use in the
// background is not part of it.
test('the first load fits the size budget', async () => {
  const context = await app.newContext();
  const loaded = (await pasteParagraph(await context.newPage())).filter((r) => !r.fromServiceWorker);
  let total = 0;
  const lines = [];
  for (const request of loaded) {
    const body = await request.body();
    if (!body) continue;
    const size = gzipSize(body);
    total += size;
    lines.push(`  ${kb(size).padStart(9)}  ${request.url}`);
  }
  await context.close();
  const limit = readBuildConfig().budget.firstLoadGzipBytes;
  console.log(`first load: ${kb(total)} gzip of ${kb(limit)}\n${lines.join('\n')}`);
  assert.ok(loaded.some((r) => r.url.endsWith('.wasm')), 'the first load includes the Wasm');
  assert.ok(
    total <= limit,
    `the first load is ${kb(total)} gzip, over the ${kb(limit)} budget ([budget] first-load-gzip-kb in wasm-pack.toml)`,
  );
});
