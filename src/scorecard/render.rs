//! The scorecard for people: a plain-text table for the terminal and a
//! Markdown table for exports (the web app's export uses the same Markdown).

use super::{Scorecard, Verdict};
use crate::format::escape;
use std::fmt::Write;

/// The scorecard as terminal text for the document called `name`.
pub fn text(card: &Scorecard, name: &str) -> String {
    let mut out = format!("Necessary & Proportionate scorecard: {name}\n\n");
    for row in &card.principles {
        let _ = writeln!(out, "{:>2}. {}: {}", row.number, row.name, row.verdict.words().to_uppercase());
        let _ = writeln!(out, "    {}", row.reasoning);
    }
    let _ = writeln!(out, "\n{}", tally(card));
    out
}

/// The scorecard as a Markdown section for the document called `name`.
pub fn markdown(card: &Scorecard, name: &str) -> String {
    let mut out = format!("## Necessary & Proportionate scorecard: {}\n\n{}\n\n", escape(name), tally(card));
    out.push_str("| # | Principle | Verdict | Findings | Safeguards found | Why |\n|---:|---|---|---|---|---|\n");
    for row in &card.principles {
        let findings: Vec<String> = row
            .findings
            .iter()
            .map(|f| {
                let at = f.location.as_ref().map_or("whole text".to_string(), |l| l.label.to_string());
                format!("{} ({}, {})", escape(&f.title), f.severity.as_str(), escape(&at))
            })
            .collect();
        let safeguards: Vec<String> = row
            .safeguards
            .iter()
            .map(|s| match &s.location {
                Some(l) => format!("{} ({})", escape(&s.name), escape(&l.label)),
                None => escape(&s.name),
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | **{}** | {} | {} | {} |",
            row.number,
            escape(&row.name),
            row.verdict.words(),
            or_dash(findings.join("; ")),
            or_dash(safeguards.join("; ")),
            escape(&row.reasoning)
        );
    }
    out
}

/// "Met 3 · partly met 4 · not met 5 · not applicable 1".
fn tally(card: &Scorecard) -> String {
    let parts: Vec<String> =
        Verdict::ALL.iter().map(|v| format!("{} {}", v.words(), card.summary[v.as_str()])).collect();
    let line = parts.join(" · ");
    let mut chars = line.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "–".into()
    } else {
        text
    }
}
