//! `clauselens compare A B`: what changed, concern by concern, between two
//! versions of a text; and `clauselens check --scorecard`: the Necessary and
//! Proportionate scorecard of each file checked.

use super::{load_rules, print_out, read_input, RuleArgs};
use clauselens::rules::categories;
use clauselens::{compare, scorecard, Report};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CompareArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Show only the changes of this concern category (an id from concerns.md); repeatable.
    #[arg(long = "category", value_name = "ID")]
    categories: Vec<String>,
    /// The earlier text (a draft, last year's act); `-` reads standard input.
    a: String,
    /// The later text (the final version, the bill that copies A).
    b: String,
}

/// The formats a comparison or a scorecard is printed in.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(args: CompareArgs) -> Result<ExitCode, String> {
    if let Some(bad) = args.categories.iter().find(|c| !categories::is_category(c)) {
        return Err(format!("unknown category `{bad}`; use one of: {}", categories::ALL.join(", ")));
    }
    if args.a == "-" && args.b == "-" {
        return Err("only one of A and B can be standard input".into());
    }
    let rules = load_rules(&args.rules)?;
    let (a, b) = (read_input(&args.a)?, read_input(&args.b)?);
    let mut comparison = compare::compare(&a, &b, &rules);
    if !args.categories.is_empty() {
        comparison.only(&args.categories);
    }
    let output = match args.format {
        OutputFormat::Json => json(&comparison)?,
        OutputFormat::Markdown => compare::markdown(&comparison, &args.a, &args.b),
        OutputFormat::Text => compare::text(&comparison, &args.a, &args.b),
    };
    print_out(&output)?;
    Ok(ExitCode::SUCCESS)
}

/// The scorecards of checked files: one object for one file, else a list of `{file, scorecard}`.
pub fn scorecards<'a>(
    format: OutputFormat,
    named: impl Iterator<Item = (&'a str, &'a str, &'a Report)>,
) -> Result<String, String> {
    let cards: Vec<(&str, scorecard::Scorecard)> =
        named.map(|(name, text, report)| (name, scorecard::score(text, report))).collect();
    Ok(match format {
        OutputFormat::Json if cards.len() == 1 => json(&cards[0].1)?,
        OutputFormat::Json => {
            json(&cards.iter().map(|(name, card)| serde_json::json!({ "file": name, "scorecard": card })).collect::<Vec<_>>())?
        }
        OutputFormat::Markdown => cards.iter().map(|(name, card)| scorecard::markdown(card, name)).collect::<Vec<_>>().join("\n"),
        OutputFormat::Text => cards.iter().map(|(name, card)| scorecard::text(card, name)).collect::<Vec<_>>().join("\n"),
    })
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|s| s + "\n").map_err(|e| e.to_string())
}
