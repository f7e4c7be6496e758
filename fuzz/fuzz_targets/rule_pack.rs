//! The rule pack loader on any bytes, read as TOML and as JSON: an error or
//! a rule set, never a panic. A pack that loads is then run over its own
//! examples, so patterns a person wrote (empty matches, odd groups, odd
//! messages) go through the engine too.
#![no_main]

use clauselens::rules::{PackSource, RuleSet};
use clauselens::check;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for name in ["fuzz.toml", "fuzz.json"] {
        match RuleSet::from_packs(&[PackSource { name, text: &text }]) {
            Err(e) => assert_eq!(e.file, name, "an error names its file"),
            Ok(rules) => {
                for rule in &rules.rules {
                    for example in rule.spec.examples.flag.iter().chain(&rule.spec.examples.pass) {
                        invariants::assert_report_valid(example, &check(example, &rules));
                    }
                }
            }
        }
    }
});
