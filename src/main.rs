//! The `clauselens` command line: check files, list rules, measure quality.
//!
//! Exit codes: 0 when the check ran (whatever it found), 1 when `--fail-on`
//! is given and met (or `eval` falls below its bar), 2 for a usage or input
//! error, reported in one line.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run(std::env::args_os()) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("clauselens: {message}");
            ExitCode::from(2)
        }
    }
}
