//! The printed report: title, date, document name, summary and every finding
//! with its location and excerpt. Built as its own section so that print
//! styles can show it alone, whatever the screen layout.

import { h, fill } from './dom.js';
import { CATEGORIES, categoryTitle, SEVERITY_ICON, SEVERITY_LABEL, SEVERITIES } from './categories.js';
import { placeOf, excerpt } from './findings.js';

export function renderPrintReport(container, report, { name, date }) {
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
          f.mitigations.map((m) => `${m.name}${m.location ? ` (${m.location.label})` : ''}`).join('; ')) : null))));
}
