//! Properties that hold for any text: generated law-like text (headings,
//! numbering, rule trigger words, copy artefacts, scripts of every
//! direction), arbitrary characters and bytes, and random cuts of the real
//! corpus.
//!
//! What a person would notice if one failed: a highlight on the wrong words
//! or a crash when the page slices the text (offsets), a report that changes
//! between two runs (determinism), findings out of reading order (sorting),
//! a wrong citation (the unit tree), a clause missed because the text was
//! copied from a PDF (copy artefacts), and a tab that freezes on a long law
//! (work that grows faster than the text).

mod corpus;
mod invariants;

use clauselens::rules::Kind;
use clauselens::{check, Document, Report, RuleSet};
use invariants::{assert_document_valid, assert_findings_inside_their_clauses, assert_innermost_valid, assert_report_valid};
use proptest::prelude::*;
use proptest::sample::select;
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

/// Every corpus text, longest first.
static CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut texts: Vec<String> = corpus::all().into_iter().map(|(_, text)| text).collect();
    texts.sort_by_key(|t| std::cmp::Reverse(t.len()));
    texts
});

/// Sentences with trigger words in them: every rule's own examples.
fn rule_sentences() -> Vec<String> {
    RULES.rules.iter().flat_map(|r| r.spec.examples.flag.iter().chain(&r.spec.examples.pass)).cloned().collect()
}

/// Headings and numbering markers in the styles real laws use, including
/// skipped, repeated and odd numbers.
fn heading() -> impl Strategy<Value = String> {
    let word = select(vec![
        "Article", "ARTICLE", "Art.", "Section", "SECTION", "SEC.", "Sec.", "s.", "CHAPTER", "Chapter", "PART", "Part",
        "TITLE", "Title", "Schedule",
    ]);
    let number = prop_oneof![
        (0u32..300).prop_map(|n| n.to_string()),
        select(vec!["26A", "IV", "XII", "ii", "1bis", "3.2", "0", "99999999999999999999", "", "ⅻ", "٣"]).prop_map(String::from),
    ];
    let title = select(vec!["", ".", ". Definitions", "\nUse of terms", " - Illegal access", ":", ". Confidentiality.\u{2014}"]);
    (word, number, title).prop_map(|(w, n, t)| format!("{w} {n}{t}"))
}

fn marker() -> impl Strategy<Value = &'static str> {
    select(vec![
        "(a)", "(b)", "(c)", "(z)", "(aa)", "(i)", "(ii)", "(iv)", "(v)", "(x)", "(1)", "(2)", "(10)", "1.", "2.", "12.", "a)",
        "i)", "(A)", "(I)", "•", "-", "—", "1.1", "(a)(i)", "()", "(", ")",
    ])
}

/// Characters that copies from PDFs and web pages, and other scripts, bring.
fn odd() -> impl Strategy<Value = &'static str> {
    select(vec![
        "\u{a0}", "\u{202f}", "\u{2007}", "\t", "\r\n", "\r", "\n", "\n\n", "\u{2028}", "\u{85}", "\u{feff}", "\u{ad}",
        "\u{200b}", "\u{200d}", "\u{2060}", "-\n", "\u{2010}\n", "\u{201c}", "\u{201d}", "\u{2019}", "\u{2014}", "\u{2013}",
        "\u{2212}", "\u{fb01}", "\u{fb03}", "\u{fb06}", "\u{130}", "\u{1e9e}", "\u{3a3}", "\u{df}", "e\u{301}", "\u{1d538}",
        "\u{1f469}\u{200d}\u{2696}\u{fe0f}", "\u{202e}", "\u{202b}", "\u{200f}", "\u{2067}", "\u{2069}",
        "\u{627}\u{644}\u{645}\u{627}\u{62f}\u{629} \u{665}", "\u{5e1}\u{5e2}\u{5d9}\u{5e3} 3", "\u{7b2c}\u{4e94}\u{6761}",
        "\u{fffd}", "\0", "\u{1}", "\u{7f}", "\u{10ffff}", "\u{e000}", "[...]", "Page 3 of 9",
    ])
}

