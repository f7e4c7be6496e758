//! Puts a report together from the changes the checker sends after an edit
//! (`Checker.recheck`, src/incremental.rs, which returns either a report or
//! changes, a report with `moved`): most findings of a long text
//! are those of the report before, moved by the edit, and sending them all
//! again after every key would cost more than finding them.

/**
 * The finding each kept finding continues, by finding: the first report's
 * finding of its line. Kept only as long as a finding of the line is.
 */
const lines = new WeakMap();

/**
 * Which finding `finding` is across reports: a finding a recheck kept (moved
 * by the edit, maybe renumbered) is the same as the one it was kept from,
 * so a view can keep what it showed for it. Any finding object will do.
 */
export const lineOf = (finding) => lines.get(finding) ?? finding;

/** Each finding's number, by its line (see `numberFindings`). */
const numbers = new WeakMap();
/** The number the next new finding gets. */
let nextNumber = 0;

/**
 * Numbers `report`'s findings for the page to name them by (list items,
 * highlights): a finding a recheck kept has the number of the one it
 * continues, so a finding added or removed before it renumbers nothing
 * on the page (in a 1 MB text, hundreds of items and marks); a new one
 * takes the next number not given. A report that continues none of the
 * last one's findings (a whole check) is numbered afresh, each finding by
 * its index.
 */
export function numberFindings(report) {
  if (!report.findings.some((f) => numbers.has(lineOf(f)))) nextNumber = 0;
  for (const f of report.findings) {
    const line = lineOf(f);
    if (!numbers.has(line)) numbers.set(line, nextNumber++);
  }
}

/** The number of a finding of a report given to `numberFindings`. */
export const numberOf = (finding) => numbers.get(lineOf(finding));

/** Moves a passage (a safeguard or context) that ends after `after16` by `by16`. */
const place = (passage, after16, by16) => (passage.end > after16
  ? { ...passage, start: passage.start + by16, end: passage.end + by16 }
  : passage);

/**
 * The report that `changes` describe, from `before`, the report the last
 * recheck gave. `changes` is a report of the new findings only, with, for
 * each finding in order, `kept` (its index in `before`, or -1 for the next
 * new one) and `ids`, and `moved`: where the edit began, the UTF-8 bytes
 * and UTF-16 units it took out and put in, and the UTF-16 offset after
 * which kept passages moved. A kept finding is copied with its id now,
 * moved by the edit if it is after where the edit began, unless it is
 * unchanged.
 */
export function applyChanges(before, changes) {
  const [at, bytesOut, bytesIn, utf16Out, utf16In, after16] = changes.moved;
  const bytes = bytesIn - bytesOut;
  const utf16 = utf16In - utf16Out;
  let added = 0;
  const moves = (passage) => passage.end > after16;
  const findings = Array.from(changes.kept, (kept, i) => {
    if (kept < 0) return changes.findings[added++];
    const old = before.findings[kept];
    // Nothing of it moved and its id is the same: the same object serves
    // (after a key in a long text, the findings before it: fewer to copy
    // and to collect). Reports are never changed in place.
    if (old.id === changes.ids[i] && old.byte_start < at && (utf16 === 0 || !(old.mitigations.some(moves) || old.context.some(moves)))) return old;
    const finding = { ...old, id: changes.ids[i] };
    lines.set(finding, lineOf(old));
    if (finding.byte_start >= at) {
      finding.start += utf16;
      finding.end += utf16;
      finding.byte_start += bytes;
      finding.byte_end += bytes;
    }
    if (utf16 !== 0) {
      finding.mitigations = finding.mitigations.map((p) => place(p, after16, utf16));
      finding.context = finding.context.map((p) => place(p, after16, utf16));
    }
    return finding;
  });
  return { version: changes.version, findings, summary: changes.summary };
}
