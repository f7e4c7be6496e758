//! The ClauseLens page: wires the text box, the checker worker, the reading
//! view, the findings panel, files, samples, saving, exports and printing.
//! Findings come only from the Rust core (via checker.js); this module
//! decides what to show, never what is a finding.

import { checker } from './start-checker.js';
import { CATEGORIES, SEVERITIES } from './categories.js';
import { h, fill, formatSize, plural } from './dom.js';
import { ReadingView, findingsOf } from './reading.js';
import { composeEdits, Places } from './edits.js';
import { TextBox } from './text-box.js';
import { renderFindings, explanation, findingOf } from './findings.js';
import { numberFindings, numberOf } from './report-changes.js';
import { extractText, ACCEPT } from './extract.js';
import { toMarkdown, toJSON, findingText, download, slug, inline } from './export.js';
import { renderPrintReport } from './print.js';
import { ScorecardView } from './scorecard.js';
import { startViews, comparing } from './views.js';
import * as store from './store.js';
import * as savedReport from './saved-report.js';
import { registerServiceWorker } from './offline.js';

/** Texts beyond this are not checked: a clear message instead of a frozen tab. */
const MAX_TEXT = 10_000_000;

const $ = (id) => document.getElementById(id);
const ui = {
  text: $('text'), name: $('doc-name'), status: $('status-text'), progress: $('progress'),
  welcome: $('welcome'), readingSection: $('reading-section'), reading: $('reading'),
  summary: $('summary'), filters: $('filters'), category: $('category-filter'),
  list: $('findings'), listNote: $('list-note'), banner: $('banner'),
};

const state = {
  report: null,
  checked: '', // the text the report was made from, a string or TextBox snapshot (the scorecard and the Markdown export read it)
  revision: 0, // counts changes to the text box's text
  checkedRevision: 0, // the revision the report was made from
  edits: [], // { revision, edit } since the report's text; edit null: the whole text was replaced
  places: new Places(), // by finding index, where its words now are in the text box's text (edits.js)
  pack: null, // { name, toml } of a custom rule pack, or null
  selected: null, // the number of the open finding (report-changes.js numberOf)
  severities: new Set(SEVERITIES),
  category: '',
  rules: new Map(), // rule id -> the rule's documentation, for the explanation
};

const reading = new ReadingView(ui.reading);
const box = new TextBox(ui.text, edited);

/** Keeps each rule's documentation at hand for the explanation of its findings. */
function rememberRules(rules) {
  state.rules = new Map(rules.map((r) => [r.id, r]));
  // A finding opened from a saved report before the checker started gets its rule's text now.
  const open = ui.list.querySelector('li.open');
  if (open) {
    explained.delete(open.querySelector('.finding-details'));
    explain(open);
  }
}

const scorecard = new ScorecardView(checker, showFinding);
startViews(checker);

// ---- checking -------------------------------------------------------------

let checkTimer;
let busyTimer;
/**
 * How long typing must pause before the text is checked, once keys come in
 * a burst: as long as the last check took, at most 100 ms. A short text is
 * checked at once; a long one is not checked in the middle of a burst, where
 * the check would compete with the typing for the processor and land
 * already out of date. A key 250 ms or more after the last one, or the
 * first after the highlights caught up with the text (an edit made after a
 * look at the text), is checked at once. The highlights move with the words
 * meanwhile.
 */
let typingPause = 0;
let lastKeyAt = -Infinity;

/**
 * Checks the text box's text after `delay` ms, in a task of its own so that
 * a keystroke's own task stays short. The checker takes the newest text
 * whenever it is free.
 */
function scheduleCheck(delay = 0) {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, delay);
}

/** The edits the reading view has not followed yet, as one (composeEdits): the part it must rebuild. */
let unfollowed = null;

/** Says that the text was replaced since the checker was last asked: it needs the whole text. */
const WHOLE_TEXT = 'whole text';
/**
 * What changed since the checker was last asked to check: nothing (null),
 * the edits, as one (composeEdits), or WHOLE_TEXT. The checker is then
 * handed the edit, so asking costs no read of the whole text.
 */
let unchecked = WHOLE_TEXT;

/**
 * Takes an edit the person made in the text box: the findings' words move
 * with it at once, so they stay right while the edited text is checked.
 * Costs about the edit, not the text: the whole text is read only to check
 * it and to show a report.
 */
