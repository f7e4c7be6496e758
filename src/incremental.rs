//! Checking a text again after an edit, reading again only what the edit
//! can change: typing in a 1 MB document must not cost a whole check per key.
//!
//! A [`Rechecker`] keeps the last text it checked, its clean form, its
//! units and its report. An edit comes as what it replaced and with what
//! ([`Rechecker::edit`], as the browser's worker gives it), or as the next
//! text, whose common start and end with the last give the edit; the kept
//! text is edited in place, so a long text is held once. It splits and
//! cleans again only the part, chapter, article or section the edit falls
//! in (or the text before any unit), knowing how the whole text numbers
//! its provisions and which of its lines are running headers, where that
//! is sure to give what the whole text would
//! (`incremental/window.rs`; otherwise the whole new text, and then compares
//! the units outside the window with the last ones), and picks a window:
//! the whole articles and sections (or top-level units) around the edit,
//! wide enough that no pattern match outside it can read a changed byte
//! ([`LONGEST_MATCH`]). Rules that count hits outside any article or
//! section (`engine::reads_parts`) get the whole top-level units around it
//! instead. Rules run on their window alone; the findings outside it are
//! the last report's, moved by the length of the edit.
//!
//! What crosses units is handled as the full check does it: text before
//! any unit is always looked at again (a trigger hit there can end a
//! rule's search); the first match of each pattern in the provisions
//! (document-scope safeguards, absence rules) and in each part (part-scope
//! conditions and safeguards) is carried over and looked for again only in
//! the window. Whenever the reuse could differ from a full check (the units
//! outside the window changed, a trigger hit crosses the window's edge, a
//! first match moved or was never looked for, a pattern with no bounded
//! length), the whole text is checked instead. The result is always
//! exactly what [`crate::check`] gives (tested with random edits of the
//! corpus texts, `tests/incremental.rs`, and in Chromium).

use crate::document::{Document, Numbering, Unit};
use crate::engine::{self, Around, Context, FirstMatches, PartMatches};
use crate::matcher::LONGEST_MATCH;
use crate::report::{Finding, Report};
use crate::rules::{Kind, RuleSet};
use crate::text::Normalized;
use std::ops::Range;
use stretch::Stretch;
use window::Repeats;

mod stretch;
mod window;

/// How far from a changed byte a window edge must be, in normalised bytes:
/// no match found at a place further away reads the change.
const MARGIN: usize = LONGEST_MATCH + 2;

/// Bytes kept free after a text, so that typing grows it in place: moving a
/// 1 MB text to a larger block would hold it twice for a moment, and Wasm
/// memory keeps its highest mark.
pub const ROOM: usize = 16 * 1024;

/// The address of `rules`, which tells whether the last check had the same.
fn address(rules: &RuleSet) -> usize {
    rules as *const RuleSet as usize
}

/// The byte offset `count` UTF-16 code units after byte `from` of `text`;
/// `None` past its end or inside a character.
fn byte_at_utf16(text: &str, from: usize, count: usize) -> Option<usize> {
    let (mut at, mut left) = (from, count);
    // Most of a law's text is plain ASCII, one unit a byte: skipped in steps.
    const STEP: usize = 64;
    while left > 0 {
        if left >= STEP && text.as_bytes().get(at..at + STEP).is_some_and(<[u8]>::is_ascii) {
            (at, left) = (at + STEP, left - STEP);
            continue;
        }
        let c = text[at..].chars().next()?;
        left = left.checked_sub(c.len_utf16())?;
        at += c.len_utf8();
    }
    Some(at)
}

/// Checks texts one after another, each most likely an edit of the last.
#[derive(Default)]
pub struct Rechecker {
    last: Option<Last>,
}

/// What the last check read and found.
struct Last {
    text: String,
    norm: Normalized,
    doc: Document,
    /// How it numbers its provisions, which a unit split alone must know.
    numbering: Numbering,
    /// Its short lines that could be running headers, counted.
    repeats: Repeats,
    report: Report,
    known: FirstMatches,
    /// The parts of `text` the rules read again, `None` for all of it.
    windows: Option<Vec<Range<usize>>>,
    /// How `report` follows from the report before it, if it does.
    changes: Option<Changed>,
    /// The address of the rules it was checked with: other rules, other findings.
    rules: usize,
}

