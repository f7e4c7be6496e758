//! The web app in real headless Chromium with the real Wasm build: paste,
//! see, select, filter, open files, keep, export, copy, print. What the page
//! should show is asked of the same Wasm build in Node for the same text, so
//! no count is written down here and the tests hold as the rules grow.
//! Every request made during these tests is checked at the end: none leaves
//! 127.0.0.1 and none carries a text that was pasted or opened.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { docxOf, pdfOf } from './fixtures.mjs';
import { axeViolations, freshPage, squeeze } from './helpers.mjs';

const corpus = (name) => readFileSync(join(root, '..', 'shared', 'corpus', name), 'utf8');
const UN = corpus('un_convention_2024_abridged.txt');
const BUDAPEST = corpus('budapest_convention_2001.txt');
/** Articles 16 to 21 of the Budapest Convention: the procedural powers. */
const POWERS = BUDAPEST.slice(BUDAPEST.indexOf('Article  16'), BUDAPEST.indexOf('Article  22')).trim();

let app;
let checker;
/** Every text these tests put in the page; none may appear in any request. */
const used = [UN, BUDAPEST, POWERS];
const check = (text) => checker.check(text);

before(async () => {
  const pkg = await loadPackage();
  checker = new pkg.Checker();
  assert.ok(check(UN).findings.some((f) => f.kind === 'clause'), 'the UN text raises clause findings');
  assert.ok(POWERS.length > 1000 && check(POWERS).summary.total > 0, 'the fixture text raises findings');
  app = await startApp();
});
after(() => app?.close());

/** Fills the text box and waits until the list shows the report's findings. */
async function paste(page, text) {
  await page.getByRole('textbox', { name: 'Text to check' }).fill(text);
  return waitForFindings(page, check(text));
}

async function waitForFindings(page, report) {
  const list = page.getByRole('list', { name: 'Findings' });
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n
    && document.querySelector('#summary strong')?.textContent === String(n), report.summary.total);
  return { list, report };
}

test('a pasted text shows every finding highlighted, listed and counted', async () => {
  const page = await freshPage(app);
  const { list, report } = await paste(page, UN);

  assert.equal(await list.getByRole('listitem').count(), report.summary.total);
  assert.equal(await page.locator('#summary strong').textContent(), String(report.summary.total));
  for (const severity of ['high', 'medium', 'low']) {
    assert.equal(await page.locator(`[data-count="${severity}"]`).textContent(), String(report.summary.by_severity[severity]),
      `${severity} count`);
  }
  // Each clause finding's highlight (all the <mark> pieces that carry it) spells exactly its words.
  const highlighted = await page.$$eval('#reading mark', (marks) => {
    const by = {};
    for (const mark of marks) for (const i of mark.dataset.findings.split(' ')) by[i] = (by[i] ?? '') + mark.textContent;
    return by;
  });
  report.findings.forEach((f, i) => {
    if (f.kind === 'clause') assert.equal(highlighted[i], f.text, `finding ${i} (${f.rule}) is highlighted`);
  });
  // Each list item says where, how serious and what. (Its text, not its
  // innerText: an item off screen is not laid out until it is scrolled to.)
  const items = (await list.getByRole('listitem').allTextContents()).map(squeeze);
  report.findings.forEach((f, i) => {
    assert.ok(items[i].includes(squeeze(f.message)), `item ${i} says: ${f.message}`);
    assert.ok(items[i].toLowerCase().includes(f.severity), `item ${i} names its severity`);
    if (f.location) assert.ok(items[i].includes(f.location.label), `item ${i} names ${f.location.label}`);
  });
  // Severity is not shown by colour alone: each severity has its own underline style.
  const styles = await page.$$eval('#reading mark', (marks) => Object.fromEntries(
    marks.map((m) => [m.className.match(/sev-(\w+)/)[1], getComputedStyle(m).textDecorationStyle])));
  assert.equal(new Set(Object.values(styles)).size, Object.keys(styles).length, `distinct underline styles: ${JSON.stringify(styles)}`);
  await page.close();
});

/** Every rule's documentation, from the same Wasm build the page runs. */
async function rulesOf() {
  const pkg = await loadPackage();
  return new pkg.Checker().rules();
}

