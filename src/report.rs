//! The report: what a check found, in a stable shape that other tools read.
//!
//! The JSON form of [`Report`] is documented in `docs/report.md`; a field
//! added here is added there, and no field is renamed or removed.

use crate::document::UnitKind;
use crate::rules::{categories, Effect, Kind, Scope, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything one check found.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The ClauseLens version that made the report.
    pub version: &'static str,
    /// Findings in text order; absence findings (which have no place) last.
    pub findings: Vec<Finding>,
    /// Counts for the top of a report.
    pub summary: Summary,
}

/// Where a finding is, as a person would cite it. Its strings are shared
/// by the findings and passages in one unit (see `Context::location`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// `article`, `section`, `paragraph`, `item`, `part` or `chapter`: the kind of
    /// the provision (article or section) holding the span, or of the
    /// outermost unit when the text has no provisions.
    pub unit: UnitKind,
    /// The provision's number as printed: `28`, `26A`.
    pub number: Arc<str>,
    /// The full citation path of the innermost unit: `28(4)`, `4(c)(4)`.
    pub path: Arc<str>,
    /// What a person would write: `Article 28(4)`, `Section 4(c)(4)`.
    pub label: Arc<str>,
}

impl Location {
    /// Where unit `unit` of `doc` is: its provision's number (the outermost
    /// unit's, in a text with no provisions) and its own path and label.
    pub fn of(doc: &crate::Document, unit: usize) -> Location {
        let units = &doc.units;
        let outer = doc.provision_of(unit).unwrap_or_else(|| doc.ancestors(unit).last().unwrap_or(unit));
        Location {
            unit: units[outer].kind,
            number: units[outer].number().into(),
            path: units[unit].path().into(),
            label: units[unit].label().into(),
        }
    }
}

/// One concern in the text. The rule's texts (its id, category, title,
/// `why`, `references`, `suggestion`) are shared by all of its findings in
/// a report, so that a large text with thousands of findings holds each of
/// them once and makes no copy per finding.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// A stable identity that survives renumbering: the rule plus a
    /// fingerprint of the provision's title and the clause's words
    /// (`secrecy/confidentiality-duty#3f2a9c1d`); `#document` for absence
    /// findings. Unique within a report.
    pub id: String,
    /// The rule that raised it.
    pub rule: Arc<str>,
    /// Its category id from `concerns.md`.
    pub category: Arc<str>,
    /// Severity after the safeguards found nearby.
    pub severity: Severity,
    /// `clause` (a place in the text) or `absence` (missing everywhere).
    pub kind: Kind,
    /// Where it is; `null` for absence findings and for text outside any unit.
    pub location: Option<Location>,
    /// Start of the span in UTF-16 code units (JavaScript string indexes).
    pub start: usize,
    /// End of the span (exclusive) in UTF-16 code units.
    pub end: usize,
    /// Start of the span in UTF-8 bytes.
    pub byte_start: usize,
    /// End of the span (exclusive) in UTF-8 bytes.
    pub byte_end: usize,
    /// Exactly the characters of the span; empty for absence findings.
    pub text: String,
    /// The rule's short name for the concern.
    pub title: Arc<str>,
    /// What is wrong with this clause.
    pub message: String,
    /// Why it matters.
    pub why: Arc<str>,
    /// Standards it falls short of.
    pub references: Arc<[String]>,
    /// Safeguard wording to propose.
    pub suggestion: Arc<str>,
    /// Safeguards found nearby, and what each did to the finding.
    pub mitigations: Vec<Passage>,
    /// Text elsewhere that aggravates or explains the finding (a broad
    /// definition of a term the clause uses), and what each did.
    pub context: Vec<Passage>,
    /// Absence findings: what was searched for and not found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub searched_for: Option<String>,
}

/// A passage found near a finding: a safeguard, or aggravating context.
#[derive(Clone, Debug, Serialize)]
pub struct Passage {
    /// What it is, in words: "prior judicial authorisation" (the rule's
    /// own text, shared).
    pub name: Arc<str>,
    /// `lower`, `suppress`, `note` or `raise`.
    pub effect: Effect,
    /// How far from the finding it was looked for.
    pub scope: Scope,
    /// Where it was found.
    pub location: Option<Location>,
    /// The words that matched (shared by the findings that found the
    /// same document-wide passage).
    pub text: Arc<str>,
    /// Span of those words in UTF-16 code units.
    pub start: usize,
    pub end: usize,
}

