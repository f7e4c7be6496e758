//! Hostile input in real headless Chromium: XSS payloads pasted as text,
//! typed as the document name, carried in file names and in a rule pack's
//! strings all stay text. Nothing runs, no element is injected, no dialog
//! opens, and no request leaves 127.0.0.1.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { freshPage } from './helpers.mjs';
import { parse as parseToml } from 'smol-toml';

/** Each payload sets window.__xss or opens a dialog if it ever runs. */
const PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '<svg onload="window.__xss = 3"></svg>',
  '<iframe src="javascript:parent.__xss = 4"></iframe>',
  '<body onload="window.__xss = 5">',
  '"><script>window.__xss = 6</script>',
  "'><img src=x onerror=window.__xss=7>",
  '<a href="javascript:window.__xss = 8">click</a>',
  '<details open ontoggle="window.__xss = 9">',
  '<input autofocus onfocus="window.__xss = 10">',
  '<video><source onerror="window.__xss = 11"></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=12>',
  '<object data="javascript:window.__xss = 13"></object>',
  '<embed src="javascript:window.__xss = 14">',
  '<marquee onstart="window.__xss = 15">',
  '<style>@import "http://203.0.113.9/x.css";</style>',
  '<link rel=stylesheet href="http://203.0.113.9/y.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=18">',
  '<form action="http://203.0.113.9/"><button>go</button></form>',
  '{{constructor.constructor("window.__xss = 20")()}}',
  '${window.__xss = 21}',
  '<img src="http://203.0.113.9/pixel.gif">',
  '<base href="http://203.0.113.9/">',
  'javascript:alert(24)',
  '<script>alert(25)</script>',
];

/** Every payload beside words the built-in rules flag, so they sit in and near highlights. */
const TEXT = PAYLOADS.map((p, i) =>
  `Article ${i + 1}\n1. The service provider shall keep confidential the fact of the order ${p} and a police officer may intercept content data ${p}.`).join('\n\n');

const PACK_PAYLOAD = '<img src=x onerror="window.__xss = 99">';
const PACK = `[[rules]]
id = "test/hostile-strings"
category = "secrecy"
severity = "high"
scope = "clause"
title = '${PACK_PAYLOAD} title'
description = '<script>window.__xss = 98</script> description'
triggers = ['(?P<duty>keep confidential)']
message = '${PACK_PAYLOAD} message {duty|x}'
why = '<svg onload="window.__xss = 97"></svg> why'
references = ['<a href="javascript:window.__xss = 96">reference</a>']
suggestion = '<iframe src="javascript:parent.__xss = 95"></iframe> suggestion'
examples = { flag = ["They shall keep confidential the order.", "Officers keep confidential all requests."], pass = ["The order is public.", "Nothing here is secret."] }
`;

let app;
let page;
const dialogs = [];

before(async () => {
  const pkg = await loadPackage();
  assert.ok(new pkg.Checker().check(TEXT).summary.total > 0, 'the hostile text raises findings');
  assert.ok(pkg.Checker.withRules(parseToml(PACK), 'hostile.toml').check(TEXT).summary.total > 0, 'the hostile pack loads and flags');
  app = await startApp();
  page = await freshPage(app);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
});
after(() => app?.close());

/** Elements, attributes or navigation that only a payload that ran or parsed could leave behind. */
async function assertInert(where) {
  const found = await page.evaluate(() => {
    const all = [document, ...[...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    const bad = all.flatMap((root) => [...root.querySelectorAll(
      'script:not([src]), iframe, object, embed, svg, video, math, marquee, form, base, meta[http-equiv="refresh"], body[onload], img[src="x"], [onerror], [onload], [onfocus], [ontoggle], [onstart], a[href^="javascript:"]',
    )].map((e) => e.outerHTML.slice(0, 80)));
    return { bad, xss: window.__xss ?? null, url: location.href };
  });
  assert.deepEqual(found.bad, [], `${where}: no injected element`);
  assert.equal(found.xss, null, `${where}: no payload ran`);
  assert.equal(found.url.startsWith(app.url), true, `${where}: no navigation`);
  assert.deepEqual(dialogs, [], `${where}: no dialog`);
}

test('payloads pasted as text are shown as text in the highlights and the list', async () => {
  await page.getByRole('textbox', { name: 'Text to check' }).fill(TEXT);
  await page.locator('#reading mark').first().waitFor();
  assert.equal(await page.locator('#reading').textContent(), TEXT, 'the reading view holds exactly the pasted characters');
  await page.locator('#findings .finding-button').first().click();
  await assertInert('pasted text');
});

test('a payload as the document name stays text in the summary, the print view and the export', async () => {
  const name = PAYLOADS[1];
  await page.getByRole('textbox', { name: 'Document name' }).fill(name);
  assert.ok((await page.locator('#summary').textContent()).includes(name));
  await page.evaluate(() => { window.print = () => {}; });
  await page.getByRole('button', { name: 'Print report' }).click();
  assert.equal(await page.locator('#print-report h1').textContent(), name);
  await page.locator('#export-menu > summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markdown (.md)' }).click()]);
  assert.match(download.suggestedFilename(), /^[a-z0-9-]+\.md$/);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const md = Buffer.concat(chunks).toString('utf8');
  assert.ok(!/<img|<script/i.test(md), 'the Markdown carries no raw HTML a viewer would render');
  await assertInert('document name');
});

test('payloads in file names stay text', async () => {
  for (const payload of ['<img src=x onerror="window.__xss = 31">', '<script>window.__xss = 32</script>']) {
    await page.locator('#file-input').setInputFiles({ name: `${payload}.txt`, mimeType: 'text/plain', buffer: Buffer.from(TEXT) });
    await page.waitForFunction((n) => document.getElementById('doc-name').value === n, payload);
    await page.locator('#file-input').setInputFiles({ name: `${payload}.bin`, mimeType: 'application/octet-stream', buffer: Buffer.from([0, 0, 0, 1]) });
    await page.getByRole('alert').getByText(`${payload}.bin does not look like text`).waitFor();
  }
  await assertInert('file names');
});

test('payloads in a rule pack\'s strings stay text', async () => {
  await page.locator('.rule-pack > summary').click();
  await page.locator('#pack-input').setInputFiles({ name: 'hostile.toml', mimeType: 'text/plain', buffer: Buffer.from(PACK) });
  await page.getByText(/Using hostile\.toml/).waitFor();
  await page.locator('#findings .finding-title', { hasText: `${PACK_PAYLOAD} title` }).first().waitFor();
  await page.locator('#findings .finding-button').first().click();
  const details = await page.locator('#findings .finding-details').first().textContent();
  for (const part of ['why', 'suggestion', 'reference']) assert.ok(details.includes(part), part);
  await assertInert('rule pack');
  await page.getByRole('button', { name: 'Back to the built-in rules' }).click();
});

test('nothing was sent anywhere or carried the text, and no script error or CSP violation happened', () => {
  assert.deepEqual(offSite(app, app.requests).map((r) => r.url), []);
  assert.deepEqual(carrying(app.requests, TEXT).map((r) => r.url), []);
  assert.deepEqual(app.errors, []);
});