/// How a report follows from the one before it: which findings are that
/// report's, and how far the edit moved them.
struct Changed {
    /// For each finding, its index in the report before, if it is one of those.
    kept: Vec<Option<usize>>,
    moved: Moved,
}

/// What an edit took out and put in, which moved what comes after it.
#[derive(Clone, Copy)]
pub struct Moved {
    /// Where the edit began (UTF-8 bytes): kept findings from there on moved.
    pub at: usize,
    /// UTF-8 bytes taken out.
    pub bytes_out: usize,
    /// UTF-8 bytes put in.
    pub bytes_in: usize,
    /// UTF-16 code units taken out.
    pub utf16_out: usize,
    /// UTF-16 code units put in.
    pub utf16_in: usize,
    /// A kept finding's passages that end after this UTF-16 offset of the
    /// text before moved; the others did not.
    pub after16: usize,
}

/// The last report told as changes to the one before it, for a page that
/// holds that one already: most findings of a long text are the same
/// after a key, and need not cross to the page again.
pub struct Changes<'a> {
    /// The report.
    pub report: &'a Report,
    /// For each of its findings, its index in the report before, if it is
    /// one of those: moved by [`Moved`] if it is after where the edit began
    /// (and its passages by their own place).
    pub kept: &'a [Option<usize>],
    /// What the edit took out and put in.
    pub moved: Moved,
}

impl Rechecker {
    pub fn new() -> Rechecker {
        Rechecker::default()
    }

    /// The report of `text` against `rules`, exactly as [`crate::check`]
    /// gives it; quicker when `text` is an edit of the last text checked
    /// with the same rules (the same `RuleSet`, unchanged).
    pub fn check(&mut self, text: String, rules: &RuleSet) -> &Report {
        let Some(last) = self.last.as_ref().filter(|l| l.rules == address(rules)) else {
            return self.check_whole(text, rules);
        };
        let prefix = common_prefix(&last.text, &text);
        let suffix = common_suffix(&last.text[prefix..], &text[prefix..]);
        let old_edited = last.text.len() - suffix;
        self.apply(prefix..old_edited, &text[prefix..text.len() - suffix], rules)
    }

    /// The report of the last text checked with its UTF-16 code units
    /// `from..to` replaced by `inserted`, exactly as [`crate::check`] gives
    /// it: only the edit need cross to the checker, not the whole text.
    /// `None`, changing nothing, when there is no last text checked with
    /// these rules, or `from..to` is not a range between its characters.
    pub fn edit(&mut self, from: usize, to: usize, inserted: &str, rules: &RuleSet) -> Option<&Report> {
        let last = self.last.as_ref().filter(|l| l.rules == address(rules))?;
        let start = byte_at_utf16(&last.text, 0, from)?;
        let end = byte_at_utf16(&last.text, start, to.checked_sub(from)?)?;
        // What the edit put back as it was is no edit.
        let removed = &last.text[start..end];
        let same_start = common_prefix(removed, inserted);
        let same_end = common_suffix(&removed[same_start..], &inserted[same_start..]);
        Some(self.apply(start + same_start..end - same_end, &inserted[same_start..inserted.len() - same_end], rules))
    }

    /// Checks `text` whole, forgetting the last text.
    fn check_whole(&mut self, mut text: String, rules: &RuleSet) -> &Report {
        // Dropped before the check, which needs the room.
        self.last = None;
        // Room to type into: the text grows in place, not copied at a key.
        text.reserve_exact(ROOM);
        let (doc, numbering) = Document::parse_numbered(&text);
        let norm = Normalized::new(&text, &doc.noise);
        let (report, known) = engine::check_parsed(&text, &doc, &norm, rules);
        // Counted after the check, in the room it has given back: Wasm
        // memory keeps its highest mark.
        let repeats = Repeats::of(&text, &doc);
        let last = Last { text, norm, doc, numbering, repeats, report, known, windows: None, changes: None, rules: address(rules) };
        &self.last.insert(last).report
    }