/// Counts by severity and by category.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// All findings.
    pub total: usize,
    /// `high`, `medium` and `low`, each present, possibly 0.
    pub by_severity: BTreeMap<&'static str, usize>,
    /// Every category id of `concerns.md`, each present, possibly 0.
    pub by_category: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut by_severity: BTreeMap<_, _> = Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
        let mut by_category: BTreeMap<_, _> = categories::ALL.iter().map(|c| (*c, 0)).collect();
        for f in findings {
            *by_severity.entry(f.severity.as_str()).or_default() += 1;
            if let Some(count) = by_category.get_mut(&*f.category) {
                *count += 1;
            }
        }
        Summary { total: findings.len(), by_severity, by_category }
    }
}

impl Report {
    pub fn new(findings: Vec<Finding>) -> Report {
        let summary = Summary::of(&findings);
        Report { version: env!("CARGO_PKG_VERSION"), findings, summary }
    }

    /// The most serious severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Converts sorted-or-not UTF-8 byte offsets to UTF-16 offsets in one pass.
pub struct Utf16Index<'a> {
    text: &'a str,
    /// (byte offset, utf16 offset) checkpoints, the `k`th at the first
    /// character boundary at or after byte `k * STEP`: the checkpoint
    /// before a byte is found by a division, not a search.
    checkpoints: Vec<(usize, usize)>,
}

impl<'a> Utf16Index<'a> {
    const STEP: usize = 256;

    pub fn new(text: &'a str) -> Utf16Index<'a> {
        let mut checkpoints = Vec::with_capacity(text.len() / Self::STEP + 1);
        checkpoints.push((0, 0));
        let (mut at, mut utf16) = (0, 0);
        while checkpoints.len() * Self::STEP < text.len() {
            let mut next = checkpoints.len() * Self::STEP;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            utf16 += utf16_len(&text.as_bytes()[at..next]);
            checkpoints.push((next, utf16));
            at = next;
        }
        Utf16Index { text, checkpoints }
    }

    /// The UTF-16 offset of byte offset `byte` (a char boundary).
    pub fn utf16(&self, byte: usize) -> usize {
        // The checkpoint of `byte`'s step, or the one before when `byte`
        // is in the character that moved it on.
        let i = (byte / Self::STEP).min(self.checkpoints.len() - 1);
        let (b, u) = if self.checkpoints[i].0 <= byte { self.checkpoints[i] } else { self.checkpoints[i - 1] };
        u + utf16_len(&self.text.as_bytes()[b..byte])
    }
}

/// The UTF-16 length of `bytes`, whole characters of UTF-8, counted by
/// bytes: a character is one UTF-16 unit per byte that starts one, and one
/// more if it takes four bytes. Most stretches of a law's text are plain
/// ASCII, one unit a byte, which is quicker to see than to count; the
/// others (a quarter: curly quotes, dashes) are counted eight bytes at a time.
fn utf16_len(bytes: &[u8]) -> usize {
    if bytes.is_ascii() {
        return bytes.len();
    }
    let mut words = bytes.chunks_exact(8);
    let mut units = 0;
    for word in &mut words {
        units += word_utf16_len(u64::from_le_bytes(word.try_into().expect("eight bytes")));
    }
    units + words.remainder().iter().map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xf0)).sum::<usize>()
}

/// The UTF-16 units that eight bytes of UTF-8 add: the top bit of each
/// byte says, after shifts, whether it continues a character (`10xxxxxx`)
/// or starts one of four bytes (`11110xxx`; UTF-8 has no bytes above).
fn word_utf16_len(word: u64) -> usize {
    const TOP: u64 = 0x8080_8080_8080_8080;
    // Bytes whose top bit is set, counted: each is 0 or 1 after the shift,
    // and the product sums them into the highest byte.
    let count = |bits: u64| ((bits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    let continuing = word & !(word << 1) & TOP;
    let four_bytes = word & (word << 1) & (word << 2) & (word << 3) & TOP;
    8 - count(continuing) + count(four_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_what_javascript_counts() {
        // Long enough for many checkpoints, with characters of one to four
        // bytes falling across them.
        let text = "Article 5 – “data” é 𝒳 ﬁ 😀 ".repeat(200);
        let index = Utf16Index::new(&text);
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(index.utf16(byte), text[..byte].encode_utf16().count(), "at byte {byte}");
        }
    }
}
