//! `clauselens eval`: scores the rules against the hand-annotated corpus and
//! fails when they fall below the bar recorded in QUALITY.md.

use clauselens::eval::{Annotation, Counts, Evaluation};
use clauselens::rules::categories;
use clauselens::RuleSet;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Folder with the corpus texts.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"))]
    corpus: PathBuf,
    /// Folder with the annotation files (*.toml).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/annotations"))]
    annotations: PathBuf,
    /// Fail (exit 1) when overall recall is below this.
    #[arg(long, default_value_t = 0.90)]
    min_recall: f64,
    /// Fail (exit 1) when overall precision is below this.
    #[arg(long, default_value_t = 0.85)]
    min_precision: f64,
    /// Fail (exit 1) when more than this share of clean provisions is flagged.
    #[arg(long, default_value_t = 0.05)]
    max_clean_flagged: f64,
    /// Print the per-category table as Markdown (for QUALITY.md).
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: EvalArgs) -> Result<ExitCode, String> {
    let rules = RuleSet::builtin();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.annotations)
        .map_err(|e| format!("cannot read annotations folder {}: {e}", args.annotations.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no annotation files in {}", args.annotations.display()));
    }
    let mut eval = Evaluation::default();
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let annotation: Annotation =
            toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.to_string().replace('\n', " ")))?;
        let corpus_file = args.corpus.join(&annotation.file);
        let law = std::fs::read_to_string(&corpus_file)
            .map_err(|e| format!("cannot read corpus text {}: {e}", corpus_file.display()))?;
        eval.add(&annotation, &clauselens::check(&law, &rules));
    }
    let mut out = table(&eval, args.markdown);
    let _ = writeln!(out);
    for (title, list) in [("Missed", &eval.misses), ("Flagged but not expected", &eval.false_flags)] {
        let _ = writeln!(out, "{title} ({}):", list.len());
        for m in list.iter() {
            let _ = writeln!(out, "  {} {:<10} {}", m.file, m.unit, m.category);
        }
    }
    let recall = eval.overall.recall();
    let precision = eval.overall.precision();
    let clean = eval.clean_flag_rate();
    let _ = writeln!(
        out,
        "\noverall: recall {recall:.3} (bar {:.2}), precision {precision:.3} (bar {:.2}), clean provisions flagged {:.1}% ({} of {}, bar {:.0}%)",
        args.min_recall,
        args.min_precision,
        clean * 100.0,
        eval.clean_flagged,
        eval.clean_units,
        args.max_clean_flagged * 100.0
    );
    print!("{out}");
    let passed = recall >= args.min_recall && precision >= args.min_precision && clean <= args.max_clean_flagged;
    if passed {
        println!("eval: passed");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("eval: FAILED: below the bar");
        Ok(ExitCode::from(1))
    }
}

fn table(eval: &Evaluation, markdown: bool) -> String {
    let mut out = String::new();
    let row = |out: &mut String, name: &str, c: &Counts| {
        let (r, p) = (c.recall(), c.precision());
        if markdown {
            let _ = writeln!(out, "| {name} | {} | {} | {} | {r:.2} | {p:.2} |", c.true_positives, c.false_negatives, c.false_positives);
        } else {
            let _ = writeln!(out, "{name:<28} {:>4} {:>4} {:>4} {r:>8.2} {p:>10.2}", c.true_positives, c.false_negatives, c.false_positives);
        }
    };
    if markdown {
        out += "| category | found | missed | false flags | recall | precision |\n|---|---:|---:|---:|---:|---:|\n";
    } else {
        let _ = writeln!(out, "{:<28} {:>4} {:>4} {:>4} {:>8} {:>10}", "category", "tp", "fn", "fp", "recall", "precision");
    }
    for category in categories::ALL {
        row(&mut out, category, eval.by_category.get(*category).unwrap_or(&Counts::default()));
    }
    row(&mut out, if markdown { "**overall**" } else { "overall" }, &eval.overall);
    out
}
