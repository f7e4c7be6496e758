//! Rules as data: loading packs, checking them, compiling their patterns.
//!
//! A pack is read into [`spec::PackSpec`] one rule at a time, so that a
//! mistake is reported with the file, the rule id and the field it is in
//! ([`PackError`]). The built-in pack is every `rules/*.toml` file, embedded at
//! build time by `build.rs`.

pub mod categories;
pub mod spec;

use crate::data::one_line;
use crate::matcher::{PatternId, Patterns};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

pub use spec::{Effect, Kind, Region, RuleSpec, Scope, Severity};

/// A mistake in a rule pack, located as precisely as it can be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PackError {
    /// The pack file (or `"<rules>"` for a pack given as an object).
    pub file: String,
    /// The id of the rule at fault, or `#N` (1-based) where it has none.
    pub rule: Option<String>,
    /// The field at fault, e.g. `triggers[2]` or `category`.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(rule) = &self.rule {
            write!(f, ": rule {rule}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PackError {}

/// A compiled rule, ready to run. Its patterns live in the [`RuleSet`]'s
/// [`Patterns`], so that one pass over a text serves every rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule as written, for its texts and documentation.
    pub spec: RuleSpec,
    pub triggers: Vec<PatternId>,
    pub requires: Vec<PatternId>,
    pub unless: Vec<PatternId>,
    pub expects: Vec<PatternId>,
    pub mitigations: Vec<Mitigation>,
    pub context: Vec<Mitigation>,
}

/// A compiled mitigation or context pattern.
#[derive(Clone, Debug)]
pub struct Mitigation {
    /// Shared with the passages found for it, which a check makes thousands of.
    pub name: Arc<str>,
    pub patterns: Vec<PatternId>,
    pub scope: Scope,
    pub effect: Effect,
}

/// A set of compiled rules, checked for consistency.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Every pattern of every rule.
    pub patterns: Patterns,
}

/// One pack file's text and name.
pub struct PackSource<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The prefixes of every built-in pattern, worked out by `build.rs` (see
/// [`crate::matcher::prefixes`]).
const BUILTIN_PREFIXES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin_prefixes.bin"));

/// The literals inside every built-in pattern's matches, worked out by
/// `build.rs` (see [`crate::matcher::prefixes::inside`]); empty in the
/// browser's build.
const BUILTIN_INSIDE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin_inside.bin"));

impl RuleSet {
    /// The rule packs that ship with ClauseLens (`rules/*.toml`). Their
    /// patterns are compiled when first needed, and their prefixes were
    /// worked out at build time: the test suite has compiled them all, and
    /// a page that loads the checker is ready sooner.
    pub fn builtin() -> RuleSet {
        RuleSet::load(&builtin_sources(), false, Some(BUILTIN_PREFIXES))
            .expect("the built-in rule packs are checked by the test suite")
    }

    /// Loads and checks packs, JSON when the name ends in `.json` and TOML
    /// otherwise; ids must be unique across all of them. Every pattern is
    /// compiled now, so that any mistake is reported here.
    pub fn from_packs(sources: &[PackSource]) -> Result<RuleSet, PackError> {
        RuleSet::load(sources, true, None)
    }

    /// Loads packs; `prefixes` is the table `build.rs` wrote for them, if any.
    fn load(sources: &[PackSource], check: bool, prefixes: Option<&[u8]>) -> Result<RuleSet, PackError> {
        let mut specs = Vec::new();
        for source in sources {
            let json = crate::data::parse(source.name, source.text).map_err(|message| PackError {
                file: source.name.to_string(),
                rule: None,
                field: None,
                message,
            })?;
            specs.extend(specs_from_value(source.name, json)?.into_iter().map(|s| (source.name, s)));
        }
        RuleSet::from_specs(specs, check, prefixes)
    }

    /// Loads and checks a pack given as JSON-like data (`{ "rules": [...] }`).
    pub fn from_value(name: &str, value: serde_json::Value) -> Result<RuleSet, PackError> {
        let specs = specs_from_value(name, value)?;
        RuleSet::from_specs(specs.into_iter().map(|s| (name, s)).collect(), true, None)
    }

    fn from_specs(specs: Vec<(&str, RuleSpec)>, check: bool, prefixes: Option<&[u8]>) -> Result<RuleSet, PackError> {
        let mut seen = BTreeSet::new();
        let mut rules = Vec::with_capacity(specs.len());
        let mut patterns = match prefixes {
            Some(table) => Patterns::with_table(specs.iter().flat_map(|(_, spec)| spec.patterns()), table, BUILTIN_INSIDE),
            None => Patterns::default(),
        };
        for (file, spec) in specs {
            if !seen.insert(spec.id.clone()) {
                return Err(error(file, &spec.id, "id", "this id is used by another rule"));
            }
            rules.push(compile(file, spec, &mut patterns, check)?);
        }
        patterns.finish();
        Ok(RuleSet { rules, patterns })
    }

    /// Finds a rule by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.spec.id == id)
    }
}

