//! SARIF 2.1.0 output, so code-scanning tools and editors can show findings.

use clauselens::format::LineIndex;
use clauselens::rules::{Kind, RuleSet, Severity};
use clauselens::Report;
use serde_json::{json, Value};

/// One SARIF log with one run covering every checked file.
pub fn render<'a>(files: impl Iterator<Item = (&'a str, &'a str, &'a Report)>, rules: &RuleSet) -> String {
    let descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.spec.id,
                "name": r.spec.title,
                "shortDescription": { "text": r.spec.title },
                "fullDescription": { "text": r.spec.description },
                "help": { "text": format!("{}\n\nSuggested safeguard: {}\n\nStandards: {}", r.spec.why, r.spec.suggestion, r.spec.references.join("; ")) },
                "defaultConfiguration": { "level": level(r.spec.severity) },
                "properties": { "category": r.spec.category, "tags": [r.spec.category] },
            })
        })
        .collect();
    let mut results = Vec::new();
    for (name, text, report) in files {
        let lines = LineIndex::new(text);
        for f in &report.findings {
            let region = if f.kind == Kind::Absence {
                json!({ "startLine": 1 })
            } else {
                let (start_line, start_col) = lines.line_col(f.byte_start);
                let (end_line, end_col) = lines.line_col(f.byte_end);
                json!({
                    "startLine": start_line, "startColumn": start_col,
                    "endLine": end_line, "endColumn": end_col,
                    "snippet": { "text": f.text },
                })
            };
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(name) },
                    "region": region,
                }}],
                "properties": { "category": f.category, "severity": f.severity.as_str() },
            });
            if let Some(l) = &f.location {
                result["locations"][0]["logicalLocations"] = json!([{ "name": l.label, "kind": "section" }]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ClauseLens",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("a JSON value always serialises")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// A relative URI for a file name (`-` is standard input).
fn uri(name: &str) -> String {
    if name == "-" {
        return "stdin".into();
    }
    name.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '\\' => "/".to_string(),
            c => c.to_string(),
        })
        .collect()
}
