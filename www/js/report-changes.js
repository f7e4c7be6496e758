//! Puts a report together from the changes the checker sends after an edit
//! (`Checker.recheck`, src/incremental.rs, which returns either a report or
//! changes, a report with `moved`): most findings of a long text
//! are those of the report before, moved by the edit, and sending them all
//! again after every key would cost more than finding them. It also says
//! which finding is which across reports (`lineOf`) and numbers findings
//! for the page (`numberFindings`), so that a view keeps what it showed
//! for a finding that is still there.

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

/**
 * A new finding of a recheck that the report before had too, by finding:
 * the last report's finding by the same rule on the same words, which the
 * recheck found again (it re-reads the units around an edit) rather than
 * kept. It may differ in what it says (safeguards found nearby), so it is
 * not the same line; it takes that one's number.
 */
const refound = new WeakMap();

/** Each finding's number, by its line (see `numberFindings`). */
const numbers = new WeakMap();
/** The number the next new finding gets. */
let nextNumber = 0;

/**
 * Numbers `report`'s findings for the page to name them by (list items,
 * highlights): a finding a recheck kept has the number of the one it
 * continues, and one it found again that of the one it found again, so a
 * finding added or removed before it renumbers nothing on the page (in a
 * 1 MB text, hundreds of items and marks); a new one takes the next number
 * not given. A report that continues none of the last one's findings (a
 * whole check) is numbered afresh, each finding by its index.
 */
export function numberFindings(report) {
  if (!report.findings.some((f) => numbers.has(lineOf(f)) || refound.has(lineOf(f)))) nextNumber = 0;
  let inUse = null; // the numbers of the report's findings, made if a finding found again needs them
  for (const f of report.findings) {
    const line = lineOf(f);
    if (numbers.has(line)) continue;
    const again = numbers.get(lineOf(refound.get(line) ?? line));
    inUse ??= again === undefined ? null : new Set(report.findings.map((g) => numbers.get(lineOf(g))));
    if (again !== undefined && !inUse.has(again)) {
      numbers.set(line, again);
      inUse.add(again);
    } else numbers.set(line, nextNumber++);
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
  if (added > 0) findAgain(before, changes, findings, (old) => (old.byte_start >= at ? utf16 : 0));
  return { version: changes.version, findings, summary: changes.summary };
}

/**
 * Links each new finding of `changes` (its report being `findings`) to the
 * finding of `before` that it found again, if any: one the recheck did not
 * keep, by the same rule, on the same words once moved by the edit
 * (`shift(old)`, in UTF-16 units).
 */
function findAgain(before, changes, findings, shift) {
  const kept = new Set(changes.kept);
  const gone = before.findings.filter((old, k) => !kept.has(k));
  changes.kept.forEach((k, i) => {
    if (k >= 0) return;
    const f = findings[i];
    const at = gone.findIndex((old) => old.rule === f.rule && old.start + shift(old) === f.start && old.end + shift(old) === f.end);
    if (at >= 0) refound.set(f, gone.splice(at, 1)[0]);
  });
}