/// The built-in packs as sources.
pub fn builtin_sources() -> Vec<PackSource<'static>> {
    BUILTIN_PACKS.iter().map(|(name, text)| PackSource { name, text }).collect()
}

/// Splits a pack value into rule specs, reporting the first bad rule.
fn specs_from_value(file: &str, value: serde_json::Value) -> Result<Vec<RuleSpec>, PackError> {
    let serde_json::Value::Object(mut top) = value else {
        return Err(PackError {
            file: file.into(),
            rule: None,
            field: None,
            message: "a rule pack is a table with a `rules` list".into(),
        });
    };
    if let Some(key) = top.keys().find(|k| *k != "rules" && *k != "pack") {
        return Err(PackError {
            file: file.into(),
            rule: None,
            field: Some(key.clone()),
            message: "unknown top-level field; a pack has `pack` and `rules`".into(),
        });
    }
    if let Some(info) = top.remove("pack") {
        serde_json::from_value::<spec::PackInfo>(info).map_err(|e| PackError {
            file: file.into(),
            rule: None,
            field: Some(format!("pack.{}", field_of(&e.to_string()).unwrap_or_default())),
            message: one_line(&e.to_string()),
        })?;
    }
    let rules = match top.remove("rules") {
        None => Vec::new(),
        Some(serde_json::Value::Array(rules)) => rules,
        Some(_) => {
            return Err(PackError {
                file: file.into(),
                rule: None,
                field: Some("rules".into()),
                message: "`rules` must be a list of rule tables".into(),
            })
        }
    };
    rules
        .into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let id = raw
                .get("id")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| format!("#{}", i + 1));
            rule_spec(raw).map_err(|(message, path)| {
                // The path names the field at fault ("mitigations[0].effect");
                // a missing or unknown field is named in the message instead.
                let field = match (path.as_deref(), field_of(&message)) {
                    (None | Some("."), named) => named,
                    (Some(path), Some(missing)) if message.starts_with("missing field") => Some(format!("{path}.{missing}")),
                    (Some(path), _) => Some(path.to_string()),
                };
                PackError { file: file.into(), rule: Some(id), field, message: one_line(&message) }
            })
        })
        .collect()
}

/// Reads one rule; on error, the message and the path to the field at fault.
#[cfg(feature = "field-paths")]
fn rule_spec(raw: serde_json::Value) -> Result<RuleSpec, (String, Option<String>)> {
    serde_path_to_error::deserialize(raw).map_err(|e| (e.inner().to_string(), Some(e.path().to_string())))
}

/// Reads one rule; on error, the message (which names a missing or unknown
/// field, but not one whose value has the wrong type).
#[cfg(not(feature = "field-paths"))]
fn rule_spec(raw: serde_json::Value) -> Result<RuleSpec, (String, Option<String>)> {
    serde_json::from_value(raw).map_err(|e| (e.to_string(), None))
}