function edited(edit) {
  state.revision += 1;
  state.edits.push({ revision: state.revision, edit });
  state.places.move(edit);
  unfollowed = unfollowed ? composeEdits(unfollowed, edit) : edit;
  if (unchecked !== WHOLE_TEXT) unchecked = unchecked ? composeEdits(unchecked, edit) : edit;
  if (!state.report) document.body.classList.toggle('has-text', box.hasText);
  // The reading view follows after the frame that shows the key (see
  // followSoon). In a burst of keys the check waits for a pause; one edit is
  // sent to the checker at once.
  const now = performance.now();
  followSoon();
  const caughtUp = state.checkedRevision === state.revision - 1;
  if (now - lastKeyAt < 250 && !caughtUp) scheduleCheck(typingPause);
  else {
    clearTimeout(checkTimer);
    runCheck();
  }
  lastKeyAt = now;
  saveSoon();
}

/** Runs `then` in a task after the next frame (at once in a hidden page, which draws none). */
const afterFrame = (then) => (document.hidden ? setTimeout(then) : requestAnimationFrame(() => setTimeout(then)));

let followAsked = false;
/**
 * Has the reading view follow the edits after the next frame (or a report
 * landing first does), so that the frame showing a key lays out only the
 * text box's change: together, they made the longest frames while typing.
 */
function followSoon() {
  if (followAsked) return;
  followAsked = true;
  afterFrame(() => {
    followAsked = false;
    followEdit();
  });
}

/**
 * Redraws the reading view's part the edits since the last time touched,
 * with the highlights where their words now are. The view says it is
 * updating (aria-busy) until the edited text's check lands.
 */
function followEdit() {
  const edit = unfollowed;
  unfollowed = null;
  if (!edit || !state.report) return;
  reading.edit(edit, moveHighlights(), (from, to) => box.slice(from, to));
  if (ui.reading.getAttribute('aria-busy') !== 'true') ui.reading.setAttribute('aria-busy', 'true');
  if (state.selected !== null) markCurrent();
}

/** The whole text was replaced (a file, a sample, Clear): the last report says nothing about it. */
function replacedText() {
  state.revision += 1;
  unfollowed = null;
  unchecked = WHOLE_TEXT;
  state.edits.push({ revision: state.revision, edit: null });
  state.report = null;
  state.places = new Places();
}

async function runCheck() {
  const text = box.snapshot();
  const revision = state.revision;
  const hasText = box.hasText;
  const edit = unchecked;
  // A text not sent for checking leaves the checker an older one: the next goes whole.
  unchecked = hasText && text.length <= MAX_TEXT ? null : WHOLE_TEXT;
  if (!hasText) {
    state.report = null;
    state.checked = text;
    state.checkedRevision = revision;
    state.edits = [];
    render();
    setStatus('');
    return;
  }
  if (text.length > MAX_TEXT) {
    setStatus(`This text is ${formatSize(text.length)}; ClauseLens checks up to ${formatSize(MAX_TEXT)} at a time. Split it and check each part.`);
    return;
  }
  let result;
  try {
    result = await (edit && edit !== WHOLE_TEXT ? checker.edit(edit, text) : checker.check(String(text)));
  } catch (error) {
    if (error.crashed) return; // the crash handler re-checks
    setStatus(`The check failed: ${error.message}`);
    return;
  }
  if (!result) return; // newer text replaced this one before it was checked
  // Edits made while it was checked: its findings are moved through them.
  const since = state.edits.filter((e) => e.revision > revision);
  if (revision < state.checkedRevision || since.some((e) => !e.edit)) return;
  takeReport(result.report, text, revision, since);
  if (!state.pack) savedReport.keep(text, result.report);
  const { total } = result.report.summary;
  const message = `Checked ${formatSize(text.length)} in ${Math.max(1, Math.round(result.ms))} ms: ${plural(total, 'finding')}.`;
  // The status is a live region: one that only took another time is left
  // as it was, or a person typing with a screen reader would hear it after every key.
  typingPause = Math.min(100, result.ms);
  const untimed = (m) => m.replace(/ in \d+ ms/, '');
  if (untimed(ui.status.textContent) !== untimed(message)) setStatus(message);
  render();
  prepareEditor();
}

let editorAsked = false;
/**
 * Once the first findings are on screen, fetches the editor for long texts
 * when the page has settled, so that a text growing long moves into it at
 * once; never before, so it is no part of the first load.
 */
