//! Every rule's own examples: each `flag` text must raise the rule, each
//! `pass` text must not. A rule is data with its tests beside it.

use clauselens::{check, RuleSet};

#[test]
fn every_rule_example_behaves() {
    let rules = RuleSet::builtin();
    for rule in &rules.rules {
        let examples = &rule.spec.examples;
        assert!(examples.flag.len() >= 2 && examples.pass.len() >= 2, "{}: at least two examples of each", rule.spec.id);
    }
    let mut failures = Vec::new();
    let mut ran = 0;
    for rule in &rules.rules {
        let id = &rule.spec.id;
        for (text, must_flag) in rule
            .spec
            .examples
            .flag
            .iter()
            .map(|t| (t, true))
            .chain(rule.spec.examples.pass.iter().map(|t| (t, false)))
        {
            ran += 1;
            let flagged = check(text, &rules).findings.iter().any(|f| *f.rule == **id);
            if flagged != must_flag {
                let verb = if must_flag { "did not flag" } else { "flagged" };
                failures.push(format!("{id} {verb}: {text:?}"));
            }
        }
    }
    assert!(ran >= 4 * rules.rules.len());
    assert!(failures.is_empty(), "{} example(s) failed:\n{}", failures.len(), failures.join("\n"));
}
