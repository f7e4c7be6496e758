//! An edited text checked again by a `Rechecker`, which splits, cleans and
//! re-reads only the units around the edit, gives exactly the report of a
//! whole check: keys, headings made and unmade, articles joined and split,
//! edits at either end, pastes over everything.

use clauselens::{check, RuleSet, Rechecker};
use proptest::prelude::*;
use std::sync::OnceLock;

mod corpus;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

/// The corpus texts one after another, as a long document is.
fn corpus() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| corpus::all().into_iter().map(|(_, text)| text).collect::<Vec<_>>().join("\n\n"))
}

/// What people type: words that make and unmake findings, headings and
/// markers that change the units, page furniture, non-ASCII characters.
const TYPED: &[&str] = &[
    "\nWombat Orchard Notes\n", "y", " ", "\n", "\n\n", "x", "Any person who publishes false news shall be guilty of an offence. ",
    "\n\nArticle 7\n\nFalse news\n\n", "\nSection 12. Interception\n", "(a) ", "\n2. ",
    "without a warrant", "with the prior authorisation of a judge", "shall keep confidential",
    "é", "😀 ", "—", "-\n", "\nPage 3 of 40\n", "CHAPTER IX\n\n", "Definitions", "for the purposes of",
    "\nRunning Header\n", "\n14\n", "[...]", "Article", "PART", "(i) ", "(ii) ", "(j) ", "\n(h) ", "Article  2  \n\nIllegal access\n\n",
    // What rules that look through a whole part look for, and what they flag.
    "The powers and procedures under this Chapter are subject to the conditions and safeguards of domestic law. ",
    "order any person who has knowledge about the functioning of the computer system to provide the necessary information. ",
];

/// How many bytes the rules read again.
fn reread(windows: &[std::ops::Range<usize>]) -> usize {
    windows.iter().map(|w| w.len()).sum()
}

fn json(report: &clauselens::Report) -> serde_json::Value {
    serde_json::to_value(report).expect("a report serialises")
}

/// An edit: where (a fraction of the text), how many characters go (up to
/// the rest of the text: a paste over everything after that place, or
/// articles joined by taking out what lies between), what comes in.
fn edit() -> impl Strategy<Value = (f64, usize, usize)> {
    (prop_oneof![0.0..1.0f64, Just(0.0), Just(1.0)], prop_oneof![Just(0usize), 0..3usize, 0..80usize, 0..4000usize, Just(usize::MAX)], 0..TYPED.len())
}

fn apply(text: &str, (at, removed, typed): (f64, usize, usize)) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let start = (at * chars.len() as f64) as usize;
    let end = start.saturating_add(removed).min(chars.len());
    let byte = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    format!("{}{}{}", &text[..byte(start)], TYPED[typed], &text[byte(end)..])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn edits_of_the_corpus_give_the_whole_check(edits in prop::collection::vec(edit(), 1..5)) {
        let mut rechecker = Rechecker::new();
        let mut text = corpus().to_string();
        rechecker.check(text.clone(), rules());
        for e in edits {
            text = apply(&text, e);
            let again = json(rechecker.check(text.clone(), rules()));
            prop_assert_eq!(again, json(&check(&text, rules())));
        }
    }
}