function prepareEditor() {
  if (editorAsked) return;
  editorAsked = true;
  setTimeout(() => requestIdleCallback(() => box.prepare(), { timeout: 5000 }), 2000);
}

/**
 * Makes `report`, made from `text` as of `revision`, the report on show;
 * its findings are moved through the edits made `since`.
 */
function takeReport(report, text, revision, since) {
  numberFindings(report);
  state.report = report;
  state.checked = text;
  state.checkedRevision = revision;
  state.edits = since;
  state.places = new Places(report.findings.map((f) => [f.start, f.end]));
  for (const { edit } of since) state.places.move(edit);
}

checker.addEventListener('ready', (e) => { $('version').textContent = e.detail.version; });
checker.addEventListener('busy', (e) => {
  clearTimeout(busyTimer);
  // Only long checks show progress; short ones would just flicker.
  busyTimer = setTimeout(() => {
    setStatus(`Checking ${formatSize(e.detail.length)}…`);
    ui.progress.removeAttribute('value');
    ui.progress.hidden = false;
  }, 300);
});
checker.addEventListener('idle', () => {
  clearTimeout(busyTimer);
  ui.progress.hidden = true;
});
checker.addEventListener('crash', (e) => {
  const again = e.detail.restarts <= 1;
  showBanner(again
    ? `The checker stopped unexpectedly (${e.detail.message}) and was restarted. Your text is safe.`
    : `The checker keeps stopping on this text (${e.detail.message}). Your text is safe; try checking a smaller part.`, { alert: true });
  if (again) scheduleCheck();
});

function setStatus(message) {
  ui.status.textContent = message;
}

// ---- rendering --------------------------------------------------------------

/** [index, finding] pairs that pass the filters. */
function shownFindings() {
  if (!state.report) return [];
  return state.report.findings
    .map((f, i) => [i, f])
    .filter(([, f]) => state.severities.has(f.severity) && (!state.category || f.category === state.category));
}

/**
 * The highlights on show (reading.js Spans, with the finding's `index`):
 * made for each report and filter, then moved in place at each edit
 * (`moveHighlights`), so a key in a long text makes no new object per
 * highlight.
 */
let spans = [];

/** Makes the highlights of the shown clause findings, at their words' places in the text box's text. */
function highlights(shown) {
  spans = shown.filter(([, f]) => f.kind === 'clause')
    .map(([index, finding]) => ({ index, number: numberOf(finding), finding, start: 0, end: 0 }));
  return moveHighlights();
}

/** Puts each highlight where its words now are; one edited away is empty (and not shown). */
function moveHighlights() {
  const { places } = state;
  for (const span of spans) {
    const there = places.has(span.index);
    span.start = there ? places.start(span.index) : 0;
    span.end = there ? places.end(span.index) : 0;
  }
  return spans;
}

function render() {
  const report = state.report;
  const hasText = box.hasText;
  // Set only when they change (toggleAttribute leaves an attribute as it is):
  // after every key in a long text a report lands, and the browser restyles
  // what an attribute was written on, even with the same value.
  document.body.classList.toggle('has-text', hasText);
  ui.welcome.toggleAttribute('hidden', hasText);
  ui.readingSection.toggleAttribute('hidden', !report);
  ui.filters.toggleAttribute('disabled', !report);
  for (const id of ['export-md', 'export-json', 'print']) $(id).toggleAttribute('disabled', !report);

  renderSummary(report);
  renderCategoryOptions(report);
  const shown = shownFindings();
  renderFindings(ui.list, shown.map(([, f]) => f));
  highlights(report ? shown : []);
  if (report) {
    followEdit(); // so that the view shows the text as it is now, and only highlights change
    reading.show(box.snapshot(), spans);
  } else reading.clear();
  // Busy while the highlights are from an older text.
  ui.reading.toggleAttribute('aria-busy', Boolean(report) && state.checkedRevision !== state.revision);
  // An open finding the new report still has stays open, so a person can
  // edit its clause with its explanation in view.
  const open = ui.list.querySelector('li.open');
  state.selected = open ? Number(open.dataset.number) : null;
  if (open) explain(open);
  markCurrent();

  let note;
  if (!report) note = hasText ? 'Checking…' : 'Paste or open a text to see its findings here.';
  else if (report.summary.total === 0) note = 'No concerns found by the current rules. That is not a clean bill of health: read the text too.';
  else if (shown.length === 0) note = 'No finding matches these filters.';
  else note = shown.length === report.summary.total
    ? `${plural(shown.length, 'finding')}, grouped by provision.`
    : `Showing ${shown.length} of ${report.summary.total} findings.`;
  if (ui.listNote.textContent !== note) ui.listNote.textContent = note;
  ui.listNote.toggleAttribute('hidden', false);
  scorecard.update(state.checked, report);
}