/// One piece of a law-like text.
fn piece() -> impl Strategy<Value = String> {
    let sentences = rule_sentences();
    let lines: Vec<String> = CORPUS.iter().flat_map(|t| t.lines().map(String::from)).filter(|l| !l.is_empty()).collect();
    prop_oneof![
        3 => heading(),
        3 => marker().prop_map(String::from),
        4 => select(sentences),
        2 => select(lines),
        3 => odd().prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A law-like text: pieces joined by the separators pasted text has.
fn law_like() -> impl Strategy<Value = String> {
    let separator = select(vec![" ", "", "\n", "\r\n", "\n\n", "  ", "\t", "\u{a0}", "\n   "]);
    prop::collection::vec((piece(), separator), 0..40).prop_map(|parts| parts.into_iter().map(|(p, s)| p + s).collect())
}

/// Checks `text` twice and asserts everything a report and a document must be.
fn assert_all_invariants(text: &str) -> Report {
    let doc = Document::parse(text);
    assert_document_valid(text, &doc);
    if text.len() < 20_000 {
        assert_innermost_valid(text, &doc);
    }
    let report = check(text, &RULES);
    assert_report_valid(text, &report);
    assert_findings_inside_their_clauses(&doc, &report);
    let again = check(text, &RULES);
    assert_eq!(json(&report), json(&again), "two checks of the same text differ");
    report
}

fn json(report: &Report) -> String {
    serde_json::to_string(report).expect("a report serialises")
}

proptest! {
    #[test]
    fn law_like_text_keeps_every_invariant(text in law_like()) {
        assert_all_invariants(&text);
    }

    #[test]
    fn arbitrary_characters_keep_every_invariant(chars in prop::collection::vec(any::<char>(), 0..300)) {
        assert_all_invariants(&chars.into_iter().collect::<String>());
    }

    #[test]
    fn arbitrary_bytes_read_lossily_keep_every_invariant(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        assert_all_invariants(&String::from_utf8_lossy(&bytes));
    }

    /// A paste rarely starts or ends at a clean boundary: any cut of a real
    /// law, however it falls, gives a valid report.
    #[test]
    fn any_cut_of_a_real_law_keeps_every_invariant(which in 0usize..64, start in 0.0f64..1.0, len in 0usize..6000) {
        let text = &CORPUS[which % CORPUS.len()];
        let mut from = (start * text.len() as f64) as usize;
        while !text.is_char_boundary(from) { from += 1; }
        let mut to = (from + len).min(text.len());
        while !text.is_char_boundary(to) { to -= 1; }
        assert_all_invariants(&text[from..to]);
    }

    /// Copy artefacts (typographic spaces, soft hyphens and zero-width
    /// characters, ligatures, curly quotes, other scripts around the
    /// sentence) never hide a clause that its rule flags in plain form.
    #[test]
    fn copy_artefacts_do_not_hide_a_flagged_clause(
        pick in any::<prop::sample::Index>(),
        spaces in prop::collection::vec(select(vec![" ", "  ", "\u{a0}", "\t", "\u{2003}", "\u{202f}", " \u{200b}", "\u{ad} "]), 64),
        ligatures in any::<bool>(),
        quotes in any::<bool>(),
        around in (odd(), odd()),
    ) {
        let examples: Vec<(&str, &str)> = RULES.rules.iter()
            .filter(|r| r.spec.kind == Kind::Clause)
            .flat_map(|r| r.spec.examples.flag.iter().map(move |t| (r.spec.id.as_str(), t.as_str())))
            .filter(|(_, t)| !t.contains('\n'))
            .collect();
        let (rule, example) = *pick.get(&examples);
        let mut spaces = spaces.iter().cycle();
        let mut text: String = example.chars().map(|c| if c == ' ' { spaces.next().unwrap().to_string() } else { c.to_string() }).collect();
        if ligatures { text = text.replace("fi", "\u{fb01}").replace("ffl", "\u{fb04}"); }
        if quotes { text = text.replace('\'', "\u{2019}"); }
        // The odd characters go on the same line, so the clause stays one sentence.
        let (before, after) = around;
        let text = format!("{} {text} {}", before.replace(['\n', '\r', '\u{2028}', '\u{85}'], " "), after.replace(['\n', '\r', '\u{2028}', '\u{85}'], " "));
        let report = assert_all_invariants(&text);
        prop_assert!(report.findings.iter().any(|f| *f.rule == *rule), "{rule} missed {text:?}");
    }
}

/// Law-like article bodies: one-line rule sentences under numbered
/// paragraphs and lettered items, no headings (so each article stands alone).
fn article_body() -> impl Strategy<Value = Vec<String>> {
    let sentences: Vec<String> = rule_sentences().into_iter().filter(|s| !s.contains('\n')).collect();
    let line = prop_oneof![
        2 => select(sentences.clone()),
        1 => (marker(), select(sentences)).prop_map(|(m, s)| format!("{m} {s}")),
    ];
    prop::collection::vec(line, 1..6)
}

/// `blocks` articles, each body repeated `k` times with continuing numbers.
fn articles(bodies: &[Vec<String>], k: usize) -> String {
    let mut text = String::new();
    let mut number = 0;
    for _ in 0..k {
        for body in bodies {
            number += 1;
            text += &format!("Article {number}\n{}\n\n", body.join("\n"));
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The work a check does grows in proportion to the text: a law made of
    /// the same articles k times over (k = 1, 2, 4, 8) has exactly k times
    /// the units, the clause findings and the safeguard passages of one copy,
    /// and the same document-wide findings. Counts, not timings: a timing
    /// test fails on a busy machine and passes a quadratic loop on a fast one.
    #[test]
    fn work_grows_in_proportion_to_the_text(bodies in prop::collection::vec(article_body(), 1..4)) {
        let count = |text: &str| {
            let report = check(text, &RULES);
            assert_report_valid(text, &report);
            assert_findings_inside_their_clauses(&Document::parse(text), &report);
            let clause: Vec<_> = report.findings.iter().filter(|f| f.kind == Kind::Clause).collect();
            let passages: usize = clause.iter().map(|f| f.mitigations.len() + f.context.len()).sum();
            let mut absent: Vec<String> =
                report.findings.iter().filter(|f| f.kind == Kind::Absence).map(|f| f.rule.to_string()).collect();
            absent.sort();
            (Document::parse(text).units.len(), clause.len(), passages, absent)
        };
        let one = count(&articles(&bodies, 1));
        prop_assert!(one.0 >= bodies.len(), "each article is a unit: {one:?}");
        for k in [2, 4, 8] {
            let (units, clause, passages, absent) = count(&articles(&bodies, k));
            prop_assert_eq!(units, k * one.0, "units for k = {}", k);
            prop_assert_eq!(clause, k * one.1, "clause findings for k = {}", k);
            prop_assert_eq!(passages, k * one.2, "safeguard passages for k = {}", k);
            prop_assert_eq!(&absent, &one.3, "document-wide findings for k = {}", k);
        }
    }
}

/// A trigger whose words may be spread over a sentence ("child ... images")
/// finds them in one article: Article 1's "child" and Article 2's "images"
/// are no finding of Article 1's, and Article 2 keeps its own.
#[test]
fn a_finding_never_runs_on_into_the_next_article() {
    let text = "Article 1\nA person who knowingly publishes material which is obscene, with intent to corrupt a child, commits an offence.\n\n\
                Article 2\nWhoever creates text or digital images depicting children in a sexually explicit manner shall be punished.\n";
    let report = assert_all_invariants(text);
    let found: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| &*f.rule == "child-self-generated/non-visual-material")
        .map(|f| (f.location.as_ref().map_or("", |l| &*l.label), f.text.as_str()))
        .collect();
    assert_eq!(found, [("Article 2", "creates text or digital images depicting children")]);
}

/// Every corpus text whole: the offsets, order and tree hold on real laws.
#[test]
fn real_laws_keep_every_invariant() {
    for text in CORPUS.iter() {
        assert_all_invariants(text);
    }
}

/// The checks above can fail: a report with one offset moved, one finding
/// out of order or one id repeated is caught.
/// A way to break a report, named by what it breaks.
type Breakage = (&'static str, Box<dyn Fn(&mut Report)>);

#[test]
fn the_invariants_catch_a_broken_report() {
    let text = &CORPUS[0];
    let report = check(text, &RULES);
    let clause: Vec<usize> =
        report.findings.iter().enumerate().filter(|(_, f)| f.kind == Kind::Clause).map(|(i, _)| i).collect();
    let a = clause[0];
    let b = *clause.iter().find(|&&i| report.findings[i].byte_start > report.findings[a].byte_start).expect("two clause findings");
    let breakages: [Breakage; 5] = [
        ("UTF-16 start moved", Box::new(move |r| r.findings[a].start += 1)),
        ("byte end moved", Box::new(move |r| r.findings[a].byte_end -= 1)),
        ("text changed", Box::new(move |r| r.findings[a].text.push('x'))),
        ("order swapped", Box::new(move |r| r.findings.swap(a, b))),
        ("id repeated", Box::new(move |r| r.findings[b].id = r.findings[a].id.clone())),
    ];
    for (what, breakage) in breakages {
        let mut broken = report.clone();
        breakage(&mut broken);
        let caught = std::panic::catch_unwind(|| assert_report_valid(text, &broken)).is_err();
        assert!(caught, "{what} was not caught");
    }
}
