//! The full check of any text with the built-in rules: no panic, no hang,
//! and every finding's offsets slice exactly its text in UTF-8 and UTF-16,
//! in reading order, with unique ids.
#![no_main]

use clauselens::{check, RuleSet};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

static RULES: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

fuzz_target!(|data: &[u8]| {
    // Lossy, as the command line reads files: invalid bytes become U+FFFD.
    let text = String::from_utf8_lossy(data);
    let report = check(&text, &RULES);
    invariants::assert_report_valid(&text, &report);
});
