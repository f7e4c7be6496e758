//! Hostile and odd input, one test each: what people really paste (huge
//! PDF exports, binary files, broken encodings, other scripts, odd
//! numbering) must never crash the checker, freeze it, or lose their text.
//!
//! Each test checks the full report invariants (`invariants/mod.rs`) and
//! something a person would notice: the clause that should be flagged still
//! is, in the right place, and nothing at the end of a long text is dropped.
//! The two biggest cases (50 MB, 100,000 articles) run at full size in a
//! release build (`cargo test --release --test hostile`) and at a tenth of
//! it in a debug build, where the unoptimised engine would take minutes.

mod corpus;
mod invariants;

use clauselens::rules::Kind;
use clauselens::{check, Document, Report, RuleSet};
use invariants::{assert_document_valid, assert_report_valid};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

/// 1 in a release build, 10 in a debug build: the divisor of the big sizes.
const DEBUG_DIVISOR: usize = if cfg!(debug_assertions) { 10 } else { 1 };

/// A one-line clause that a built-in clause rule flags on its own, and the
/// rule's id: the first such flag example in the pack.
static FLAGGED: LazyLock<(String, String)> = LazyLock::new(|| {
    RULES
        .rules
        .iter()
        .filter(|r| r.spec.kind == Kind::Clause)
        .flat_map(|r| r.spec.examples.flag.iter().map(move |t| (r.spec.id.clone(), t.clone())))
        .find(|(id, t)| !t.contains('\n') && rules_found(&check(t, &RULES)).contains(id))
        .expect("some built-in clause rule flags one of its one-line examples")
});

fn rule() -> &'static str {
    &FLAGGED.0
}

fn clause() -> &'static str {
    &FLAGGED.1
}

fn rules_found(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| f.rule.to_string()).collect()
}

/// Checks `text`, asserts every invariant, and returns the report.
fn checked(text: &str) -> Report {
    let doc = Document::parse(text);
    assert_document_valid(text, &doc);
    let report = check(text, &RULES);
    assert_report_valid(text, &report);
    report
}

fn findings_of<'a>(report: &'a Report, rule: &'a str) -> impl Iterator<Item = &'a clauselens::Finding> + 'a {
    report.findings.iter().filter(move |f| *f.rule == *rule)
}

