//! Broken rule packs, through the library and the command line: each
//! mistake is reported with the file, the rule id and the field at fault
//! (the command line in one line, exit code 2), never a panic or a silent
//! half-loaded pack. And patterns that would hang a backtracking regex
//! engine finish, because matching is linear in the text.

use clauselens::rules::{PackError, PackSource, RuleSet, BUILTIN_PACKS};
use clauselens::{check, Report};
use std::path::PathBuf;
use std::process::Command;

/// A valid rule; each case below breaks one thing in it.
const GOOD: &str = r#"[[rules]]
id = "local/gag-order"
category = "secrecy"
severity = "high"
title = "Gag order"
description = "Secret orders."
triggers = ["keep (it )?secret"]
message = "The order is kept secret."
why = "People never learn of it."
references = ["N&P 8"]
suggestion = "Notify the person concerned."
examples = { flag = ["shall keep it secret", "must keep secret"], pass = ["shall publish it", "may tell"] }

[[rules.mitigations]]
name = "later notice"
patterns = ["notif(y|ied)"]
effect = "lower"
"#;

/// (what is wrong, pack text, rule named, field named, words in the message)
fn broken_packs() -> Vec<(&'static str, String, &'static str, &'static str, &'static str)> {
    let second = GOOD.replace("local/gag-order", "local/second");
    vec![
        ("invalid regex", GOOD.replace("keep (it )?secret", "keep (it secret"), "local/gag-order", "triggers[0]", "not a valid pattern"),
        (
            "invalid regex in a safeguard",
            GOOD.replace(r#"["notif(y|ied)"]"#, r#"["notice", "notif(y|ied"]"#),
            "local/gag-order",
            "mitigations[0].patterns[1]",
            "not a valid pattern",
        ),
        ("unknown category", GOOD.replace("\"secrecy\"", "\"secrets\""), "local/gag-order", "category", "unknown category"),
        ("missing field", GOOD.replace("severity = \"high\"\n", ""), "local/gag-order", "severity", "missing field"),
        ("wrong type", GOOD.replace("\"high\"", "3"), "local/gag-order", "severity", "invalid type"),
        ("unknown field", GOOD.replace("title =", "colour = \"red\"\ntitle ="), "local/gag-order", "colour", "unknown field"),
        ("duplicate id", format!("{second}\n{GOOD}\n{GOOD}"), "local/gag-order", "id", "used by another rule"),
        (
            "pattern too large to compile",
            GOOD.replace("keep (it )?secret", r"\\w{1000}{1000}"),
            "local/gag-order",
            "triggers[0]",
            "too large",
        ),
        ("missing id", GOOD.replace("id = \"local/gag-order\"\n", ""), "#1", "id", "missing field"),
    ]
}

fn load(name: &str, text: &str) -> Result<RuleSet, PackError> {
    RuleSet::from_packs(&[PackSource { name, text }])
}

/// The same pack as JSON, through `toml` and `serde_json` as a person's
/// tool would convert it.
fn as_json(toml_text: &str) -> String {
    let value: toml::Value = toml::from_str(toml_text).expect("the case is valid TOML");
    serde_json::to_string_pretty(&value).unwrap()
}

#[test]
fn the_good_pack_loads_and_flags_its_examples() {
    // The baseline every broken case departs from must itself work.
    for (name, text) in [("local.toml", GOOD.to_string()), ("local.json", as_json(GOOD))] {
        let rules = load(name, &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(check("The provider shall keep it secret.", &rules).findings.iter().any(|f| &*f.rule == "local/gag-order"));
    }
}

#[test]
fn each_mistake_names_file_rule_and_field_in_toml_and_json() {
    for (what, toml_text, rule, field, words) in broken_packs() {
        for (name, text) in [("packs/local.toml", toml_text.clone()), ("packs/local.json", as_json(&toml_text))] {
            let e = load(name, &text).err().unwrap_or_else(|| panic!("{what} in {name} loaded"));
            assert_eq!(e.file, name, "{what}: {e}");
            assert_eq!(e.rule.as_deref(), Some(rule), "{what} in {name}: {e}");
            assert_eq!(e.field.as_deref(), Some(field), "{what} in {name}: {e}");
            assert!(e.message.contains(words), "{what} in {name}: {e}");
            let line = e.to_string();
            assert!(!line.contains('\n') && line.contains(name) && line.contains(rule) && line.contains(field), "{line}");
        }
    }
}

#[test]
fn a_pack_that_reuses_a_built_in_id_is_named() {
    let (builtin_name, builtin_text) = BUILTIN_PACKS[0];
    let taken = load(builtin_name, builtin_text).unwrap().rules[0].spec.id.clone();
    let text = GOOD.replace("local/gag-order", &taken);
    let mut sources: Vec<PackSource> = BUILTIN_PACKS.iter().map(|(name, text)| PackSource { name, text }).collect();
    sources.push(PackSource { name: "mine.toml", text: &text });
    let e = RuleSet::from_packs(&sources).expect_err("a duplicate of a built-in id is refused");
    assert_eq!((e.file.as_str(), e.rule.as_deref(), e.field.as_deref()), ("mine.toml", Some(taken.as_str()), Some("id")));
}

/// Not TOML or JSON at all: the file is named with the line and column
/// where reading stopped (there is no rule or field yet to name).
#[test]
fn a_pack_that_is_not_toml_or_json_is_named_with_its_line() {
    let cases = [
        ("notes.toml", "These are my rules:\n- keep it secret\n", "not valid TOML"),
        ("rules.toml", "[[rules]]\nid = \"x\"\ntriggers = [\"a\"\n", "not valid TOML"),
        ("rules.json", "{\"rules\": [{\"id\": \"x\",}\n", "not valid JSON"),
        ("page.json", "<!doctype html><script>alert(1)</script>", "not valid JSON"),
        ("empty.json", "", "not valid JSON"),
    ];
    for (name, text, words) in cases {
        let e = load(name, text).err().unwrap_or_else(|| panic!("{name} loaded"));
        assert_eq!(e.file, name);
        assert!(e.message.starts_with(words) && e.message.contains("line"), "{name}: {e}");
        assert!(!e.to_string().contains('\n'), "{e}");
    }
    // Valid TOML and JSON that are not rule packs.
    for (name, text, field) in [("a.toml", "rules = \"all of them\"\n", "rules"), ("b.json", "{\"rulez\": []}", "rulez")] {
        let e = load(name, text).err().unwrap_or_else(|| panic!("{name} loaded"));
        assert_eq!((e.file.as_str(), e.field.as_deref()), (name, Some(field)), "{e}");
    }
    let e = load("list.json", "[1, 2, 3]").expect_err("a list is not a pack");
    assert_eq!(e.file, "list.json");
}

fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rule_packs");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `clauselens check --rules bad.toml file`: exit 2, nothing on standard
/// output, one line on standard error naming the file, rule and field.
#[test]
fn the_command_line_reports_each_mistake_in_one_line_and_exits_2() {
    let law = scratch("law.txt", b"The provider shall keep it secret.\n");
    let mut cases: Vec<(String, PathBuf, Vec<&str>)> = Vec::new();
    for (i, (what, toml_text, rule, field, _)) in broken_packs().into_iter().enumerate() {
        cases.push((what.into(), scratch(&format!("bad-{i}.toml"), toml_text.as_bytes()), vec![rule, field]));
        cases.push((what.into(), scratch(&format!("bad-{i}.json"), as_json(&toml_text).as_bytes()), vec![rule, field]));
    }
    cases.push(("not TOML".into(), scratch("notes.toml", b"These are my rules:\n- keep it secret\n"), vec!["not valid TOML"]));
    cases.push(("not JSON".into(), scratch("notes.json", b"{rules: }"), vec!["not valid JSON"]));
    cases.push(("binary".into(), scratch("binary.toml", b"\x7fELF\x02\x01\x01\0\xff\xfe"), vec!["UTF-8"]));
    for (what, pack, words) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_clauselens"))
            .args(["check", "--rules", pack.to_str().unwrap(), law.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(out.stdout.is_empty(), "{what}: no report from a broken pack");
        assert_eq!(stderr.lines().count(), 1, "{what}: one line: {stderr}");
        assert!(stderr.contains(pack.to_str().unwrap()), "{what}: names the file: {stderr}");
        for w in words {
            assert!(stderr.contains(w), "{what}: says {w:?}: {stderr}");
        }
    }
}

/// A pack with each pattern given, as the trigger of a clause rule and as a
/// safeguard, an `unless` and an absence rule's `expects`.
fn pathological_pack(patterns: &[&str]) -> RuleSet {
    let mut pack = String::new();
    for (i, p) in patterns.iter().enumerate() {
        let p = p.replace('\\', "\\\\");
        pack += &GOOD
            .replace("local/gag-order", &format!("local/p{i}"))
            .replace("keep (it )?secret", &p)
            .replace("notif(y|ied)", &p)
            .replace("title =", &format!("unless = [\"{p}x\"]\ntitle ="));
        pack += &format!(
            "\n[[rules]]\nid = \"local/absent{i}\"\nkind = \"absence\"\ncategory = \"secrecy\"\nseverity = \"low\"\n\
             title = \"t\"\ndescription = \"d\"\ntriggers = [\"a\"]\nexpects = [\"{p}\"]\nsearched_for = \"s\"\n\
             message = \"m\"\nwhy = \"w\"\nreferences = [\"r\"]\nsuggestion = \"s\"\n\
             examples = {{ flag = [\"a\", \"a\"], pass = [\"b\", \"b\"] }}\n"
        );
    }
    load("pathological.toml", &pack).unwrap_or_else(|e| panic!("{e}"))
}

/// Long runs of one letter, and the same with spaces: the inputs that make
/// backtracking engines (and search-per-candidate schemes) blow up.
fn long_runs() -> Vec<String> {
    let n = 100_000;
    vec!["a".repeat(n) + "b", "a".repeat(n), "x".repeat(n), "aaaa ".repeat(n / 5) + "!", "ab".repeat(n / 2)]
}

/// Patterns and texts that take a backtracking engine exponential or
/// quadratic time per position. Matching here is by finite automata, so
/// each check finishes; completion is the assertion (timings would be
/// flaky), and the findings show the patterns really ran.
#[test]
fn patterns_that_hang_backtracking_engines_finish() {
    let patterns = [r"(a+)+$", r"(a|aa)+c", r"(a|a)*c", r"(x+x+)+y", r"(\w+\s?)*$", r"(a*)*b", r"(.*a){12}z"];
    let rules = pathological_pack(&patterns);
    for text in long_runs() {
        let report: Report = check(&text, &rules);
        for f in &report.findings {
            assert!(f.byte_end <= text.len() && text.is_char_boundary(f.byte_start));
        }
        if !text.contains('b') && text.starts_with('a') && !text.contains(' ') {
            // "aaa…a": `(a+)+$` matches, so the search ran to the end.
            assert!(report.findings.iter().any(|f| &*f.rule == "local/p0"), "(a+)+$ matches a run of a's");
        }
    }
}

/// Patterns that start with a literal of two or more letters are searched
/// only where the literal occurs, anchored there (src/matcher.rs). When the
/// rest can run far and then fail (`aa.*z`, `(aa+)+$` on "aaaa…"), an
/// unbounded search from every occurrence would be quadratic (about 17 s
/// for 100,000 letters); the matcher reads at most 2 KB from each, so the
/// check finishes in a few passes.
#[test]
fn patterns_with_a_literal_prefix_stay_linear() {
    let rules = pathological_pack(&[r"(aa+)+$", r"aa.*z", r"aa[a ]*z"]);
    for text in long_runs() {
        let report = check(&text, &rules);
        if text == "a".repeat(text.len()) {
            assert!(report.findings.iter().any(|f| &*f.rule == "local/p0"), "(aa+)+$ matches a run of a's");
        }
    }
}

/// A short branch that matches at every letter behind a long branch that
/// fails only at the end of the text (`\w+b|\w` on "aaaa…"): each search
/// for the next match scans to the end before settling on the short one,
/// so finding every trigger match is quadratic (the `regex` crate documents
/// this worst case for iterating matches). The engine resumes the search
/// after a clause it has settled, so a text of one clause takes one search.
#[test]
fn many_matches_behind_a_failing_branch_stay_linear() {
    let rules = pathological_pack(&[r"\w+b|\w"]);
    for text in long_runs() {
        let report = check(&text, &rules);
        // The pack's `unless` (`\w+b|\wx`) rules out texts with a "b" or "xx";
        // the others have a letter to match.
        let ruled_out = text.contains('b') || text.contains("xx");
        assert_eq!(report.findings.iter().any(|f| &*f.rule == "local/p0"), !ruled_out, "{}…", &text[..10]);
    }
}