    /// The report of the last text with its bytes `range` replaced by `inserted`.
    fn apply(&mut self, range: Range<usize>, inserted: &str, rules: &RuleSet) -> &Report {
        let mut last = self.last.take().expect("a last text");
        if range.is_empty() && inserted.is_empty() {
            // The same report again, told whole.
            last.changes = None;
            return &self.last.insert(last).report;
        }
        // The text is edited in place: a long text is held once.
        let mut text = std::mem::take(&mut last.text);
        let removed = text[range.clone()].to_string();
        if text.capacity() < text.len() + inserted.len() {
            text.reserve_exact(inserted.len() + ROOM);
        }
        text.replace_range(range.clone(), inserted);
        let prefix = range.start;
        let edited = prefix + inserted.len();
        let old = window::Old { text: &text, prefix, removed: &removed, edited };
        let mut edit = Edit {
            prefix,
            suffix: text.len() - edited,
            old_len: text.len() + removed.len() - inserted.len(),
            removed16: removed.encode_utf16().count(),
            norm_prefix: 0,
            norm_suffix: 0,
            old_norm_len: last.norm.text.len(),
        };
        // The unit the edit falls in is split and cleaned again, if that is
        // sure to give what the whole text would.
        let before = Before::of(&last.doc);
        let spliced = window::splice(&old, last.numbering, &mut last.doc, &mut last.norm, &mut last.repeats);
        // The last report's findings move into the new one, not copied.
        let findings = std::mem::take(&mut last.report.findings);
        let (again, doc, numbering, norm, repeats) = match spliced {
            Some(spliced) => {
                let before = Before { same_units: Some(spliced.same_units), stretches: Some(&spliced.stretches), ..before };
                let edited = Edited { text: &text, doc: &last.doc, norm: &last.norm };
                let again = recheck(&last, findings, &before, &edit, edited, rules);
                (again, std::mem::take(&mut last.doc), last.numbering, std::mem::replace(&mut last.norm, Normalized::new("", &[])), Some(std::mem::take(&mut last.repeats)))
            }
            None => {
                let (doc, numbering) = Document::parse_numbered(&text);
                let norm = Normalized::new(&text, &doc.noise);
                // Where the clean forms are the same at the edit (it changed
                // only what cleaning leaves out), the stretch is put there.
                let starts = last.norm.to_normalized(prefix).min(norm.to_normalized(prefix));
                let ends = (last.norm.text.len() - last.norm.to_normalized(prefix + removed.len())).min(norm.text.len() - norm.to_normalized(edited));
                edit.normalized(&last.norm.text, &norm.text, starts, ends);
                let edited = Edited { text: &text, doc: &doc, norm: &norm };
                let again = recheck(&last, findings, &Before { whole: Some(&last.doc), ..before }, &edit, edited, rules);
                // Counted below, once the last text's units are dropped.
                (again, doc, numbering, norm, None)
            }
        };
        // Dropped before a whole check, which needs the room.
        drop(last);
        let (report, known, windows, changes) = match again {
            Some(again) => (again.report, again.known, Some(again.windows), Some(again.changes)),
            None => {
                let (report, known) = engine::check_parsed(&text, &doc, &norm, rules);
                (report, known, None, None)
            }
        };
        let repeats = repeats.unwrap_or_else(|| Repeats::of(&text, &doc));
        let last = Last { text, norm, doc, numbering, repeats, report, known, windows, changes, rules: address(rules) };
        &self.last.insert(last).report
    }

    /// The byte ranges of the last text that the rules read again (the
    /// text before any unit aside); `None` when they read all of it.
    pub fn windows(&self) -> Option<&[Range<usize>]> {
        self.last.as_ref()?.windows.as_deref()
    }

    /// The report of the last text checked.
    pub fn report(&self) -> Option<&Report> {
        Some(&self.last.as_ref()?.report)
    }

    /// The last report as changes to the one before it; `None` when it was
    /// made afresh (a first text, or one checked whole).
    pub fn changes(&self) -> Option<Changes<'_>> {
        let last = self.last.as_ref()?;
        let changed = last.changes.as_ref()?;
        Some(Changes { report: &last.report, kept: &changed.kept, moved: changed.moved })
    }

}

/// What an edit changed: the common start and end of the old and new
/// texts, and of their clean forms.
struct Edit {
    prefix: usize,
    suffix: usize,
    old_len: usize,
    /// UTF-16 code units taken out.
    removed16: usize,
    norm_prefix: usize,
    norm_suffix: usize,
    old_norm_len: usize,
}

impl Edit {
    /// The common start and end of the clean forms `old` and `new`, at
    /// most `starts` and `ends` bytes long.
    fn normalized(&mut self, old: &str, new: &str, starts: usize, ends: usize) {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        self.norm_prefix = common_prefix_bytes(old, new).min(starts);
        self.norm_suffix = common_suffix_bytes(&old[self.norm_prefix..], &new[self.norm_prefix..]).min(ends);
    }
}

