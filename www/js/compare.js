//! The comparison view (the page at #compare; views.js loads this module
//! when it is first shown): text A (earlier) and text B (later), pasted,
//! opened or picked from the samples. The core compares them in the
//! checker's worker (the compare build, asked for as soon as this view
//! opens) and this module shows what changed concern by concern: new
//! in B, gone from B, severity changed, safeguards added or removed, each
//! with its place in both texts and the changed wording side by side or
//! unified. It decides what to show, never what changed; exports come from
//! the core too.

import { h, fill, formatSize, plural } from './dom.js';
import { CATEGORIES, categoryTitle, SEVERITY_ICON, SEVERITY_LABEL } from './categories.js';
import { extractText, ACCEPT } from './extract.js';
import { download, slug, inline } from './export.js';
import * as store from './store.js';
import { textBoxOf } from './text-box.js';

/** As in the checker: beyond this a text gets a message, not a frozen tab. */
const MAX_TEXT = 10_000_000;
const STORE_KEY = 'compare';

const KIND_LABEL = { new: 'New in B', gone: 'Gone from B', severity: 'Severity changed', safeguards: 'Safeguards changed' };

const $ = (id) => document.getElementById(id);

/** Starts the view: restores the saved texts, lists the samples, compares. */
export function startCompare(checker) {
  return new CompareView(checker);
}

