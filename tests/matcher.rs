//! The matcher against a plain search, at the scale of real use: every
//! pattern of the built-in pack over the clean form of every corpus text
//! finds exactly the matches that the `regex` crate finds (ASCII mode, leftmost
//! first, non-overlapping). The matcher's shortcuts (the literal prefilter,
//! the loosened first look, the table of starts by segment) may change how fast a
//! pattern is found, never what is found.

mod corpus;

use clauselens::text::Normalized;
use clauselens::{Document, RuleSet};

/// The longest match the matcher looks for (`LONGEST_MATCH` in src/matcher.rs):
/// a pattern whose plain matches run longer is left out of the comparison.
const LONGEST_MATCH: usize = 2048;

#[test]
fn every_builtin_pattern_finds_what_a_plain_search_finds_in_the_corpus() {
    let rules = RuleSet::builtin();
    let patterns = &rules.patterns;
    let plain: Vec<regex::bytes::Regex> = (0..patterns.len())
        .map(|id| regex::bytes::RegexBuilder::new(patterns.source(id)).unicode(false).build().unwrap())
        .collect();
    let mut compared = 0;
    let mut matches = 0;
    // Each text alone, and all of them together: over 64 KB, where the
    // matcher keeps its starts segment by segment.
    let mut texts = corpus::all();
    let all = texts.iter().map(|(_, text)| text.as_str()).collect::<Vec<_>>().join("\n\n");
    texts.push(("all corpus texts".into(), all));
    for (name, text) in texts {
        let doc = Document::parse(&text);
        let norm = Normalized::new(&text, &doc.noise);
        let scan = patterns.scan(&norm.text);
        for (id, regex) in plain.iter().enumerate() {
            let expected: Vec<_> = regex.find_iter(norm.text.as_bytes()).map(|m| m.range()).collect();
            if expected.iter().any(|m| m.len() > LONGEST_MATCH) {
                continue;
            }
            let found = scan.find_iter(id, 0..norm.text.len());
            assert_eq!(found, expected, "pattern {id} `{}` in {name}", patterns.source(id));
            compared += 1;
            matches += found.len();
        }
    }
    assert!(compared >= patterns.len() * 7, "nearly every pattern was compared on every text ({compared})");
    assert!(matches > 1000, "the corpus gives the patterns plenty to find ({matches})");
}
