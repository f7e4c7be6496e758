//! The reading view: the text as pasted, with each finding's span wrapped in
//! <mark> elements. Spans may overlap, so the text is cut at every span
//! boundary and each piece is marked with all the findings covering it; a
//! finding's highlight is then the run of pieces that carry its index.

import { severityRank, SEVERITY_LABEL, categoryTitle } from './categories.js';

/**
 * Renders `text` into `container` with highlights for `findings` (pairs of
 * [index in the report, finding], clause findings only). Returns a map from
 * finding index to its <mark> elements in text order.
 */
export function renderReading(container, text, findings) {
  const spans = findings
    .filter(([, f]) => f.end > f.start && f.end <= text.length)
    .sort((a, b) => a[1].start - b[1].start || b[1].end - a[1].end);
  const cuts = new Set([0, text.length]);
  for (const [, f] of spans) { cuts.add(f.start); cuts.add(f.end); }
  const points = [...cuts].sort((a, b) => a - b);

  const marks = new Map(spans.map(([i]) => [i, []]));
  const fragment = document.createDocumentFragment();
  let active = [];
  let next = 0; // next span in `spans` to open
  for (let p = 0; p < points.length - 1; p++) {
    const from = points[p];
    const to = points[p + 1];
    active = active.filter(([, f]) => f.end > from);
    while (next < spans.length && spans[next][1].start <= from) active.push(spans[next++]);
    const piece = text.slice(from, to);
    if (active.length === 0) {
      fragment.append(piece);
      continue;
    }
    const worst = active.reduce((a, b) => (severityRank(b[1].severity) < severityRank(a[1].severity) ? b : a))[1];
    const mark = document.createElement('mark');
    mark.className = `hl sev-${worst.severity}`;
    mark.dataset.findings = active.map(([i]) => i).join(' ');
    // Shown on hover; the findings list carries the full explanation.
    mark.title = active.map(([, f]) => `${SEVERITY_LABEL[f.severity]}: ${f.title || categoryTitle(f.category)}`).join('\n');
    mark.append(piece);
    for (const [i] of active) marks.get(i).push(mark);
    fragment.append(mark);
  }
  container.replaceChildren(fragment);
  // The first piece of each highlight starts it: that is where the icon goes.
  for (const list of marks.values()) list[0]?.classList.add('hl-start');
  return marks;
}

/** The finding indexes a <mark> carries, most severe first as rendered. */
export function findingsOf(mark) {
  return (mark.dataset.findings ?? '').split(' ').filter(Boolean).map(Number);
}
