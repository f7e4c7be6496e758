//! The findings panel: findings grouped by article or section, each a button
//! that opens its explanation (what, why it matters, the standards cited,
//! suggested safeguard wording, safeguards and context found nearby).

import { h } from './dom.js';
import { categoryTitle, SEVERITY_ICON, SEVERITY_LABEL } from './categories.js';
import { lineOf, numberOf } from './report-changes.js';

/** The provision a finding is grouped under: "Article 28" for "Article 28(4)(b)". */
function groupOf(finding) {
  if (finding.kind === 'absence') return 'Whole document';
  if (!finding.location) return 'Text outside any article or section';
  return finding.location.label.replace(/\s*\(.*$/, '');
}

/** Where a finding is, for a person: its label, or what an absence means. */
export function placeOf(finding) {
  if (finding.kind === 'absence') return 'Missing from the whole document';
  return finding.location?.label ?? 'Unnumbered text';
}

/** A short excerpt of the finding's span, on one line. */
export function excerpt(text, max = 160) {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function severityBadge(severity) {
  return h('span', { class: `badge sev-${severity}` },
    h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, SEVERITY_ICON[severity]),
    ` ${SEVERITY_LABEL[severity]}`);
}

/** What an item shows, by item: an item that would show the same again is kept. */
const shows = new WeakMap();
/** The finding's number an item carries, by item, so that it is read without a DOM query. */
const numbers = new WeakMap();
/** The finding an item shows, by item. */
const findings = new WeakMap();
/**
 * A finding's group and what its item shows, by the finding's line
 * (report-changes.js): a finding a recheck kept shows what the one it
 * continues showed, and most findings of a report are kept ones.
 */
const described = new WeakMap();

function describe(f) {
  let description = described.get(lineOf(f));
  if (!description) {
    description = { group: groupOf(f), shows: [f.severity, placeOf(f), f.title || f.category, f.message].join('\u0001') };
    described.set(lineOf(f), description);
  }
  return description;
}
/** The item showing a finding, by the finding's line (report-changes.js). */
const itemOf = new WeakMap();
/** The group heading an item carries ("Article 6 · 2"), by item, so that it is read without a DOM query. */
const headings = new WeakMap();

/** The finding list item `item` shows. */
export const findingOf = (item) => findings.get(item);

/**
 * Fills `list` with one <li> per finding in `shown` (in report order), each
 * carrying the finding's number (report-changes.js `numberOf`). The first
 * item of each group carries the group's heading. Items that show the same
 * as before are kept, and new ones are put in place: while a person types,
 * a report differs from the last in a finding or two, and rebuilding
 * hundreds of items would hold up the page. A kept item also keeps its
 * explanation open. A finding keeps the item that showed the finding it
 * continues (a recheck's kept finding, whose number is the same: nothing
 * is renumbered); others take a free item showing the same (see `free`):
 * a 1 MB text repeats its articles, and a finding of one copy taking
 * another copy's item would move every item between them.
 */
export function renderFindings(list, shown) {
  const descriptions = shown.map(describe);
  const counts = new Map();
  for (const { group } of descriptions) counts.set(group, (counts.get(group) ?? 0) + 1);
  // First each finding's own item, then a free one showing the same, or a new one.
  const kept = new Set();
  const chosen = shown.map((f, i) => {
    const item = itemOf.get(lineOf(f));
    if (item?.parentNode !== list || shows.get(item) !== descriptions[i].shows || kept.has(item)) return null;
    kept.add(item);
    return item;
  });
  // What an item shows -> the items showing it not yet taken, with where each is in the list: made if needed.
  let unclaimed = null;
  /**
   * A free item showing `key` for the finding now at `position` of the
   * list: of those, the one nearest that position. A new report (not
   * changes) has no finding it continues, and in a text that repeats its
   * articles the first free item would often be another copy's, moving
   * every item between them.
   */
  const free = (key, position) => {
    if (!unclaimed) {
      unclaimed = new Map();
      [...list.children].forEach((item, at) => {
        if (kept.has(item)) return;
        if (!unclaimed.has(shows.get(item))) unclaimed.set(shows.get(item), []);
        unclaimed.get(shows.get(item)).push([item, at]);
      });
    }
    const same = unclaimed.get(key);
    if (!same?.length) return undefined;
    let best = 0;
    for (let i = 1; i < same.length; i++) {
      if (Math.abs(same[i][1] - position) < Math.abs(same[best][1] - position)) best = i;
    }
    return same.splice(best, 1)[0][0];
  };
  let group = null;
  const items = shown.map((f, i) => {
    const { group: g, shows: key } = descriptions[i];
    const heading = g !== group ? [g, counts.get(g)] : null;
    group = g;
    const number = numberOf(f);
    let item = chosen[i] ?? free(key, i);
    if (item) {
      if (numbers.get(item) !== number) renumber(item, number);
    } else {
      item = findingItem(number, f);
      shows.set(item, key);
      numbers.set(item, number);
    }
    kept.add(item);
    itemOf.set(lineOf(f), item);
    findings.set(item, f);
    setHeading(item, heading);
    return item;
  });
  // Only what changed is touched: items no longer shown go, new ones go in
  // before the next kept item, and kept items stay where they are.
  for (const item of [...list.children]) if (!kept.has(item)) item.remove();
  let next = list.firstElementChild;
  for (const item of items) {
    if (item === next) next = next.nextElementSibling;
    else list.insertBefore(item, next);
  }
}

function findingItem(number, f) {
  return h('li', { class: `finding sev-${f.severity}`, 'data-number': number },
    h('button', {
      type: 'button', class: 'finding-button', 'aria-expanded': 'false',
      'aria-controls': `finding-${number}-details`, id: `finding-${number}`,
    },
    h('span', { class: 'finding-line' }, severityBadge(f.severity),
      h('span', { class: 'finding-place' }, placeOf(f))),
    h('span', { class: 'finding-title' }, f.title || categoryTitle(f.category)),
    h('span', { class: 'finding-message' }, f.message)),
    h('div', { class: 'finding-details', id: `finding-${number}-details`, hidden: true }));
}

/**
 * Gives the item its group's heading ([title, count]) when it is the first
 * of its group, and takes it away when it no longer is.
 */
function setHeading(item, heading) {
  const text = heading ? `${heading[0]} · ${heading[1]}` : null;
  if ((headings.get(item) ?? null) === text) return;
  headings.set(item, text);
  item.querySelector(':scope > .group-heading')?.remove();
  if (heading) item.prepend(h('h3', { class: 'group-heading' }, heading[0], h('span', { class: 'group-count' }, ` · ${heading[1]}`)));
}

/** Gives an item taken for another finding that finding's number. */
function renumber(item, number) {
  numbers.set(item, number);
  item.dataset.number = number;
  const button = item.querySelector('.finding-button');
  button.id = `finding-${number}`;
  button.setAttribute('aria-controls', `finding-${number}-details`);
  item.querySelector('.finding-details').id = `finding-${number}-details`;
}

/** The explanation of one finding, built on demand when it is opened. */
export function explanation(f, { rule, onShow, onCopy, onEdit }) {
  const section = (title, ...body) => h('section', { class: 'explain' }, h('h4', {}, title), ...body);
  const passages = (list, none) => list.length === 0
    ? h('p', { class: 'muted' }, none)
    : h('ul', { class: 'passages' }, list.map((p) => h('li', {},
      h('span', { class: 'passage-name' }, p.name),
      p.location ? ` (${p.location.label})` : '',
      p.effect ? h('span', { class: 'passage-effect' }, ` · ${effectText(p.effect)}`) : '',
      p.text ? h('q', {}, excerpt(p.text, 200)) : null)));
  return [
    h('p', { class: 'category-line' }, categoryTitle(f.category), h('span', { class: 'muted' }, ` · rule ${f.rule}`)),
    f.text ? section('The words', h('blockquote', { class: 'excerpt' }, excerpt(f.text, 400))) : null,
    f.searched_for ? section('Looked for and not found', h('p', {}, f.searched_for)) : null,
    f.why ? section('Why it matters', h('p', {}, f.why)) : null,
    f.references?.length ? section('Standards', h('ul', { class: 'refs' }, f.references.map((r) => h('li', {}, r)))) : null,
    f.suggestion ? section('Suggested safeguard wording', h('blockquote', { class: 'suggestion' }, f.suggestion)) : null,
    rule?.description ? section('What this rule flags', h('p', {}, rule.description),
      rule.examples?.flag?.[0] ? h('p', { class: 'muted' }, 'For example: ', h('q', {}, excerpt(rule.examples.flag[0], 300))) : null) : null,
    f.kind === 'clause' ? section('Safeguards found nearby', passages(f.mitigations ?? [], 'None found in this provision.')) : null,
    f.context?.length ? section('Context elsewhere in the text', passages(f.context, '')) : null,
    h('div', { class: 'finding-actions' },
      f.kind === 'clause' ? h('button', { type: 'button', class: 'small', onclick: onShow }, 'Show in text') : null,
      f.kind === 'clause' ? h('button', { type: 'button', class: 'small', onclick: onEdit }, 'Edit this clause') : null,
      h('button', { type: 'button', class: 'small', onclick: onCopy }, 'Copy finding')),
  ];
}

function effectText(effect) {
  return {
    lower: 'lowered the severity',
    suppress: 'answers the concern',
    note: 'noted',
    raise: 'raised the severity',
  }[effect] ?? effect;
}