test('selecting a finding focuses its highlight and explains it; a highlight opens its finding; j and k move', async () => {
  const page = await freshPage(app);
  const { list, report } = await paste(page, UN);
  const clauses = report.findings.map((f, i) => [i, f]).filter(([, f]) => f.kind === 'clause');
  const [index, finding] = clauses[Math.min(1, clauses.length - 1)];

  const button = list.locator(`li[data-number="${index}"] .finding-button`);
  await button.click();
  await page.waitForFunction((i) => document.activeElement?.matches('mark')
    && document.activeElement.dataset.findings.split(' ').includes(String(i)), index);
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const details = squeeze(await list.locator(`#finding-${index}-details`).textContent());
  for (const part of [finding.why, finding.suggestion, ...finding.references]) {
    if (part) assert.ok(details.includes(squeeze(part)), `the explanation includes: ${part}`);
  }
  assert.ok(details.includes('Safeguards found nearby'));
  // The rule's own documentation, as in docs/rules.md: what it flags.
  const rule = (await rulesOf()).find((r) => r.id === finding.rule);
  assert.ok(details.includes(squeeze(rule.description)), `the explanation says what ${rule.id} flags`);
  const inView = await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
  assert.ok(inView, 'the focused highlight is scrolled into view');

  // Clicking another finding's highlight opens that finding.
  const [other] = clauses.find(([i]) => i !== index) ?? [];
  if (other !== undefined) {
    await page.locator(`#reading mark[data-findings~="${other}"]`).first().click();
    await page.waitForFunction((i) => document.querySelector(`#finding-${i}`)?.getAttribute('aria-expanded') === 'true', other);
    assert.equal(await button.getAttribute('aria-expanded'), 'false', 'the previous finding closes');
  }

  // The keyboard alone moves through the findings in list order.
  await page.locator('#findings-heading').focus();
  await page.keyboard.press('j');
  const order = await list.locator('li').evaluateAll((lis) => lis.map((li) => Number(li.dataset.number)));
  const expanded = () => list.locator('.finding-button[aria-expanded="true"]').getAttribute('id');
  const at = other !== undefined ? order.indexOf(other) : -1;
  assert.equal(await expanded(), `finding-${order[Math.min(at + 1, order.length - 1)]}`);
  await page.keyboard.press('k');
  assert.equal(await expanded(), `finding-${order[Math.max(at, 0)]}`);
  await page.close();
});

test('filters by severity and by concern narrow the list and the highlights', async () => {
  const page = await freshPage(app);
  const { list, report } = await paste(page, UN);
  const items = list.getByRole('listitem');

  const severities = ['high', 'medium', 'low'].filter((s) => report.summary.by_severity[s] > 0);
  const hidden = severities[0];
  await page.getByRole('checkbox', { name: new RegExp(hidden, 'i') }).uncheck();
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n,
    report.summary.total - report.summary.by_severity[hidden]);
  const shownMarks = await page.$$eval('#reading mark', (marks) => marks.flatMap((m) => m.dataset.findings.split(' ')).map(Number));
  assert.ok(shownMarks.every((i) => report.findings[i].severity !== hidden), `no ${hidden} highlight remains`);
  await page.getByRole('checkbox', { name: new RegExp(hidden, 'i') }).check();

  const category = Object.entries(report.summary.by_category).find(([, n]) => n > 0)[0];
  const select = page.getByRole('combobox', { name: 'Concern' });
  await select.selectOption(category);
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n, report.summary.by_category[category]);
  const indexes = await items.evaluateAll((lis) => lis.map((li) => Number(li.dataset.number)));
  assert.ok(indexes.every((i) => report.findings[i].category === category), `only ${category} findings are listed`);
  await select.selectOption('');
  assert.equal(await items.count(), report.summary.total);
  await page.close();
});

test('text and settings survive a reload; Clear removes them', async () => {
  const page = await freshPage(app);
  const { report } = await paste(page, UN);
  await page.getByRole('textbox', { name: 'Document name' }).fill('UN draft');
  const category = Object.entries(report.summary.by_category).find(([, n]) => n > 0)[0];
  await page.getByRole('combobox', { name: 'Concern' }).selectOption(category);
  await page.waitForTimeout(1000); // past the save debounce

  await page.reload();
  const box = page.getByRole('textbox', { name: 'Text to check' });
  await page.waitForFunction((n) => document.querySelectorAll('#findings > li').length === n, report.summary.by_category[category]);
  assert.equal(await box.inputValue(), UN);
  assert.equal(await page.getByRole('textbox', { name: 'Document name' }).inputValue(), 'UN draft');
  assert.equal(await page.getByRole('combobox', { name: 'Concern' }).inputValue(), category);

  await page.getByRole('button', { name: 'Clear' }).click();
  assert.equal(await box.inputValue(), '');
  await page.reload();
  await page.getByText('Check a law before it is passed').waitFor();
  assert.equal(await box.inputValue(), '');
  assert.equal(await page.locator('#findings > li').count(), 0);
  await page.close();
});

