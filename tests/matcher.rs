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

/// A search from any place, not only from the start of the text: the
/// engine asks for a rule's trigger again from just after each hit, and
/// for other patterns within a clause. From places on both sides of each
/// 64 KB segment's edge (where the matcher keeps its starts segment by
/// segment) and again from just after each match found there, every
/// pattern's first match is the plain search's from the same place.
#[test]
fn a_search_from_any_place_finds_what_a_plain_search_finds_from_there() {
    let rules = RuleSet::builtin();
    let patterns = &rules.patterns;
    let all = corpus::all().iter().map(|(_, text)| text.clone()).collect::<Vec<_>>().join("\n\n");
    let doc = Document::parse(&all);
    let norm = Normalized::new(&all, &doc.noise);
    let hay = norm.text.as_bytes();
    assert!(hay.len() > 3 << 16, "the corpus spans several segments ({} bytes)", hay.len());
    let scan = patterns.scan(&norm.text);
    let mut compared = 0;
    let mut found_across = 0;
    for id in 0..patterns.len() {
        let plain = regex::bytes::RegexBuilder::new(patterns.source(id)).unicode(false).build().unwrap();
        for edge in (1..=hay.len() >> 16).map(|s| s << 16) {
            let mut from = edge - 700;
            // Asked again and again from later places, as the engine does.
            for _ in 0..6 {
                let expected = plain.find_at(hay, from).map(|m| m.range());
                if expected.as_ref().is_some_and(|m| m.len() > LONGEST_MATCH) {
                    break;
                }
                let found = scan.find(id, from..hay.len());
                assert_eq!(found, expected, "pattern {id} `{}` from {from}", patterns.source(id));
                compared += 1;
                let Some(m) = found else { break };
                found_across += usize::from(m.start >= edge && from < edge);
                from = m.start + 1;
            }
        }
    }
    assert!(compared > patterns.len() * 6, "every pattern was asked from several places ({compared})");
    assert!(found_across > 50, "many searches found their match past a segment's edge ({found_across})");
}
