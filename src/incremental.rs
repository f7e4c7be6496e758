//! Checking a text again after an edit, reading again only what the edit
//! can change: typing in a 1 MB document must not cost a whole check per key.
//!
//! A [`Rechecker`] keeps the last text it checked, its clean form, its
//! units and its report. An edit comes as what it replaced and with what
//! ([`Rechecker::edit`], as the browser's worker gives it), or as the next
//! text, whose common start and end with the last give the edit; the kept
//! text is edited in place, so a long text is held once. It splits and
//! cleans again only the part, chapter, article or section the edit falls
//! in where that is sure to give what the whole text would
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

use crate::document::{Document, Unit};
use crate::engine::{self, Around, Context, FirstMatches, PartMatches};
use crate::matcher::LONGEST_MATCH;
use crate::report::{Finding, Passage, Report};
use crate::rules::{Kind, RuleSet};
use crate::text::Normalized;
use std::ops::Range;
use window::Repeats;

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
    /// Its short lines that could be running headers, counted.
    repeats: Repeats,
    report: Report,
    known: FirstMatches,
    /// The part of `text` the rules read again, `None` for all of it.
    window: Option<Range<usize>>,
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
        let doc = Document::parse(&text);
        let norm = Normalized::new(&text, &doc.noise);
        let repeats = Repeats::of(&text, &doc);
        let (report, known) = engine::check_parsed(&text, &doc, &norm, rules);
        let last = Last { text, norm, doc, repeats, report, known, window: None, changes: None, rules: address(rules) };
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
        let spliced = window::splice(&old, &mut last.doc, &mut last.norm, &mut last.repeats);
        // The last report's findings move into the new one, not copied.
        let findings = std::mem::take(&mut last.report.findings);
        let (again, doc, norm, repeats) = match spliced {
            Some(spliced) => {
                (edit.norm_prefix, edit.norm_suffix) = (spliced.norm_prefix, spliced.norm_suffix);
                let before = Before { same_units: Some(spliced.same_units), ..before };
                let edited = Edited { text: &text, doc: &last.doc, norm: &last.norm };
                let again = recheck(&last, findings, &before, &edit, edited, rules);
                (again, std::mem::take(&mut last.doc), std::mem::replace(&mut last.norm, Normalized::new("", &[])), std::mem::take(&mut last.repeats))
            }
            None => {
                let doc = Document::parse(&text);
                let norm = Normalized::new(&text, &doc.noise);
                edit.normalized(&last.norm.text, &norm.text);
                let edited = Edited { text: &text, doc: &doc, norm: &norm };
                let again = recheck(&last, findings, &Before { whole: Some(&last.doc), ..before }, &edit, edited, rules);
                let repeats = Repeats::of(&text, &doc);
                (again, doc, norm, repeats)
            }
        };
        // Dropped before a whole check, which needs the room.
        drop(last);
        let (report, known, window, changes) = match again {
            Some(again) => (again.report, again.known, Some(again.window), Some(again.changes)),
            None => {
                let (report, known) = engine::check_parsed(&text, &doc, &norm, rules);
                (report, known, None, None)
            }
        };
        let last = Last { text, norm, doc, repeats, report, known, window, changes, rules: address(rules) };
        &self.last.insert(last).report
    }

    /// The byte range of the last text that the rules read again (the text
    /// before any unit aside); `None` when they read all of it.
    pub fn window(&self) -> Option<Range<usize>> {
        self.last.as_ref()?.window.clone()
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
    fn normalized(&mut self, old: &str, new: &str) {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        self.norm_prefix = common_prefix_bytes(old, new);
        self.norm_suffix = common_suffix_bytes(&old[self.norm_prefix..], &new[self.norm_prefix..]);
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
}

impl Before<'_> {
    fn of(doc: &Document) -> Before<'static> {
        Before { body_start: doc.body_start(), provisions: doc.units.iter().any(|u| u.kind.is_provision()), whole: None, same_units: None }
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
    window: Range<usize>,
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
    let new_norm = norm.text.as_bytes();
    let norm_delta = new_norm.len() as isize - old_norm_len as isize;

    // Everything that may read a changed byte, with the margin, in the original text.
    let wide = MARGIN + 64;
    let lo = norm.to_original(norm_prefix.saturating_sub(wide), text).min(prefix.saturating_sub(wide));
    let hi_norm = (new_norm.len() - norm_suffix + wide).min(new_norm.len());
    let hi = norm.to_original(hi_norm, text).max((edited + wide).min(text.len()));
    // The window: whole provisions (or top-level units) around it; for rules
    // that read a whole part, whole top-level units.
    let starts = |keep: fn(&Unit) -> bool| doc.units.iter().filter(|u| keep(u)).map(|u| u.span.start).collect::<Vec<_>>();
    let window = around(&starts(|u| u.parent.is_none() || u.kind.is_provision()), lo, hi, text.len());
    let wide_window = if rules.rules.iter().any(engine::reads_parts) { around(&starts(|u| u.parent.is_none()), lo, hi, text.len()) } else { window.clone() };
    let old_end = shift(window.end, -delta);
    let provisions = |doc: &Document| doc.units.iter().any(|u| u.kind.is_provision());
    if !before.whole.map_or(true, |old| same_outside(old, doc, &window, old_end, moved))
        || moved(before.body_start) != Some(doc.body_start())
        || before.provisions != provisions(doc)
    {
        return None;
    }
    let first_unit = doc.units.first().map_or(text.len(), |u| u.span.start);
    // Rules run on the text before any unit and on their window.
    let ranges = |w: &Range<usize>| {
        let before_units = norm.to_normalized(first_unit.min(w.start));
        let mut ranges = vec![0..before_units, norm.to_normalized(w.start)..norm.to_normalized(w.end)];
        ranges.retain(|r| !r.is_empty());
        (ranges, before_units)
    };
    let (narrow, narrow_preamble) = ranges(&window);
    let (wide, wide_preamble) = ranges(&wide_window);
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
    // outside the window reads no changed byte, so only the window is
    // looked in again; unless the edit moved it or made another first,
    // findings outside the window stand.
    let (start_norm, end_norm) = (norm.to_normalized(window.start), norm.to_normalized(window.end));
    let old_end_norm = shift(end_norm, -norm_delta);
    let old_edited_norm = old_norm_len - norm_suffix;
    let moved_norm = |m: &Range<usize>| shift(m.start, norm_delta)..shift(m.end, norm_delta);
    let first_again = |id: usize, found: &Option<Range<usize>>, within: &Range<usize>| -> Option<Option<Range<usize>>> {
        if rules.patterns.reach(id).map_or(true, |r| r > MARGIN) {
            return None;
        }
        let was = match found {
            Some(m) if m.end <= norm_prefix => Some(m.clone()),
            Some(m) if m.start >= old_edited_norm => Some(moved_norm(m)),
            Some(_) => return None,
            None => None,
        };
        let now = match found {
            Some(m) if m.start < start_norm => Some(m.clone()),
            _ => {
                let (from, until) = (start_norm.max(within.start), (end_norm + MARGIN).min(within.end));
                let again = scan.find(id, from..until).filter(|h| from < until && h.start < end_norm);
                match (again, found) {
                    (Some(hit), _) => Some(hit),
                    (None, None) => None,
                    (None, Some(m)) if m.start >= old_end_norm => Some(moved_norm(m)),
                    // Gone from the window: where the next one is, only the whole text tells.
                    (None, Some(_)) => return None,
                }
            }
        };
        (now == was).then_some(now)
    };
    let body = norm.normalized_range(doc.body_start()..text.len());
    let mut known = FirstMatches { body: vec![None; last.known.body.len()], parts: PartMatches::new() };
    for (id, found) in last.known.body.iter().enumerate() {
        if let Some(found) = found {
            known.body[id] = Some(first_again(id, found, &body)?);
        }
    }
    // A part's range: where its ends are now (the edit cannot cut one: it
    // would have changed the units around it).
    let start_now = |at: usize| if at <= norm_prefix { Some(at) } else { (at >= old_edited_norm).then(|| shift(at, norm_delta)) };
    let end_now = |at: usize| if at >= old_edited_norm { Some(shift(at, norm_delta)) } else { (at <= norm_prefix).then_some(at) };
    for (&(start, end, id), found) in &last.known.parts {
        let within = start_now(start)?..end_now(end)?;
        known.parts.insert((within.start, within.end, id), first_again(id, found, &within)?);
    }

    let around = Around { triggers: narrow, wide_triggers: wide, known };
    let ctx = Context::new(text, doc, norm, rules, scan, Some(around));
    let mut findings = ctx.clause_findings_in(rules);
    findings.extend(ctx.absence_findings(rules));
    let added16 = ctx.utf16(edited) - ctx.utf16(prefix);
    let delta16 = added16 as isize - removed16 as isize;
    // Passages that findings outside the window found in it stand where
    // the edit did not touch them, if it left the units as they were.
    let same = before.same_units.unwrap_or_else(|| before.whole.is_some_and(|old| same_units(old, doc, [prefix, old_edited, edited], moved)));
    let (keep16, move16) = if same {
        (ctx.utf16(prefix), shift(ctx.utf16(edited), -delta16))
    } else {
        (ctx.utf16(window.start), shift(ctx.utf16(window.end), -delta16))
    };
    let wide_old_end = shift(wide_window.end, -delta);
    let known = ctx.into_first_matches()?;

    // The last report's clause findings outside their rule's window and
    // the text before any unit, moved by the edit where they are after it.
    let wide_rules: Vec<&str> = rules.rules.iter().filter(|r| engine::reads_parts(r)).map(|r| r.spec.id.as_str()).collect();
    // Each kept finding: its index in the last report, whether it moved, and its place in the order.
    let mut kept = Vec::new();
    for (i, mut f) in last_findings.into_iter().enumerate() {
        let (start, end) = if wide_rules.contains(&f.rule.as_str()) { (wide_window.start, wide_old_end) } else { (window.start, old_end) };
        let before = f.byte_start >= first_unit && f.byte_start < start;
        let after = f.byte_start >= end;
        if f.kind != Kind::Clause || !(before || after) {
            continue;
        }
        let rule = f.rule.clone();
        f.id.truncate(base_id(&f.id).len());
        if after {
            f.byte_start = shift(f.byte_start, delta);
            f.byte_end = shift(f.byte_end, delta);
            f.start = shift(f.start, delta16);
            f.end = shift(f.end, delta16);
        }
        for passage in f.mitigations.iter_mut().chain(f.context.iter_mut()) {
            if !move_passage(passage, keep16, move16, delta16) {
                return None;
            }
        }
        kept.push((i, f.byte_start, f.severity, rule));
        findings.push(f);
    }
    findings.sort_unstable_by(engine::report_order);
    // Clause findings have one place each in the order: (text order, severity, rule).
    let mut kept_at = vec![None; findings.len()];
    for (i, byte_start, severity, rule) in kept {
        let key = (Kind::Clause, byte_start, std::cmp::Reverse(severity), rule.as_str());
        let at = findings.binary_search_by(|f| (f.kind, f.byte_start, std::cmp::Reverse(f.severity), f.rule.as_str()).cmp(&key)).ok()?;
        kept_at[at] = Some(i);
    }
    engine::make_ids_unique(&mut findings);
    Some(Again {
        report: Report::new(findings),
        known,
        window: wide_window.start.min(window.start)..wide_window.end.max(window.end),
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

/// Keeps a passage that ends by `keep16` (UTF-16), moves one that starts
/// at `move16` of the old text or later by the edit's length; `false` for
/// one in between, which may differ now.
fn move_passage(passage: &mut Passage, keep16: usize, move16: usize, delta16: isize) -> bool {
    if passage.end <= keep16 {
        true
    } else if passage.start >= move16 {
        passage.start = shift(passage.start, delta16);
        passage.end = shift(passage.end, delta16);
        true
    } else {
        false
    }
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
        && (o.kind, &o.number, &o.path, &o.label, &o.title) == (n.kind, &n.number, &n.path, &n.label, &n.title)
}

/// Whether the units and page furniture of `old` outside `window` (the new
/// text's; `old_end` is where it ends in the old) are those of `new`
/// there, each place `moved` by the edit.
fn same_outside(old: &Document, new: &Document, window: &Range<usize>, old_end: usize, moved: impl Fn(usize) -> Option<usize> + Copy) -> bool {
    let outside = |doc: &Document, end: usize| -> Vec<usize> {
        (0..doc.units.len()).filter(|&i| doc.units[i].span.start < window.start || doc.units[i].span.start >= end).collect()
    };
    let (old_units, new_units) = (outside(old, old_end), outside(new, window.end));
    let parent_start = |doc: &Document, i: usize| doc.units[i].parent.map(|p| doc.units[p].span.start);
    let units = old_units.len() == new_units.len()
        && old_units.iter().zip(&new_units).all(|(&o, &n)| {
            let parent = parent_start(old, o).map(moved) == parent_start(new, n).map(Some);
            same_unit(&old.units[o], &new.units[n], moved, parent)
        });
    let noise = |doc: &Document, end: usize| -> Vec<Range<usize>> {
        doc.noise.iter().filter(|r| r.end <= window.start || r.start >= end).cloned().collect()
    };
    let (old_noise, new_noise) = (noise(old, old_end), noise(new, window.end));
    units
        && old_noise.len() == new_noise.len()
        && old_noise.iter().zip(&new_noise).all(|(o, n)| moved(o.start) == Some(n.start) && moved(o.end) == Some(n.end))
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
        && same_outside(old, new, &(prefix..edited), old_edited, moved)
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
