//! A report crosses from the checker's thread to the page without the text
//! each finding has word for word from its rule: its title, why it matters,
//! the standards and the suggested wording. That is about half of a report,
//! and copying it between threads after every keystroke in a long text
//! would hold up the page. The checker sends each rule's text once per rule
//! pack; the page puts it back into every finding.

/** The fields a finding has word for word from its rule. */
const SHARED = ['title', 'why', 'references', 'suggestion'];

/** Each rule's shared text, by rule id, from the rules' documentation (`checker.rules()`). */
export function sharedText(rules) {
  return Object.fromEntries(rules.map((rule) => [rule.id, Object.fromEntries(SHARED.map((key) => [key, rule[key]]))]));
}

const same = (a, b) => a === b
  || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * Empties, in place, each finding's fields that are its rule's word for
 * word. They are set to `undefined` rather than deleted, so that putting
 * them back keeps the report's field order; no field of a report read from
 * JSON is ever `undefined`, so an emptied field is never mistaken.
 */
export function withoutSharedText(report, shared) {
  for (const finding of report.findings) {
    const rule = shared[finding.rule];
    if (!rule) continue;
    for (const key of SHARED) if (same(finding[key], rule[key])) finding[key] = undefined;
  }
  return report;
}

/** Puts back, in place, the fields `withoutSharedText` emptied. */
export function withSharedText(report, shared) {
  for (const finding of report.findings) {
    const rule = shared[finding.rule];
    if (!rule) continue;
    for (const key of SHARED) if (key in finding && finding[key] === undefined) finding[key] = rule[key];
  }
  return report;
}