/// Runs the built binary, feeding `stdin`.
fn cli(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_clauselens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// A scratch file under Cargo's per-test-target temporary directory.
fn scratch(name: &str, bytes: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// Asserts that a JSON report's clause findings slice `text` exactly.
fn assert_json_offsets(text: &str, report: &Value) {
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for f in report["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "clause") {
        let at = |k: &str| f[k].as_u64().unwrap() as usize;
        let want = f["text"].as_str().unwrap();
        assert_eq!(&text[at("byte_start")..at("byte_end")], want);
        assert_eq!(String::from_utf16(&utf16[at("start")..at("end")]).unwrap(), want);
    }
}

#[test]
fn empty_and_whitespace_only_text_has_nothing_to_report() {
    let big_blank = " \n\t\r\n\u{a0}".repeat(100_000);
    for text in ["", " ", "\n", "\r\n\r\n", "\t \u{a0}\u{2003}\u{3000}\u{202f}", "\u{feff}", "\u{200b}\u{ad}\u{2060}", &big_blank] {
        let report = checked(text);
        assert!(report.findings.is_empty(), "{:?}: {:?}", &text[..text.len().min(20)], rules_found(&report));
        assert!(Document::parse(text).units.is_empty(), "{:?} has no units", &text[..text.len().min(20)]);
    }
    let out = cli(&["check", "--format", "json", "-"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["total"], 0);
}

/// 50 MB of real law (5 MB in a debug build): the check completes, every
/// offset is valid, and the last copy of the law is flagged like the first
/// (nothing at the end of a huge paste is dropped or truncated).
#[test]
fn fifty_megabytes_of_law_complete_with_nothing_dropped() {
    let law = corpus::text("budapest_convention_2001.txt");
    let one = checked(&law);
    let size = 50_000_000 / DEBUG_DIVISOR;
    let copies = size.div_ceil(law.len() + 2);
    let text = vec![law.as_str(); copies].join("\n\n");
    assert!(text.len() >= size);
    let report = checked(&text);
    let last_copy = text.len() - law.len();
    let mut in_first: Vec<_> = one.findings.iter().filter(|f| f.kind == Kind::Clause).map(|f| &f.rule).collect();
    let mut in_last: Vec<_> =
        report.findings.iter().filter(|f| f.kind == Kind::Clause && f.byte_start >= last_copy).map(|f| &f.rule).collect();
    in_first.dedup();
    in_last.dedup();
    assert!(!in_first.is_empty(), "the Budapest Convention raises findings");
    for rule in &in_first {
        assert!(in_last.contains(rule), "{rule} is flagged in the first copy but not in the last");
    }
    let clause_findings = report.findings.iter().filter(|f| f.kind == Kind::Clause).count();
    assert!(clause_findings >= copies, "{clause_findings} findings for {copies} copies of a law");
}

#[test]
fn binary_data_and_nul_bytes_are_read_as_text() {
    // Deterministic noise: a linear congruential generator.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..2_000_000)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 56) as u8
        })
        .collect();
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 44 >>\nstream\n".to_vec();
    pdf.extend_from_slice(&noise[..4096]);
    let elf = [b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".as_slice(), &noise[..4096]].concat();
    for bytes in [&noise[..], &pdf, &elf, &[0u8; 65536][..]] {
        checked(&String::from_utf8_lossy(bytes));
    }
    // A clause with NUL and control characters around it is still found.
    let text = format!("\0\0\u{1}\u{7f}{}\0\u{1b}[31m", clause());
    let report = checked(&text);
    let found = findings_of(&report, rule()).next().unwrap_or_else(|| panic!("{} missed in {text:?}", rule()));
    assert!(clause().contains(&found.text), "{:?} is not part of the clause", found.text);

    let path = scratch("binary.bin", &[b"\0\0".as_slice(), clause().as_bytes(), &noise[..1000]].concat());
    let out = cli(&["check", "--format", "json", &path], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("NUL") && stderr.contains(&path), "a warning names the file: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["rule"] == rule()), "the clause is still checked");
}

/// Invalid UTF-8 (a Latin-1 export, a truncated download) from a file or
/// standard input: one warning naming it, then a lossy read that keeps
/// every valid character and exits 0.
#[test]
fn invalid_utf8_given_to_the_command_line_is_read_lossily_with_a_warning() {
    let bytes = [b"Loi n\xb0 12 \xff\xfe\n".as_slice(), clause().as_bytes(), b"\n\xc3\x28 fin \xe9t\xe9\n\xf0\x9f"].concat();
    let lossy = String::from_utf8_lossy(&bytes).into_owned();
    let path = scratch("latin1.txt", &bytes);
    for (args, stdin, name) in [
        (vec!["check", "--format", "json", path.as_str()], &[][..], path.as_str()),
        (vec!["check", "--format", "json", "-"], &bytes[..], "-"),
    ] {
        let out = cli(&args, stdin);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one warning: {stderr}");
        assert!(stderr.contains("not valid UTF-8") && stderr.contains(name), "the warning names {name}: {stderr}");
        let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report on standard output");
        assert_json_offsets(&lossy, &report);
        let found = report["findings"].as_array().unwrap().iter().find(|f| f["rule"] == rule());
        let found = found.unwrap_or_else(|| panic!("{} missed after a lossy read", rule()));
        let at = found["byte_start"].as_u64().unwrap() as usize;
        assert!(at >= lossy.find(clause()).unwrap(), "found inside the clause, after the replaced bytes");
    }
}

/// JavaScript strings may hold lone surrogates; crossing into Wasm they
/// become U+FFFD (the web tests check that side). Here: U+FFFD counts as one
/// UTF-16 unit, so highlights after it land on the same characters.
#[test]
fn replacement_characters_keep_highlights_in_place() {
    let plain = checked(clause());
    let base = findings_of(&plain, rule()).next().expect("the clause is flagged").clone();
    for prefix in ["\u{fffd}", "\u{fffd}\u{fffd}\u{fffd}", "\u{fffd}\n", "\u{1f600}\u{fffd}"] {
        let text = format!("{prefix}{}\u{fffd}", clause());
        let report = checked(&text);
        let f = findings_of(&report, rule()).next().unwrap_or_else(|| panic!("{} missed after {prefix:?}", rule()));
        assert_eq!(f.text, base.text);
        assert_eq!(f.byte_start, base.byte_start + prefix.len());
        assert_eq!(f.start, base.start + prefix.encode_utf16().count(), "the UTF-16 start moves by the prefix");
    }
    // Replacement characters inside the text do not break the offsets either.
    let text = clause().replace(' ', " \u{fffd} ");
    checked(&text);
}

/// Arabic and Hebrew laws, bidirectional control characters, CJK and
/// Devanagari around an English clause: the clause is found and its
/// offsets are those a JavaScript page uses.
#[test]
fn right_to_left_text_and_mixed_scripts() {
    let arabic = "المادة ١\nلا يجوز لأي شخص الدخول إلى نظام معلوماتي دون تصريح.\n";
    let hebrew = "סעיף 3\nאין לחשוף את דבר קיומו של הצו.\n";
    let others = "第五条 网络运营者应当 \u{1f469}\u{200d}\u{2696}\u{fe0f}\nधारा 66ए\n";
    let controls = ["\u{200f}", "\u{202b}", "\u{202e}", "\u{2067}", "\u{2069}", "\u{202c}", "\u{200e}"];
    let wrapped = format!("{}{}{}", controls[2], clause(), controls[5]);
    let text = format!("{arabic}{hebrew}{}{wrapped}\n{others}{arabic}", controls.concat());
    let report = checked(&text);
    let f = findings_of(&report, rule()).next().unwrap_or_else(|| panic!("{} missed among other scripts", rule()));
    let plain = checked(clause());
    assert_eq!(f.text, findings_of(&plain, rule()).next().unwrap().text, "the same words are highlighted");
    // A law wholly in right-to-left scripts, with Arabic-Indic numbering.
    let text = (1..=200).map(|n| format!("المادة {n}\n({n}) {hebrew}{arabic}")).collect::<String>();
    checked(&text);
}

/// A PDF export with no line breaks at all: one 5 MB line.
#[test]
fn one_five_megabyte_line() {
    let filler = " The Parties shall co\u{2011}operate to the widest extent possible \u{201c}in accordance with\u{201d} this Convention;";
    let mut text = String::from(clause());
    while text.len() < 5_000_000 {
        text.push_str(filler);
    }
    text.push(' ');
    text.push_str(clause());
    assert!(!text.contains('\n'));
    let report = checked(&text);
    let found: Vec<_> = findings_of(&report, rule()).collect();
    assert!(!found.is_empty(), "{} missed in a 5 MB line", rule());
    assert!(found[0].byte_end <= clause().len(), "the first occurrence is the one reported first");
}

/// An article with a title line and the flagged clause as its only text.
fn tiny_article(number: impl std::fmt::Display) -> String {
    format!("Article {number}\nOrders\n{}\n\n", clause())
}

/// A consolidated regulation with 100,000 tiny articles (10,000 in a debug
/// build): each is a unit numbered as printed, and each gets the findings
/// one such article gets.
#[test]
fn a_hundred_thousand_tiny_articles() {
    let single = checked(&tiny_article(1));
    let per_article = findings_of(&single, rule()).count();
    assert!(per_article >= 1, "{} flags the clause inside an article", rule());
    let count = 100_000 / DEBUG_DIVISOR;
    let text: String = (1..=count).map(tiny_article).collect();
    let doc = Document::parse(&text);
    let numbers: Vec<&str> =
        doc.units.iter().filter(|u| u.kind == clauselens::document::UnitKind::Article).map(|u| u.number()).collect();
    assert_eq!(numbers.len(), count, "every article is a unit");
    assert!(numbers.iter().enumerate().all(|(i, n)| *n == (i + 1).to_string()), "numbered as printed, in order");
    let report = checked(&text);
    let found: Vec<_> = findings_of(&report, rule()).collect();
    assert_eq!(found.len(), count * per_article);
    let last = found.last().unwrap().location.as_ref().expect("a clause finding has a location");
    assert_eq!(*last.number, count.to_string(), "the last finding cites the last article");
}

/// Excerpts skip numbers, drafts repeat or reorder them: every article as
/// printed is a unit, and each clause in it is flagged and cited by it.
#[test]
fn numbering_that_skips_repeats_or_goes_backwards() {
    let numbers = ["1", "2", "5", "9", "26A", "3", "3", "2", "100", "99"];
    let text: String = numbers.iter().map(tiny_article).collect();
    let per_article = findings_of(&checked(&tiny_article("1")), rule()).count();
    let cited: Vec<String> =
        findings_of(&checked(&text), rule()).map(|f| f.location.as_ref().expect("located").number.to_string()).collect();
    let expected: Vec<String> = numbers.iter().flat_map(|n| vec![n.to_string(); per_article]).collect();
    assert_eq!(cited, expected, "each article's clause is flagged and cited by its own number");
}

/// Nesting far deeper than any law: 1,000 levels of alternating "(a)" and
/// "(i)" items, and decimal paragraphs "1.1.1...." 1,000 deep. Parsed on a
/// thread with the 1 MiB stack a Wasm module gets, so a recursive
/// segmenter would overflow here before it does in a browser.
#[test]
fn numbering_nested_a_thousand_levels_deep() {
    let items: String = (0..1000)
        .map(|d| format!("{}{} the following\n", " ".repeat(d % 40), ["(a)", "(i)", "(A)", "(1)"][d % 4]))
        .collect();
    let decimal: String = (1..=1000).map(|d| format!("{} the following\n", vec!["1"; d].join("."))).collect();
    let expected = findings_of(&checked(clause()), rule()).next().unwrap().text.clone();
    for body in [items, decimal] {
        let text = format!("Article 1\nOrders\n{body}{}\n", clause());
        let report = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || checked(&text))
            .unwrap()
            .join()
            .expect("checking deeply nested numbering does not overflow a 1 MiB stack");
        let f = findings_of(&report, rule()).next().unwrap_or_else(|| panic!("{} missed below deep nesting", rule()));
        assert_eq!(f.text, expected);
        assert!(f.location.as_ref().expect("located").label.starts_with("Article 1"), "{:?}", f.location);
    }
}

/// Found by `scripts/fuzz` (segment target): item "(b) Attempt i." read with
/// a heading that reached past the "(c)" marker after it, so (b) overlapped
/// (c). A unit now ends where the next one starts, heading or not.
#[test]
fn an_item_marker_inside_the_previous_items_heading_keeps_nesting() {
    let bytes = include_bytes!("fixtures/fuzz/segment-item-inside-heading.bin");
    let text = String::from_utf8_lossy(bytes).into_owned();
    assert_document_valid(&text, &Document::parse(&text));
    assert_report_valid(&text, &check(&text, &RuleSet::builtin()));
}
