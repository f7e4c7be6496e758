//! Installable and offline, in real headless Chromium: after one visit the
//! service worker has cached the app, and with the network cut the page
//! reloads, checks pasted text, opens a sample and reads a PDF. When the
//! app changes on the server, the page says a new version is ready and
//! switches to it when the person agrees.
//!
//! The server serves a copy of www/ so that the test can change a file.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { root } from '../../scripts/lib/config.mjs';
import { startServer } from '../../scripts/server.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from './harness.mjs';
import { pdfOf } from './fixtures.mjs';
import { TIMEOUT } from './helpers.mjs';

const TEXT = 'Article 5\n1. A police officer may, where there is due cause, require a service provider to collect or record traffic data in real time.\n2. The service provider shall keep confidential the fact that the order was executed.';

let dir;
let server;
let browser;
let context;
let page;
let checker;
const requests = [];

before(async () => {
  checker = new (await loadPackage()).Checker();
  dir = mkdtempSync(join(tmpdir(), 'clauselens-www-'));
  cpSync(join(root, 'www'), dir, { recursive: true });
  server = await startServer({ dir, port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  context = await browser.newContext();
  context.on('request', (r) => requests.push({ url: r.url(), post: r.postData() ?? '' }));
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const findings = () => page.getByRole('list', { name: 'Findings' }).getByRole('listitem');

test('the manifest makes the app installable', async () => {
  await page.goto(server.url);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  const manifest = JSON.parse(readFileSync(join(dir, href), 'utf8'));
  assert.equal(manifest.name, 'ClauseLens');
  assert.equal(manifest.display, 'standalone');
  assert.ok(manifest.start_url);
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
    assert.ok(icon, `a ${size} PNG icon`);
    const png = readFileSync(join(dir, icon.src));
    const [w, h] = size.split('x').map(Number);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [w, h], `${icon.src} is ${size}`);
  }
});

test('after one visit the app works with no network at all', async () => {
  // The service worker installs once the page has settled and then controls it.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('textbox', { name: 'Text to check' }).fill(TEXT);
  const expected = checker.check(TEXT).summary.total;
  assert.ok(expected > 0);
  await findings().nth(expected - 1).waitFor();
  assert.equal(await findings().count(), expected);

  // Samples and the PDF reader come from the offline copy too.
  await page.locator('#samples-menu > summary').click();
  const sample = JSON.parse(readFileSync(join(dir, 'samples', 'index.json'), 'utf8')).samples[0];
  await page.getByRole('button', { name: sample.title, exact: true }).click();
  await page.waitForFunction((n) => document.getElementById('doc-name').value === n, sample.title);
  const total = checker.check(readFileSync(join(dir, 'samples', sample.file), 'utf8')).summary.total;
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n, total);

  await page.locator('#file-input').setInputFiles({ name: 'offline.pdf', mimeType: 'application/pdf', buffer: await pdfOf(TEXT) });
  await page.waitForFunction(() => document.getElementById('doc-name').value === 'offline');
  assert.match(await page.getByRole('textbox', { name: 'Text to check' }).inputValue(), /keep confidential the fact/);
  await context.setOffline(false);
});

test('a new version on the server is announced and applied when the person agrees', async () => {
  const manifest = join(dir, 'precache-manifest.js');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"version": "(\w+)"/, '"version": "$1-next"'));
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  const banner = page.getByRole('status').filter({ hasText: 'A new version of ClauseLens is ready' });
  await banner.waitFor({ timeout: 30_000 });
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reload to update' }).click()]);
  // The new version took over and the old version's cache is gone.
  await page.waitForFunction(async () => {
    const keys = await caches.keys();
    return keys.length === 1 && keys[0].endsWith('-next');
  });
  assert.equal(await page.getByRole('textbox', { name: 'Text to check' }).inputValue() !== '', true, 'the text survived the update');
});

test('no request left the server\'s origin or carried the text', () => {
  const origin = new URL(server.url).origin;
  assert.deepEqual(requests.filter((r) => !/^(data|blob):/.test(r.url) && new URL(r.url).origin !== origin).map((r) => r.url), []);
  const piece = 'where there is due cause';
  assert.deepEqual(requests.filter((r) => decodeURIComponent(r.url).includes(piece) || r.post.includes(piece)).map((r) => r.url), []);
});