/// Checks one rule's fields and adds its patterns to `set`.
fn compile(file: &str, spec: RuleSpec, set: &mut Patterns, check: bool) -> Result<Rule, PackError> {
    let id = spec.id.as_str();
    let err = |field: &str, message: &str| error(file, id, field, message);
    if id.trim().is_empty() {
        return Err(err("id", "a rule needs a non-empty id"));
    }
    if !categories::is_category(&spec.category) {
        return Err(err(
            "category",
            &format!("unknown category `{}`; use one of: {}", spec.category, categories::ALL.join(", ")),
        ));
    }
    if spec.triggers.is_empty() {
        return Err(err("triggers", "a rule needs at least one trigger pattern"));
    }
    for (field, text) in [
        ("title", &spec.title),
        ("description", &spec.description),
        ("message", &spec.message),
        ("why", &spec.why),
        ("suggestion", &spec.suggestion),
    ] {
        if text.trim().is_empty() {
            return Err(err(field, "must not be empty"));
        }
    }
    if spec.references.is_empty() {
        return Err(err("references", "cite at least one standard"));
    }
    match spec.kind {
        Kind::Absence => {
            if spec.expects.is_empty() {
                return Err(err("expects", "an absence rule needs the patterns it searches for"));
            }
            if spec.searched_for.as_deref().unwrap_or("").trim().is_empty() {
                return Err(err("searched_for", "an absence rule says in words what it searched for"));
            }
        }
        Kind::Clause => {
            if !spec.expects.is_empty() {
                return Err(err("expects", "only absence rules have `expects`"));
            }
        }
    }
    // A rule shows what it flags and what it doesn't. (The built-in rules,
    // loaded unchecked, have at least two of each, run by
    // tests/rule_examples.rs; the browser build carries only the first text
    // each flags.)
    if spec.examples.flag.is_empty() {
        return Err(err("examples.flag", "give at least one text the rule must flag"));
    }
    if check && spec.examples.pass.is_empty() {
        return Err(err("examples.pass", "give at least one text the rule must pass"));
    }
    let set = std::cell::RefCell::new(set);
    let patterns = |field: &str, list: &[String]| -> Result<Vec<PatternId>, PackError> {
        list.iter()
            .enumerate()
            .map(|(i, p)| add_pattern(&mut set.borrow_mut(), p, check).map_err(|m| err(&format!("{field}[{i}]"), &m)))
            .collect()
    };
    let triggers = patterns("triggers", &spec.triggers)?;
    let requires = patterns("requires", &spec.requires)?;
    let unless = patterns("unless", &spec.unless)?;
    let expects = patterns("expects", &spec.expects)?;
    let nearby = |field: &str, list: &[spec::MitigationSpec], allowed: &[Effect]| {
        list.iter()
            .enumerate()
            .map(|(i, m)| {
                if m.name.trim().is_empty() {
                    return Err(err(&format!("{field}[{i}].name"), "must not be empty"));
                }
                if m.patterns.is_empty() {
                    return Err(err(&format!("{field}[{i}].patterns"), "give at least one pattern"));
                }
                if !allowed.contains(&m.effect) {
                    let names: Vec<_> = allowed.iter().map(|e| format!("{e:?}").to_ascii_lowercase()).collect();
                    return Err(err(&format!("{field}[{i}].effect"), &format!("must be one of: {}", names.join(", "))));
                }
                Ok(Mitigation {
                    name: m.name.as_str().into(),
                    patterns: patterns(&format!("{field}[{i}].patterns"), &m.patterns)?,
                    scope: m.scope,
                    effect: m.effect,
                })
            })
            .collect::<Result<Vec<_>, _>>()
    };
    let mitigations = nearby("mitigations", &spec.mitigations, &[Effect::Suppress, Effect::Lower, Effect::Note])?;
    let context = nearby("context", &spec.context, &[Effect::Raise, Effect::Note])?;
    Ok(Rule { triggers, requires, unless, expects, mitigations, context, spec })
}

/// Adds one pattern; with `check`, refuses what could never match
/// normalised text (the built-in packs are checked by the test suite, and
/// reading every pattern again would slow the checker's start).
fn add_pattern(set: &mut Patterns, pattern: &str, check: bool) -> Result<PatternId, String> {
    if pattern.is_empty() {
        return Err("empty pattern".into());
    }
    if check && has_uppercase_literal(pattern) {
        return Err(format!(
            "`{pattern}` has capital letters, but text is lower-cased before matching: write patterns in lower case"
        ));
    }
    set.add(pattern, check).map_err(|m| format!("`{pattern}`: {m}"))
}

