//! The Necessary and Proportionate scorecard: how a text measures up against
//! the 13 principles, each with the findings that bear on it, the safeguards
//! the text provides, and a plain verdict with its reason.
//!
//! A finding bears on a principle when its category is mapped to it in
//! `data/principles.toml` or its rule's references cite "N&P <number>". The
//! verdict follows one table (documented in `docs/compare-and-scorecard.md`):
//!
//! | findings that bear on it | safeguards found            | verdict        |
//! |--------------------------|-----------------------------|----------------|
//! | none, principle not relevant to the text | –           | not applicable |
//! | none                     | some, or none expected      | met            |
//! | none                     | none, but one is expected   | not met        |
//! | only medium or low       | none, but one is expected   | not met        |
//! | only medium or low       | some, or none expected      | partly met     |
//! | at least one high        | some                        | partly met     |
//! | at least one high        | none                        | not met        |

pub mod principles;
mod render;

use crate::document::{Document, Role};
use crate::matcher::Search;
use crate::report::{Finding, Location, Report, Utf16Index};
use crate::rules::{Effect, Severity};
use crate::text::Normalized;
use serde::Serialize;

pub use principles::Principle;
pub use render::{markdown, text};

/// A text scored against all 13 principles.
#[derive(Clone, Debug, Serialize)]
pub struct Scorecard {
    /// The ClauseLens version that made it.
    pub version: &'static str,
    /// One row per principle, 1 to 13.
    pub principles: Vec<PrincipleScore>,
    /// How many principles got each verdict (`met`, `partly-met`, `not-met`,
    /// `not-applicable`, each present).
    pub summary: std::collections::BTreeMap<&'static str, usize>,
}

/// How a text measures up against one principle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Nothing of concern bears on it and the text provides what it asks.
    Met,
    /// Concerns bear on it, but a safeguard answers part of them.
    PartlyMet,
    /// A serious concern bears on it with no safeguard, or the text lacks the safeguard it asks for.
    NotMet,
    /// The text has nothing the principle governs.
    NotApplicable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::PartlyMet => "partly-met",
            Verdict::NotMet => "not-met",
            Verdict::NotApplicable => "not-applicable",
        }
    }

    /// "partly met", for sentences and tables.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::PartlyMet => "partly met",
            Verdict::NotMet => "not met",
            Verdict::NotApplicable => "not applicable",
        }
    }

    pub const ALL: [Verdict; 4] = [Verdict::Met, Verdict::PartlyMet, Verdict::NotMet, Verdict::NotApplicable];
}

/// One row of the scorecard.
#[derive(Clone, Debug, Serialize)]
pub struct PrincipleScore {
    /// 1 to 13.
    pub number: u8,
    /// "Competent judicial authority".
    pub name: String,
    /// What the principle asks of a law.
    pub asks: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, in a sentence.
    pub reasoning: String,
    /// The findings that bear on it, in report order.
    pub findings: Vec<FindingRef>,
    /// The safeguards found that answer it.
    pub safeguards: Vec<SafeguardFound>,
}

/// A finding as the scorecard cites it; `id` is the finding's id in the report.
#[derive(Clone, Debug, Serialize)]
pub struct FindingRef {
    pub id: String,
    pub rule: String,
    pub category: String,
    pub severity: Severity,
    pub title: String,
    /// `null` for absence findings.
    pub location: Option<Location>,
}

/// A safeguard found in the text.
#[derive(Clone, Debug, Serialize)]
pub struct SafeguardFound {
    /// What it is: "prior judicial authorisation".
    pub name: String,
    /// Where it was first found.
    pub location: Option<Location>,
    /// The words that matched.
    pub text: String,
    /// Span of those words in UTF-16 code units.
    pub start: usize,
    pub end: usize,
}

/// Scores `text`, whose check gave `report`, against the 13 principles.
pub fn score(text: &str, report: &Report) -> Scorecard {
    let doc = Document::parse(text);
    let norm = Normalized::new(text, &doc.noise);
    let utf16 = Utf16Index::new(text);
    let ctx = Context { text, doc: &doc, norm: &norm, utf16: &utf16 };
    let rows: Vec<PrincipleScore> = principles::all().iter().map(|p| ctx.row(p, report)).collect();
    let mut summary: std::collections::BTreeMap<_, _> = Verdict::ALL.iter().map(|v| (v.as_str(), 0)).collect();
    for row in &rows {
        *summary.entry(row.verdict.as_str()).or_default() += 1;
    }
    Scorecard { version: env!("CARGO_PKG_VERSION"), principles: rows, summary }
}

/// Whether `finding` bears on `principle`: by category or by citation.
pub fn bears_on(finding: &Finding, principle: &Principle) -> bool {
    principle.categories.iter().any(|c| **c == *finding.category)
        || finding.references.iter().any(|r| principles::cited(r).contains(&principle.number))
}

struct Context<'a> {
    text: &'a str,
    doc: &'a Document,
    norm: &'a Normalized,
    utf16: &'a Utf16Index<'a>,
}

