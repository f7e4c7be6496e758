//! The command line as a person uses it: real binary, real corpus texts.

mod corpus;

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn clauselens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clauselens")).args(args).output().expect("the binary runs")
}

fn json_report(path: &PathBuf) -> (String, Value) {
    let out = clauselens(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(path).unwrap();
    (text, serde_json::from_slice(&out.stdout).expect("JSON output"))
}

/// Article numbers as printed in the Budapest Convention ("Article  2").
fn budapest_article_numbers(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("Article"))
        .map(|rest| rest.trim().to_string())
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

#[test]
fn json_findings_cite_real_articles_and_slice_the_text_exactly() {
    let (text, report) = json_report(&corpus::path("budapest_convention_2001.txt"));
    let articles = budapest_article_numbers(&text);
    assert!(articles.len() >= 40, "the corpus text has its articles");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "the Budapest Convention raises findings");
    for f in findings.iter().filter(|f| f["kind"] == "clause") {
        let number = f["location"]["number"].as_str().expect("a clause finding has a location");
        assert!(articles.iter().any(|a| a == number), "{number} is not an article of the text");
        assert_eq!(f["location"]["unit"], "article");
        let (start, end) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
        assert_eq!(String::from_utf16(&utf16[start..end]).unwrap(), f["text"].as_str().unwrap());
        let (b0, b1) = (f["byte_start"].as_u64().unwrap() as usize, f["byte_end"].as_u64().unwrap() as usize);
        assert_eq!(&text[b0..b1], f["text"].as_str().unwrap());
        for key in ["id", "rule", "category", "severity", "message", "why", "suggestion", "references", "mitigations"] {
            assert!(!f[key].is_null(), "finding lacks {key}");
        }
    }
    let summary = &report["summary"];
    let by_severity: u64 = summary["by_severity"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(by_severity as usize, findings.len());
    assert_eq!(summary["total"].as_u64().unwrap() as usize, findings.len());
}

#[test]
fn every_format_reports_the_same_findings() {
    let path = corpus::path("philippines_cybercrime_prevention_act_2012.txt");
    let (_, report) = json_report(&path);
    let count = report["findings"].as_array().unwrap().len();
    assert!(count > 0);
    let p = path.to_str().unwrap();

    let sarif: Value = serde_json::from_slice(&clauselens(&["check", "--format", "sarif", p]).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), count);

    let markdown = String::from_utf8(clauselens(&["check", "--format", "markdown", p]).stdout).unwrap();
    assert!(markdown.starts_with("# ClauseLens report"));
    assert_eq!(markdown.matches("**Suggested safeguard:**").count(), count);

    let text = String::from_utf8(clauselens(&["check", "--color", "never", p]).stdout).unwrap();
    assert!(text.contains(&format!("{count} findings")), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour codes when asked for none");
}

#[test]
fn reads_standard_input_and_fails_on_severity() {
    let clause = "A police officer may, where there is due cause, require a service provider \
                  to collect or record traffic data in real time.";
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clauselens"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(clause.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let plain = run(&["check", "--format", "json", "-"]);
    assert_eq!(plain.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["category"] == "real-time-surveillance"));
    assert_eq!(run(&["check", "--fail-on", "high", "-"]).status.code(), Some(1));
}

#[test]
fn usage_and_input_errors_exit_2_with_one_line() {
    for args in [vec!["check"], vec!["check", "--format", "pdf", "x"], vec!["check", "/no/such/file.txt"], vec!["frobnicate"]] {
        let out = clauselens(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("clauselens: "), "{err}");
    }
}

#[test]
fn lists_rules_of_every_category() {
    let out = String::from_utf8(clauselens(&["rules"]).stdout).unwrap();
    for category in clauselens::rules::categories::ALL {
        assert!(out.contains(category), "no rule listed for {category}");
    }
}

#[test]
fn rules_reference_is_up_to_date() {
    let reference = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let out = clauselens(&["docs", "--check", "--out", reference.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