/// What the recheck needs to know of the last text's units.
#[derive(Clone, Copy)]
struct Before<'a> {
    /// Where its provisions began, and whether it had any.
    body_start: usize,
    provisions: bool,
    /// Its units, where the new text was split whole; `None` where only the
    /// unit the edit fell in was split again, and the rest are the same by
    /// construction.
    whole: Option<&'a Document>,
    /// Whether the edit left the units as they were, where that is known.
    same_units: Option<bool>,
    /// Where the clean form changed, where only the units the edit changed
    /// were split again.
    stretches: Option<&'a [Stretch]>,
}

impl Before<'_> {
    fn of(doc: &Document) -> Before<'static> {
        Before { body_start: doc.body_start(), provisions: doc.units.iter().any(|u| u.kind.is_provision()), whole: None, same_units: None, stretches: None }
    }
}

/// The edited text, split and cleaned.
struct Edited<'a> {
    text: &'a str,
    doc: &'a Document,
    norm: &'a Normalized,
}

/// A report made from the last one.
struct Again {
    report: Report,
    known: FirstMatches,
    windows: Vec<Range<usize>>,
    changes: Changed,
}

/// The report of `text` from the `last` check's (whose findings,
/// `last_findings`, it takes), or `None` where only a whole check gives it
/// for sure.
fn recheck(last: &Last, last_findings: Vec<Finding>, before: &Before, edit: &Edit, edited: Edited, rules: &RuleSet) -> Option<Again> {
    let Edited { text, doc, norm } = edited;
    let Edit { prefix, suffix, old_len, removed16, norm_prefix, norm_suffix, old_norm_len } = *edit;
    let (old_edited, edited) = (old_len - suffix, text.len() - suffix);
    let delta = text.len() as isize - old_len as isize;
    // Where a place of the old text is in the new one, if the edit left it.
    let moved = |at: usize| match at {
        at if at < prefix => Some(at),
        at if at >= old_edited => Some(shift(at, delta)),
        _ => None,
    };
    // Where a place of the new text outside the edit was.
    let was = |at: usize| if at <= prefix { at } else { shift(at, -delta) };
    let new_norm = norm.text.as_bytes();
    // Where only the units the edit changed were split again, the splice
    // knows where the clean form changed; else from the first change to the last.
    let stretches = match before.stretches {
        Some(spliced) => spliced.to_vec(),
        None => vec![Stretch { text: prefix..edited, was: norm_prefix..old_norm_len - norm_suffix, now: norm_prefix..new_norm.len() - norm_suffix }],
    };

    // Around each stretch, everything that may read a changed byte, with
    // the margin, in the original text; the window: whole provisions (or
    // top-level units) around it; for rules that read a whole part, whole
    // top-level units. Windows that meet are one.
    let wide = MARGIN + 64;
    let starts = |keep: fn(&Unit) -> bool| doc.units.iter().filter(|u| keep(u)).map(|u| u.span.start).collect::<Vec<_>>();
    let windows_of = |starts: &[usize]| {
        let mut windows: Vec<Range<usize>> = Vec::with_capacity(stretches.len());
        for s in &stretches {
            let lo = norm.to_original(s.now.start.saturating_sub(wide), text).min(s.text.start.saturating_sub(wide));
            let hi = norm.to_original((s.now.end + wide).min(new_norm.len()), text).max((s.text.end + wide).min(text.len()));
            let w = around(starts, lo, hi, text.len());
            match windows.last_mut() {
                Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                _ => windows.push(w),
            }
        }
        windows
    };
    let windows = windows_of(&starts(|u| u.parent.is_none() || u.kind.is_provision()));
    let wide_windows = if rules.rules.iter().any(engine::reads_parts) { windows_of(&starts(|u| u.parent.is_none())) } else { windows.clone() };
    let old_windows: Vec<_> = windows.iter().map(|w| was(w.start)..was(w.end)).collect();
    let provisions = |doc: &Document| doc.units.iter().any(|u| u.kind.is_provision());
    if !before.whole.map_or(true, |old| same_outside(old, doc, &windows, &old_windows, moved))
        || moved(before.body_start) != Some(doc.body_start())
        || before.provisions != provisions(doc)
    {
        return None;
    }
    let first_unit = doc.units.first().map_or(text.len(), |u| u.span.start);
    // Rules run on the text before any unit and on their windows.
    let ranges = |windows: &[Range<usize>]| {
        let before_units = norm.to_normalized(first_unit.min(windows[0].start));
        let mut ranges = Vec::with_capacity(windows.len() + 1);
        ranges.push(0..before_units);
        ranges.extend(windows.iter().map(|w| norm.to_normalized(w.start)..norm.to_normalized(w.end)));
        ranges.retain(|r| !r.is_empty());
        (ranges, before_units)
    };
    let (narrow, narrow_preamble) = ranges(&windows);
    let (wide, wide_preamble) = ranges(&wide_windows);
    let scanned: Vec<_> = wide.iter().map(|r| r.start.saturating_sub(MARGIN)..(r.end + MARGIN).min(new_norm.len())).collect();
    // Ranges that overlap are scanned twice there, and their places kept once.
    let scan = rules.patterns.scan_range(&norm.text, &scanned);

    // No trigger hit may run across an edge of a window: the search that
    // found it would then start inside the window after it.
    for rule in rules.rules.iter().filter(|r| r.spec.kind == Kind::Clause) {
        let (ranges, preamble) = if engine::reads_parts(rule) { (&wide, wide_preamble) } else { (&narrow, narrow_preamble) };
        let edges = ranges.iter().flat_map(|r| [r.start, r.end]).filter(|&e| e > preamble && e < new_norm.len());
        for edge in edges {
            for &trigger in &rule.triggers {
                if rules.patterns.reach(trigger).map_or(true, |r| r > MARGIN) {
                    return None;
                }
                let mut from = edge.saturating_sub(MARGIN);
                let until = (edge + MARGIN).min(new_norm.len());
                while let Some(hit) = scan.find(trigger, from..until).filter(|h| h.start < edge) {
                    if hit.end > edge {
                        return None;
                    }
                    from = hit.start + 1;
                }
            }
        }
    }

    // First matches in the provisions and in parts: a match at a place
    // outside the windows reads no changed byte, so only the windows are
    // looked in again; unless the edit moved it or made another first,
    // findings outside the windows stand.
    let norm_windows: Vec<Range<usize>> = windows.iter().map(|w| norm.to_normalized(w.start)..norm.to_normalized(w.end)).collect();
    let first_again = |id: usize, found: &Option<Range<usize>>, within: &Range<usize>| -> Option<Option<Range<usize>>> {
        if rules.patterns.reach(id).map_or(true, |r| r > MARGIN) {
            return None;
        }
        let was = match found {
            Some(m) => Some(stretch::moved(&stretches, m)?),
            None => None,
        };
        for w in &norm_windows {
            if was.as_ref().is_some_and(|m| m.start < w.start) {
                break;
            }
            let (from, until) = (w.start.max(within.start), (w.end + MARGIN).min(within.end));
            if let Some(hit) = scan.find(id, from..until).filter(|h| from < until && h.start < w.end) {
                // Another first, or the same: the same is all a recheck can follow.
                return (Some(&hit) == was.as_ref()).then_some(was);
            }
            // Gone from the window: where the next one is, only the whole text tells.
            if was.as_ref().is_some_and(|m| m.start < w.end) {
                return None;
            }
        }
        Some(was)
    };
    let body = norm.normalized_range(doc.body_start()..text.len());
    let mut known = FirstMatches { body: vec![None; last.known.body.len()], parts: PartMatches::new() };
    for (id, found) in last.known.body.iter().enumerate() {
        if let Some(found) = found {
            known.body[id] = Some(first_again(id, found, &body)?);
        }
    }
    // A part's range: where its ends are now (no stretch can cut one: it
    // would have changed the units around it).
    for &((start, end, id), ref found) in &last.known.parts {
        let within = stretch::place(&stretches, start, false)?..stretch::place(&stretches, end, true)?;
        known.parts.push(((within.start, within.end, id), first_again(id, found, &within)?));
    }

    let around = Around { triggers: narrow, wide_triggers: wide, known };
    let ctx = Context::new(text, doc, norm, rules, scan, Some(around));
    let mut findings = ctx.clause_findings_in(rules);
    findings.extend(ctx.absence_findings(rules));
    let added16 = ctx.utf16(edited) - ctx.utf16(prefix);
    let delta16 = added16 as isize - removed16 as isize;
    // Passages that findings outside the windows found in them stand
    // where no stretch changed them, if the units are as they were; else
    // they must be outside the windows. (In UTF-16 units of the text before.)
    let same = before.same_units.unwrap_or_else(|| before.whole.is_some_and(|old| same_unit_list(old, doc, [prefix, old_edited, edited], moved)));
    let old16 = |at: usize| if at <= prefix { ctx.utf16(at) } else { shift(ctx.utf16(at), -delta16) };
    let blocked: Vec<Range<usize>> =
        if same { stretches.iter().map(|s| old16(s.text.start)..old16(s.text.end)).collect() } else { windows.iter().map(|w| old16(w.start)..old16(w.end)).collect() };
    let move16 = old16(edited);
    let keep16 = blocked.iter().find(|b| b.end >= move16).map_or(move16, |b| b.start);
    let old_wide_windows: Vec<_> = wide_windows.iter().map(|w| was(w.start)..was(w.end)).collect();
    let known = ctx.into_first_matches()?;

    // The last report's clause findings outside their rule's windows and
    // the text before any unit, moved by the edit where they are after it.
    let wide_rules: Vec<&str> = rules.rules.iter().filter(|r| engine::reads_parts(r)).map(|r| r.spec.id.as_str()).collect();
    // Each kept finding: its index in the last report, whether it moved, and its place in the order.
    let mut kept = Vec::new();
    for (i, mut f) in last_findings.into_iter().enumerate() {
        let windows = if wide_rules.contains(&&*f.rule) { &old_wide_windows } else { &old_windows };
        if f.kind != Kind::Clause || f.byte_start < first_unit || windows.iter().any(|w| w.contains(&f.byte_start)) {
            continue;
        }
        let rule = f.rule.clone();
        f.id.truncate(base_id(&f.id).len());
        if f.byte_start >= old_edited {
            f.byte_start = shift(f.byte_start, delta);
            f.byte_end = shift(f.byte_end, delta);
            f.start = shift(f.start, delta16);
            f.end = shift(f.end, delta16);
        }
        for passage in f.mitigations.iter_mut().chain(f.context.iter_mut()) {
            if blocked.iter().any(|b| passage.end > b.start && passage.start < b.end) {
                return None;
            }
            if passage.start >= move16 {
                passage.start = shift(passage.start, delta16);
                passage.end = shift(passage.end, delta16);
            }
        }
        kept.push((i, f.byte_start, f.severity, rule));
        findings.push(f);
    }
    findings.sort_unstable_by(engine::report_order);
    // Clause findings have one place each in the order: (text order, severity, rule).
    let mut kept_at = vec![None; findings.len()];
    for (i, byte_start, severity, rule) in kept {
        let key = (Kind::Clause, byte_start, std::cmp::Reverse(severity), &*rule);
        let at = findings.binary_search_by(|f| (f.kind, f.byte_start, std::cmp::Reverse(f.severity), &*f.rule).cmp(&key)).ok()?;
        kept_at[at] = Some(i);
    }
    engine::make_ids_unique(&mut findings);
    Some(Again {
        report: Report::new(findings),
        known,
        windows: wide_windows,
        changes: Changed { kept: kept_at, moved: Moved { at: prefix, bytes_out: old_edited - prefix, bytes_in: edited - prefix, utf16_out: removed16, utf16_in: added16, after16: keep16 } },
    })
}

