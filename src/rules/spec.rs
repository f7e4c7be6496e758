//! The rule format: what a rule pack says, field by field.
//!
//! These types are the pack as written (TOML under `rules/`, or a plain
//! JavaScript object given to `Checker.withRules`). [`super::compile`] turns
//! them into [`super::Rule`]s with compiled patterns. `docs/rule-format.md`
//! explains the format to rule authors; keep the two in step.
//!
//! Patterns are regular expressions (Rust `regex` syntax) matched against the
//! *normalised* text: lower-cased, every run of white space folded to one
//! space, curly quotes made straight, dashes made `-`, PDF ligatures and
//! line-end hyphenation undone. So a pattern is written in lower case with
//! single spaces: `without (lawful )?authori[sz]ation`.

use serde::{Deserialize, Serialize};

/// A whole pack: an optional header and its rules.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    /// Optional name, version and description of the pack.
    #[serde(default)]
    pub pack: Option<PackInfo>,
    /// The rules, each a `[[rules]]` table.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

/// Who made a pack and what it is for.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub name: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// How serious a finding is (see `concerns.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a reader's look; weak wording that is not dangerous alone.
    Low,
    /// Partly answered by a safeguard, or depends on how domestic law fills it in.
    Medium,
    /// Open to abuse as written, with no safeguard in the text.
    High,
}

impl Severity {
    /// One step more serious; `High` stays `High`.
    pub fn raised(self) -> Severity {
        match self {
            Severity::Low => Severity::Medium,
            Severity::Medium | Severity::High => Severity::High,
        }
    }

    /// One step less serious; `Low` stays `Low`.
    pub fn lowered(self) -> Severity {
        match self {
            Severity::High => Severity::Medium,
            Severity::Medium | Severity::Low => Severity::Low,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// All severities, most serious first.
    pub const ALL: [Severity; 3] = [Severity::High, Severity::Medium, Severity::Low];
}

/// Whether a rule flags a clause or the absence of something in the whole text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A located finding where a trigger matches.
    #[default]
    Clause,
    /// A document-level finding: something the text should say is missing everywhere.
    Absence,
}

/// How far from the trigger a pattern is looked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The paragraph that holds the trigger (its items included), or the
    /// whole article or section when it has no numbered paragraphs.
    #[default]
    Clause,
    /// The innermost numbered unit that holds the trigger (a lettered item,
    /// say) together with the lead-in words of the paragraphs above it, so
    /// that "A person who intentionally— (a) ...; (b) ... with intent to
    /// defraud" reads (a) with its lead-in but without (b).
    Item,
    /// The article or section that holds the trigger.
    Unit,
    /// The outermost part or chapter that holds the trigger (the whole text
    /// when it has none): a general safeguards article covers the powers of
    /// its own chapter.
    Part,
    /// Anywhere in the articles and sections of the text (a preamble's
    /// recitals are not provisions and do not count).
    Document,
}

/// What a mitigation does when it is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// The safeguard answers the concern: no finding.
    Suppress,
    /// The safeguard partly answers it: one severity step lower per mitigation.
    Lower,
    /// Worth reporting beside the finding, but it changes nothing.
    Note,
    /// Context only: it makes the concern worse, one severity step higher.
    Raise,
}

/// Parts of a text where triggers may also count. Triggers always count in
/// operative provisions and never in headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// Text before the first article or section (titles, preambles).
    Preamble,
    /// Definitions articles and interpretation sections.
    Definitions,
}

/// One rule as written in a pack.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable identifier, `category/short-name`, e.g. `weak-safeguards/police-order`.
    pub id: String,
    /// One category id from `concerns.md`.
    pub category: String,
    /// Severity before mitigations.
    pub severity: Severity,
    /// `clause` (default) or `absence`.
    #[serde(default)]
    pub kind: Kind,
    /// Where `requires` and `unless` are looked for (default `clause`).
    #[serde(default)]
    pub scope: Scope,
    /// A short name for the concern: "Real-time collection with no judge".
    pub title: String,
    /// What the rule flags, in a sentence or two, for the rules reference.
    pub description: String,
    /// Any of these marks a place to flag (clause rules), or makes the rule
    /// relevant to the text at all (absence rules).
    pub triggers: Vec<String>,
    /// Each of these must also match within `scope` for the rule to fire.
    #[serde(default)]
    pub requires: Vec<String>,
    /// If any of these matches within `scope`, the rule does not apply there.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Absence rules only: the finding is raised when none of these occurs
    /// anywhere in the text.
    #[serde(default)]
    pub expects: Vec<String>,
    /// Absence rules only: what was searched for, in words ("a defence for
    /// good-faith security research, journalism or whistleblowing").
    #[serde(default)]
    pub searched_for: Option<String>,
    /// Regions where triggers also count besides operative provisions.
    #[serde(default)]
    pub also_in: Vec<Region>,
    /// Safeguards that lower or suppress the finding when found nearby
    /// (effects `suppress`, `lower`, `note`).
    #[serde(default)]
    pub mitigations: Vec<MitigationSpec>,
    /// Text elsewhere that makes the finding worse or explains it, such as a
    /// broad definition of a term the clause uses (effects `raise`, `note`).
    #[serde(default)]
    pub context: Vec<MitigationSpec>,
    /// What the finding says about this clause. `{name}` is replaced by the
    /// text of the named capture group `name` from the trigger or a required
    /// pattern; `{name|fallback}` gives words to use when it did not match.
    pub message: String,
    /// Why it matters: the harm, in plain words.
    pub why: String,
    /// The standards it falls short of: "N&P 6 (competent judicial authority)", "ICCPR art. 17".
    pub references: Vec<String>,
    /// Safeguard wording to propose.
    pub suggestion: String,
    /// Texts the rule must flag and must pass; the test suite runs them all.
    pub examples: Examples,
}

impl RuleSpec {
    /// Every pattern of the rule: triggers, requires, unless, expects, then
    /// those of its mitigations and context.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        let nearby = self.mitigations.iter().chain(&self.context).flat_map(|m| &m.patterns);
        self.triggers.iter().chain(&self.requires).chain(&self.unless).chain(&self.expects).chain(nearby).map(String::as_str)
    }
}

/// A safeguard that answers a rule's concern, or context that aggravates it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MitigationSpec {
    /// The safeguard in words, as the report shows it: "prior judicial authorisation".
    pub name: String,
    /// Any of these finds it.
    pub patterns: Vec<String>,
    /// How far from the trigger to look (default `clause`).
    #[serde(default)]
    pub scope: Scope,
    /// What finding it does.
    pub effect: Effect,
}

/// A rule's own test cases.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts that must raise this rule (at least two).
    pub flag: Vec<String>,
    /// Texts that must not raise it: near misses such as the safeguarded
    /// version of the same power (at least two).
    /// (Missing in the browser's copy of the built-in rules; a pack without
    /// any is refused with a message saying so.)
    #[serde(rename = "pass", default)]
    pub pass: Vec<String>,
}