test('the report exports as JSON (the checker\'s own report) and as Markdown; a finding copies as text', async () => {
  const page = await freshPage(app);
  const { report } = await paste(page, UN);
  await page.getByRole('textbox', { name: 'Document name' }).fill('UN Convention');

  const read = async (name) => {
    await page.locator('#export-menu > summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  };

  const json = await read('JSON (.json)');
  assert.equal(json.name, 'un-convention-clauselens.json');
  // The report as the checker gave it; the scorecard rides along (tests/browser/scorecard.test.mjs).
  const { scorecard, ...exported } = JSON.parse(json.text);
  assert.deepEqual(exported, report);
  assert.equal(scorecard.principles.length, 13);

  const md = await read('Markdown (.md)');
  assert.equal(md.name, 'un-convention-clauselens.md');
  assert.match(md.text, /^# ClauseLens report: UN Convention\n/);
  assert.match(md.text, new RegExp(`Checked on ${new Date().toISOString().slice(0, 10)}`));
  assert.ok(md.text.includes(`**${report.summary.total} findings**: ${report.summary.by_severity.high} high`));
  report.findings.forEach((f, i) => {
    const place = f.location?.label ?? (f.kind === 'absence' ? 'Missing from the whole document' : 'Unnumbered text');
    assert.ok(md.text.includes(`## ${i + 1}. `) && md.text.includes(place), `finding ${i + 1} and its place`);
    assert.ok(md.text.includes(f.suggestion.replace(/\s+/g, ' ').trim().replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' }[c]))));
  });

  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  const first = report.findings[0];
  await page.locator('#findings > li').first().locator('.finding-button').click();
  await page.getByRole('button', { name: 'Copy finding' }).click();
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.includes(first.message) && copied.includes(first.suggestion), copied);
  if (first.location) assert.ok(copied.includes(first.location.label));
  await page.close();
});

test('the print view shows the report alone: title, date, document, summary, findings with places and excerpts', async () => {
  const page = await freshPage(app);
  const { report } = await paste(page, UN);
  await page.getByRole('textbox', { name: 'Document name' }).fill('UN Convention');
  await page.evaluate(() => { window.print = () => { document.body.dataset.printed = 'yes'; }; });
  await page.getByRole('button', { name: 'Print report' }).click();
  await page.waitForFunction(() => document.body.dataset.printed === 'yes');

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('#check-view').isVisible(), false, 'the app itself is not printed');
  const printed = squeeze(await page.locator('#print-report').textContent());
  assert.ok(printed.includes('ClauseLens report') && printed.includes('UN Convention'));
  assert.ok(printed.includes(new Date().toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric' })), 'the date');
  assert.ok(printed.includes(`${report.summary.total} findings`));
  for (const f of report.findings) {
    if (f.location) assert.ok(printed.includes(f.location.label), f.location.label);
    if (f.text) assert.ok(printed.includes(squeeze(f.text).slice(0, 60)), `excerpt of ${f.rule}`);
  }
  await page.screenshot({ path: '/tmp/clauselens-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.close();
});

test('opening a .docx, a .pdf and an .html file gives the same findings as pasting their text', async () => {
  const page = await freshPage(app);
  const expected = check(POWERS);
  // What a list item says: how serious, where, what.
  const described = (f) => `${f.severity} ${f.kind === 'absence' ? 'Missing from the whole document' : f.location?.label ?? 'Unnumbered text'} ${f.title}`;
  const want = expected.findings.map(described).sort();
  const shown = () => page.$$eval('#findings > li', (lis) => lis.map((li) => `${li.className.match(/sev-(\w+)/)[1]} ${
    li.querySelector('.finding-place').textContent} ${li.querySelector('.finding-title').textContent}`));

  const files = [
    { name: 'powers-word.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await docxOf(POWERS) },
    { name: 'powers-print.pdf', mimeType: 'application/pdf', buffer: await pdfOf(POWERS) },
    {
      name: 'powers-web.html', mimeType: 'text/html',
      buffer: Buffer.from(`<!doctype html><title>t</title><script>window.__ran = true</script><style>p{}</style>${
        POWERS.split('\n').filter((l) => l.trim()).map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')
      }<img src="http://203.0.113.9/pixel.png">`),
    },
  ];
  for (const file of files) {
    const errors = app.errors.length;
    await page.locator('#file-input').setInputFiles(file);
    await page.waitForFunction((name) => document.getElementById('doc-name').value === name, file.name.replace(/\.\w+$/, ''));
    const text = await page.getByRole('textbox', { name: 'Text to check' }).inputValue();
    await waitForFindings(page, check(text));
    const got = (await shown()).sort();
    assert.deepEqual(got, want, `${file.name}: the same findings as the pasted text`);
    for (const words of ['Expedited preservation', 'Real-time collection of traffic data']) {
      assert.ok(squeeze(text).includes(words), `${file.name}: the text includes "${words}"`);
    }
    if (file.name.endsWith('.html')) {
      assert.ok(!text.includes('window.__ran') && !text.includes('p{}'), 'scripts and styles are not text');
      assert.equal(await page.evaluate(() => window.__ran), undefined, 'the page\'s script never ran');
      // The file's own <style> is parsed in an inert document that keeps the
      // app's CSP, which blocks it and says so; that is the only complaint.
      const complaints = app.errors.splice(errors);
      assert.ok(complaints.every((e) => /Applying inline style violates .*style-src 'self'/.test(e)), complaints.join('\n'));
    }
  }

  // A file that is not text is refused with a message; the text stays.
  const before = await page.getByRole('textbox', { name: 'Text to check' }).inputValue();
  await page.locator('#file-input').setInputFiles({ name: 'photo.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 0, 255, 0]) });
  await page.getByRole('alert').getByText(/does not look like text/).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Text to check' }).inputValue(), before);
  await page.close();
});

test('a file opened after reading far down a text is shown from its start', async () => {
  const page = await freshPage(app);
  await paste(page, BUDAPEST);
  const box = page.getByRole('textbox', { name: 'Text to check' });
  await box.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  assert.ok(await box.evaluate((el) => el.scrollTop) > 1000, 'the box scrolled down');

  await page.locator('#file-input').setInputFiles({ name: 'powers.txt', mimeType: 'text/plain', buffer: Buffer.from(POWERS) });
  await waitForFindings(page, check(POWERS));
  assert.equal(await box.evaluate((el) => el.scrollTop), 0, 'the new text is shown from its first line');
  assert.deepEqual(await box.evaluate((el) => [el.selectionStart, el.selectionEnd]), [0, 0], 'the caret at its start');
  await page.close();
});

test('a 1 MB text is checked in the background and edits made meanwhile are checked too', async () => {
  const page = await freshPage(app);
  let big = '';
  while (big.length < 1_000_000) big += `${BUDAPEST}\n\n`;
  const box = page.getByRole('textbox', { name: 'Text to check' });
  // As a paste does: one input event with the whole text.
  await box.evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, big);
  // Typing while the first check runs: the text box takes the keys at once.
  await box.press('End');
  await box.pressSequentially(' Extra.');
  // A text this long goes into the editor for long texts (text-box.js).
  await page.locator('text-editor').waitFor();
  const final = await page.evaluate(() => document.querySelector('text-editor').value);
  assert.ok(final.endsWith(' Extra.'));
  await waitForFindings(page, check(final));
  assert.match(await page.locator('#status-text').textContent(), /Checked 1\.\d MB/);
  await page.close();
});

test('a broken rule pack is reported with its file, rule and field, and the previous rules stay', async () => {
  const page = await freshPage(app);
  const { report } = await paste(page, UN);
  await page.locator('.rule-pack > summary').click();
  await page.locator('#pack-input').setInputFiles({
    name: 'mine.toml', mimeType: 'text/plain',
    buffer: Buffer.from('[[rules]]\nid = "mine/broken"\ncategory = "no-such-category"\nseverity = "high"\n'),
  });
  const error = page.locator('#pack-error');
  await error.waitFor();
  const message = await error.textContent();
  assert.match(message, /mine\.toml/);
  assert.match(message, /mine\/broken/);
  assert.match(message, /previous rules are still in use/);
  await page.getByRole('textbox', { name: 'Text to check' }).press('End');
  await page.getByRole('textbox', { name: 'Text to check' }).pressSequentially(' ');
  await waitForFindings(page, check(`${UN} `));
  assert.equal(await page.locator('#findings > li').count(), report.summary.total);
  await page.close();
});

test('no serious or critical accessibility violations, empty and with an open finding', async () => {
  const page = await freshPage(app);
  assert.deepEqual(await axeViolations(page), [], 'the empty page');
  await paste(page, UN);
  await page.locator('#findings .finding-button').first().click();
  assert.deepEqual(await axeViolations(page), [], 'with findings and one open');
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await axeViolations(page), [], 'at phone width');
  await page.close();
});

test('no request left 127.0.0.1 or carried a text, and no script error or CSP violation happened', () => {
  assert.ok(app.requests.length > 0);
  assert.deepEqual(offSite(app, app.requests).map((r) => r.url), []);
  for (const text of used) {
    assert.deepEqual(carrying(app.requests, text).map((r) => `${r.method} ${r.url}`), []);
  }
  assert.deepEqual(app.errors, []);
});