/// An edit in UTF-16 code units (as JavaScript counts): where it begins and
/// ends in `text`, from the same fractions and lengths as [`apply`].
fn utf16_edit(text: &str, (at, removed, typed): (f64, usize, usize)) -> (usize, usize, &'static str) {
    let units = text.encode_utf16().count();
    let chars: Vec<usize> = text.chars().scan(0, |at, c| Some(std::mem::replace(at, *at + c.len_utf16()))).collect();
    let start = (at * chars.len() as f64) as usize;
    let end = start.saturating_add(removed).min(chars.len());
    let unit = |i: usize| chars.get(i).copied().unwrap_or(units);
    (unit(start), unit(end), TYPED[typed])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The same, given only the edit, as the browser's worker gives it.
    #[test]
    fn edits_given_as_edits_give_the_whole_check(edits in prop::collection::vec(edit(), 1..5)) {
        let mut rechecker = Rechecker::new();
        let mut text = corpus().to_string();
        rechecker.check(text.clone(), rules());
        for e in edits {
            let (from, to, typed) = utf16_edit(&text, e);
            let again = json(rechecker.edit(from, to, typed, rules()).expect("an edit between characters"));
            text = apply(&text, e);
            prop_assert_eq!(again, json(&check(&text, rules())));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A short line put at three places is a running header (page
    /// furniture) at all three; edits then, some of them in those lines,
    /// make it text again or not, at all three at once.
    #[test]
    fn edits_around_a_running_header_give_the_whole_check(places in prop::collection::vec(0.0..1.0f64, 3), edits in prop::collection::vec((edit(), any::<bool>()), 1..5)) {
        let mut rechecker = Rechecker::new();
        let mut text = corpus().to_string();
        for at in places {
            text = apply(&text, (at, 0, HEADER));
        }
        rechecker.check(text.clone(), rules());
        for (e, in_a_header) in edits {
            // Half the edits fall in one of the lines.
            let e = match text.match_indices("Wombat").nth(2).filter(|_| in_a_header) {
                Some((at, _)) => (text[..at + 3].chars().count() as f64 / text.chars().count() as f64, e.1.min(2), e.2),
                None => e,
            };
            let (from, to, typed) = utf16_edit(&text, e);
            let again = json(rechecker.edit(from, to, typed, rules()).expect("an edit between characters"));
            text = apply(&text, e);
            prop_assert_eq!(again, json(&check(&text, rules())));
        }
    }
}

/// A short line that becomes a running header when it is on three lines.
const HEADER: usize = 0;

/// An edit that does not fit the text held (past its end, or splitting a
/// character JavaScript counts as two units) changes nothing: the text
/// checked next is still the one before.
#[test]
fn an_edit_that_does_not_fit_is_refused() {
    let mut rechecker = Rechecker::new();
    assert!(rechecker.edit(0, 0, "x", rules()).is_none(), "no text yet");
    let text = format!("{}😀{}", &corpus()[..5000], &corpus()[5000..20000]);
    rechecker.check(text.clone(), rules());
    let len16 = text.encode_utf16().count();
    assert!(rechecker.edit(len16 + 1, len16 + 1, "x", rules()).is_none(), "past the end");
    assert!(rechecker.edit(5001, 5001, "x", rules()).is_none(), "between the halves of 😀");
    let typed = json(rechecker.edit(5002, 5002, "y", rules()).expect("after 😀"));
    assert_eq!(typed, json(&check(&format!("{}😀y{}", &corpus()[..5000], &corpus()[5000..20000]), rules())));
}

/// The property above means something only if most edits are checked in
/// part: keys typed in the middle of a long text re-read one window each.
#[test]
fn typing_in_a_long_text_rereads_only_around_the_key() {
    let mut rechecker = Rechecker::new();
    let mut text = corpus().to_string();
    rechecker.check(text.clone(), rules());
    let at = text.find("Article 2").expect("Budapest's Article 2") + "Article 2".len() + 20;
    for (i, key) in "Any person who publishes false news shall be guilty".chars().enumerate() {
        text.insert(at + i, key);
        let report = if i % 2 == 0 {
            json(rechecker.check(text.clone(), rules()))
        } else {
            let at16 = text[..at + i].encode_utf16().count();
            json(rechecker.edit(at16, at16, &key.to_string(), rules()).expect("a key"))
        };
        let windows = rechecker.windows().expect("a key in one article is checked in part");
        // The articles around the key, not the whole chapter: what rules
        // look for in a whole chapter is kept per chapter.
        assert!(reread(windows) < 16_000, "re-read {windows:?} of {} bytes", text.len());
        assert_eq!(report, json(&check(&text, rules())));
    }
}

/// Rules that look for a safeguard anywhere in the chapter (Budapest's
/// Article 15 for its powers): a key in another article of the chapter is
/// checked in part, and taking the safeguard out, or putting it back,
/// changes the findings that leaned on it, as a whole check does.
#[test]
fn a_safeguard_for_a_whole_chapter_is_followed_across_edits() {
    let mut rechecker = Rechecker::new();
    let mut text = corpus().to_string();
    rechecker.check(text.clone(), rules());
    let safeguard = text.find("subject to conditions and safeguards").expect("Budapest's Article 15");
    let power = text.find("Article  19").expect("Budapest's Article 19") + 200;
    let at16 = |text: &str, at: usize| text[..at].encode_utf16().count();
    let key = at16(&text, power);
    rechecker.edit(key, key, "y", rules()).expect("a key");
    text.insert(power, 'y');
    assert!(reread(rechecker.windows().expect("checked in part")) < 16_000, "a key far from the safeguard re-reads its articles only");
    assert_eq!(json(rechecker.report().expect("a report")), json(&check(&text, rules())));
    let without = json(&check(&text.replacen("subject to conditions and safeguards", "subject to conditions", 1), rules()));
    assert_ne!(without, json(&check(&text, rules())), "the safeguard changes findings elsewhere in the chapter");
    for (from, to, inserted) in [(safeguard + 21, safeguard + 36, ""), (safeguard + 21, safeguard + 21, " and safeguards")] {
        let (from16, to16) = (at16(&text, from), at16(&text, to));
        let again = json(rechecker.edit(from16, to16, inserted, rules()).expect("an edit"));
        text.replace_range(from..to, inserted);
        assert_eq!(again, json(&check(&text, rules())), "after {inserted:?} at {from}");
    }
}

/// A short line typed at three places in a long text: at the third it is
/// a running header (page furniture, left out of what the rules read) at
/// all three, and one more key makes it text again at all three. Each key
/// gives the whole check's report, re-reading around the three places, not
/// all that lies between them.
#[test]
fn a_line_typed_a_third_time_becomes_a_running_header_everywhere() {
    let mut rechecker = Rechecker::new();
    let mut text = corpus().to_string();
    rechecker.check(text.clone(), rules());
    let line = "Wombat Orchard Notes";
    let places: Vec<usize> = [0.2, 0.5, 0.8].iter().map(|f| {
        let from = (text.len() as f64 * f) as usize;
        from + text[from..].find("\n\n").expect("a paragraph break") + 1
    }).collect();
    // From the last place back, so the places before stay where they are.
    for &at in places.iter().rev() {
        for (i, key) in format!("{line}\n").char_indices() {
            let at16 = text[..at + i].encode_utf16().count();
            let again = json(rechecker.edit(at16, at16, &key.to_string(), rules()).expect("a key"));
            text.insert(at + i, key);
            assert_eq!(again, json(&check(&text, rules())), "after {:?} at {}", key, at + i);
        }
    }
    let furniture = text.len() - "Wombat Orchard Notes\n".len() * 3;
    let is_header = |text: &str| clauselens::Document::parse(text).noise.iter().filter(|&r| text[r.clone()].contains(line)).count();
    assert_eq!(is_header(&text), 3, "a running header at all three places");
    assert!(reread(rechecker.windows().expect("checked in part")) < furniture / 4, "re-read around the three places only");
    // One more key at the first place: text again at all three.
    let at = places[0] + line.len();
    let at16 = text[..at].encode_utf16().count();
    let again = json(rechecker.edit(at16, at16, "s", rules()).expect("a key"));
    text.insert(at, 's');
    assert_eq!(again, json(&check(&text, rules())));
    assert_eq!(is_header(&text), 0);
    assert!(reread(rechecker.windows().expect("checked in part")) < furniture / 4);
}

/// A new article heading typed key by key, and taken out again: the
/// units change around it, and most keys are still checked in part (a
/// key that changes the units where a kept finding's safeguard was found
/// is checked whole).
#[test]
fn an_article_heading_typed_is_checked_in_part() {
    let mut rechecker = Rechecker::new();
    let mut text = corpus().to_string();
    rechecker.check(text.clone(), rules());
    let at = text.find("Article  3").expect("Budapest's Article 3");
    let heading = "Article  2A\n\n";
    let keys = heading.char_indices().map(|(i, key)| (at + i, 0, key.to_string()));
    let backspaces = (0..heading.len()).map(|_| (at, 1, String::new()));
    let mut whole = Vec::new();
    for (from, removed, typed) in keys.chain(backspaces) {
        let from16 = text[..from].encode_utf16().count();
        let again = json(rechecker.edit(from16, from16 + removed, &typed, rules()).expect("an edit"));
        text.replace_range(from..from + removed, &typed);
        assert_eq!(again, json(&check(&text, rules())), "after {typed:?} at {from}");
        match rechecker.windows() {
            Some(windows) => assert!(reread(windows) < 16_000, "{typed:?} at {from} re-read {windows:?}"),
            None => whole.push((from, typed)),
        }
    }
    assert!(whole.len() <= 4, "checked whole after {whole:?}");
}

#[test]
fn the_same_text_again_is_the_same_report() {
    let mut rechecker = Rechecker::new();
    let first = json(rechecker.check(corpus().to_string(), rules()));
    assert_eq!(json(rechecker.check(corpus().to_string(), rules())), first);
}
