//! A comparison for people: plain text for the terminal (word changes
//! marked `[-deleted-]` and `{+inserted+}`, as wdiff does, so they read
//! without colour) and Markdown for exports (~~deleted~~, **inserted**).
//! Changes are grouped by concern, in the order of `concerns.md`.

use super::{Change, ChangeKind, Comparison, Counts, DiffOp, Place, Words};
use crate::rules::categories;
use crate::format::escape;
use std::fmt::Write;

/// Equal words kept on each side of a change in a word diff.
const CONTEXT_WORDS: usize = 6;

/// The comparison as terminal text.
pub fn text(cmp: &Comparison, name_a: &str, name_b: &str) -> String {
    let mut out = format!("Comparing A: {name_a}  →  B: {name_b}\n{}\n", headline(cmp));
    for (category, changes) in by_category(cmp) {
        let _ = writeln!(out, "\n{} ({category})", categories::title(category));
        for c in changes {
            let _ = writeln!(out, "  {:<10} {}", label(c.kind).to_uppercase(), c.summary);
            let diff = diff_line(&c.wording, |op, t| match op {
                DiffOp::Delete => format!("[-{t}-]"),
                DiffOp::Insert => format!("{{+{t}+}}"),
                DiffOp::Equal => t.to_string(),
            });
            if !diff.is_empty() {
                let _ = writeln!(out, "             wording: {diff}");
            }
        }
    }
    let _ = writeln!(out, "\n{}", totals(cmp));
    out
}

/// The comparison as Markdown.
pub fn markdown(cmp: &Comparison, name_a: &str, name_b: &str) -> String {
    let mut out = format!("# ClauseLens comparison\n\nA: {}  \nB: {}\n\n{}\n\n", escape(name_a), escape(name_b), headline(cmp));
    let rows: Vec<(&&str, &Counts)> = cmp.summary.iter().filter(|(_, n)| changed(n) || n.unchanged > 0).collect();
    if !rows.is_empty() {
        out.push_str("| Concern | New | Gone | Worse | Better | Safeguards added | Safeguards removed | Unchanged |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (category, n) in rows {
            let _ = writeln!(
                out,
                "| {} (`{category}`) | {} | {} | {} | {} | {} | {} | {} |",
                categories::title(category),
                n.new,
                n.gone,
                n.worse,
                n.better,
                n.safeguards_added,
                n.safeguards_removed,
                n.unchanged
            );
        }
        out.push('\n');
    }
    for (category, changes) in by_category(cmp) {
        let _ = writeln!(out, "## {}\n", categories::title(category));
        for c in changes {
            let _ = writeln!(out, "### {}: {} — {}\n", capitalised(label(c.kind)), escape(&c.title), places(c));
            let _ = writeln!(out, "{}\n", escape(&c.summary));
            let diff = diff_line(&c.wording, |op, t| match op {
                DiffOp::Delete => format!("~~{}~~", escape(t)),
                DiffOp::Insert => format!("**{}**", escape(t)),
                DiffOp::Equal => escape(t),
            });
            if !diff.is_empty() {
                let _ = writeln!(out, "> {diff}\n");
            }
        }
    }
    out.push_str(&totals(cmp));
    out.push('\n');
    out
}

fn headline(cmp: &Comparison) -> String {
    let by_id = cmp.pairs.iter().filter(|p| p.by == super::PairedBy::Id).count();
    format!(
        "A has {} findings, B has {}; {} paired ({} by identity, {} by aligned content).",
        cmp.a.findings.len(),
        cmp.b.findings.len(),
        cmp.pairs.len(),
        by_id,
        cmp.pairs.len() - by_id
    )
}

fn totals(cmp: &Comparison) -> String {
    let mut t = Counts::default();
    for n in cmp.summary.values() {
        t.new += n.new;
        t.gone += n.gone;
        t.worse += n.worse;
        t.better += n.better;
        t.safeguards_added += n.safeguards_added;
        t.safeguards_removed += n.safeguards_removed;
        t.unchanged += n.unchanged;
    }
    if !changed(&t) {
        return format!("No change in any concern ({} unchanged).", t.unchanged);
    }
    format!(
        "{} new, {} gone, {} worse, {} better, safeguards added in {}, removed in {}; {} unchanged.",
        t.new, t.gone, t.worse, t.better, t.safeguards_added, t.safeguards_removed, t.unchanged
    )
}

fn changed(n: &Counts) -> bool {
    n.new + n.gone + n.worse + n.better + n.safeguards_added + n.safeguards_removed > 0
}

/// Changes grouped by category, categories in `concerns.md` order.
fn by_category(cmp: &Comparison) -> Vec<(&'static str, Vec<&Change>)> {
    categories::ALL
        .iter()
        .map(|&cat| (cat, cmp.changes.iter().filter(|c| c.category == cat).collect::<Vec<_>>()))
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

fn label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::New => "new",
        ChangeKind::Gone => "gone",
        ChangeKind::Severity => "severity",
        ChangeKind::Safeguards => "safeguards",
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// "A: Article 19(1) · B: Article 20(1)".
fn places(c: &Change) -> String {
    let one = |p: &Option<Place>| match p {
        Some(Place { location: Some(l), .. }) => escape(&l.label),
        Some(_) => "the text".into(),
        None if c.clause_a.is_none() && c.clause_b.is_none() => "whole text".into(),
        None => "none".into(),
    };
    format!("A: {} · B: {}", one(&c.clause_a), one(&c.clause_b))
}

/// The diff on one line with changed runs marked by `mark` and long equal
/// runs cut to a few words either side; empty when nothing changed.
fn diff_line(runs: &[Words], mark: impl Fn(DiffOp, &str) -> String) -> String {
    let mut out = String::new();
    for (k, run) in runs.iter().enumerate() {
        if run.op != DiffOp::Equal {
            out += &mark(run.op, run.text.trim());
            out.push(' ');
            continue;
        }
        let words: Vec<&str> = run.text.split_whitespace().collect();
        let (first, last) = (k == 0, k + 1 == runs.len());
        let keep_head = if first { 0 } else { CONTEXT_WORDS };
        let keep_tail = if last { 0 } else { CONTEXT_WORDS };
        if words.len() <= keep_head + keep_tail {
            out += &mark(DiffOp::Equal, &words.join(" "));
        } else {
            let head = words[..keep_head].join(" ");
            let tail = words[words.len() - keep_tail..].join(" ");
            out += format!("{} … {}", mark(DiffOp::Equal, &head), mark(DiffOp::Equal, &tail)).trim();
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
