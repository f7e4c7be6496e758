//! Sharing a result: the report (with its N&P scorecard) as Markdown or
//! JSON, one finding as plain text for an e-mail or a meeting note, and file
//! downloads.

import { categoryTitle, CATEGORIES, SEVERITY_LABEL } from './categories.js';
import { placeOf } from './findings.js';

/**
 * The report exactly as the checker returned it (the documented JSON shape)
 * with the scorecard as `scorecard` (the shape `clauselens check --scorecard
 * --format json` prints), or `scorecard_error` when it could not be made.
 */
export function toJSON(report, scorecard) {
  const extra = scorecard?.error ? { scorecard_error: scorecard.error } : scorecard ? { scorecard } : {};
  return `${JSON.stringify({ ...report, ...extra }, null, 2)}\n`;
}

/** One finding as plain text. */
export function findingText(f) {
  const lines = [
    `${SEVERITY_LABEL[f.severity]}: ${f.title || categoryTitle(f.category)} (${placeOf(f)})`,
    `Category: ${categoryTitle(f.category)}`,
  ];
  if (f.text) lines.push(`Text: "${oneLine(f.text)}"`);
  lines.push(`What: ${f.message}`);
  if (f.searched_for) lines.push(`Looked for and not found: ${f.searched_for}`);
  if (f.why) lines.push(`Why it matters: ${f.why}`);
  if (f.references?.length) lines.push(`Standards: ${f.references.join('; ')}`);
  if (f.suggestion) lines.push(`Suggested safeguard: ${f.suggestion}`);
  for (const m of f.mitigations ?? []) lines.push(`Safeguard found: ${m.name}${m.location ? ` (${m.location.label})` : ''}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The whole report as Markdown: title, date, summary, every finding, then
 * `scorecard`, the scorecard section the core wrote (or `{ error }`).
 */
export function toMarkdown(report, { name, date, scorecard }) {
  const { summary } = report;
  const out = [
    `# ClauseLens report: ${inline(name)}`,
    '',
    `Checked on ${date.toISOString().slice(0, 10)} with ClauseLens ${report.version}.`,
    '',
    `**${summary.total} ${summary.total === 1 ? 'finding' : 'findings'}**: ${summary.by_severity.high} high, ${summary.by_severity.medium} medium, ${summary.by_severity.low} low.`,
    '',
  ];
  const categories = [...CATEGORIES.keys()].filter((id) => summary.by_category[id] > 0);
  if (categories.length) {
    out.push('| Concern | Findings |', '|---|---|');
    for (const id of categories) out.push(`| ${categoryTitle(id)} | ${summary.by_category[id]} |`);
    out.push('');
  }
  report.findings.forEach((f, i) => {
    out.push(`## ${i + 1}. ${SEVERITY_LABEL[f.severity]}: ${inline(f.title || categoryTitle(f.category))} (${inline(placeOf(f))})`, '');
    out.push(`*${categoryTitle(f.category)}* · rule \`${f.rule}\``, '');
    if (f.text) out.push(`> ${inline(oneLine(f.text))}`, '');
    out.push(`**What:** ${inline(f.message)}`, '');
    if (f.searched_for) out.push(`**Looked for and not found:** ${inline(f.searched_for)}`, '');
    if (f.why) out.push(`**Why it matters:** ${inline(f.why)}`, '');
    if (f.references?.length) {
      out.push('**Standards:**', '', ...f.references.map((r) => `- ${inline(r)}`), '');
    }
    if (f.suggestion) out.push(`**Suggested safeguard wording:** ${inline(f.suggestion)}`, '');
    if (f.mitigations?.length) {
      out.push('**Safeguards found nearby:**', '',
        ...f.mitigations.map((m) => `- ${inline(m.name)}${m.location ? ` (${m.location.label})` : ''}: "${inline(oneLine(m.text))}"`), '');
    }
  });
  if (typeof scorecard === 'string') out.push(scorecard.trimEnd(), '');
  else if (scorecard?.error) out.push('## Necessary & Proportionate scorecard', '', `Not included: ${inline(scorecard.error)}`, '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** Offers `content` as a file download; nothing leaves the device. */
export function download(filename, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a document name: "Budapest Convention" -> "budapest-convention". */
export function slug(name) {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'document';
}

const oneLine = (s) => s.replace(/\s+/g, ' ').trim();

/** Pasted text inside Markdown: no line breaks, and no raw HTML a viewer would render. */
export const inline = (s) => oneLine(String(s)).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' }[c]));
