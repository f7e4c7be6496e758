//! The printed report: title, date, document name, summary, every finding
//! with its location and excerpt, and the N&P scorecard. Built as its own
//! section so that print styles can show it alone, whatever the screen layout.

import { h, fill } from './dom.js';
import { CATEGORIES, categoryTitle, SEVERITY_ICON, SEVERITY_LABEL, SEVERITIES } from './categories.js';
import { placeOf, excerpt } from './findings.js';
import { tally, verdictBadge } from './scorecard.js';

/** `scorecard`: the scorecard of the report, `{ error }`, or null when it is not made yet. */
export function renderPrintReport(container, report, { name, date, scorecard }) {
  const { summary } = report;
  const when = date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  fill(container,
    h('header', { class: 'print-head' },
      h('p', { class: 'print-kicker' }, 'ClauseLens report'),
      h('h1', {}, name),
      h('p', {}, `Checked on ${when} with ClauseLens ${report.version}. The text was checked on this device and not sent anywhere.`)),
    h('section', {},
      h('h2', {}, 'Summary'),
      h('p', {}, `${summary.total} ${summary.total === 1 ? 'finding' : 'findings'}: `,
        SEVERITIES.map((s, i) => `${i ? ', ' : ''}${summary.by_severity[s]} ${SEVERITY_LABEL[s].toLowerCase()}`).join(''), '.'),
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Concern'), h('th', { scope: 'col' }, 'Findings'))),
        h('tbody', {}, [...CATEGORIES.keys()].filter((id) => summary.by_category[id] > 0)
          .map((id) => h('tr', {}, h('td', {}, categoryTitle(id)), h('td', {}, String(summary.by_category[id]))))))),
    h('section', {},
      h('h2', {}, 'Findings'),
      report.findings.map((f, i) => h('article', { class: `print-finding sev-${f.severity}` },
        h('h3', {}, `${i + 1}. ${SEVERITY_ICON[f.severity]} ${SEVERITY_LABEL[f.severity]} · ${placeOf(f)} · ${f.title || categoryTitle(f.category)}`),
        f.text ? h('blockquote', {}, excerpt(f.text, 400)) : null,
        h('p', {}, h('strong', {}, 'What: '), f.message),
        f.why ? h('p', {}, h('strong', {}, 'Why it matters: '), f.why) : null,
        f.references?.length ? h('p', {}, h('strong', {}, 'Standards: '), f.references.join('; ')) : null,
        f.suggestion ? h('p', {}, h('strong', {}, 'Suggested safeguard: '), f.suggestion) : null,
        f.mitigations?.length ? h('p', {}, h('strong', {}, 'Safeguards found nearby: '),
          f.mitigations.map((m) => `${m.name}${m.location ? ` (${m.location.label})` : ''}`).join('; ')) : null))),
    printScorecard(scorecard));
}

function printScorecard(card) {
  const heading = h('h2', {}, 'Necessary & Proportionate scorecard');
  if (!card || card.error) {
    return h('section', {}, heading, h('p', {}, card?.error
      ? `Not included: ${card.error}`
      : 'Not included: it had not been made when printing started. Use the Print report button to include it.'));
  }
  const place = (item) => item.location?.label ?? 'whole text';
  return h('section', { class: 'print-scorecard' }, heading,
    h('p', {}, `${tally(card)}. A reading aid, not a legal opinion.`),
    h('table', {},
      h('thead', {}, h('tr', {}, ['Principle', 'Verdict', 'Why', 'Findings that bear on it', 'Safeguards found']
        .map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, card.principles.map((p) => h('tr', {},
        h('th', { scope: 'row' }, `${p.number}. ${p.name}`),
        h('td', {}, verdictBadge(p.verdict)),
        h('td', {}, p.reasoning),
        h('td', {}, p.findings.map((f) => `${f.title} (${f.severity}, ${place(f)})`).join('; ') || '–'),
        h('td', {}, p.safeguards.map((s) => `${s.name} (${place(s)})`).join('; ') || '–'))))));
}
