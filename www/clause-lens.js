//! <clause-lens>: ClauseLens as one custom element for other sites.
//!
//! ```html
//! <script type="module" src="https://checker.example.org/clause-lens.js"></script>
//! <clause-lens categories="secrecy,weak-safeguards" height="30rem" theme="dark">
//!   Optional text to check at first.
//! </clause-lens>
//! ```
//!
//! Attributes: `categories` (comma-separated category ids; only those are
//! shown; default all), `height` (any CSS length; default 32rem), `theme`
//! (`light` or `dark`). Everything lives in a shadow root: the host page's
//! styles do not leak in, and the element touches nothing outside itself.
//! Its only requests go to the origin this script came from (the Wasm core
//! and the checker's scripts); the text stays in the browser.

import { CheckerClient } from './js/checker.js';
import { CATEGORIES, categoryTitle, SEVERITY_ICON, SEVERITY_LABEL, SEVERITIES } from './js/categories.js';
import { h, plural } from './js/dom.js';
import { placeOf } from './js/findings.js';

const APP_URL = new URL('./', import.meta.url).href;

// Styles go in through CSSOM (adoptedStyleSheets), which a strict
// style-src policy allows, unlike a <style> element.
const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host {
  --cl-bg: #ffffff; --cl-ink: #1f2933; --cl-muted: #52606d; --cl-line: #cfd4da; --cl-brand: #1d3557;
  --cl-high: #a4161a; --cl-high-bg: #fde2e0; --cl-medium: #7a4f00; --cl-medium-bg: #fcefc7;
  --cl-low: #2d5b86; --cl-low-bg: #e2ecf7; --cl-focus: #1f6feb; --cl-field: #ffffff;
  display: block; height: var(--cl-height, 32rem); min-height: 16rem;
  color: var(--cl-ink); background: var(--cl-bg);
  border: 1px solid var(--cl-line); border-radius: 10px; overflow: hidden;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  contain: content;
}
:host([theme="dark"]) {
  --cl-bg: #15202b; --cl-ink: #e8edf2; --cl-muted: #aab6c3; --cl-line: #3b4b5c; --cl-brand: #9cc3ff;
  --cl-high: #ffb4ab; --cl-high-bg: #4a1d1a; --cl-medium: #ffd479; --cl-medium-bg: #3f3313;
  --cl-low: #a8ccf0; --cl-low-bg: #1c3149; --cl-focus: #7fb2ff; --cl-field: #0f1821;
  color-scheme: dark;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.frame { display: grid; grid-template-rows: auto auto 1fr auto; height: 100%; gap: .5rem; padding: .75rem .9rem; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; flex-wrap: wrap; }
.name { font-weight: 700; color: var(--cl-brand); }
.status { font-size: .85rem; color: var(--cl-muted); }
label { font-weight: 600; font-size: .9rem; }
textarea {
  width: 100%; height: 7.5rem; resize: vertical; padding: .5rem .65rem;
  font: .85rem/1.5 ui-monospace, Menlo, Consolas, monospace;
  color: var(--cl-ink); background: var(--cl-field);
  border: 1px solid var(--cl-muted); border-radius: 8px;
}
:focus-visible { outline: 3px solid var(--cl-focus); outline-offset: 2px; }
.results { overflow: auto; min-height: 0; }
ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .4rem; }
button.finding {
  display: flex; flex-direction: column; gap: .15rem; width: 100%; text-align: left;
  padding: .5rem .65rem; font: inherit; color: inherit; background: transparent; cursor: pointer;
  border: 1px solid var(--cl-line); border-left: 4px solid var(--cl-line); border-radius: 8px;
}
li.high button.finding { border-left-color: var(--cl-high); }
li.medium button.finding { border-left: 4px dashed var(--cl-medium); }
li.low button.finding { border-left: 4px dotted var(--cl-low); }
.line { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; font-size: .85rem; color: var(--cl-muted); }
.badge { font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; padding: 0 .4rem; border-radius: 4px; border: 1px solid currentColor; }
.badge.high { color: var(--cl-high); background: var(--cl-high-bg); }
.badge.medium { color: var(--cl-medium); background: var(--cl-medium-bg); }
.badge.low { color: var(--cl-low); background: var(--cl-low-bg); }
.title { font-weight: 650; }
.message { font-size: .9rem; }
.details { padding: .4rem .7rem .6rem; font-size: .9rem; border: 1px solid var(--cl-line); border-top: 0; border-radius: 0 0 8px 8px; }
.details h4 { margin: .5rem 0 .1rem; font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--cl-muted); }
.details p { margin: 0; }
.empty { color: var(--cl-muted); margin: .25rem 0; }
footer { font-size: .8rem; color: var(--cl-muted); }
footer a { color: var(--cl-brand); }
`);

class ClauseLens extends HTMLElement {
  static observedAttributes = ['categories', 'height', 'theme'];

  #checker = null;
  #report = null;
  #timer = 0;
  #ui = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    const id = `cl-${Math.random().toString(36).slice(2, 8)}`;
    const ui = {
      status: h('span', { class: 'status', role: 'status' }, 'Loading…'),
      text: h('textarea', { id: `${id}-text`, spellcheck: 'false', placeholder: 'Paste a clause, a bill or a treaty here.' }),
      list: h('ul', { 'aria-label': 'Findings' }),
      note: h('p', { class: 'empty' }, 'Findings appear here as you type. Nothing you paste leaves this page.'),
    };
    this.#ui = ui;
    root.append(h('div', { class: 'frame' },
      h('header', {}, h('span', { class: 'name' }, 'ClauseLens'), ui.status),
      h('div', {}, h('label', { for: `${id}-text` }, 'Text to check'), ui.text),
      h('div', { class: 'results' }, ui.note, ui.list),
      h('footer', {}, 'Checked in your browser; nothing is sent. ',
        h('a', { href: APP_URL, target: '_blank', rel: 'noopener' }, 'Open the full ClauseLens app'))));
    ui.text.addEventListener('input', () => this.#schedule());
    ui.list.addEventListener('click', (e) => this.#toggle(e.target.closest('button.finding')));
  }

  connectedCallback() {
    this.#applyHeight();
    this.#checker ??= new CheckerClient();
    // Text written inside the element is the starting text.
    const initial = this.textContent.trim();
    if (initial && !this.#ui.text.value) this.#ui.text.value = initial.replace(/\n[ \t]+/g, '\n');
    this.#schedule(0);
  }

  attributeChangedCallback(name) {
    if (name === 'height') this.#applyHeight();
    if (name === 'categories') this.#render();
  }

  /** The text box's current text; setting it checks the new text. */
  get value() { return this.#ui.text.value; }
  set value(text) {
    this.#ui.text.value = String(text);
    this.#schedule(0);
  }

  #applyHeight() {
    const height = this.getAttribute('height');
    if (height && CSS.supports('height', height)) this.style.setProperty('--cl-height', height);
    else this.style.removeProperty('--cl-height');
  }

  #categories() {
    const wanted = (this.getAttribute('categories') ?? '').split(',').map((s) => s.trim()).filter((s) => CATEGORIES.has(s));
    return wanted.length ? new Set(wanted) : null;
  }

  #schedule(delay = 300 + Math.min(1500, this.#ui.text.value.length / 1000)) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#check(), delay);
  }

  async #check() {
    const text = this.#ui.text.value;
    if (!text.trim()) {
      this.#report = null;
      this.#render();
      return;
    }
    this.#ui.status.textContent = 'Checking…';
    try {
      const result = await this.#checker.check(text);
      if (!result || text !== this.#ui.text.value) return;
      this.#report = result.report;
    } catch (error) {
      this.#ui.status.textContent = `Check failed: ${error.message}`;
      return;
    }
    this.#render();
  }

  #shown() {
    const only = this.#categories();
    return (this.#report?.findings ?? [])
      .map((f, i) => [i, f])
      .filter(([, f]) => !only || only.has(f.category));
  }

  #render() {
    const { list, note, status } = this.#ui;
    const shown = this.#shown();
    if (!this.#report) {
      status.textContent = 'Ready';
      note.hidden = false;
      list.replaceChildren();
      return;
    }
    const counts = SEVERITIES.map((s) => `${shown.filter(([, f]) => f.severity === s).length} ${s}`).join(', ');
    status.textContent = `${plural(shown.length, 'finding')}${shown.length ? ` (${counts})` : ''}`;
    note.hidden = shown.length > 0;
    note.textContent = 'No concerns found by these rules.';
    list.replaceChildren(...shown.map(([i, f]) => h('li', { class: f.severity },
      h('button', { type: 'button', class: 'finding', 'aria-expanded': 'false', 'data-index': i },
        h('span', { class: 'line' },
          h('span', { class: `badge ${f.severity}` }, h('span', { 'aria-hidden': 'true' }, SEVERITY_ICON[f.severity]), ` ${SEVERITY_LABEL[f.severity]}`),
          placeOf(f)),
        h('span', { class: 'title' }, f.title || categoryTitle(f.category)),
        h('span', { class: 'message' }, f.message)))));
  }

  /** Opens or closes a finding's explanation and selects its words in the text box. */
  #toggle(button) {
    if (!button) return;
    const open = button.getAttribute('aria-expanded') === 'true';
    button.nextElementSibling?.remove();
    button.setAttribute('aria-expanded', String(!open));
    if (open) return;
    const f = this.#report.findings[Number(button.dataset.index)];
    button.after(h('div', { class: 'details' },
      f.why ? [h('h4', {}, 'Why it matters'), h('p', {}, f.why)] : null,
      f.references?.length ? [h('h4', {}, 'Standards'), h('p', {}, f.references.join('; '))] : null,
      f.suggestion ? [h('h4', {}, 'Suggested safeguard wording'), h('p', {}, f.suggestion)] : null));
    if (f.kind === 'clause' && this.#ui.text.value.length >= f.end) {
      this.#ui.text.setSelectionRange(f.start, f.end);
    }
  }
}

if (!customElements.get('clause-lens')) customElements.define('clause-lens', ClauseLens);