impl Context<'_> {
    fn row(&self, p: &Principle, report: &Report) -> PrincipleScore {
        let bearing: Vec<&Finding> = report.findings.iter().filter(|f| bears_on(f, p)).collect();
        let mut safeguards: Vec<SafeguardFound> =
            p.safeguards.iter().filter_map(|(name, patterns)| self.find(name, patterns)).collect();
        // Safeguards the rules found beside these findings count when the mapping names them.
        let answering = bearing.iter().flat_map(|f| &f.mitigations).filter(|m| {
            matches!(m.effect, Effect::Lower | Effect::Suppress) && p.mitigations.iter().any(|r| r.is_match(&m.name.to_lowercase()))
        });
        for passage in answering {
            if !safeguards.iter().any(|s| *s.name == *passage.name) {
                safeguards.push(SafeguardFound {
                    name: passage.name.to_string(),
                    location: passage.location.clone(),
                    text: passage.text.to_string(),
                    start: passage.start,
                    end: passage.end,
                });
            }
        }
        let relevant = !bearing.is_empty() || p.applies_if.iter().any(|r| self.first_operative(r).is_some());
        let worst = bearing.iter().map(|f| f.severity).max();
        let (verdict, reasoning) = match (relevant, worst, safeguards.is_empty()) {
            (false, _, _) => (Verdict::NotApplicable, p.not_applicable.clone()),
            (true, None, false) => {
                (Verdict::Met, format!("No concern bears on it, and the text provides {}.", names(&safeguards)))
            }
            (true, None, true) if !p.expect_safeguard => {
                (Verdict::Met, "No concern found in the text bears on it.".to_string())
            }
            (true, None, true) => (
                Verdict::NotMet,
                format!("The text has powers this principle governs but nowhere provides {}.", expected(p)),
            ),
            (true, Some(Severity::High), true) => {
                (Verdict::NotMet, format!("{}; the text provides no safeguard for it.", concerns(&bearing)))
            }
            (true, Some(_), false) => {
                (Verdict::PartlyMet, format!("{}; the text provides {}.", concerns(&bearing), names(&safeguards)))
            }
            (true, Some(_), true) if p.expect_safeguard => (
                Verdict::NotMet,
                format!("{}; the text nowhere provides {}.", concerns(&bearing), expected(p)),
            ),
            (true, Some(_), true) => (Verdict::PartlyMet, format!("{}; none is high.", concerns(&bearing))),
        };
        PrincipleScore {
            number: p.number,
            name: p.name.clone(),
            asks: p.asks.clone(),
            verdict,
            reasoning,
            findings: bearing
                .iter()
                .map(|f| FindingRef {
                    id: f.id.clone(),
                    rule: f.rule.to_string(),
                    category: f.category.to_string(),
                    severity: f.severity,
                    title: f.title.to_string(),
                    location: f.location.clone(),
                })
                .collect(),
            safeguards,
        }
    }

    /// The first place in operative text (not a heading) where any of `patterns` matches.
    fn find(&self, name: &str, patterns: &[Search]) -> Option<SafeguardFound> {
        let (span, unit) = patterns.iter().filter_map(|r| self.first_operative(r)).min_by_key(|(s, _)| s.start)?;
        Some(SafeguardFound {
            name: name.to_string(),
            location: unit.map(|u| Location::of(self.doc, u)),
            text: self.text[span.clone()].to_string(),
            start: self.utf16.utf16(span.start),
            end: self.utf16.utf16(span.end),
        })
    }

    /// The original span and innermost unit of the first operative match of `pattern`.
    fn first_operative(&self, pattern: &Search) -> Option<(std::ops::Range<usize>, Option<usize>)> {
        pattern.find_iter(&self.norm.text).find_map(|m| {
            let span = self.norm.original_range(m, self.text);
            let operative = self.doc.role_at(span.start) == Role::Operative && !self.doc.in_heading(span.start);
            operative.then(|| (span.clone(), self.doc.innermost(span.start)))
        })
    }
}

/// "prior judicial authorisation (Article 15(2)) and notification of the person concerned".
fn names(safeguards: &[SafeguardFound]) -> String {
    const SHOWN: usize = 4;
    let mut parts: Vec<String> = safeguards
        .iter()
        .take(SHOWN)
        .map(|s| match &s.location {
            Some(l) => format!("{} ({})", s.name, l.label),
            None => s.name.clone(),
        })
        .collect();
    if safeguards.len() > SHOWN {
        parts.push(format!("{} more", safeguards.len() - SHOWN));
    }
    join_and(&parts)
}

fn expected(p: &Principle) -> String {
    let parts: Vec<String> = p.safeguards.iter().map(|(name, _)| name.clone()).collect();
    match parts.len() {
        0 | 1 => parts.concat(),
        _ => format!("{} or {}", parts[..parts.len() - 1].join(", "), parts[parts.len() - 1]),
    }
}

/// "3 findings bear on it (1 high, 2 medium): Secret order with no end in Article 27(3); ...".
fn concerns(findings: &[&Finding]) -> String {
    let shown: Vec<String> = findings
        .iter()
        .take(3)
        .map(|f| match &f.location {
            Some(l) => format!("{} in {}", f.title, l.label),
            None => format!("{} (whole text)", f.title),
        })
        .collect();
    let more = findings.len().saturating_sub(shown.len());
    let more = if more > 0 { format!("; and {more} more") } else { String::new() };
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| (s, findings.iter().filter(|f| f.severity == *s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    let noun = if findings.len() == 1 { "finding bears" } else { "findings bear" };
    format!("{} {noun} on it ({}): {}{more}", findings.len(), counts.join(", "), shown.join("; "))
}

fn join_and(parts: &[String]) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        _ => format!("{} and {}", parts[..parts.len() - 1].join(", "), parts[parts.len() - 1]),
    }
}