/// Whether a pattern has an upper-case letter outside an escape (`\S`, `\W`,
/// `\p{Lu}`, `\B` are fine).
fn has_uppercase_literal(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    if matches!(next, 'p' | 'P') && chars.clone().next() == Some('{') {
                        chars.by_ref().take_while(|&c| c != '}').for_each(drop);
                    }
                }
            }
            '(' if chars.as_str().starts_with("?P<") => {
                // A group name may be written in any case.
                chars.by_ref().take_while(|&c| c != '>').for_each(drop);
            }
            c if c.is_uppercase() => return true,
            _ => {}
        }
    }
    false
}

fn error(file: &str, rule: &str, field: &str, message: &str) -> PackError {
    PackError { file: file.into(), rule: Some(rule.into()), field: Some(field.into()), message: message.into() }
}

/// Picks the field name out of a serde message ("missing field `category`").
fn field_of(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    let field = &message[start..end];
    (message.contains("field") && !field.is_empty()).then(|| field.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, PackError> {
        RuleSet::from_packs(&[PackSource { name: "test.toml", text }])
    }

    const GOOD: &str = r#"
[[rules]]
id = "secrecy/gag"
category = "secrecy"
severity = "high"
title = "Gag order"
description = "d"
triggers = ["keep confidential"]
message = "m"
why = "w"
references = ["N&P 8"]
suggestion = "s"
examples = { flag = ["keep confidential", "must keep confidential"], pass = ["a", "b"] }
"#;

    #[test]
    fn loads_a_good_pack() {
        assert_eq!(load(GOOD).unwrap().rules.len(), 1);
    }

    #[test]
    fn errors_name_file_rule_and_field() {
        let cases = [
            (GOOD.replace("\"secrecy\"\n", "\"secret\"\n"), "category"),
            (GOOD.replace("severity = \"high\"\n", ""), "severity"),
            (GOOD.replace("[\"keep confidential\"]", "[\"keep (confidential\"]"), "triggers[0]"),
            (GOOD.replace("[\"keep confidential\"]", "[\"Keep confidential\"]"), "triggers[0]"),
            (GOOD.replace("[\"keep confidential\"]", "[\"\\\\w{1000}{1000}\"]"), "triggers[0]"),
            (GOOD.replace("pass = [\"a\", \"b\"]", "pass = []"), "examples.pass"),
            (GOOD.replace("title = ", "colour = \"red\"\ntitle = "), "colour"),
        ];
        for (text, field) in cases {
            let e = load(&text).unwrap_err();
            assert_eq!(e.file, "test.toml");
            assert_eq!(e.rule.as_deref(), Some("secrecy/gag"), "{e}");
            assert_eq!(e.field.as_deref(), Some(field), "{e}");
        }
    }

    #[test]
    fn duplicate_ids_and_non_toml_are_errors() {
        let e = load(&format!("{GOOD}\n{GOOD}")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("id"));
        let e = load("this is not toml").unwrap_err();
        assert!(e.message.starts_with("not valid TOML"), "{e}");
    }

    #[test]
    fn builtin_prefix_table_gives_each_pattern_its_run_time_prefixes() {
        use crate::matcher::prefixes;
        let set = RuleSet::builtin();
        let patterns: BTreeSet<&str> = set.rules.iter().flat_map(|rule| rule.spec.patterns()).collect();
        let table = prefixes::read_table(BUILTIN_PREFIXES).expect("build.rs writes a whole table");
        assert_eq!(table.len(), patterns.len(), "one entry per distinct pattern");
        for (pattern, entry) in patterns.iter().zip(&table) {
            assert_eq!(entry, &prefixes::of(&prefixes::parse(pattern).unwrap()), "{pattern}");
        }
        assert!(table.iter().filter(|entry| entry.is_some()).count() > patterns.len() * 9 / 10, "most patterns are filtered");
    }

    #[test]
    fn builtin_pack_compiles_and_covers_every_category() {
        let set = RuleSet::from_packs(&builtin_sources()).expect("every built-in pattern compiles");
        for category in categories::ALL {
            assert!(set.rules.iter().any(|r| r.spec.category == *category), "no rule for {category}");
        }
    }
}