/// The smallest range between two of `starts` (or the text's ends) that
/// holds `lo..hi`.
fn around(starts: &[usize], lo: usize, hi: usize, len: usize) -> Range<usize> {
    let start = starts.iter().rev().find(|&&s| s <= lo).copied().unwrap_or(0);
    let end = starts.iter().find(|&&s| s >= hi).copied().unwrap_or(len);
    start..end
}

/// A finding's id before the report numbered repeats (`-2`).
fn base_id(id: &str) -> &str {
    match id.find('#') {
        Some(hash) if id.len() > hash + 9 => &id[..hash + 9],
        _ => id,
    }
}

/// Whether unit `o` of the old text is unit `n` of the new one, its places
/// `moved` by the edit; `parent` says whether their parents are.
fn same_unit(o: &Unit, n: &Unit, moved: impl Fn(usize) -> Option<usize>, parent: bool) -> bool {
    let range = |r: &Range<usize>| Some(moved(r.start)?..moved(r.end)?);
    // An empty heading may sit anywhere, even where the edit was.
    let heading = range(&o.heading).as_ref() == Some(&n.heading) || (o.heading.is_empty() && n.heading.is_empty() && o.heading == n.heading);
    range(&o.span).as_ref() == Some(&n.span)
        && heading
        && parent
        && (o.kind, o.number(), o.path(), o.label(), &o.title) == (n.kind, n.number(), n.path(), n.label(), &n.title)
}