class CompareView {
  #checker;
  #sides = {
    a: { text: $('text-a'), name: $('name-a'), fallback: 'Text A' },
    b: { text: $('text-b'), name: $('name-b'), fallback: 'Text B' },
  };
  #result = null; // { comparison, a, b } : the comparison and the texts it describes
  #filters = { category: '', layout: 'side' };
  #timer;
  #keep = store.keeper(STORE_KEY, () => {
    const side = (s) => ({ text: s.text.value, name: s.name.value });
    return { a: side(this.#sides.a), b: side(this.#sides.b), ...this.#filters };
  }, (error) => this.#status(`Could not save on this device: ${error.message}`));
  #busyTimer;
  #running = false;
  #again = false;
  #fileSide = 'a';
  #restored = false; // saving waits for the saved texts to be read, so it never overwrites them with nothing

  constructor(checker) {
    this.#checker = checker;
    for (const [key, side] of Object.entries(this.#sides)) {
      side.text.addEventListener('input', () => this.#changed());
      side.name.addEventListener('input', () => {
        this.#save();
        if (this.#result) this.#renderHeadline();
      });
      const section = side.text.closest('.compare-side');
      section.querySelector('[data-action=open]').addEventListener('click', () => {
        this.#fileSide = key;
        $('compare-file-input').click();
      });
      section.querySelector('[data-action=from-checker]').addEventListener('click', () => {
        this.#set(key, textBoxOf($('text'))?.value ?? $('text').value, $('doc-name').value.trim());
      });
      // A file dropped on a side opens there.
      section.addEventListener('dragover', (e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        section.classList.add('dropping');
      });
      section.addEventListener('dragleave', (e) => {
        if (!section.contains(e.relatedTarget)) section.classList.remove('dropping');
      });
      section.addEventListener('drop', (e) => {
        section.classList.remove('dropping');
        const file = e.dataTransfer?.files?.[0];
        if (!file) return;
        e.preventDefault();
        e.stopPropagation();
        this.#openFile(key, file);
      });
    }
    const input = $('compare-file-input');
    input.accept = ACCEPT;
    input.addEventListener('change', () => {
      if (input.files[0]) this.#openFile(this.#fileSide, input.files[0]);
      input.value = '';
    });

    $('compare-category').addEventListener('change', (e) => {
      this.#filters.category = e.target.value;
      this.#renderChanges();
      this.#save();
    });
    for (const radio of document.querySelectorAll('input[name=diff-layout]')) {
      radio.addEventListener('change', () => {
        this.#filters.layout = radio.value;
        this.#renderChanges();
        this.#save();
      });
    }
    $('compare-export-md').addEventListener('click', () => this.#exportMarkdown());
    $('compare-export-json').addEventListener('click', () => this.#exportJSON());
    $('compare-clear').addEventListener('click', () => this.#clear());
    this.#open();
  }

  // ---- the view -------------------------------------------------------------

  async #open() {
    // The module downloads while the person chooses texts.
    this.#checker.prepareCompare().catch((error) => this.#status(error.message));
    this.#loadSamples();
    let saved;
    try {
      saved = await store.load(STORE_KEY);
    } catch {
      // Private windows may refuse storage; the view works without it.
    }
    if (saved) {
      for (const key of ['a', 'b']) {
        if (this.#sides[key].text.value) continue;
        this.#sides[key].text.value = saved[key]?.text ?? '';
        this.#sides[key].name.value = saved[key]?.name ?? '';
      }
      this.#filters.category = CATEGORIES.has(saved.category) ? saved.category : '';
      this.#filters.layout = saved.layout === 'unified' ? 'unified' : 'side';
      for (const radio of document.querySelectorAll('input[name=diff-layout]')) radio.checked = radio.value === this.#filters.layout;
    }
    this.#restored = true;
    this.#schedule(true);
  }

  async #loadSamples() {
    let index;
    try {
      index = await (await fetch('samples/index.json')).json();
    } catch {
      return;
    }
    const read = async (file) => (await fetch(`samples/${encodeURIComponent(file)}`)).text();
    const close = (el) => { el.closest('details').open = false; };
    fill($('pairs-list'), (index.pairs ?? []).map((pair) => h('button', {
      type: 'button',
      onclick: async (e) => {
        close(e.currentTarget);
        this.#status('Opening the sample pair…');
        const [a, b] = await Promise.all([read(pair.a.file), read(pair.b.file)]);
        this.#set('a', a, pair.a.title, false);
        this.#set('b', b, pair.b.title);
      },
    }, h('span', { class: 'pair-title' }, pair.title), h('span', { class: 'sample-source' }, pair.source))));
    for (const key of Object.keys(this.#sides)) {
      const list = document.querySelector(`.compare-side[data-side=${key}] .menu-list`);
      fill(list, index.samples.map((sample) => h('button', {
        type: 'button',
        onclick: async (e) => {
          close(e.currentTarget);
          this.#set(key, await read(sample.file), sample.title);
        },
      }, sample.title)));
    }
  }

  // ---- texts ----------------------------------------------------------------

  /** Replaces one side's text and name; compares at once unless `compare` is false. */
  #set(key, text, name, compare = true) {
    this.#sides[key].text.value = text;
    this.#sides[key].name.value = name;
    this.#sides[key].text.scrollTop = 0;
    if (compare) this.#schedule(true);
    this.#save();
  }

  async #openFile(key, file) {
    this.#status(`Reading ${file.name}…`);
    try {
      const text = await extractText(file, (done, total) => this.#status(`Reading ${file.name}: page ${done} of ${total}…`));
      this.#set(key, text, file.name.replace(/\.[^.]+$/, ''));
    } catch (error) {
      this.#status(error.message);
    }
  }

  #changed() {
    this.#schedule();
    this.#save();
  }

  #clear() {
    const before = Object.fromEntries(Object.entries(this.#sides).map(([k, s]) => [k, { text: s.text.value, name: s.name.value }]));
    for (const side of Object.values(this.#sides)) {
      side.text.value = '';
      side.name.value = '';
    }
    this.#result = null;
    $('compare-results').hidden = true;
    this.#exportable(false);
    // Written through the keeper, so a save still under way cannot bring the texts back.
    this.#save();
    const undo = h('button', {
      type: 'button',
      class: 'small',
      onclick: () => {
        for (const [k, s] of Object.entries(before)) this.#set(k, s.text, s.name, false);
        this.#schedule(true);
      },
    }, 'Undo');
    fill($('compare-status'), 'Both texts cleared and removed from this device. ', undo);
    $('text-a').focus();
  }

  /** Saves the texts and settings (store.keeper writes at once), once the saved ones have been read. */
  #save() {
    if (this.#restored) this.#keep();
  }

  // ---- comparing ------------------------------------------------------------

  /** Compares soon: longer texts wait longer, so typing stays smooth. */
  #schedule(now = false) {
    clearTimeout(this.#timer);
    const size = this.#sides.a.text.value.length + this.#sides.b.text.value.length;
    this.#timer = setTimeout(() => this.#run(), now ? 0 : 400 + Math.min(1500, size / 2000));
  }

  async #run() {
    if (this.#running) {
      this.#again = true;
      return;
    }
    const a = this.#sides.a.text.value;
    const b = this.#sides.b.text.value;
    if (!a.trim() || !b.trim()) {
      this.#result = null;
      $('compare-results').hidden = true;
      this.#exportable(false);
      this.#status(!a.trim() && !b.trim() ? 'Paste or open two texts to compare them.'
        : `Now ${!a.trim() ? 'the earlier text, A' : 'the later text, B'}.`);
      return;
    }
    const long = [['A', a], ['B', b]].find(([, t]) => t.length > MAX_TEXT);
    if (long) {
      this.#status(`Text ${long[0]} is ${formatSize(long[1].length)}; ClauseLens compares texts up to ${formatSize(MAX_TEXT)} each. Compare the parts that matter.`);
      return;
    }
    this.#running = true;
    clearTimeout(this.#busyTimer);
    // Only long comparisons show progress; short ones would just flicker.
    this.#busyTimer = setTimeout(() => {
      this.#status(`Comparing ${formatSize(a.length)} with ${formatSize(b.length)}…`);
      $('compare-progress').hidden = false;
    }, 300);
    try {
      const { comparison, ms } = await this.#checker.compare(a, b);
      if (a === this.#sides.a.text.value && b === this.#sides.b.text.value) {
        this.#result = { comparison, a, b };
        this.#render();
        this.#status(`Compared in ${Math.max(1, Math.round(ms))} ms: ${plural(comparison.changes.length, 'change')}.`);
      }
    } catch (error) {
      if (error.crashed) this.#again = true; // a new worker is starting: try once more
      else this.#status(`The comparison failed: ${error.message}`);
    } finally {
      clearTimeout(this.#busyTimer);
      $('compare-progress').hidden = true;
      this.#running = false;
      const stale = this.#result && (this.#result.a !== this.#sides.a.text.value || this.#result.b !== this.#sides.b.text.value);
      if (this.#again || stale) {
        this.#again = false;
        this.#schedule(true);
      }
    }
  }

  #status(message) {
    $('compare-status').textContent = message;
  }

  #exportable(on) {
    $('compare-export-md').disabled = !on;
    $('compare-export-json').disabled = !on;
  }

  #names() {
    const name = (s) => s.name.value.trim() || s.fallback;
    return { a: name(this.#sides.a), b: name(this.#sides.b) };
  }

  // ---- rendering ------------------------------------------------------------

  #render() {
    $('compare-results').hidden = false;
    this.#exportable(true);
    this.#renderHeadline();
    this.#renderCounts();
    this.#renderChanges();
  }

  #renderHeadline() {
    const { comparison } = this.#result;
    const names = this.#names();
    const t = totals(comparison.summary);
    const changed = t.new + t.gone + t.worse + t.better + t.safeguards_added + t.safeguards_removed > 0;
    fill($('compare-headline'),
      `A (${names.a}) has ${plural(comparison.a.findings.length, 'finding')}; B (${names.b}) has ${comparison.b.findings.length}. `,
      changed
        ? `${t.new} new, ${t.gone} gone, ${t.worse} more severe, ${t.better} less severe; safeguards added in ${t.safeguards_added}, removed in ${t.safeguards_removed}; ${t.unchanged} unchanged.`
        : `No change in any concern (${t.unchanged} unchanged).`);
  }

  /** The counts by concern, as a table; the concern filter lists the concerns that changed. */
  #renderCounts() {
    const { comparison } = this.#result;
    const rows = [...CATEGORIES.keys()].map((id) => [id, comparison.summary[id]]).filter(([, n]) => n && changes(n) + n.unchanged > 0);
    const columns = [['new', 'New'], ['gone', 'Gone'], ['worse', 'More severe'], ['better', 'Less severe'],
      ['safeguards_added', 'Safeguards added'], ['safeguards_removed', 'Safeguards removed'], ['unchanged', 'Unchanged']];
    fill($('compare-counts'), rows.length ? h('div', { class: 'table-scroll', role: 'region', 'aria-label': 'Changes by concern', tabindex: '0' },
      h('table', { class: 'compare-counts' },
        h('caption', {}, 'Changes by concern'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Concern'), columns.map(([, title]) => h('th', { scope: 'col' }, title)))),
        h('tbody', {}, rows.map(([id, n]) => h('tr', {},
          h('th', { scope: 'row' }, categoryTitle(id)),
          columns.map(([key]) => h('td', { class: n[key] ? 'nonzero' : null }, String(n[key])))))))) : null);

    const counted = new Map();
    for (const c of comparison.changes) counted.set(c.category, (counted.get(c.category) ?? 0) + 1);
    const select = $('compare-category');
    select.replaceChildren(h('option', { value: '' }, `All concerns (${comparison.changes.length})`),
      ...[...CATEGORIES].filter(([id]) => counted.has(id) || id === this.#filters.category)
        .map(([id, title]) => h('option', { value: id }, `${title} (${counted.get(id) ?? 0})`)));
    select.value = this.#filters.category;
  }

  #renderChanges() {
    if (!this.#result) return;
    const { comparison } = this.#result;
    const shown = comparison.changes.filter((c) => !this.#filters.category || c.category === this.#filters.category);
    const note = $('compare-note');
    if (comparison.changes.length === 0) note.textContent = 'Nothing changed in any concern: every finding of A is in B, at the same severity and with the same safeguards.';
    else if (shown.length === 0) note.textContent = 'No change in this concern.';
    else note.textContent = shown.length === comparison.changes.length
      ? `${plural(shown.length, 'change')}, grouped by concern.`
      : `Showing ${shown.length} of ${comparison.changes.length} changes.`;
    const groups = [...CATEGORIES.keys()]
      .map((id) => [id, shown.filter((c) => c.category === id)])
      .filter(([, list]) => list.length);
    fill($('compare-changes'), groups.map(([id, list]) => h('section', { class: 'change-group', 'data-category': id, 'aria-labelledby': `changes-${id}` },
      h('h4', { id: `changes-${id}` }, categoryTitle(id), h('span', { class: 'group-count' }, ` · ${list.length}`)),
      h('ol', { class: 'changes' }, list.map((c) => this.#change(c))))));
  }

  #change(c) {
    return h('li', { class: `change kind-${c.kind}`, 'data-kind': c.kind, 'data-rule': c.rule },
      h('h5', { class: 'change-title' }, h('span', { class: `change-kind kind-${c.kind}` }, KIND_LABEL[c.kind]), ' ', c.title),
      h('p', { class: 'change-meta' }, severities(c), h('span', { class: 'change-places' }, places(c))),
      h('p', { class: 'change-summary' }, c.summary),
      safeguardList('Safeguards no longer found', c.safeguards_removed, 'removed'),
      safeguardList('Safeguards now found', c.safeguards_added, 'added'),
      this.#wording(c));
  }

  /** The clauses of both texts with the changed words marked, or the one clause there is. */
  #wording(c) {
    const { a, b, comparison } = this.#result;
    if (!c.clause_a && !c.clause_b) return null;
    const label = (side, place) => h('p', { class: 'clause-label' }, `${side} · ${placeName(place)}`);
    if (c.wording.length) {
      if (this.#filters.layout === 'unified') {
        return h('div', { class: 'wording unified' },
          h('p', { class: 'clause-label' }, `A · ${placeName(c.clause_a)} → B · ${placeName(c.clause_b)}`),
          h('p', { class: 'clause' }, c.wording.map(run)));
      }
      return h('div', { class: 'wording side-by-side' },
        h('div', { class: 'clause-side side-a' }, label('A', c.clause_a), h('p', { class: 'clause' }, c.wording.filter((w) => w.op !== 'insert').map(run))),
        h('div', { class: 'clause-side side-b' }, label('B', c.clause_b), h('p', { class: 'clause' }, c.wording.filter((w) => w.op !== 'delete').map(run))));
    }
    if (c.clause_a && c.clause_b) {
      return h('div', { class: 'wording same' },
        h('p', { class: 'clause-label' }, `A · ${placeName(c.clause_a)} and B · ${placeName(c.clause_b)}: the same words`),
        h('p', { class: 'clause' }, b.slice(c.clause_b.start, c.clause_b.end)));
    }
    // A new or gone concern with nothing corresponding on the other side: its clause, its words marked.
    const [side, text, place, report, id] = c.clause_b ? ['B', b, c.clause_b, comparison.b, c.b] : ['A', a, c.clause_a, comparison.a, c.a];
    const finding = report.findings.find((f) => f.id === id);
    const other = side === 'B' ? 'A' : 'B';
    return h('div', { class: `wording only only-${side.toLowerCase()}` },
      label(side, place),
      h('p', { class: 'clause' }, flagged(text, place, finding)),
      c.kind === 'new' || c.kind === 'gone' ? h('p', { class: 'muted' }, `No corresponding clause in ${other}.`) : null);
  }

  // ---- exports --------------------------------------------------------------

  #fileName(ext) {
    const names = this.#names();
    return `${slug(names.a).slice(0, 30)}-vs-${slug(names.b).slice(0, 30)}-clauselens-compare.${ext}`;
  }

  async #exportMarkdown() {
    $('compare-export-menu').open = false;
    const { a, b } = this.#result;
    const names = this.#names();
    try {
      const markdown = await this.#checker.markdown({
        of: 'compare', a, b, nameA: inline(names.a), nameB: inline(names.b),
        categories: this.#filters.category ? [this.#filters.category] : [],
      });
      download(this.#fileName('md'), markdown, 'text/markdown');
    } catch (error) {
      this.#status(`The export failed: ${error.message}`);
    }
  }

  /** The core's comparison, with the concern filter applied as `clauselens compare --category` does. */
  #exportJSON() {
    $('compare-export-menu').open = false;
    const { comparison } = this.#result;
    const category = this.#filters.category;
    const kept = category ? {
      ...comparison,
      changes: comparison.changes.filter((c) => c.category === category),
      summary: { [category]: comparison.summary[category] },
    } : comparison;
    download(this.#fileName('json'), `${JSON.stringify(kept, null, 2)}\n`, 'application/json');
  }
}

// ---- pieces -------------------------------------------------------------------

const changes = (n) => n.new + n.gone + n.worse + n.better + n.safeguards_added + n.safeguards_removed;

function totals(summary) {
  const t = { new: 0, gone: 0, worse: 0, better: 0, safeguards_added: 0, safeguards_removed: 0, unchanged: 0 };
  for (const n of Object.values(summary)) for (const key of Object.keys(t)) t[key] += n[key];
  return t;
}

function severity(s) {
  return h('span', { class: `badge sev-${s}` }, h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, SEVERITY_ICON[s]), ` ${SEVERITY_LABEL[s]}`);
}

/** "A: ◆ Medium → B: ▲ High", or the one side there is. */
function severities(c) {
  const parts = [];
  if (c.severity_a) parts.push('A: ', severity(c.severity_a));
  if (c.severity_a && c.severity_b) parts.push(' → ');
  if (c.severity_b) parts.push('B: ', severity(c.severity_b));
  return h('span', { class: 'change-severity' }, parts);
}

const placeName = (place) => place?.location?.label ?? (place ? 'unnumbered text' : 'none');

/** "A: Article 15(1) · B: Article 15(1)", or "Whole text". */
function places(c) {
  if (!c.clause_a && !c.clause_b) return 'Whole text';
  return `A: ${placeName(c.clause_a)} · B: ${placeName(c.clause_b)}`;
}

function safeguardList(title, names, how) {
  if (!names.length) return null;
  return h('div', { class: `safeguards-${how}` }, h('p', { class: 'safeguards-title' }, `${title}:`),
    h('ul', {}, names.map((name) => h('li', {}, name))));
}

/** One run of a word diff; deleted and inserted words say so to screen readers too. */
function run(w) {
  if (w.op === 'delete') return h('del', {}, h('span', { class: 'visually-hidden' }, '[deleted: '), w.text, h('span', { class: 'visually-hidden' }, ']'));
  if (w.op === 'insert') return h('ins', {}, h('span', { class: 'visually-hidden' }, '[inserted: '), w.text, h('span', { class: 'visually-hidden' }, ']'));
  return w.text;
}

/** The clause at `place` in `text`, with the finding's words marked when they lie inside it. */
function flagged(text, place, finding) {
  const clause = text.slice(place.start, place.end);
  if (!finding || finding.kind !== 'clause' || finding.start < place.start || finding.end > place.end || finding.end <= finding.start) return clause;
  return [
    text.slice(place.start, finding.start),
    h('mark', { class: `flagged sev-${finding.severity}` }, text.slice(finding.start, finding.end)),
    text.slice(finding.end, place.end),
  ];
}
