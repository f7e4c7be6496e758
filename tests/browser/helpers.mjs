//! Shared steps of the web app's browser tests: a page with no saved state,
//! and an axe-core accessibility scan.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const TIMEOUT = 20_000;

export const squeeze = (s) => s.replace(/\s+/g, ' ').trim();

/** The app with nothing saved from an earlier test, its checker loaded. */
export async function freshPage(app, path = '') {
  const page = await app.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(app.url + path);
  await page.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase('clauselens');
    request.onsuccess = request.onerror = request.onblocked = resolve;
  }));
  await page.reload();
  await page.waitForFunction(() => document.getElementById('version')?.textContent !== '');
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical WCAG 2.x A/AA violations on the page, as readable
 * strings (empty when there are none). axe is evaluated by the test driver,
 * not added as a script, so the page's CSP stays as strict as ever.
 */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  return violations;
}