/// Whether the units and page furniture of `old` outside `old_windows`
/// are those of `new` outside `windows` (the same, in the new text), each
/// place `moved` by the edit.
fn same_outside(old: &Document, new: &Document, windows: &[Range<usize>], old_windows: &[Range<usize>], moved: impl Fn(usize) -> Option<usize> + Copy) -> bool {
    let outside = |doc: &Document, windows: &[Range<usize>]| -> Vec<usize> {
        (0..doc.units.len()).filter(|&i| !windows.iter().any(|w| w.contains(&doc.units[i].span.start))).collect()
    };
    let (old_units, new_units) = (outside(old, old_windows), outside(new, windows));
    let parent_start = |doc: &Document, i: usize| doc.units[i].parent.map(|p| doc.units[p].span.start);
    let units = old_units.len() == new_units.len()
        && old_units.iter().zip(&new_units).all(|(&o, &n)| {
            let parent = parent_start(old, o).map(moved) == parent_start(new, n).map(Some);
            same_unit(&old.units[o], &new.units[n], moved, parent)
        });
    let noise = |doc: &Document, windows: &[Range<usize>]| -> Vec<Range<usize>> {
        doc.noise.iter().filter(|r| windows.iter().all(|w| r.end <= w.start || r.start >= w.end)).cloned().collect()
    };
    let (old_noise, new_noise) = (noise(old, old_windows), noise(new, windows));
    units
        && old_noise.len() == new_noise.len()
        && old_noise.iter().zip(&new_noise).all(|(o, n)| moved(o.start) == Some(n.start) && moved(o.end) == Some(n.end))
}