function renderSummary(report) {
  const counts = report?.summary.by_severity ?? {};
  for (const sev of SEVERITIES) {
    const count = document.querySelector(`[data-count="${sev}"]`);
    if (count.textContent !== String(counts[sev] ?? 0)) count.textContent = String(counts[sev] ?? 0);
  }
  if (!report) {
    ui.summary.replaceChildren();
    return;
  }
  const { total } = report.summary;
  const name = ui.name.value.trim();
  const words = ` ${total === 1 ? 'finding' : 'findings'}${name ? ` in ${name}` : ''}`;
  if (ui.summary.textContent === `${total}${words}`) return; // as it was: nothing rebuilt
  fill(ui.summary, h('strong', {}, String(total)), words);
}

function renderCategoryOptions(report) {
  const counts = report?.summary.by_category ?? {};
  const options = [['', 'All concerns']];
  for (const [id, title] of CATEGORIES) {
    const n = counts[id] ?? 0;
    if (n > 0 || id === state.category) options.push([id, `${title} (${n})`]);
  }
  // Rebuilt only when they change: a report after a key mostly has the same counts.
  const same = ui.category.options.length === options.length
    && options.every(([value, label], i) => ui.category.options[i].value === value && ui.category.options[i].text === label);
  if (!same) ui.category.replaceChildren(...options.map(([value, label]) => h('option', { value }, label)));
  if (ui.category.value !== state.category) ui.category.value = state.category;
}

// ---- selecting findings ---------------------------------------------------

/** The list item of the finding numbered `number`, if it is listed. */
const itemNumbered = (number) => ui.list.querySelector(`li[data-number="${number}"]`);

/**
 * Opens the finding numbered `number`: expands its explanation and, for a
 * clause, scrolls to its highlight. `focus` says what gets keyboard focus:
 * 'highlight' or 'list'.
 */
function select(number, focus = 'highlight') {
  const item = itemNumbered(number);
  if (!item) return;
  if (state.selected !== null && state.selected !== number) collapse(state.selected);
  state.selected = number;
  const button = item.querySelector('.finding-button');
  button.setAttribute('aria-expanded', 'true');
  item.classList.add('open');
  explain(item);
  item.querySelector('.finding-details').hidden = false;
  const marks = markCurrent();

  item.scrollIntoView({ block: 'nearest' });
  if (focus === 'highlight' && marks.length) showHighlight(number, true);
  else button.focus({ preventScroll: true });
}

/** Opens finding `index` in the list from elsewhere (the scorecard), showing it if the filters hid it. */
function showFinding(index) {
  const finding = state.report?.findings[index];
  if (!finding) return;
  scorecard.show('list');
  if (!shownFindings().some(([i]) => i === index)) {
    state.severities.add(finding.severity);
    state.category = '';
    applySettings({ severities: [...state.severities], category: '' });
    render();
  }
  select(numberOf(finding), 'list');
}

/** What an explanation was built from: the finding, wherever its words now are. */
const explained = new WeakMap();

/**
 * Fills an open item's explanation, or refills it when the finding it
 * explains changed (a new report may find other safeguards nearby). Its
 * buttons act on whatever finding the item shows when they are pressed.
 */
function explain(item) {
  const finding = findingOf(item);
  const content = JSON.stringify(finding, (key, value) => (['start', 'end', 'byte_start', 'byte_end'].includes(key) ? undefined : value));
  const details = item.querySelector('.finding-details');
  if (explained.get(details) === content) return;
  explained.set(details, content);
  fill(details, explanation(finding, {
    rule: state.rules.get(finding.rule),
    onShow: () => showHighlight(numberOf(findingOf(item)), true),
    onCopy: (e) => copyFinding(findingOf(item), e.currentTarget),
    onEdit: () => editAt(findingOf(item)),
  }));
}

