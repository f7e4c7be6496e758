//! Checking a text again after an edit, reading again only what the edit
//! can change: typing in a 1 MB document must not cost a whole check per key.
//!
//! A [`Rechecker`] keeps the last text it checked, its clean form, its
//! units and its report. For the next text it finds what changed (the
//! common start and end), splits the new text into units again (cheap,
//! and the only way to know that the edit left the structure elsewhere as
//! it was), and picks a window: the top-level units (parts, chapters, or
//! articles and sections) around the edit, wide enough that no pattern
//! match outside it can read a changed byte ([`LONGEST_MATCH`]). Rules
//! run on the window alone; the findings outside it are the last
//! report's, moved by the length of the edit.
//!
//! What crosses units is handled as the full check does it: text before
//! any unit is always looked at again (a trigger hit there can end a
//! rule's search); the first match of each pattern in the provisions
//! (document-scope safeguards, absence rules) is carried over and looked
//! for again only in the window. Whenever the reuse could differ from a
//! full check (the units outside the window changed, a trigger hit crosses
//! the window's edge, a first match in the provisions moved, a pattern
//! with no bounded length), the whole text is checked instead. The result
//! is always exactly what [`crate::check`] gives (tested with random edits
//! of the corpus texts, `tests/incremental.rs`).

use crate::document::{Document, Unit};
use crate::engine::{self, Around, BodyMatches, Context};
use crate::matcher::LONGEST_MATCH;
use crate::report::{Passage, Report};
use crate::rules::{Kind, RuleSet};
use crate::text::Normalized;
use std::ops::Range;

/// How far from a changed byte a window edge must be, in normalised bytes:
/// no match found at a place further away reads the change.
const MARGIN: usize = LONGEST_MATCH + 2;

/// Checks texts one after another, each most likely an edit of the last.
#[derive(Default)]
pub struct Rechecker {
    last: Option<Last>,
}

/// What the last check read and found.
struct Last {
    text: String,
    normalized: String,
    doc: Document,
    report: Report,
    in_body: BodyMatches,
    /// The part of `text` the rules read again, `None` for all of it.
    window: Option<Range<usize>>,
}

impl Rechecker {
    pub fn new() -> Rechecker {
        Rechecker::default()
    }

    /// The report of `text` against `rules`, exactly as [`crate::check`]
    /// gives it; quicker when `text` is an edit of the last text checked
    /// with the same rules.
    pub fn check(&mut self, text: &str, rules: &RuleSet) -> &Report {
        if !self.last.as_ref().is_some_and(|l| l.text == text) {
            let last = self.last.take();
            let text = text.to_string();
            let doc = Document::parse(&text);
            let norm = Normalized::new(&text, &doc.noise);
            let again = last.as_ref().and_then(|last| recheck(last, &text, &doc, &norm, rules));
            // Dropped before a whole check, which needs the room.
            drop(last);
            let (report, in_body, window) = match again {
                Some((report, in_body, window)) => (report, in_body, Some(window)),
                None => {
                    let (report, in_body) = engine::check_parsed(&text, &doc, &norm, rules);
                    (report, in_body, None)
                }
            };
            self.last = Some(Last { text, normalized: norm.text, doc, report, in_body, window });
        }
        &self.last.as_ref().expect("checked above").report
    }

    /// The byte range of the last text that the rules read again (the text
    /// before any unit aside); `None` when they read all of it.
    pub fn window(&self) -> Option<Range<usize>> {
        self.last.as_ref()?.window.clone()
    }

    /// Forgets the last text, for a new rule pack.
    pub fn forget(&mut self) {
        self.last = None;
    }
}

