//! The promises every report and every document split must keep, whatever
//! the text: shared by the property tests, the hostile-input tests and the
//! fuzz targets (`fuzz/fuzz_targets/*.rs` include this file by path), so the
//! three check the same thing.
//!
//! A broken offset is a highlight on the wrong words in the browser, or a
//! panic when the page slices the text; a broken unit tree is a wrong
//! citation. Each check panics with the text's length and the culprit.
#![allow(dead_code)] // each includer uses the part it needs

use clauselens::document::Document;
use clauselens::rules::Kind;
use clauselens::Report;
use std::collections::HashSet;

/// Offsets, order and identity of every finding in `report` for `text`.
pub fn assert_report_valid(text: &str, report: &Report) {
    let mut utf16 = Utf16Map::new(text);
    let mut seen_absence = false;
    let mut last_start = 0;
    let mut ids = HashSet::new();
    for f in &report.findings {
        assert!(ids.insert(f.id.as_str()), "finding id {} repeated (text of {} bytes)", f.id, text.len());
        match f.kind {
            Kind::Absence => {
                seen_absence = true;
                assert!(
                    (f.start, f.end, f.byte_start, f.byte_end) == (0, 0, 0, 0) && f.text.is_empty(),
                    "absence finding {} has a span",
                    f.id
                );
                assert!(f.location.is_none(), "absence finding {} has a location", f.id);
            }
            Kind::Clause => {
                assert!(!seen_absence, "clause finding {} after an absence finding", f.id);
                assert!(f.byte_start >= last_start, "finding {} out of text order", f.id);
                last_start = f.byte_start;
                assert!(
                    f.byte_start < f.byte_end && f.byte_end <= text.len(),
                    "finding {}: bytes {}..{} not a non-empty span of a {}-byte text",
                    f.id,
                    f.byte_start,
                    f.byte_end,
                    text.len()
                );
                assert!(
                    text.is_char_boundary(f.byte_start) && text.is_char_boundary(f.byte_end),
                    "finding {}: bytes {}..{} split a character",
                    f.id,
                    f.byte_start,
                    f.byte_end
                );
                assert_eq!(&text[f.byte_start..f.byte_end], f.text, "finding {}: UTF-8 slice", f.id);
                assert_eq!(
                    (f.start, f.end),
                    (utf16.of(f.byte_start), utf16.of(f.byte_end)),
                    "finding {}: UTF-16 offsets do not match bytes {}..{}",
                    f.id,
                    f.byte_start,
                    f.byte_end
                );
                assert_eq!(utf16.slice(f.start, f.end).as_deref(), Some(f.text.as_str()), "finding {}: UTF-16 slice", f.id);
            }
        }
        for p in f.mitigations.iter().chain(&f.context) {
            assert!(p.start <= p.end, "passage {:?} of {}: start after end", p.name, f.id);
            assert_eq!(
                utf16.slice(p.start, p.end).as_deref(),
                Some(&*p.text),
                "passage {:?} of {}: UTF-16 slice",
                p.name,
                f.id
            );
        }
    }
    assert_eq!(report.summary.total, report.findings.len(), "summary total");
    let by_severity: usize = report.summary.by_severity.values().sum();
    assert_eq!(by_severity, report.findings.len(), "summary by severity");
}

/// Every clause finding's words lie inside the clause (the paragraph, or
/// the article that has no paragraphs) where they start: a reader is never
/// shown words that run on past a heading into the next article.
pub fn assert_findings_inside_their_clauses(doc: &Document, report: &Report) {
    for f in report.findings.iter().filter(|f| f.kind == Kind::Clause) {
        let Some(unit) = doc.innermost(f.byte_start) else { continue };
        let clause = &doc.units[doc.clause_of(unit)];
        assert!(
            f.byte_end <= clause.span.end,
            "finding {}: bytes {}..{} run past the end of {} at {}: {:?}",
            f.id,
            f.byte_start,
            f.byte_end,
            clause.label(),
            clause.span.end,
            f.text
        );
    }
}