/** Outlines the open finding's highlight (and no other); returns its marks. */
function markCurrent() {
  for (const mark of ui.reading.querySelectorAll('mark.current')) mark.classList.remove('current');
  const marks = state.selected === null ? [] : reading.marksOf(state.selected);
  for (const mark of marks) mark.classList.add('current');
  return marks;
}

function collapse(number) {
  const item = itemNumbered(number);
  if (!item) return;
  item.classList.remove('open');
  item.querySelector('.finding-button').setAttribute('aria-expanded', 'false');
  const details = item.querySelector('.finding-details');
  details.hidden = true;
  details.replaceChildren();
  explained.delete(details);
}

function showHighlight(number, focus) {
  const [first] = reading.marksOf(number);
  if (!first) return;
  first.tabIndex = -1;
  // An instant jump: smooth scrolling across a 60-page text is slow and disorienting.
  first.scrollIntoView({ block: 'center' });
  if (focus) first.focus({ preventScroll: true });
}

/** Moves by `step` through the visible findings. */
function move(step) {
  const items = [...ui.list.querySelectorAll('li[data-number]')].map((li) => Number(li.dataset.number));
  if (!items.length) return;
  const at = items.indexOf(state.selected);
  const next = at === -1 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
  select(items[next]);
}

ui.list.addEventListener('click', (e) => {
  const button = e.target.closest('.finding-button');
  if (!button) return;
  const number = Number(button.closest('li').dataset.number);
  if (state.selected === number) {
    collapse(number);
    state.selected = null;
  } else {
    select(number);
  }
});

// A highlight may carry several findings: repeated clicks go through them.
ui.reading.addEventListener('click', (e) => {
  const mark = e.target.closest('mark');
  if (!mark || window.getSelection()?.toString()) return;
  openFromMark(mark);
});
ui.reading.addEventListener('keydown', (e) => {
  const mark = e.target.closest?.('mark');
  if (mark && e.key === 'Enter') {
    e.preventDefault();
    openFromMark(mark);
  }
});

function openFromMark(mark) {
  const numbers = findingsOf(mark);
  const at = numbers.indexOf(state.selected);
  select(numbers[(at + 1) % numbers.length], 'list');
}

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || !state.report || comparing()) return;
  const target = e.target;
  // The editor for long texts is in a shadow root: its keys come from <text-editor>.
  const typing = target.closest?.('textarea, input, select, text-editor, [contenteditable=""], [contenteditable="true"]');
  if (typing) return;
  if (e.key === 'j' || e.key === 'ArrowDown') {
    if (e.key === 'ArrowDown' && !target.closest?.('.findings, .reading')) return;
    e.preventDefault();
    move(1);
  } else if (e.key === 'k' || e.key === 'ArrowUp') {
    if (e.key === 'ArrowUp' && !target.closest?.('.findings, .reading')) return;
    e.preventDefault();
    move(-1);
  } else if (e.key === 'Escape' && state.selected !== null) {
    ui.list.querySelector(`#finding-${state.selected}`)?.focus();
  }
});

/** Puts the caret on `finding`'s words in the text box, for a drafter's fix. */
function editAt(finding) {
  const place = state.places.get(state.report.findings.indexOf(finding));
  if (place) box.selectAndShow(...place);
}

async function copyFinding(finding, button) {
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(findingText(finding));
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Copy failed';
  }
  setTimeout(() => { button.textContent = label; }, 1500);
}

// ---- filters ----------------------------------------------------------------

ui.filters.addEventListener('change', () => {
  state.severities = new Set([...ui.filters.querySelectorAll('input[name=severity]:checked')].map((i) => i.value));
  state.category = ui.category.value;
  render();
  saveSoon();
});

function applySettings(settings = {}) {
  if (Array.isArray(settings.severities)) state.severities = new Set(settings.severities);
  state.category = CATEGORIES.has(settings.category) ? settings.category : '';
  for (const input of ui.filters.querySelectorAll('input[name=severity]')) input.checked = state.severities.has(input.value);
}

// ---- saving -----------------------------------------------------------------

let saveTimer;
let saveBy = 0; // when the oldest change not yet saved must be saved

/** Saves once changes pause for 600 ms, and at least every 5 s while they don't. */
function saveSoon() {
  clearTimeout(saveTimer);
  const now = Date.now();
  saveBy ||= now + 5000;
  saveTimer = setTimeout(saveNow, Math.min(600, saveBy - now));
}

