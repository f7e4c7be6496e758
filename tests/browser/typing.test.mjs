//! Typing in the text box, in real headless Chromium with the real Wasm
//! build: the highlights move with their words at once while the edited
//! text is checked, a report that lands after more typing is moved through
//! the edits made since, and once the checks have landed every highlight
//! spells exactly the words the same Wasm build finds in Node, in a 1 MB
//! text too, typed in the editor for long texts that the text moves into
//! (keeping its caret) as it grows long, where the page sends the checker
//! only what each key changed. The checker's worker is held (its messages queued until the
//! test lets them through), so each state is looked at without racing the
//! checker.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { carrying, offSite, startApp } from './harness.mjs';
import { axeViolations, freshPage } from './helpers.mjs';

const BUDAPEST = readFileSync(join(root, '..', 'shared', 'corpus', 'budapest_convention_2001.txt'), 'utf8');
let BIG = '';
while (BIG.length < 1_000_000) BIG += `${BUDAPEST}\n\n`;
/** A new offence the rules flag: strict liability for "false news". */
const OFFENCE = 'Any person who publishes false news shall be guilty of an offence.\n\n';

let app;
let checker;

before(async () => {
  const pkg = await loadPackage();
  checker = new pkg.Checker();
  const alone = checker.check(OFFENCE).findings.filter((f) => f.kind === 'clause');
  assert.ok(alone.length > 0, 'the new offence raises clause findings on its own');
  app = await startApp();
});
after(() => app?.close());

