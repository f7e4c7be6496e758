//! Human-readable output for a terminal: each finding with its place
//! (`file:line:col`, the provision), severity, message and excerpt.
//! Colours are written as ANSI styles; the caller's stream strips them when
//! the terminal does not support them or `--color never` is given.

use anstyle::{AnsiColor, Style};
use clauselens::format::{excerpt, LineIndex};
use clauselens::rules::{categories, Kind, Severity};
use clauselens::Report;
use std::fmt::Write;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn severity_style(s: Severity) -> Style {
    let colour = match s {
        Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(colour.into())).bold()
}

pub fn render(name: &str, text: &str, report: &Report) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for f in &report.findings {
        let sev = severity_style(f.severity);
        let place = match (&f.kind, &f.location) {
            (Kind::Absence, _) => format!("{name}: whole text"),
            (Kind::Clause, location) => {
                let (line, col) = lines.line_col(f.byte_start);
                let label = location.as_ref().map_or("outside any provision".into(), |l| l.label.clone());
                format!("{name}:{line}:{col}: {label}")
            }
        };
        let _ = writeln!(
            out,
            "{BOLD}{place}{BOLD:#}  {sev}{}{sev:#}  {} {DIM}[{}]{DIM:#}",
            f.severity.as_str().to_uppercase(),
            f.title,
            f.rule
        );
        let _ = writeln!(out, "    {}", f.message);
        if !f.text.is_empty() {
            let _ = writeln!(out, "    {DIM}\u{201c}{}\u{201d}{DIM:#}", excerpt(&f.text, 140));
        }
        if let Some(searched) = &f.searched_for {
            let _ = writeln!(out, "    searched for: {searched}");
        }
        for p in &f.mitigations {
            let at = p.location.as_ref().map_or(String::new(), |l| format!(" in {}", l.label));
            let _ = writeln!(out, "    safeguard found{at}: {} ({:?})", p.name, p.effect);
        }
        for p in &f.context {
            let at = p.location.as_ref().map_or(String::new(), |l| format!(" in {}", l.label));
            let _ = writeln!(out, "    context{at}: {}", p.name);
        }
        let _ = writeln!(out, "    suggest: {}", excerpt(&f.suggestion, 200));
        out.push('\n');
    }
    let s = &report.summary;
    let _ = write!(out, "{BOLD}{name}{BOLD:#}: {} findings", s.total);
    if s.total > 0 {
        let _ = write!(out, " ({} high, {} medium, {} low)", s.by_severity["high"], s.by_severity["medium"], s.by_severity["low"]);
        let top: Vec<String> = s
            .by_category
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(c, n)| format!("{} {n}", categories::title(c)))
            .collect();
        let _ = write!(out, "\n  {}", top.join(" · "));
    }
    out.push('\n');
    out
}
