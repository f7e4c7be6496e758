//! Argument parsing and the subcommands.

mod compare;
mod eval;
mod sarif;
mod terminal;

use clap::{Parser, Subcommand, ValueEnum};
use clauselens::rules::{PackSource, RuleSet, Severity, BUILTIN_PACKS};
use clauselens::{format, Report};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "clauselens", version, about = "Finds the clauses in cybercrime and surveillance laws that threaten human rights and security.")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check treaty or law texts and report the clauses of concern.
    Check(CheckArgs),
    /// List the rules.
    Rules {
        #[command(flatten)]
        rules: RuleArgs,
        /// `text` for a table, `json` for every rule's full data.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Compare two versions of a text: findings new, gone or changed, and safeguards added or removed.
    Compare(compare::CompareArgs),
    /// Measure the findings against the annotated corpus.
    Eval(eval::EvalArgs),
    /// Write the rules reference (Markdown) generated from the rule data.
    Docs {
        /// Where to write it; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Fail if the file at --out is not what would be written.
        #[arg(long, requires = "out")]
        check: bool,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    rules: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 when a finding of this severity or worse is found.
    #[arg(long, value_enum)]
    fail_on: Option<SeverityArg>,
    /// When to use colours in text output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Print the Necessary & Proportionate scorecard instead of the findings (text, JSON or Markdown).
    #[arg(long)]
    scorecard: bool,
    /// Files to check; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
}

#[derive(clap::Args)]
struct RuleArgs {
    /// A rule pack (TOML or JSON) to use besides the built-in rules; repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    packs: Vec<PathBuf>,
    /// Use only the packs given with --rules.
    #[arg(long)]
    no_builtin: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeverityArg {
    High,
    Medium,
    Low,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Runs the command line; `Err` is a one-line usage or input error (exit 2).
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode, String> {
    let args = match Args::try_parse_from(args) {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            print!("{e}");
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => {
            let rendered = e.to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            return Err(format!("{} (see `clauselens --help`)", first.trim_start_matches("error: ")));
        }
    };
    match args.command {
        Command::Check(check) => run_check(check),
        Command::Rules { rules, format } => {
            let rules = load_rules(&rules)?;
            match format {
                ListFormat::Json => {
                    let specs: Vec<_> = rules.rules.iter().map(|r| &r.spec).collect();
                    print_out(&(serde_json::to_string_pretty(&specs).map_err(|e| e.to_string())? + "\n"))?;
                }
                ListFormat::Text => {
                    let mut out = String::new();
                    for r in &rules.rules {
                        out += &format!("{:<48} {:<26} {:<7} {}\n", r.spec.id, r.spec.category, r.spec.severity.as_str(), r.spec.title);
                    }
                    out += &format!("{} rules\n", rules.rules.len());
                    print_out(&out)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Compare(args) => compare::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Docs { out, check } => {
            let text = format::rules_reference(&RuleSet::builtin());
            match (out, check) {
                (None, _) => print_out(&text)?,
                (Some(path), true) => {
                    let current = std::fs::read_to_string(&path).unwrap_or_default();
                    if current != text {
                        return Err(format!(
                            "{} is out of date with the rule data; run `clauselens docs --out {}`",
                            path.display(),
                            path.display()
                        ));
                    }
                }
                (Some(path), false) => {
                    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_check(args: CheckArgs) -> Result<ExitCode, String> {
    let rules = load_rules(&args.rules)?;
    let inputs: Vec<(String, String)> =
        args.files.iter().map(|f| read_input(f).map(|text| (f.clone(), text))).collect::<Result<_, _>>()?;
    let reports = check_all(&inputs, &rules);
    let choice = match args.color {
        ColorArg::Auto => anstream::ColorChoice::Auto,
        ColorArg::Always => anstream::ColorChoice::Always,
        ColorArg::Never => anstream::ColorChoice::Never,
    };
    let named = || inputs.iter().zip(&reports).map(|((name, text), r)| (name.as_str(), text.as_str(), r));
    let output = match args.format {
        _ if args.scorecard => {
            let format = match args.format {
                Format::Text => compare::OutputFormat::Text,
                Format::Json => compare::OutputFormat::Json,
                Format::Markdown => compare::OutputFormat::Markdown,
                Format::Sarif => return Err("--scorecard prints text, JSON or Markdown, not SARIF".into()),
            };
            compare::scorecards(format, named())?
        }
        Format::Json => {
            let value = if reports.len() == 1 {
                serde_json::to_value(&reports[0])
            } else {
                serde_json::to_value(
                    named()
                        .map(|(name, _, report)| serde_json::json!({ "file": name, "report": report }))
                        .collect::<Vec<_>>(),
                )
            };
            serde_json::to_string_pretty(&value.map_err(|e| e.to_string())?).map_err(|e| e.to_string())? + "\n"
        }
        Format::Markdown => named().map(|(name, _, r)| format::markdown(r, name)).collect::<Vec<_>>().join("\n"),
        Format::Sarif => sarif::render(named(), &rules) + "\n",
        Format::Text => named().map(|(name, text, r)| terminal::render(name, text, r)).collect::<Vec<_>>().join("\n"),
    };
    let mut stdout = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    if let Err(e) = stdout.write_all(output.as_bytes()).and_then(|_| stdout.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("cannot write the report: {e}"));
        }
    }
    let threshold = args.fail_on.map(|s| match s {
        SeverityArg::High => Severity::High,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::Low => Severity::Low,
    });
    let met = threshold.is_some_and(|t| reports.iter().filter_map(Report::worst).any(|w| w >= t));
    Ok(if met { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Checks every input, several at once on all cores.
fn check_all(inputs: &[(String, String)], rules: &RuleSet) -> Vec<Report> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(inputs.len()).max(1);
    if threads == 1 {
        return inputs.iter().map(|(_, text)| clauselens::check(text, rules)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut reports: Vec<Option<Report>> = vec![None; inputs.len()];
    let results = std::sync::Mutex::new(&mut reports);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((_, text)) = inputs.get(i) else { break };
                let report = clauselens::check(text, rules);
                results.lock().expect("no thread panics holding the lock")[i] = Some(report);
            });
        }
    });
    reports.into_iter().map(|r| r.expect("every input was checked")).collect()
}

/// The largest text checked at once: offsets are kept in 32 bits.
const MAX_TEXT: u64 = 1 << 30;

/// Reads a file (or standard input for `-`), replacing invalid UTF-8 with a warning.
fn read_input(name: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if name == "-" {
        std::io::stdin().take(MAX_TEXT + 1).read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(name).and_then(|f| f.take(MAX_TEXT + 1).read_to_end(&mut bytes)).map(|_| ())
    };
    result.map_err(|e| format!("cannot read {name}: {}", io_reason(&e)))?;
    if bytes.len() as u64 > MAX_TEXT {
        return Err(format!("{name} is larger than 1 GiB, the most checked at once; split it into parts"));
    }
    if bytes.contains(&0) {
        eprintln!("clauselens: warning: {name} contains NUL bytes; it may be a binary file, not text");
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            eprintln!(
                "clauselens: warning: {name} is not valid UTF-8 (first bad byte at offset {}); invalid bytes were replaced with \u{fffd}",
                e.utf8_error().valid_up_to()
            );
            Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if e.raw_os_error() == Some(21) => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// The built-in rules plus any packs given, checked together.
fn load_rules(args: &RuleArgs) -> Result<RuleSet, String> {
    let texts: Vec<(String, String)> = args
        .packs
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|t| (p.display().to_string(), t))
                .map_err(|e| format!("cannot read rule pack {}: {}", p.display(), io_reason(&e)))
        })
        .collect::<Result<_, _>>()?;
    let builtin = BUILTIN_PACKS.iter().filter(|_| !args.no_builtin).map(|(name, text)| PackSource { name, text });
    let given = texts.iter().map(|(name, text)| PackSource { name, text });
    let sources: Vec<PackSource> = builtin.chain(given).collect();
    if sources.is_empty() {
        return Err("no rules: --no-builtin needs at least one --rules FILE".into());
    }
    RuleSet::from_packs(&sources).map_err(|e| format!("rule pack error: {e}"))
}

fn print_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write output: {e}")),
        _ => Ok(()),
    }
}