/// The report of `text` from the `last` check's, or `None` where only a
/// whole check gives it for sure.
fn recheck(last: &Last, text: &str, doc: &Document, norm: &Normalized, rules: &RuleSet) -> Option<(Report, BodyMatches, Range<usize>)> {
    let old = last.text.as_str();
    let prefix = common_prefix(old, text);
    let suffix = common_suffix(&old[prefix..], &text[prefix..]);
    let delta = text.len() as isize - old.len() as isize;
    let (old_norm, new_norm) = (last.normalized.as_bytes(), norm.text.as_bytes());
    let norm_prefix = common_prefix_bytes(old_norm, new_norm);
    let norm_suffix = common_suffix_bytes(&old_norm[norm_prefix..], &new_norm[norm_prefix..]);
    let norm_delta = new_norm.len() as isize - old_norm.len() as isize;

    // The window: whole top-level units around every changed byte, with the margin.
    let wide = MARGIN + 64;
    let lo = norm.to_original(norm_prefix.saturating_sub(wide), text).min(prefix.saturating_sub(wide));
    let hi_norm = (new_norm.len() - norm_suffix + wide).min(new_norm.len());
    let hi = norm.to_original(hi_norm, text).max((text.len() - suffix + wide).min(text.len()));
    let roots: Vec<usize> = doc.units.iter().filter(|u| u.parent.is_none()).map(|u| u.span.start).collect();
    let first_unit = roots.first().copied().unwrap_or(text.len());
    let start = roots.iter().rev().find(|&&r| r <= lo).copied().unwrap_or(0);
    let end = roots.iter().find(|&&r| r >= hi).copied().unwrap_or(text.len());
    let old_end = shift(end, -delta);
    if !same_outside(&last.doc, doc, start, end, delta) || body_start(&last.doc) != body_of(doc, start, end, delta)? {
        return None;
    }
    let (start_norm, end_norm) = (norm.to_normalized(start), norm.to_normalized(end));
    let preamble_norm = norm.to_normalized(first_unit.min(start));

    // Rules run on the text before any unit and on the window.
    let mut ranges = vec![0..preamble_norm, start_norm..end_norm];
    ranges.retain(|r| !r.is_empty());
    let scanned: Vec<_> = ranges
        .iter()
        .map(|r| r.start.saturating_sub(MARGIN)..(r.end + MARGIN).min(new_norm.len()))
        .collect();
    let scan = rules.patterns.scan_range(&norm.text, &merge(scanned));

    // No trigger hit may run across an edge of the window: the search that
    // found it would then start inside the window after it.
    let triggers = rules.rules.iter().filter(|r| r.spec.kind == Kind::Clause).flat_map(|r| &r.triggers);
    for &trigger in triggers.clone() {
        if rules.patterns.reach(trigger).map_or(true, |r| r > MARGIN) {
            return None;
        }
    }
    for edge in [start_norm, end_norm].into_iter().filter(|&e| e > preamble_norm && e < new_norm.len()) {
        for &trigger in triggers.clone() {
            let mut from = edge.saturating_sub(LONGEST_MATCH + 1);
            while let Some(hit) = scan.find(trigger, from..new_norm.len()).filter(|h| h.start < edge) {
                if hit.end > edge {
                    return None;
                }
                from = hit.start + 1;
            }
        }
    }

    // First matches in the provisions: a match at a place outside the
    // window reads no changed byte, so only the window is looked in again.
    let body = norm.normalized_range(body_start(doc)..text.len());
    let old_end_norm = shift(end_norm, -norm_delta);
    let mut in_body = BodyMatches::new();
    for (&id, found) in &last.in_body {
        if rules.patterns.reach(id).map_or(true, |r| r > MARGIN) {
            return None;
        }
        let now = match found {
            Some(m) if m.start < start_norm => Some(m.clone()),
            _ => {
                let from = start_norm.max(body.start);
                let again = scan.find(id, from..new_norm.len()).filter(|h| h.start < end_norm);
                match (again, found) {
                    (Some(hit), _) => Some(hit),
                    (None, None) => None,
                    (None, Some(m)) if m.start >= old_end_norm => Some(shift(m.start, norm_delta)..shift(m.end, norm_delta)),
                    // Gone from the window: where the next one is, only the whole text tells.
                    (None, Some(_)) => return None,
                }
            }
        };
        // Unless the edit moved it or made another first, reports outside the window stand.
        let old_edited_norm = old_norm.len() - norm_suffix;
        let moved = match found {
            Some(m) if m.end <= norm_prefix => Some(m.clone()),
            Some(m) if m.start >= old_edited_norm => Some(shift(m.start, norm_delta)..shift(m.end, norm_delta)),
            Some(_) => return None,
            None => None,
        };
        if now != moved {
            return None;
        }
        in_body.insert(id, now);
    }

    let ctx = Context::new(text, doc, norm, rules, scan, Some(Around { triggers: ranges, in_body }));
    let mut findings = ctx.clause_findings_in(rules);
    findings.extend(ctx.absence_findings(rules));
    let in_body = ctx.into_body_matches();

    // The last report's clause findings outside the window and the text before any unit.
    let utf16 = |s: &str| s.encode_utf16().count() as isize;
    let delta16 = utf16(text) - utf16(old);
    // Passages that the report's findings outside the window found in it
    // stand where the edit did not touch them, if it left the units as they were.
    let (keep16, move16) = if same_units(&last.doc, doc, prefix, old.len() - suffix, delta) {
        (utf16(&text[..prefix]) as usize, utf16(&old[..old.len() - suffix]) as usize)
    } else {
        (utf16(&text[..start]) as usize, utf16(&old[..old_end]) as usize)
    };
    for f in &last.report.findings {
        let before = f.byte_start >= first_unit && f.byte_start < start;
        let after = f.byte_start >= old_end;
        if f.kind != Kind::Clause || !(before || after) {
            continue;
        }
        let mut f = f.clone();
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
        findings.push(f);
    }
    Some((engine::finish(findings), in_body, start..end))
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

/// Whether the units and page furniture of `old` and `new` before `start`
/// are the same, and those from `end` on are the same moved by `delta`.
fn same_outside(old: &Document, new: &Document, start: usize, end: usize, delta: isize) -> bool {
    let old_end = shift(end, -delta);
    let before = |units: &[Unit]| units.partition_point(|u| u.span.start < start);
    let (old_before, new_before) = (before(&old.units), before(&new.units));
    if old_before != new_before || old.units[..old_before] != new.units[..new_before] {
        return false;
    }
    let old_after = old.units.partition_point(|u| u.span.start < old_end);
    let new_after = new.units.partition_point(|u| u.span.start < end);
    if old.units.len() - old_after != new.units.len() - new_after {
        return false;
    }
    let moved = |u: &Unit| Unit {
        span: shift(u.span.start, delta)..shift(u.span.end, delta),
        heading: if u.heading.is_empty() && u.heading.start < old_end { u.heading.clone() } else { shift(u.heading.start, delta)..shift(u.heading.end, delta) },
        parent: u.parent.map(|p| if p >= old_after { shift(p, new_after as isize - old_after as isize) } else { p }),
        ..u.clone()
    };
    if !old.units[old_after..].iter().zip(&new.units[new_after..]).all(|(o, n)| moved(o) == *n) {
        return false;
    }
    let noise_before = |noise: &[Range<usize>]| noise.iter().filter(|r| r.end <= start).cloned().collect::<Vec<_>>();
    let noise_after = |noise: &[Range<usize>], from: usize, by: isize| {
        noise.iter().filter(|r| r.start >= from).map(|r| shift(r.start, by)..shift(r.end, by)).collect::<Vec<_>>()
    };
    noise_before(&old.noise) == noise_before(&new.noise) && noise_after(&old.noise, old_end, delta) == noise_after(&new.noise, end, 0)
}

/// Whether `new` has the units and page furniture of `old`, those after the
/// edit (`prefix..old_edited` of the old text) moved by `delta`.
fn same_units(old: &Document, new: &Document, prefix: usize, old_edited: usize, delta: isize) -> bool {
    let at = |x: usize| match x {
        x if x < prefix => Some(x),
        x if x >= old_edited => Some(shift(x, delta)),
        _ => None,
    };
    let range = |r: &Range<usize>| Some(at(r.start)?..at(r.end)?);
    let unit = |o: &Unit, n: &Unit| {
        let heading = if o.heading.is_empty() { o.heading == n.heading || range(&o.heading).as_ref() == Some(&n.heading) } else { range(&o.heading).as_ref() == Some(&n.heading) };
        range(&o.span).as_ref() == Some(&n.span) && heading && Unit { span: n.span.clone(), heading: n.heading.clone(), ..o.clone() } == *n
    };
    old.units.len() == new.units.len()
        && old.units.iter().zip(&new.units).all(|(o, n)| unit(o, n))
        && old.noise.len() == new.noise.len()
        && old.noise.iter().zip(&new.noise).all(|(o, n)| range(o).as_ref() == Some(n))
}

/// Where the provisions begin: the first article or section (0 if none).
fn body_start(doc: &Document) -> usize {
    doc.units.iter().find(|u| u.kind.is_provision()).map_or(0, |u| u.span.start)
}

/// `doc`'s body start as it was before the edit, if it is outside the window.
fn body_of(doc: &Document, start: usize, end: usize, delta: isize) -> Option<usize> {
    match body_start(doc) {
        b if b < start => Some(b),
        b if b >= end => Some(shift(b, -delta)),
        _ => None,
    }
}

/// Ranges merged where they touch or overlap (in order already).
fn merge(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

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
