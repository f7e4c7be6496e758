//! The Necessary & Proportionate scorecard beside the findings: a tab in the
//! findings pane with one row per principle (verdict, reasoning, the findings
//! that bear on it, the safeguards found). The core scores the text (in the
//! compare build, loaded by the worker the first time a scorecard is asked
//! for), so the tab, the exports and the print report show the verdicts
//! `clauselens check --scorecard` gives for the same text and rules.

import { h, fill } from './dom.js';
import { SEVERITY_ICON, SEVERITY_LABEL } from './categories.js';
import { placeOf } from './findings.js';

/** Verdict id -> words and a shape, so a verdict never rests on colour alone. */
export const VERDICTS = {
  met: { label: 'Met', icon: '✓' },
  'partly-met': { label: 'Partly met', icon: '◐' },
  'not-met': { label: 'Not met', icon: '✗' },
  'not-applicable': { label: 'Not applicable', icon: '–' },
};

/** "Met 0 · partly met 9 · not met 4 · not applicable 0". */
export function tally(card) {
  return Object.entries(VERDICTS)
    .map(([id, v], i) => `${i ? v.label.toLowerCase() : v.label} ${card.summary[id] ?? 0}`)
    .join(' · ');
}

export function verdictBadge(verdict) {
  const v = VERDICTS[verdict] ?? { label: verdict, icon: '?' };
  return h('span', { class: `verdict verdict-${verdict}` },
    h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, v.icon), ` ${v.label}`);
}

/**
 * The scorecard tab. `checker` is the CheckerClient; `onSelect(index)` opens
 * finding `index` of the current report in the list.
 */
export class ScorecardView {
  #checker;
  #onSelect;
  #table = document.getElementById('scorecard');
  #status = document.getElementById('scorecard-status');
  #tabs = [document.getElementById('tab-list'), document.getElementById('tab-scorecard')];
  #current = { text: '', report: null }; // what the page shows
  #scored = { report: null, card: null }; // the last scorecard and the report it belongs to
  #asked = null; // { report, promise } of the scorecard being made
  #refreshing = false;
  #refreshAgain = false;

  constructor(checker, onSelect) {
    this.#checker = checker;
    this.#onSelect = onSelect;
    for (const tab of this.#tabs) tab.addEventListener('click', () => this.show(tab.id === 'tab-scorecard' ? 'scorecard' : 'list'));
    // Arrow keys move between the tabs, as the ARIA tabs pattern expects.
    this.#tabs[0].parentElement.addEventListener('keydown', (e) => {
      const at = this.#tabs.indexOf(e.target);
      if (at === -1) return;
      const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: this.#tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const tab = this.#tabs[(to + this.#tabs.length) % this.#tabs.length];
      tab.focus();
      tab.click();
    });
  }

  get visible() {
    return this.#tabs[1].getAttribute('aria-selected') === 'true';
  }

  /** Shows the `list` or the `scorecard` tab. */
  show(which) {
    this.#tabs.forEach((tab) => {
      const on = (tab.id === 'tab-scorecard') === (which === 'scorecard');
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
    });
    if (this.visible) this.#refresh();
  }

  /** The page now shows `report` for `text` (a string or a TextBox snapshot; report null: no text). */
  update(text, report) {
    this.#current = { text, report };
    if (this.visible) this.#refresh();
  }

  /**
   * The scorecard of the report on show, made when first needed (exports,
   * printing). Null when there is no report.
   */
  async forCurrent() {
    const { text, report } = this.#current;
    if (!report) return null;
    if (this.#scored.report === report) return this.#scored.card;
    if (this.#asked?.report !== report) {
      const promise = this.#checker.scorecard(String(text)).then((card) => {
        if (this.#current.report === report) this.#scored = { report, card };
        return card;
      });
      this.#asked = { report, promise };
      promise.finally(() => { if (this.#asked?.promise === promise) this.#asked = null; }).catch(() => {});
    }
    return this.#asked.promise;
  }

  /** The scorecard if it is already made for the report on show (a print started with Ctrl+P cannot wait). */
  get ready() {
    return this.#scored.report && this.#scored.report === this.#current.report ? this.#scored.card : null;
  }

  async #refresh() {
    // One scorecard at a time: while one is made, edits only mark the newest text as wanted.
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return;
    }
    const { report } = this.#current;
    if (!report) {
      this.#status.textContent = 'Paste or open a text to score it.';
      this.#table.replaceChildren();
      return;
    }
    if (this.#scored.report !== report) this.#status.textContent = 'Scoring the text against the 13 principles…';
    this.#refreshing = true;
    let card;
    try {
      card = await this.forCurrent();
    } catch (error) {
      if (this.#current.report === report) this.#status.textContent = `The scorecard could not be made: ${error.message}`;
    } finally {
      this.#refreshing = false;
    }
    if (this.#refreshAgain) {
      this.#refreshAgain = false;
      if (this.visible) this.#refresh();
    } else if (card && this.#current.report === report && this.visible) {
      this.#render(card, report);
    }
  }

  #render(card, report) {
    this.#status.textContent = `${tally(card)}.`;
    const index = new Map(report.findings.map((f, i) => [f.id, i]));
    const rows = card.principles.map((p) => h('tr', { class: `principle verdict-row-${p.verdict}`, 'data-principle': p.number },
      h('th', { scope: 'row' },
        h('span', { class: 'principle-name' }, `${p.number}. ${p.name}`),
        h('span', { class: 'principle-asks' }, p.asks)),
      h('td', {},
        verdictBadge(p.verdict),
        h('p', { class: 'reasoning' }, p.reasoning),
        p.findings.length ? h('details', { class: 'bears', open: p.findings.length <= 3 },
          h('summary', {}, `Findings that bear on it (${p.findings.length})`),
          h('ul', {}, p.findings.map((f) => h('li', {}, findingLink(f, report, index.get(f.id), this.#onSelect))))) : null,
        p.safeguards.length ? h('details', { class: 'safeguards-found', open: p.safeguards.length <= 3 },
          h('summary', {}, `Safeguards found (${p.safeguards.length})`),
          h('ul', {}, p.safeguards.map((s) => h('li', {},
            h('span', { class: 'passage-name' }, s.name), s.location ? ` (${s.location.label})` : '',
            s.text ? h('q', {}, s.text) : null)))) : null)));
    fill(this.#table, h('table', { class: 'scorecard' },
      h('caption', { class: 'visually-hidden' }, `Necessary and Proportionate scorecard: ${tally(card)}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Principle'), h('th', { scope: 'col' }, 'Verdict and why'))),
      h('tbody', {}, rows)));
  }
}

/** A button that opens the finding in the list; plain text when it is not in the report on show. */
function findingLink(f, report, index, onSelect) {
  const place = index === undefined ? (f.location?.label ?? 'Whole text') : placeOf(report.findings[index]);
  const words = [
    h('span', { class: `badge-icon sev-${f.severity}`, 'aria-hidden': 'true' }, SEVERITY_ICON[f.severity]),
    ` ${SEVERITY_LABEL[f.severity]} · ${place} · ${f.title}`,
  ];
  if (index === undefined) return h('span', {}, words);
  return h('button', { type: 'button', class: 'link-button', 'data-finding': f.id, onclick: () => onSelect(index) }, words);
}
