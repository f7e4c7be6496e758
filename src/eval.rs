//! Measures findings against hand annotations of real texts.
//!
//! An annotation file (`tests/annotations/*.toml`, format in its README)
//! lists every provision of one corpus text with the categories a careful
//! reader says it should raise at medium or high severity, and the absence
//! findings the whole text should raise. Scoring is per (provision,
//! category) pair: a finding of `low` severity is a note for the reader and
//! counts as no finding; several findings of one category in one provision
//! count once.

use crate::report::Report;
use crate::rules::{Kind, Severity};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One corpus text's annotations.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// The corpus file name.
    pub file: String,
    /// Categories of the absence findings the text should raise.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Every provision, in order.
    pub units: Vec<AnnotatedUnit>,
}

/// One provision's expected categories.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotatedUnit {
    /// The article or section number as printed.
    pub number: String,
    /// Categories it should raise at medium or high; empty when clean.
    pub categories: Vec<String>,
    /// Why, in a sentence.
    #[serde(default)]
    pub note: String,
}

/// True and false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        1.0
    } else {
        n as f64 / d as f64
    }
}

/// A pair the checker got wrong.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Mistake {
    pub file: String,
    /// The provision number, or `document` for absence findings.
    pub unit: String,
    pub category: String,
}

/// The result of an evaluation.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Evaluation {
    /// Per category id.
    pub by_category: BTreeMap<String, Counts>,
    pub overall: Counts,
    /// Provisions annotated clean.
    pub clean_units: usize,
    /// Clean provisions that got at least one medium or high finding.
    pub clean_flagged: usize,
    /// Expected pairs the checker missed.
    pub misses: Vec<Mistake>,
    /// Pairs the checker raised that the annotations don't expect.
    pub false_flags: Vec<Mistake>,
}

impl Evaluation {
    /// Share of clean provisions that were flagged.
    pub fn clean_flag_rate(&self) -> f64 {
        if self.clean_units == 0 {
            0.0
        } else {
            self.clean_flagged as f64 / self.clean_units as f64
        }
    }

    /// Scores one text's report against its annotation and adds it in.
    pub fn add(&mut self, annotation: &Annotation, report: &Report) {
        const DOCUMENT: &str = "document";
        let mut expected = BTreeSet::new();
        for unit in &annotation.units {
            for category in &unit.categories {
                expected.insert((unit.number.clone(), category.clone()));
            }
        }
        for category in &annotation.absent {
            expected.insert((DOCUMENT.to_string(), category.clone()));
        }
        let found: BTreeSet<(String, String)> = report
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Medium)
            .map(|f| {
                let unit = match (&f.kind, &f.location) {
                    (Kind::Absence, _) => DOCUMENT.to_string(),
                    (Kind::Clause, Some(l)) => l.number.to_string(),
                    (Kind::Clause, None) => "(outside any provision)".to_string(),
                };
                (unit, f.category.to_string())
            })
            .collect();
        let mistake = |(unit, category): &(String, String)| Mistake {
            file: annotation.file.clone(),
            unit: unit.clone(),
            category: category.clone(),
        };
        for pair in expected.union(&found) {
            let counts = self.by_category.entry(pair.1.clone()).or_default();
            let delta = match (expected.contains(pair), found.contains(pair)) {
                (true, true) => Counts { true_positives: 1, ..Counts::default() },
                (false, true) => {
                    self.false_flags.push(mistake(pair));
                    Counts { false_positives: 1, ..Counts::default() }
                }
                _ => {
                    self.misses.push(mistake(pair));
                    Counts { false_negatives: 1, ..Counts::default() }
                }
            };
            counts.add(delta);
            self.overall.add(delta);
        }
        for unit in annotation.units.iter().filter(|u| u.categories.is_empty()) {
            self.clean_units += 1;
            if found.iter().any(|(number, _)| *number == unit.number) {
                self.clean_flagged += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn scores_pairs_and_clean_units() {
        let rules = RuleSet::builtin();
        let text = "Article 1\nSecrecy\nThe provider shall keep confidential the fact that the order was executed.\n\n\
                    Article 2\nFinal clauses\nThis Convention enters into force on signature.\n";
        let report = crate::check(text, &rules);
        let annotation: Annotation = toml::from_str(
            r#"
file = "made-up.txt"
[[units]]
number = "1"
categories = ["secrecy"]
[[units]]
number = "2"
categories = ["blocking"]
"#,
        )
        .unwrap();
        let mut eval = Evaluation::default();
        eval.add(&annotation, &report);
        assert_eq!(eval.by_category["secrecy"].true_positives, 1);
        assert_eq!(eval.by_category["blocking"].false_negatives, 1);
        assert_eq!(eval.misses.len(), 1);
        assert_eq!(eval.clean_units, 0);
    }
}
