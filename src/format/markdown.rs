//! A report as Markdown: a summary table, then findings by provision, each
//! with its excerpt, explanation, standards and suggested safeguard.

use super::excerpt;
use crate::report::{Finding, Report};
use crate::rules::{categories, Kind};
use std::fmt::Write;

/// Renders `report` for the document called `name`.
pub fn markdown(report: &Report, name: &str) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "# ClauseLens report: {}\n", escape(name));
    let _ = writeln!(
        out,
        "{} findings: {} high, {} medium, {} low. Checked with ClauseLens {}.\n",
        s.total, s.by_severity["high"], s.by_severity["medium"], s.by_severity["low"], report.version
    );
    if s.total > 0 {
        out.push_str("| Concern | Findings |\n|---|---:|\n");
        for (category, count) in s.by_category.iter().filter(|(_, n)| **n > 0) {
            let _ = writeln!(out, "| {} (`{category}`) | {count} |", categories::title(category));
        }
        out.push('\n');
    }
    let absent: Vec<_> = report.findings.iter().filter(|f| f.kind == Kind::Absence).collect();
    if !absent.is_empty() {
        out.push_str("## Missing from the whole text\n\n");
        for f in absent {
            finding(&mut out, f);
        }
    }
    let mut current: Option<String> = None;
    for f in report.findings.iter().filter(|f| f.kind == Kind::Clause) {
        let provision = f
            .location
            .as_ref()
            .map_or_else(|| "Outside any article or section".to_string(), |l| provision_label(&l.label));
        if current.as_deref() != Some(provision.as_str()) {
            let _ = writeln!(out, "## {}\n", escape(&provision));
            current = Some(provision);
        }
        finding(&mut out, f);
    }
    out
}

fn finding(out: &mut String, f: &Finding) {
    let place = f.location.as_ref().map_or(String::new(), |l| format!(" — {}", l.label));
    let _ = writeln!(out, "### {} ({}){}\n", escape(&f.title), f.severity.as_str(), escape(&place));
    if !f.text.is_empty() {
        let _ = writeln!(out, "> {}\n", escape(&excerpt(&f.text, 400)));
    }
    let _ = writeln!(out, "{}\n", escape(&f.message));
    if let Some(searched) = &f.searched_for {
        let _ = writeln!(out, "**Searched for:** {}\n", escape(searched));
    }
    let _ = writeln!(out, "**Why it matters:** {}\n", escape(&f.why));
    let passages = f.mitigations.iter().map(|p| ("Safeguard found", p)).chain(f.context.iter().map(|p| ("Context", p)));
    for (verb, p) in passages {
        let at = p.location.as_ref().map_or(String::new(), |l| format!(" ({})", l.label));
        let _ = writeln!(out, "- {verb}{at}: {} — \"{}\"", escape(&p.name), escape(&excerpt(&p.text, 160)));
    }
    if !f.mitigations.is_empty() || !f.context.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "**Standards:** {}\n", escape(&f.references.join("; ")));
    let _ = writeln!(out, "**Suggested safeguard:** {}\n", escape(&f.suggestion));
    let _ = writeln!(out, "<sub>Rule `{}` · {}</sub>\n", f.rule, f.category);
}

/// "Article 28(4)(b)" -> "Article 28": findings are grouped by provision.
fn provision_label(label: &str) -> String {
    label.split('(').next().unwrap_or(label).trim().to_string()
}

/// Keeps pasted text from being read as Markdown or HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