function saveNow() {
  clearTimeout(saveTimer);
  saveBy = 0;
  return store.save({
    text: box.snapshot(), // read and written a part at a time (store.js)
    name: ui.name.value,
    pack: state.pack,
    settings: { severities: [...state.severities], category: state.category },
  }).catch((error) => setStatus(`Could not save on this device: ${error.message}`));
}

// Saving when the tab is hidden catches a close before the timer fires.
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') saveNow(); });

ui.name.addEventListener('input', () => {
  if (state.report) renderSummary(state.report);
  saveSoon();
});

/** Replaces the whole text (a file, a sample, an undo) and checks it at once. */
function setText(text, name) {
  box.value = text;
  ui.name.value = name;
  replacedText();
  render();
  scheduleCheck();
  saveNow();
}

$('clear').addEventListener('click', async () => {
  const previous = { text: box.value, name: ui.name.value };
  setText('', '');
  await Promise.all([store.clear(), savedReport.forget()]);
  if (previous.text) {
    showBanner('Text cleared and removed from this device.', {
      action: 'Undo', onAction: () => setText(previous.text, previous.name),
    });
  }
  box.focus();
});

// ---- files, samples, drop -------------------------------------------------

const fileInput = $('file-input');
fileInput.accept = ACCEPT;
$('open-file').addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', () => {
  if (fileInput.files[0]) openFile(fileInput.files[0]);
  fileInput.value = '';
});

async function openFile(file) {
  setStatus(`Reading ${file.name}…`);
  ui.progress.hidden = false;
  ui.progress.removeAttribute('value');
  try {
    const text = await extractText(file, (done, total) => {
      ui.progress.max = total;
      ui.progress.value = done;
      setStatus(`Reading ${file.name}: page ${done} of ${total}…`);
    });
    setText(text, file.name.replace(/\.[^.]+$/, ''));
  } catch (error) {
    setStatus('');
    showBanner(error.message, { alert: true });
  } finally {
    ui.progress.hidden = true;
  }
}

const overlay = $('drop-overlay');
let dragDepth = 0;
// In the comparison, each text box takes its own drops (compare.js).
document.addEventListener('dragenter', (e) => {
  if (!e.dataTransfer?.types.includes('Files') || comparing()) return;
  dragDepth += 1;
  overlay.hidden = false;
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) overlay.hidden = true;
});
document.addEventListener('dragover', (e) => {
  if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
});
document.addEventListener('drop', (e) => {
  dragDepth = 0;
  overlay.hidden = true;
  const file = e.dataTransfer?.files?.[0];
  if (!file) return;
  e.preventDefault();
  if (!comparing()) openFile(file);
});

async function loadSamples() {
  let samples;
  try {
    samples = (await (await fetch('samples/index.json')).json()).samples;
  } catch {
    return;
  }
  const open = async (sample) => {
    $('samples-menu').open = false;
    const response = await fetch(`samples/${encodeURIComponent(sample.file)}`);
    setText(await response.text(), sample.title);
  };
  fill($('samples-list'), samples.map((s) => h('button', { type: 'button', onclick: () => open(s) }, s.title)));
  fill($('sample-cards'), samples.map((s) => h('li', {},
    h('button', { type: 'button', class: 'sample-card', onclick: () => open(s) },
      h('span', { class: 'sample-title' }, s.title),
      h('span', { class: 'sample-source' }, s.source)))));
}

fill($('concern-list'), [...CATEGORIES.values()].map((title) => h('li', {}, title)));

// Menus close when something outside them is clicked.
document.addEventListener('click', (e) => {
  for (const menu of document.querySelectorAll('details.menu[open]')) {
    if (!menu.contains(e.target)) menu.open = false;
  }
});

// ---- exports and printing -------------------------------------------------

const docName = () => ui.name.value.trim() || 'Untitled document';

// Exports and the print report carry the scorecard, which the core makes
// on demand; should that fail (offline before the module was stored), they
// go out without it and say so.

/** The scorecard of the report on show, or `{ error }`. */
const scorecardOrError = () => scorecard.forCurrent().catch((error) => ({ error: error.message }));