/// Whether `new` has all the units of `old` (its page furniture aside),
/// each place `moved` by the edit, none of them beginning in what the edit
/// took out or put in.
fn same_unit_list(old: &Document, new: &Document, [prefix, old_edited, edited]: [usize; 3], moved: impl Fn(usize) -> Option<usize> + Copy) -> bool {
    let starts_in = |doc: &Document, end: usize| doc.units.iter().any(|u| (prefix..end).contains(&u.span.start));
    let parent_start = |doc: &Document, u: &Unit| u.parent.map(|p| doc.units[p].span.start);
    !starts_in(old, old_edited)
        && !starts_in(new, edited)
        && old.units.len() == new.units.len()
        && old.units.iter().zip(&new.units).all(|(o, n)| same_unit(o, n, moved, parent_start(old, o).map(moved) == parent_start(new, n).map(Some)))
}

/// Whether `new` has all the units and page furniture of `old`, each place
/// `moved` by the edit: none begins in what the edit took out or put in
/// (`prefix..old_edited`, `prefix..edited`), and those outside are the same.
fn same_units(old: &Document, new: &Document, edit: [usize; 3], moved: impl Fn(usize) -> Option<usize> + Copy) -> bool {
    let [prefix, old_edited, edited] = edit;
    let inside = |doc: &Document, end: usize| {
        doc.units.iter().any(|u| (prefix..end).contains(&u.span.start)) || doc.noise.iter().any(|r| r.end > prefix && r.start < end)
    };
    !inside(old, old_edited)
        && !inside(new, edited)
        && old.units.len() == new.units.len()
        && old.noise.len() == new.noise.len()
        && same_outside(old, new, std::slice::from_ref(&(prefix..edited)), std::slice::from_ref(&(prefix..old_edited)), moved)
}

/// Where the provisions begin: the first article or section (0 if none).
/// `at` moved by `by` bytes (an edit's change in length).
fn shift(at: usize, by: isize) -> usize {
    (at as isize + by) as usize
}

/// The length of the common start of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = common_prefix_bytes(a.as_bytes(), b.as_bytes());
    while !a.is_char_boundary(n) || !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The length of the common end of `a` and `b`, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = common_suffix_bytes(a.as_bytes(), b.as_bytes());
    while !a.is_char_boundary(a.len() - n) || !b.is_char_boundary(b.len() - n) {
        n -= 1;
    }
    n
}

fn common_prefix_bytes(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix_bytes(a: &[u8], b: &[u8]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}