/// The unit tree of `doc` for `text`: spans in bounds and on character
/// boundaries, headings inside their unit, parents first, children inside
/// their parent, and units that overlap only by nesting.
pub fn assert_document_valid(text: &str, doc: &Document) {
    let n = text.len();
    let mut open: Vec<usize> = Vec::new();
    for (i, u) in doc.units.iter().enumerate() {
        let what = || format!("unit {i} ({}, {:?}) of a {n}-byte text", u.label(), u.span);
        assert!(u.span.start <= u.span.end && u.span.end <= n, "{}: span out of bounds", what());
        assert!(text.is_char_boundary(u.span.start) && text.is_char_boundary(u.span.end), "{}: span splits a character", what());
        assert!(
            u.heading.is_empty() || (u.span.start <= u.heading.start && u.heading.end <= u.span.end),
            "{}: heading {:?} outside the unit",
            what(),
            u.heading
        );
        assert!(u.heading.start <= u.heading.end, "{}: heading {:?} reversed", what(), u.heading);
        assert!(
            text.is_char_boundary(u.heading.start.min(n)) && text.is_char_boundary(u.heading.end.min(n)),
            "{}: heading splits a character",
            what()
        );
        if i > 0 {
            assert!(doc.units[i - 1].span.start <= u.span.start, "{}: not in reading order", what());
        }
        if let Some(p) = u.parent {
            assert!(p < i, "{}: parent {p} comes after it", what());
            let ps = &doc.units[p].span;
            assert!(ps.start <= u.span.start && u.span.end <= ps.end, "{}: outside its parent {ps:?}", what());
        }
        // The units still open where this one starts must enclose it.
        while open.last().is_some_and(|&o| doc.units[o].span.end <= u.span.start) {
            open.pop();
        }
        if let Some(&o) = open.last() {
            assert!(doc.ancestors(i).any(|a| a == o), "{}: overlaps unit {o} without nesting in it", what());
        }
        open.push(i);
    }
    let mut end = 0;
    for r in &doc.noise {
        assert!(end <= r.start && r.start <= r.end && r.end <= n, "noise {r:?} unsorted, overlapping or out of bounds");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "noise {r:?} splits a character");
        end = r.end;
    }
}

/// `Document::innermost` at every character of a (small) text: the unit
/// returned contains the byte, and none of its children does.
pub fn assert_innermost_valid(text: &str, doc: &Document) {
    for (at, _) in text.char_indices() {
        match doc.innermost(at) {
            Some(u) => {
                assert!(doc.units[u].span.contains(&at), "innermost({at}) = unit {u} does not contain it");
                let child = doc.units.iter().enumerate().find(|(_, c)| c.parent == Some(u) && c.span.contains(&at));
                assert!(child.is_none(), "innermost({at}) = unit {u}, but its child {:?} contains it", child.map(|c| c.0));
            }
            None => assert!(!doc.units.iter().any(|u| u.span.contains(&at)), "innermost({at}) = None inside a unit"),
        }
    }
}

/// UTF-8 to UTF-16 offsets, computed independently of the engine: the text
/// as JavaScript sees it.
pub struct Utf16Map<'a> {
    text: &'a str,
    /// (byte, UTF-16) offsets every KiB, so a lookup never walks far.
    checkpoints: Vec<(usize, usize)>,
    units: Option<Vec<u16>>,
}

impl<'a> Utf16Map<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut checkpoints = vec![(0, 0)];
        let mut utf16 = 0;
        for (at, c) in text.char_indices() {
            if at >= checkpoints.last().unwrap().0 + 1024 {
                checkpoints.push((at, utf16));
            }
            utf16 += c.len_utf16();
        }
        Utf16Map { text, checkpoints, units: None }
    }

    /// The UTF-16 offset of byte offset `byte` (a character boundary).
    pub fn of(&self, byte: usize) -> usize {
        let (b, u) = self.checkpoints[self.checkpoints.partition_point(|&(b, _)| b <= byte) - 1];
        u + self.text[b..byte].chars().map(char::len_utf16).sum::<usize>()
    }

    /// The JavaScript `text.slice(start, end)`; `None` when it is out of
    /// bounds or cuts a surrogate pair (it would not be the same text).
    pub fn slice(&mut self, start: usize, end: usize) -> Option<String> {
        let text = self.text;
        let units = self.units.get_or_insert_with(|| text.encode_utf16().collect());
        String::from_utf16(units.get(start..end)?).ok()
    }
}