$('export-md').addEventListener('click', async () => {
  $('export-menu').open = false;
  const { report, checked } = state;
  const name = docName();
  let card;
  try {
    // Escaped here as the rest of the report escapes names (no raw HTML); the core escapes Markdown.
    card = await checker.markdown({ of: 'scorecard', text: String(checked), name: inline(name) });
  } catch (error) {
    card = { error: error.message };
  }
  download(`${slug(name)}-clauselens.md`, toMarkdown(report, { name, date: new Date(), scorecard: card }), 'text/markdown');
});
$('export-json').addEventListener('click', async () => {
  $('export-menu').open = false;
  const report = state.report;
  download(`${slug(docName())}-clauselens.json`, toJSON(report, await scorecardOrError()), 'application/json');
});

function preparePrint(card = scorecard.ready) {
  if (state.report) renderPrintReport($('print-report'), state.report, { name: docName(), date: new Date(), scorecard: card });
}
// Ctrl+P cannot wait for a scorecard: the print has it when it was made already.
let printing = false;
window.addEventListener('beforeprint', () => { if (!printing) preparePrint(); });
$('print').addEventListener('click', async () => {
  preparePrint();
  preparePrint(await scorecardOrError());
  printing = true;
  window.print();
  printing = false;
});

// ---- custom rule pack -----------------------------------------------------

const packInput = $('pack-input');
$('pack-open').addEventListener('click', () => packInput.click());
packInput.addEventListener('change', async () => {
  const file = packInput.files[0];
  packInput.value = '';
  if (file) await usePack({ name: file.name, toml: await file.text() });
});
$('pack-reset').addEventListener('click', () => usePack(null));

async function usePack(pack) {
  const error = $('pack-error');
  try {
    const rules = await checker.usePack(pack?.name, pack?.toml);
    rememberRules(rules);
    state.pack = pack;
    error.hidden = true;
    $('pack-status').textContent = pack
      ? `Using ${pack.name}: ${plural(rules.length, 'rule')}.`
      : 'Built-in rules.';
    $('pack-reset').hidden = !pack;
    saveNow();
    scheduleCheck();
  } catch (e) {
    const where = [e.file && `file ${e.file}`, e.rule && `rule ${e.rule}`, e.field && `field ${e.field}`].filter(Boolean).join(', ');
    error.textContent = `That rule pack was not loaded${where ? ` (${where})` : ''}: ${e.message}. The previous rules are still in use.`;
    error.hidden = false;
  }
}

// ---- banner -----------------------------------------------------------------

function showBanner(message, { action, onAction, alert = false } = {}) {
  ui.banner.setAttribute('role', alert ? 'alert' : 'status');
  $('banner-text').textContent = message;
  const button = $('banner-action');
  button.hidden = !action;
  button.textContent = action ?? '';
  button.onclick = () => {
    ui.banner.hidden = true;
    onAction?.();
  };
  ui.banner.hidden = false;
}
$('banner-close').addEventListener('click', () => { ui.banner.hidden = true; });

// ---- start ------------------------------------------------------------------

async function start() {
  loadSamples();
  let saved;
  try {
    saved = await store.load();
  } catch {
    // Private windows may refuse storage; the app still works without it.
  }
  applySettings(saved?.settings);
  // The findings of the restored text, as its last check left them, show
  // before the checker has started; its new check replaces them.
  const recalled = saved?.text && !saved.pack ? await savedReport.recall(saved.text) : null;
  // The checker loads its core when first asked (worker.js). With saved
  // findings to show, it is asked after the frame that shows them, so that
  // loading the core and checking do not compete with drawing them;
  // otherwise at once.
  const startChecker = () => checker.rules().then(rememberRules, () => {});
  if (!recalled) startChecker();
  if (saved?.pack) await usePack(saved.pack);
  if (saved?.text && !box.value) {
    box.value = saved.text;
    ui.name.value = saved.name ?? '';
  }
  replacedText();
  if (recalled && box.value === saved.text) {
    takeReport(recalled, box.value, state.revision, []);
    setStatus(`${plural(recalled.summary.total, 'finding')}, as last checked on this device. Checking again…`);
  }
  render();
  if (recalled) {
    afterFrame(() => {
      startChecker();
      scheduleCheck();
    });
  } else if (/\S/.test(box.value)) scheduleCheck();
  else setStatus('Ready. Paste a text or open a file.');
  // The offline copy is fetched once the page has settled, so that it never
  // competes with loading the checker and the first check.
  const offerUpdate = (apply) => showBanner('A new version of ClauseLens is ready.', { action: 'Reload to update', onAction: apply });
  const register = () => setTimeout(() => requestIdleCallback(() => registerServiceWorker(offerUpdate), { timeout: 5000 }), 3000);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

start();