/** Pastes `text` as one input event and waits until its highlights are on screen. */
async function paste(page, text) {
  await page.getByRole('textbox', { name: 'Text to check' }).evaluate((box, t) => {
    box.value = t;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await settled(page, text);
}

/** Waits until the highlights are those of the text box's text as it is (`text`). */
async function settled(page, text) {
  const { total } = checker.check(text).summary;
  await page.waitForFunction((n) => !document.getElementById('reading').hasAttribute('aria-busy')
    && document.querySelector('#summary strong')?.textContent === String(n), total, { timeout: 60_000 });
}

/** Queues the worker's incoming messages until `letThrough`. */
async function holdChecker(page) {
  const [worker] = page.workers();
  await worker.evaluate(() => {
    const handle = self.onmessage;
    const held = [];
    self.onmessage = (event) => held.push(event);
    self.letThrough = (all) => {
      if (all) self.onmessage = handle;
      for (const event of held.splice(0, all ? held.length : 1)) handle(event);
    };
    self.heldChecks = () => held.filter((e) => e.data.type === 'check').map((e) => ({ text: e.data.text?.length, edit: e.data.edit }));
    // What each report sent back to the page was: a whole report, or changes to the last one.
    self.reportsSent = [];
    const post = self.postMessage.bind(self);
    self.postMessage = (message) => {
      if (message.type === 'report') self.reportsSent.push(message.changes ? 'changes' : 'whole');
      post(message);
    };
    self.holding = async (n) => {
      while (held.length < n) await new Promise((resolve) => { setTimeout(resolve, 10); });
    };
  });
  return {
    /** Resolves once `n` messages are waiting. */
    waiting: (n) => worker.evaluate((count) => self.holding(count), n),
    /** Lets the first waiting message through and keeps holding the rest. */
    one: () => worker.evaluate(() => self.letThrough(false)),
    /** Lets everything through and stops holding. */
    all: () => worker.evaluate(() => self.letThrough(true)),
    /** The check messages waiting: the length of a whole text sent, or the edit. */
    checks: () => worker.evaluate(() => self.heldChecks()),
    /** How each report since the hold was sent: 'whole' or 'changes'. */
    reports: () => worker.evaluate(() => self.reportsSent),
  };
}

/**
 * The page's text box, whichever holds the text: the editor for long texts
 * or the textarea. Both read and place the selection as a textarea does.
 */
const BOX = 'text-editor, #text:not([hidden])';
const valueOf = (page) => page.evaluate((sel) => document.querySelector(sel).value, BOX);

/** Types `keys` at offset `at` of the text box, with the keyboard. */
async function typeAt(page, at, keys, { oneEvent = false } = {}) {
  await page.evaluate(([sel, offset]) => {
    const box = document.querySelector(sel);
    box.focus();
    box.setSelectionRange(offset, offset);
  }, [BOX, at]);
  if (oneEvent) await page.keyboard.insertText(keys);
  else await page.keyboard.type(keys);
}

/** Waits until the reading view shows the text box's text (the edit has been followed). */
const followed = (page) => page.waitForFunction((sel) => document.getElementById('reading').textContent === document.querySelector(sel).value, BOX);

/**
 * The words each finding's highlight covers, by finding index: the <mark>
 * pieces carrying its number, joined. The list (unfiltered) shows the
 * report's findings in order, so the i-th item's number is finding i's.
 */
const highlighted = (page) => page.evaluate(() => {
  const indexOf = new Map([...document.querySelectorAll('#findings > li')].map((li, i) => [li.dataset.number, i]));
  const by = {};
  for (const mark of document.querySelectorAll('#reading mark')) {
    for (const n of mark.dataset.findings.split(' ')) {
      const i = indexOf.get(n) ?? `unlisted ${n}`;
      by[i] = (by[i] ?? '') + mark.textContent;
    }
  }
  return by;
});

/** The list item of finding `index` of the report on show (the list, unfiltered, is in report order). */
const itemOf = (page, index) => page.locator('#findings > li').nth(index);

/** Each clause finding of `report` is highlighted on exactly its words, and nothing else is highlighted. */
function assertHighlights(shown, report, what) {
  const wanted = Object.fromEntries(report.findings.map((f, i) => [i, f]).filter(([, f]) => f.kind === 'clause').map(([i, f]) => [i, f.text]));
  const wrong = [...new Set([...Object.keys(wanted), ...Object.keys(shown)])].filter((i) => wanted[i] !== shown[i])
    .map((i) => `finding ${i}: highlighted ${JSON.stringify(shown[i])}, its words ${JSON.stringify(wanted[i])}`);
  assert.deepEqual(wrong, [], what);
}

test('in a 1 MB text, highlights after a new sentence keep their words at once, and the new offence is highlighted once checked', async () => {
  const page = await freshPage(app);
  await paste(page, BIG);
  const before = checker.check(BIG);
  const at = BIG.indexOf('Article  3', BIG.length / 2);

  const hold = await holdChecker(page);
  await typeAt(page, at, OFFENCE);
  const edited = BIG.slice(0, at) + OFFENCE + BIG.slice(at);
  assert.equal(await page.locator('text-editor').count(), 1, 'the 1 MB text is in the editor for long texts');
  assert.equal(await valueOf(page), edited);
  await followed(page);
  // The edited text is not checked yet: the view says so, and every
  // highlight still covers its own words, those after the sentence moved.
  assert.equal(await page.locator('#reading').getAttribute('aria-busy'), 'true');
  assertHighlights(await highlighted(page), before, 'before the check: the last report\'s highlights, on their words');
  // The worker holds the text: a key sends it what changed, not 1 MB.
  const checks = await hold.checks();
  assert.ok(checks.length > 0, 'the edit is on its way to the checker');
  for (const sent of checks) {
    assert.equal(sent.text, undefined, 'no whole text is sent for a key');
    assert.ok(sent.edit.from >= at && sent.edit.to <= at + OFFENCE.length && OFFENCE.includes(sent.edit.inserted), JSON.stringify(sent.edit));
  }

  await hold.all();
  await settled(page, edited);
  // And what comes back is the changes to the last report, not 583 findings.
  const reports = await hold.reports();
  assert.ok(reports.length > 0 && reports.every((kind) => kind === 'changes'), `reports sent back: ${reports.join(', ')}`);
  const report = checker.check(edited);
  const shown = await highlighted(page);
  assertHighlights(shown, report, 'after the check');
  const added = report.findings.map((f, i) => [i, f]).filter(([, f]) => f.kind === 'clause' && f.start >= at && f.end <= at + OFFENCE.length);
  assert.ok(added.length > 0, 'the new offence raises findings');
  for (const [i, f] of added) assert.equal(shown[i], f.text, `the new ${f.rule} finding is highlighted`);
  await page.close();
});

test('a report that lands after more typing is moved through the edits made since', async () => {
  const page = await freshPage(app);
  await paste(page, BUDAPEST);
  const at = BUDAPEST.indexOf('Article  3');

  const hold = await holdChecker(page);
  await typeAt(page, at, OFFENCE, { oneEvent: true });
  const first = BUDAPEST.slice(0, at) + OFFENCE + BUDAPEST.slice(at);
  await hold.waiting(1); // its check has been sent
  await typeAt(page, at, 'New text. ', { oneEvent: true }); // typed while that check runs
  const second = `${first.slice(0, at)}New text. ${first.slice(at)}`;
  await followed(page);

  // The first check lands: its findings, the new offence's among them, are
  // shown where their words now are, and the view still says it is updating.
  await hold.one();
  const report = checker.check(first);
  await page.waitForFunction((n) => document.querySelector('#summary strong')?.textContent === String(n), report.summary.total);
  assert.equal(await page.locator('#reading').getAttribute('aria-busy'), 'true');
  assertHighlights(await highlighted(page), report, 'the first report, moved through the second edit');

  await hold.all();
  await settled(page, second);
  assertHighlights(await highlighted(page), checker.check(second), 'after the second check');
  await page.close();
});

test('in a 1 MB text, keys typed at two places while a check runs are checked together, and the highlights are right', async () => {
  const page = await freshPage(app);
  await paste(page, BIG);
  const hold = await holdChecker(page);
  const first = BIG.indexOf('Article  3', BIG.length * 0.3);
  await typeAt(page, first, 'New text. ', { oneEvent: true });
  await hold.waiting(1); // its check has been sent
  // Typed while that check runs: at a place after the first, then before it.
  let text = `${BIG.slice(0, first)}New text. ${BIG.slice(first)}`;
  const later = text.indexOf('Article  3', text.length * 0.6);
  await typeAt(page, later, OFFENCE);
  text = text.slice(0, later) + OFFENCE + text.slice(later);
  const earlier = text.indexOf('Article  3', text.length * 0.1);
  await typeAt(page, earlier, 'Any ');
  text = `${text.slice(0, earlier)}Any ${text.slice(earlier)}`;
  assert.equal(await valueOf(page), text);
  await followed(page);

  await hold.all();
  await settled(page, text);
  const report = checker.check(text);
  assertHighlights(await highlighted(page), report, 'after the checks');
  const added = report.findings.filter((f) => f.kind === 'clause' && f.start >= later && f.end <= later + OFFENCE.length + 4);
  assert.ok(added.length > 0, 'the offence typed at the later place is found');
  await page.close();
});

test('in a 1 MB text, a long passage pasted in and another cut out: the reading view shows the text word for word, no stretch of it blank, with the highlights right', async () => {
  const page = await freshPage(app);
  await paste(page, BIG);
  // The reading view skips parts of its text that are off screen; a paste
  // and a cut of 60 KB each span many of them.
  const passage = BUDAPEST.slice(0, 60_000);
  const into = BIG.indexOf('Article  3', BIG.length * 0.3);
  await typeAt(page, into, passage, { oneEvent: true });
  let text = BIG.slice(0, into) + passage + BIG.slice(into);
  const from = text.indexOf('Article  5', text.length * 0.6);
  const to = text.indexOf('Article  5', from + 60_000);
  await page.evaluate(([sel, start, end]) => document.querySelector(sel).setSelectionRange(start, end), [BOX, from, to]);
  await page.keyboard.press('Delete');
  text = text.slice(0, from) + text.slice(to);
  assert.equal(await valueOf(page), text);
  await followed(page);

  // A part of the view with nothing in it would still take its guessed height: a blank stretch.
  const empty = await page.$$eval('#reading > *', (parts) => parts.filter((part) => part.textContent === '').length);
  assert.equal(empty, 0, 'no part of the reading view is empty');
  await settled(page, text);
  assert.equal(await page.locator('#reading').evaluate((view) => view.textContent), text, 'the view shows the text as it is');
  assertHighlights(await highlighted(page), checker.check(text), 'after the paste and the cut');
  await page.close();
});

test('a 1 MB text typed in is kept on this device: after a reload it is back, word for word, with its highlights', async () => {
  const page = await freshPage(app);
  await paste(page, BIG);
  const at = BIG.indexOf('Article  3', BIG.length * 0.7);
  await typeAt(page, at, OFFENCE);
  const typed = await page.evaluate(() => Date.now());
  const text = BIG.slice(0, at) + OFFENCE + BIG.slice(at);
  await settled(page, text);
  // Saved once typing pauses (600 ms): the test waits for a save made after the last key.
  const savedAt = () => page.evaluate(() => new Promise((resolve) => {
    const request = indexedDB.open('clauselens');
    request.onsuccess = () => {
      const get = request.result.transaction('state').objectStore('state').get('current');
      get.onsuccess = () => {
        resolve(get.result?.savedAt ?? 0);
        request.result.close();
      };
    };
  }));
  while (await savedAt() < typed) await page.waitForTimeout(200);

  await page.reload();
  await page.locator('text-editor').waitFor();
  assert.equal(await valueOf(page), text, 'the text box holds the typed text');
  await settled(page, text);
  assertHighlights(await highlighted(page), checker.check(text), 'after the reload');
  await page.close();
});

test('an open finding stays open while an offence is typed before it in its article', async () => {
  const page = await freshPage(app);
  await paste(page, BUDAPEST);
  const report = checker.check(BUDAPEST);
  const index = report.findings.findIndex((f) => f.location?.label === 'Article 2');
  const finding = report.findings[index];
  assert.ok(finding, 'Article 2 has a finding');
  await itemOf(page, index).locator('.finding-button').click();
  const open = page.locator('#findings li.open');
  const explained = await open.locator('.finding-details').textContent();
  assert.match(await open.textContent(), /^Article 2 · /, 'it is the first of its group, under the heading');

  // A new offence at the start of Article 2's text: two new findings come first in the group.
  const at = BUDAPEST.indexOf('Each Party shall adopt', BUDAPEST.indexOf('Article  2'));
  await typeAt(page, at, OFFENCE, { oneEvent: true });
  const edited = BUDAPEST.slice(0, at) + OFFENCE + BUDAPEST.slice(at);
  await settled(page, edited);
  assert.equal(await open.count(), 1, 'one finding is open');
  assert.ok((await open.locator('.finding-message').textContent()).includes(finding.message), 'the same finding');
  assert.equal(await open.locator('.finding-button').getAttribute('aria-expanded'), 'true');
  assert.equal(await open.locator('.finding-details').textContent(), explained, 'its explanation is still there');
  assert.equal(await open.locator('.group-heading').count(), 0, 'the heading moved to the new first finding of the group');
  const marks = await page.locator('#reading mark.current').allTextContents();
  assert.equal(marks.join(''), finding.text, 'its highlight is still outlined, on its words');
  await page.close();
});

test('in a 1 MB text, which repeats its articles, an open finding stays the one open while a heading before it is typed away', async () => {
  const page = await freshPage(app);
  await paste(page, BIG);
  const report = checker.check(BIG);
  const index = report.findings.findIndex((f) => f.kind === 'clause' && f.location?.label === 'Article 2' && f.start > BIG.length * 0.6);
  const finding = report.findings[index];
  assert.ok(finding, 'a later copy of Article 2 has a finding');
  await itemOf(page, index).locator('.finding-button').click();

  // Typed onto the line of an earlier copy's "Article 2" heading, the
  // heading is one no more: that copy's findings are now Article 1's, and
  // its Article 2 findings, identical to the open one but for their place, go.
  const at = BIG.indexOf('Article  2  \n\nIllegal access', BIG.length * 0.2);
  const typed = 'Any person who publishes false news shall be guilt';
  await typeAt(page, at, typed);
  const edited = BIG.slice(0, at) + typed + BIG.slice(at);
  await settled(page, edited);
  const now = checker.check(edited).findings.findIndex((f) => f.rule === finding.rule && f.start === finding.start + typed.length);
  assert.ok(now >= 0, 'the finding is still there, moved by the edit');
  const open = page.locator('#findings li.open');
  assert.equal(await open.count(), 1, 'one finding is open');
  assert.equal(await page.locator('#findings > li').evaluateAll((lis) => lis.findIndex((li) => li.classList.contains('open'))), now,
    'the same finding, not a copy of it in another article');
  assert.equal((await page.locator('#reading mark.current').allTextContents()).join(''), finding.text, 'its highlight is outlined');
  assert.deepEqual(await page.evaluate(() => {
    const mark = document.querySelector('#reading mark.current');
    const reading = document.getElementById('reading');
    const before = document.createRange();
    before.setStart(reading, 0);
    before.setEndBefore(mark);
    return before.toString().length;
  }), finding.start + typed.length, 'at its place in the text');
  await page.close();
});

/**
 * The list says what `report` says, finding for finding and in order; no
 * two items share a number; every highlight is listed and spells its
 * finding's words; and the open item, if any, is finding `open`, whose
 * highlight alone is outlined.
 */
async function assertPageAgrees(page, report, open, what) {
  const items = await page.$$eval('#findings > li', (lis) => lis.map((li) => ({
    number: li.dataset.number,
    message: li.querySelector('.finding-message').textContent,
    open: li.classList.contains('open'),
  })));
  assert.deepEqual(items.map((item) => item.message), report.findings.map((f) => f.message), `${what}: the list is the report's`);
  assert.equal(new Set(items.map((item) => item.number)).size, items.length, `${what}: each item has a number of its own`);
  const shown = await highlighted(page);
  assert.deepEqual(Object.keys(shown).filter((i) => i.startsWith('unlisted')), [], `${what}: every highlight is listed`);
  assertHighlights(shown, report, what);
  assert.deepEqual(items.flatMap((item, i) => (item.open ? [i] : [])), open === undefined ? [] : [open], `${what}: the open finding`);
  if (open !== undefined) {
    const outlined = (await page.locator('#reading mark.current').allTextContents()).join('');
    assert.equal(outlined, report.findings[open].text, `${what}: the open finding's highlight is outlined`);
  }
}

test('findings added and removed before an open finding: the list, the highlights and the open finding agree with the report, and a highlight opens its own finding', async () => {
  const page = await freshPage(app);
  await paste(page, BUDAPEST);
  let text = BUDAPEST;
  const first = checker.check(text);
  const late = first.findings.findLastIndex((f) => f.kind === 'clause' && f.start > text.length / 2);
  const finding = first.findings[late];
  await itemOf(page, late).locator('.finding-button').click();
  await assertPageAgrees(page, first, late, 'opened');
  // Where the open finding is in a report of the text as edited: its words moved by `shift`.
  let shift = 0;
  const openIn = (report) => report.findings.findIndex((f) => f.rule === finding.rule && f.start === finding.start + shift);
  /** Clicks the first highlight of finding `index` and returns the index of the finding then open. */
  const clickHighlightOf = async (index) => {
    const number = await itemOf(page, index).getAttribute('data-number');
    const before = await page.$$eval('#findings > li', (lis) => lis.findIndex((li) => li.classList.contains('open')));
    await page.locator(`#reading mark[data-findings~="${number}"]`).first().click();
    await page.waitForFunction((was) => {
      const lis = [...document.querySelectorAll('#findings > li')];
      return lis.filter((li) => li.classList.contains('open')).length === 1 && !lis[was]?.classList.contains('open');
    }, before);
    return page.$$eval('#findings > li', (lis) => lis.findIndex((li) => li.classList.contains('open')));
  };

  // An offence typed early in the text, then another after it: findings are added before the open one.
  const early = text.indexOf('Article  3');
  await typeAt(page, early, OFFENCE, { oneEvent: true });
  text = text.slice(0, early) + OFFENCE + text.slice(early);
  const later = text.indexOf('Article  5');
  await typeAt(page, later, OFFENCE, { oneEvent: true });
  text = text.slice(0, later) + OFFENCE + text.slice(later);
  shift = 2 * OFFENCE.length;
  await settled(page, text);
  let report = checker.check(text);
  assert.ok(report.findings.length > first.findings.length, 'the offences add findings');
  assert.ok(openIn(report) > late, 'findings were added before the open one');
  await assertPageAgrees(page, report, openIn(report), 'after two offences were typed');

  // A highlight of the second offence opens its finding (the one open before closes).
  const ofSecond = (f, at) => f.kind === 'clause' && f.start >= at && f.end <= at + OFFENCE.length;
  const added = report.findings.findIndex((f) => ofSecond(f, later));
  assert.ok(added >= 0, 'the second offence is found');
  const opened = await clickHighlightOf(added);
  assert.ok(ofSecond(report.findings[opened], later), 'the finding opened is one of the second offence\'s');
  await assertPageAgrees(page, report, opened, 'a highlight clicked');
  // And the one open at first opens again from its list item.
  await itemOf(page, openIn(report)).locator('.finding-button').click();
  await assertPageAgrees(page, report, openIn(report), 'the first finding opened again');

  // The first offence cut: its findings go, before the open one and the second offence's.
  await page.evaluate(([sel, from, to]) => {
    const box = document.querySelector(sel);
    box.focus();
    box.setSelectionRange(from, to);
  }, [BOX, early, early + OFFENCE.length]);
  await page.keyboard.press('Backspace');
  text = text.slice(0, early) + text.slice(early + OFFENCE.length);
  shift = OFFENCE.length;
  assert.equal(await valueOf(page), text);
  await settled(page, text);
  report = checker.check(text);
  await assertPageAgrees(page, report, openIn(report), 'after the first offence was cut');
  // A highlight of the second offence still opens one of its findings.
  const still = report.findings.findIndex((f) => ofSecond(f, later - OFFENCE.length));
  assert.ok(ofSecond(report.findings[await clickHighlightOf(still)], later - OFFENCE.length), 'a highlight of the second offence opens its finding');
  await page.close();
});

test('"Edit this clause" selects the finding\'s words in the text box, also while an edit before them is being checked', async () => {
  const page = await freshPage(app);
  await paste(page, BUDAPEST);
  const report = checker.check(BUDAPEST);
  const index = report.findings.findIndex((f) => f.kind === 'clause' && f.location?.label.startsWith('Article 20'));
  const finding = report.findings[index];
  const selected = () => page.evaluate((sel) => {
    const box = document.querySelector(sel);
    return box.value.slice(box.selectionStart, box.selectionEnd);
  }, BOX);

  const hold = await holdChecker(page);
  await typeAt(page, BUDAPEST.indexOf('Article  2'), 'New words. ', { oneEvent: true });
  await followed(page);
  await itemOf(page, index).locator('.finding-button').click();
  await page.getByRole('button', { name: 'Edit this clause' }).click();
  assert.equal(await selected(), finding.text);
  await hold.all();
  await page.close();
});

test('an edit that changes no finding leaves the status line, a live region, as it was', async () => {
  const page = await freshPage(app);
  await paste(page, BUDAPEST);
  const status = await page.locator('#status-text').textContent();
  assert.match(status, /^Checked .* findings\.$/);
  const at = BUDAPEST.indexOf('Illegal access') + 'Illegal'.length;
  await typeAt(page, at, ' computer');
  await settled(page, `${BUDAPEST.slice(0, at)} computer${BUDAPEST.slice(at)}`);
  assert.equal(await page.locator('#status-text').textContent(), status);
  await page.close();
});

test('a text growing long moves into the editor with its caret and focus; keys typed there are followed and checked', async () => {
  const page = await freshPage(app);
  let text = '';
  while (text.length < 190_000) text += `${BUDAPEST}\n\n`;
  await paste(page, text);
  assert.equal(await page.locator('text-editor').count(), 0, 'a text of 190 KB stays in the textarea');

  // A long passage pasted mid-text takes it past 200 KB.
  const at = text.indexOf('Article  3', text.length / 2);
  const passage = BUDAPEST.slice(0, 20_000);
  await typeAt(page, at, passage, { oneEvent: true });
  text = text.slice(0, at) + passage + text.slice(at);
  await page.locator('text-editor').waitFor();
  assert.equal(await page.locator('#text').isHidden(), true, 'the textarea made way');
  assert.equal(await valueOf(page), text, 'the editor has the whole text');
  const box = page.getByRole('textbox', { name: 'Text to check' });
  assert.equal(await box.evaluate((content) => content.isContentEditable), true, 'the box named "Text to check" is the editor');
  assert.deepEqual(await page.evaluate(() => {
    const editor = document.querySelector('text-editor');
    return [editor.selectionStart, editor.selectionEnd, document.activeElement === editor];
  }), [at + passage.length, at + passage.length, true], 'the caret is after the passage and the editor has focus');
  await settled(page, text);
  assert.deepEqual(await axeViolations(page), [], 'the editor passes axe');

  // Typed with the keyboard, where the caret was left: the editor takes the keys.
  await page.keyboard.type(OFFENCE);
  text = text.slice(0, at + passage.length) + OFFENCE + text.slice(at + passage.length);
  assert.equal(await valueOf(page), text);
  await followed(page);
  await settled(page, text);
  const report = checker.check(text);
  const shown = await highlighted(page);
  assertHighlights(shown, report, 'after typing in the editor');
  const start = at + passage.length;
  const added = report.findings.map((f, i) => [i, f]).filter(([, f]) => f.kind === 'clause' && f.start >= start && f.end <= start + OFFENCE.length);
  assert.ok(added.length > 0, 'the typed offence raises findings, highlighted');

  // "Edit this clause" selects the new finding's words in the editor.
  const [index, finding] = added[0];
  await itemOf(page, index).locator('.finding-button').click();
  await page.getByRole('button', { name: 'Edit this clause' }).click();
  assert.deepEqual(await page.evaluate(() => {
    const editor = document.querySelector('text-editor');
    return [editor.value.slice(editor.selectionStart, editor.selectionEnd), document.activeElement === editor];
  }), [finding.text, true], 'its words are selected in the editor, which has focus');

  // Words typed after them, then undone in the editor: the text and its highlights are as before.
  await page.keyboard.press('ArrowRight');
  const end = await page.evaluate(() => document.querySelector('text-editor').selectionStart);
  await page.keyboard.type(' or a fine');
  assert.equal(await valueOf(page), `${text.slice(0, end)} or a fine${text.slice(end)}`);
  await page.keyboard.press('Control+z');
  assert.equal(await valueOf(page), text, 'undone');
  await settled(page, text);
  assertHighlights(await highlighted(page), checker.check(text), 'after the undo');

  // A short sample replaces it: the textarea is back, with the sample's text.
  await page.getByRole('button', { name: 'Clear' }).click();
  assert.equal(await page.locator('text-editor').count(), 0);
  assert.equal(await page.locator('#text').isVisible(), true);
  await page.close();
});

test('a text grown long while the editor could not be fetched stays whole in the textarea, and moves into the editor once back online', async () => {
  // Offline before the service worker stored the editor: a context without
  // one, where fetching the editor fails until the network is back. (Not
  // the recorded contexts: the failed fetch is a console error by design.)
  const context = await app.browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/vendor/codemirror/**', (route) => route.abort('internetdisconnected'));
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(app.url);
  await page.waitForFunction(() => document.getElementById('version')?.textContent !== '');
  let text = '';
  while (text.length < 210_000) text += `${BUDAPEST}\n\n`;
  await paste(page, text);
  assert.equal(await page.locator('text-editor').count(), 0, 'no editor could be fetched');
  assert.equal(await page.locator('#text').inputValue(), text, 'the textarea keeps the whole text');
  assertHighlights(await highlighted(page), checker.check(text), 'in the textarea');

  await context.setOffline(true);
  await context.unroute('**/vendor/codemirror/**');
  await context.setOffline(false);
  await page.locator('text-editor').waitFor();
  assert.equal(await valueOf(page), text, 'the editor has the whole text');
  assert.equal(await page.locator('#text').isHidden(), true, 'the textarea made way');
  await context.close();
});

test('a file with Windows line ends opens with its findings on their words, and an edit in it is followed', async () => {
  const page = await freshPage(app);
  await page.locator('#file-input').setInputFiles({ name: 'budapest.txt', mimeType: 'text/plain', buffer: Buffer.from(BUDAPEST.replace(/\n/g, '\r\n')) });
  await settled(page, BUDAPEST);
  assert.equal(await valueOf(page), BUDAPEST, 'line ends read as the text box keeps them');
  assertHighlights(await highlighted(page), checker.check(BUDAPEST), 'as opened');
  const at = BUDAPEST.indexOf('Article  3');
  await typeAt(page, at, OFFENCE, { oneEvent: true });
  const edited = BUDAPEST.slice(0, at) + OFFENCE + BUDAPEST.slice(at);
  await followed(page);
  await settled(page, edited);
  assertHighlights(await highlighted(page), checker.check(edited), 'after the edit');
  await page.close();
});

test('in Chromium, the checker\'s recheck of each edit of a 1 MB text, its changes applied, gives exactly the report of a whole check', async () => {
  const page = await freshPage(app);
  const { wrong, told } = await page.evaluate(async (big) => {
    const { default: init, Checker } = await import('./pkg/clauselens.js');
    const { applyChanges } = await import('./js/report-changes.js');
    await init();
    const checker = new Checker();
    let text = big;
    let report = checker.recheck(text);
    let told = 0;
    // Keys, a new offence, a new article heading (the units change), a
    // deleted line, emoji (UTF-16 offsets), at the start, middle and end.
    const edits = [
      [0.5, 0, 'y'], [0.5, 0, ' '], [0.2, 0, 'Any person who publishes false news shall be guilty of an offence.\n\n'],
      [0.8, 0, '\n\nArticle  9\n\nFalse news\n\n'], [0.35, 40, ''], [0.6, 0, '😀 é'], [0.0, 0, 'Draft. '], [1.0, 0, '\nThe end.'],
    ];
    const out = [];
    for (const [fraction, removed, typed] of edits) {
      const at = Math.floor(text.length * fraction);
      text = text.slice(0, at) + typed + text.slice(at + removed);
      const reply = checker.recheck(text);
      if (reply.moved) told += 1;
      report = reply.moved ? applyChanges(report, reply) : reply;
      if (JSON.stringify(report) !== JSON.stringify(checker.check(text))) {
        out.push(`${JSON.stringify(typed)} at ${fraction}: the recheck differs from a whole check`);
      }
    }
    checker.free();
    return { wrong: out, told };
  }, BIG);
  assert.deepEqual(wrong, []);
  assert.ok(told >= 5, `most edits come as changes to the report before (${told} of 8)`);
  await page.close();
});

test('no request left 127.0.0.1 or carried the text, and no script error happened', () => {
  assert.deepEqual(offSite(app, app.requests).map((r) => r.url), []);
  assert.deepEqual(carrying(app.requests, BUDAPEST).map((r) => `${r.method} ${r.url}`), []);
  assert.deepEqual(app.errors, []);
});
