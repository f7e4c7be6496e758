//! Puts a report together from the changes the checker sends after an edit
//! (`Checker.recheck`, src/incremental.rs, which returns either a report or
//! changes, an object with `moved`): most findings of a long text
//! are those of the report before, moved by the edit, and sending them all
//! again after every key would cost more than finding them.

/** Moves a passage (a safeguard or context) that ends after `after16` by `by16`. */
const place = (passage, after16, by16) => (passage.end > after16
  ? { ...passage, start: passage.start + by16, end: passage.end + by16 }
  : passage);

/**
 * The report that `changes` describe, from `before`, the report the last
 * recheck gave. New findings are taken as they come; a kept one (a number,
 * its index in `before`) is copied with its id now, moved by the edit if it
 * is after where the edit began.
 */
export function applyChanges(before, changes) {
  const { at, after16 } = changes.moved;
  // What the edit put in less what it took out.
  const bytes = changes.moved.bytes_in - changes.moved.bytes_out;
  const utf16 = changes.moved.utf16_in - changes.moved.utf16_out;
  const findings = changes.findings.map((entry, i) => {
    if (typeof entry !== 'number') return entry;
    const finding = { ...before.findings[entry], id: changes.ids[i] };
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
