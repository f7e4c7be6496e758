//! Segmentation on the real corpus texts and on the awkward inputs people
//! paste: the article and section numbers a lawyer would cite come out
//! right, paths and labels match how provisions are cited, and the unit tree
//! is well formed for any input.

mod corpus;

use clauselens::document::{Document, Role, Unit, UnitKind};

const CORPUS: &[&str] = &[
    "budapest_convention_2001.txt",
    "un_convention_2024_abridged.txt",
    "philippines_cybercrime_prevention_act_2012.txt",
    "tanzania_cybercrimes_act_2015.txt",
    "zambia_cyber_crimes_act_2025.txt",
    "india_it_act_2000_selected.txt",
    "uk_investigatory_powers_act_2016_excerpts.txt",
];

fn range(from: u32, to: u32) -> Vec<String> {
    (from..=to).map(|n| n.to_string()).collect()
}

fn list(numbers: &[&str]) -> Vec<String> {
    numbers.iter().map(|n| n.to_string()).collect()
}

/// The provisions of each text, as a lawyer would cite them, read off the files.
fn expected_provisions(name: &str) -> (UnitKind, Vec<String>) {
    match name {
        "budapest_convention_2001.txt" => (UnitKind::Article, range(1, 48)),
        "un_convention_2024_abridged.txt" => (
            UnitKind::Article,
            [range(1, 42), list(&["50", "52"])].concat(),
        ),
        "philippines_cybercrime_prevention_act_2012.txt" => (UnitKind::Section, range(1, 31)),
        "tanzania_cybercrimes_act_2015.txt" => (UnitKind::Section, range(1, 59)),
        "zambia_cyber_crimes_act_2025.txt" => (UnitKind::Section, range(1, 33)),
        "india_it_act_2000_selected.txt" => (
            UnitKind::Section,
            list(&[
                "43", "43A", "65", "66", "66A", "66B", "66C", "66D", "66E", "66F", "67", "67A",
                "67B", "69", "69A", "69B", "70", "72", "72A", "75", "79",
            ]),
        ),
        "uk_investigatory_powers_act_2016_excerpts.txt" => (
            UnitKind::Section,
            list(&["57", "58", "174", "252", "253", "255"]),
        ),
        other => panic!("no expectations for {other}"),
    }
}

#[test]
fn provision_numbers_are_the_ones_printed() {
    for name in CORPUS {
        let doc = Document::parse(&corpus::text(name));
        let (kind, want) = expected_provisions(name);
        let got: Vec<&str> = doc
            .units
            .iter()
            .filter(|u| u.kind.is_provision())
            .map(|u| u.number())
            .collect();
        assert_eq!(got, want, "{name}");
        assert!(
            doc.units
                .iter()
                .filter(|u| u.kind.is_provision())
                .all(|u| u.kind == kind),
            "{name}: all {kind:?}"
        );
    }
}

fn unit<'a>(doc: &'a Document, label: &str) -> &'a Unit {
    let found: Vec<&Unit> = doc.units.iter().filter(|u| u.label() == label).collect();
    assert!(!found.is_empty(), "no unit labelled {label:?}");
    found[0]
}

#[test]
fn titles_are_read_from_every_heading_layout() {
    let table: &[(&str, &str, &str)] = &[
        // "Article  2" with the title on a later line
        (
            "budapest_convention_2001.txt",
            "Article 2",
            "Illegal access",
        ),
        (
            "budapest_convention_2001.txt",
            "Article 15",
            "Conditions and safeguards",
        ),
        ("budapest_convention_2001.txt", "Article 35", "24/7 Network"),
        // "Article 6 - Illegal access"
        (
            "un_convention_2024_abridged.txt",
            "Article 6",
            "Illegal access",
        ),
        (
            "un_convention_2024_abridged.txt",
            "Article 52",
            "Reservations",
        ),
        // "Section 12. Title. — text"
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 12",
            "Real-Time Collection of Traffic Data",
        ),
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 29",
            "Separability Clause",
        ),
        // "(1) Illegal Access. — The access ..."
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 4(c)(4)",
            "Libel",
        ),
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 4(a)(5)",
            "Misuse of Devices",
        ),
        // "12. Title" on its own line
        (
            "tanzania_cybercrimes_act_2015.txt",
            "Section 6",
            "Illegal interception",
        ),
        (
            "zambia_cyber_crimes_act_2025.txt",
            "Section 22",
            "Prohibition of harassment , humiliation etc.",
        ),
        // "Section 66A - Title [editor's note]"
        (
            "india_it_act_2000_selected.txt",
            "Section 66A",
            "Punishment for sending offensive messages through communication service, etc.",
        ),
        // "57 Title [as enacted]"
        (
            "uk_investigatory_powers_act_2016_excerpts.txt",
            "Section 57",
            "Duty not to make unauthorised disclosures",
        ),
        (
            "uk_investigatory_powers_act_2016_excerpts.txt",
            "Section 253",
            "Technical capability notices",
        ),
        // Parts and chapters
        (
            "budapest_convention_2001.txt",
            "Chapter II",
            "MEASURES TO BE TAKEN AT THE NATIONAL LEVEL",
        ),
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Chapter II",
            "PUNISHABLE ACTS",
        ),
        (
            "uk_investigatory_powers_act_2016_excerpts.txt",
            "Part 2",
            "LAWFUL INTERCEPTION OF COMMUNICATIONS",
        ),
        (
            "uk_investigatory_powers_act_2016_excerpts.txt",
            "Chapter 3",
            "OTHER PROVISIONS ABOUT INTERCEPTION",
        ),
    ];
    let mut docs = std::collections::HashMap::new();
    for (name, label, title) in table {
        let doc = docs
            .entry(*name)
            .or_insert_with(|| Document::parse(&corpus::text(name)));
        assert_eq!(
            unit(doc, label).title.as_deref(),
            Some(*title),
            "{name} {label}"
        );
    }
    let phil = Document::parse(&corpus::text("philippines_cybercrime_prevention_act_2012.txt"));
    assert_eq!(
        unit(&phil, "Section 6").title,
        None,
        "Section 6 has no title, only text"
    );
}

#[test]
fn paths_and_labels_match_citations() {
    // (file, label, kind, number, the text the unit starts with)
    let table: &[(&str, &str, UnitKind, &str, &str)] = &[
        (
            "budapest_convention_2001.txt",
            "Article 15(2)",
            UnitKind::Paragraph,
            "2",
            "2. 2 Such conditions",
        ),
        (
            "budapest_convention_2001.txt",
            "Article 6(1)(a)(i)",
            UnitKind::Item,
            "i",
            "(i) a device",
        ),
        (
            "budapest_convention_2001.txt",
            "Article 1(c)(ii)",
            UnitKind::Item,
            "ii",
            "(ii) any other entity",
        ),
        (
            "budapest_convention_2001.txt",
            "Article 14(3)(b)(i)",
            UnitKind::Item,
            "i",
            "(i) is being operated",
        ),
        (
            "budapest_convention_2001.txt",
            "Article 24(7)(a)",
            UnitKind::Item,
            "a",
            "a)Each Party shall",
        ),
        (
            "un_convention_2024_abridged.txt",
            "Article 2(b)",
            UnitKind::Item,
            "b",
            "(b) \"Information and communications technology data\"",
        ),
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 4(c)(4)",
            UnitKind::Paragraph,
            "4",
            "(4) Libel.",
        ),
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 4(a)(5)(i)(aa)",
            UnitKind::Item,
            "aa",
            "(aa) A device",
        ),
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 3(h)(ii)",
            UnitKind::Item,
            "ii",
            "(ii) conduct not covered",
        ),
        (
            "philippines_cybercrime_prevention_act_2012.txt",
            "Section 3(i)",
            UnitKind::Item,
            "i",
            "(i) Cyber refers",
        ),
        (
            "tanzania_cybercrimes_act_2015.txt",
            "Section 6(1)(a)(i)",
            UnitKind::Item,
            "i",
            "(i) a non-public transmission",
        ),
        (
            "tanzania_cybercrimes_act_2015.txt",
            "Section 6(1)(b)",
            UnitKind::Item,
            "b",
            "(b) circumvent",
        ),
        (
            "tanzania_cybercrimes_act_2015.txt",
            "Section 6(2)",
            UnitKind::Paragraph,
            "2",
            "(2) A person who contravenes subsection (1)",
        ),
        (
            "zambia_cyber_crimes_act_2025.txt",
            "Section 10(3)(b)(iii)",
            UnitKind::Item,
            "iii",
            "(iii)",
        ),
        (
            "india_it_act_2000_selected.txt",
            "Section 66A(b)",
            UnitKind::Item,
            "b",
            "(b) any information which he knows to be false",
        ),
        (
            "india_it_act_2000_selected.txt",
            "Section 67B(a)",
            UnitKind::Item,
            "a",
            "(a) publishes or transmits",
        ),
        (
            "india_it_act_2000_selected.txt",
            "Section 79(2)(b)(iii)",
            UnitKind::Item,
            "iii",
            "(iii) select or modify",
        ),
        (
            "uk_investigatory_powers_act_2016_excerpts.txt",
            "Section 174(3)(c)(ii)",
            UnitKind::Item,
            "ii",
            "(ii) to a fine not exceeding",
        ),
        (
            "uk_investigatory_powers_act_2016_excerpts.txt",
            "Section 255(5A)",
            UnitKind::Paragraph,
            "5A",
            "(5A) A relevant notice",
        ),
        (
            "uk_investigatory_powers_act_2016_excerpts.txt",
            "Section 57(4)(e)",
            UnitKind::Item,
            "e",
            "(e) any of the material",
        ),
    ];
    let mut docs = std::collections::HashMap::new();
    for (name, label, kind, number, starts) in table {
        let text = docs.entry(*name).or_insert_with(|| corpus::text(name));
        let doc = Document::parse(text);
        let u = unit(&doc, label);
        assert_eq!(
            (u.kind, u.number()),
            (*kind, *number),
            "{name} {label}"
        );
        let path = label.split_once(' ').unwrap().1;
        assert_eq!(u.path(), path, "{name} {label}");
        assert!(
            text[u.span.clone()].starts_with(starts),
            "{name} {label} starts {:?}",
            &text[u.span.start..u.span.start + 40]
        );
    }
}

#[test]
fn cross_references_do_not_open_units() {
    let tanzania = corpus::text("tanzania_cybercrimes_act_2015.txt");
    let doc = Document::parse(&tanzania);
    // Section 6 is "(1) ... (a) ... (i) (ii) (iii) ... (b) ... (2) A person who contravenes subsection (1) ..."
    let s6 = doc
        .units
        .iter()
        .position(|u| u.label() == "Section 6")
        .unwrap();
    let inside: Vec<&str> = doc
        .units
        .iter()
        .filter(|u| doc.ancestors_of(u).contains(&s6))
        .map(|u| u.path())
        .collect();
    assert_eq!(
        inside,
        [
            "6(1)",
            "6(1)(a)",
            "6(1)(a)(i)",
            "6(1)(a)(ii)",
            "6(1)(a)(iii)",
            "6(1)(b)",
            "6(2)"
        ]
    );

    let text = "Section 5. Offences. — (1) A person who contravenes subsection (1) or paragraph (a) of section 4(1) \
                commits an offence. (2) The penalty under Article 20.d. applies.";
    let doc = Document::parse(text);
    let paths: Vec<&str> = doc.units.iter().map(|u| u.path()).collect();
    assert_eq!(paths, ["5", "5(1)", "5(2)"]);
}

trait Ancestors {
    fn ancestors_of(&self, u: &Unit) -> Vec<usize>;
}

impl Ancestors for Document {
    fn ancestors_of(&self, u: &Unit) -> Vec<usize> {
        std::iter::successors(u.parent, |&p| self.units[p].parent).collect()
    }
}

#[test]
fn i_is_a_letter_after_h_and_roman_elsewhere() {
    let text = "Section 3. Definitions. — In this Act:\n(g) \"x\" means x;\n(h) \"without right\" means either: (i) conduct in excess of authority; or (ii) conduct not covered by law;\n(i) \"cyber\" means y;\n(j) \"z\" means z.\n";
    let doc = Document::parse(text);
    let paths: Vec<&str> = doc.units.iter().map(|u| u.path()).collect();
    assert_eq!(
        paths,
        ["3", "3(g)", "3(h)", "3(h)(i)", "3(h)(ii)", "3(i)", "3(j)"]
    );
}

#[test]
fn treaty_sections_and_titles_are_divisions_not_law_sections() {
    let doc = Document::parse(&corpus::text("budapest_convention_2001.txt"));
    let a2 = unit(&doc, "Article 2");
    let chain: Vec<(UnitKind, &str)> = doc
        .ancestors_of(a2)
        .into_iter()
        .map(|i| (doc.units[i].kind, doc.units[i].label()))
        .collect();
    assert_eq!(
        chain,
        [
            (UnitKind::Chapter, "Title 1"),
            (UnitKind::Chapter, "Section 1"),
            (UnitKind::Chapter, "Chapter II")
        ]
    );
    assert!(doc.units.iter().all(|u| u.kind != UnitKind::Section));
    assert_eq!(
        unit(&doc, "Section 2").title.as_deref(),
        Some("PROCEDURAL LAW")
    );
}

#[test]
fn headings_with_the_number_alone_on_a_line() {
    let text = "ARTICLE 28\n\nJurisdiction\n\n(1)\nEach Party shall establish jurisdiction.\n\nArt. 29\nA Party may request.\n";
    let doc = Document::parse(text);
    let got: Vec<(&str, Option<&str>)> = doc
        .units
        .iter()
        .map(|u| (u.label(), u.title.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Article 28", Some("Jurisdiction")),
            ("Article 28(1)", None),
            ("Article 29", None)
        ]
    );
    assert_eq!(
        &text[doc.units[0].heading.clone()],
        "ARTICLE 28\n\nJurisdiction"
    );
    assert_eq!(&text[doc.units[1].heading.clone()], "(1)");
    assert!(doc.in_heading(text.find("Jurisdiction").unwrap()));
    assert!(!doc.in_heading(text.find("Each Party").unwrap()));
    assert!(
        !doc.in_heading(text.find("A Party").unwrap()),
        "a body line is not a title when it is a sentence"
    );
}

#[test]
fn crlf_and_non_breaking_spaces_segment_like_clean_text() {
    let clean = "Article 6 - Illegal access\n1. Each Party shall adopt:\na) the access; and\nb) the interception.\n2. A Party may require.\n";
    let messy = clean
        .replace('\n', "\r\n")
        .replace("Article 6", "Article\u{a0}6")
        .replace("1. ", "1.\u{a0}\u{a0}");
    let shape = |text: &str| -> Vec<(String, Option<String>)> {
        Document::parse(text)
            .units
            .iter()
            .map(|u| (u.label().to_string(), u.title.clone()))
            .collect()
    };
    assert_eq!(shape(&messy), shape(clean));
    assert_eq!(shape(clean).len(), 5);
    let doc = Document::parse(&messy);
    assert!(doc
        .units
        .iter()
        .all(|u| !messy[u.span.clone()].ends_with(['\r', '\n'])));
}

#[test]
fn text_before_the_first_provision_is_preamble() {
    let text = corpus::text("budapest_convention_2001.txt");
    let doc = Document::parse(&text);
    assert_eq!(
        doc.role_at(text.find("Recognising the value").unwrap()),
        Role::Preamble
    );
    assert_eq!(
        doc.role_at(text.find("\"computer system\" means").unwrap()),
        Role::Definitions
    );
    assert_eq!(
        doc.role_at(text.find("the access to the whole").unwrap()),
        Role::Operative
    );
}

#[test]
fn a_pasted_clause_still_gets_its_paragraphs_and_items() {
    let text = "(1) A police officer may require a service provider to—\n(a) collect traffic data; or\n(b) record content data.\n(2) An order under subsection (1) lasts 30 days.";
    let doc = Document::parse(text);
    let got: Vec<(&str, &str)> = doc
        .units
        .iter()
        .map(|u| (u.label(), u.path()))
        .collect();
    assert_eq!(
        got,
        [
            ("Paragraph (1)", "(1)"),
            ("Paragraph (1)(a)", "(1)(a)"),
            ("Paragraph (1)(b)", "(1)(b)"),
            ("Paragraph (2)", "(2)")
        ]
    );
    assert_eq!(doc.role_at(10), Role::Operative);
}

#[test]
fn page_furniture_is_noise_and_real_text_is_not() {
    let text = "Cybercrimes Act\n\nSection 1. Title. — This Act may be cited as the Act.\nCybercrimes Act\nPage 2 of 3\nSection 2. Scope. — It applies [...] everywhere.\n- 3 -\nCybercrimes Act\nSection 3. Offence. — A person commits an offence.\n";
    let doc = Document::parse(text);
    let noise: Vec<&str> = doc.noise.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(
        noise,
        [
            "Cybercrimes Act",
            "Cybercrimes Act",
            "Page 2 of 3",
            "[...]",
            "- 3 -",
            "Cybercrimes Act"
        ]
    );
    let numbers: Vec<&str> = doc.units.iter().map(|u| u.number()).collect();
    assert_eq!(numbers, ["1", "2", "3"]);

    // A title repeated under several headings is a title, not a running header.
    let text: String = (1..=4)
        .map(|n| format!("Article {n}\nUse of terms\nText {n}.\n\n"))
        .collect();
    let doc = Document::parse(&text);
    assert!(doc.noise.is_empty());
    assert!(doc
        .units
        .iter()
        .all(|u| u.title.as_deref() == Some("Use of terms")));

    // No corpus text loses a word: noise is only gap marks and page labels.
    for name in CORPUS {
        let text = corpus::text(name);
        for r in Document::parse(&text).noise {
            assert!(
                matches!(&text[r.clone()], "[...]"),
                "{name}: {:?} marked as noise",
                &text[r]
            );
        }
    }
}

/// Spans nest, parents come first, offsets are on character boundaries and
/// headings sit inside their unit.
fn assert_well_formed(text: &str, doc: &Document, what: &str) {
    for (i, u) in doc.units.iter().enumerate() {
        let ok = u.span.start <= u.span.end
            && u.span.end <= text.len()
            && text.is_char_boundary(u.span.start)
            && text.is_char_boundary(u.span.end)
            && u.heading.start >= u.span.start
            && u.heading.end <= u.span.end
            && text.is_char_boundary(u.heading.start)
            && text.is_char_boundary(u.heading.end);
        assert!(ok, "{what}: unit {i} {u:?}");
        if let Some(p) = u.parent {
            let parent = &doc.units[p];
            assert!(p < i, "{what}: parent after child {u:?}");
            assert!(
                parent.span.start <= u.span.start && u.span.end <= parent.span.end,
                "{what}: {u:?} outside {parent:?}"
            );
        }
        if i > 0 {
            assert!(
                doc.units[i - 1].span.start <= u.span.start,
                "{what}: reading order at {i}"
            );
        }
        // Siblings and cousins do not overlap: a unit that starts inside an
        // earlier unit's span is its descendant.
        let prev = i.checked_sub(1).map(|j| &doc.units[j]);
        if let Some(prev) = prev.filter(|p| u.span.start < p.span.end) {
            assert!(
                doc.ancestors_of(u).contains(&(i - 1)),
                "{what}: {u:?} overlaps {prev:?}"
            );
        }
    }
    for w in doc.noise.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "{what}: noise not sorted and disjoint"
        );
    }
}

#[test]
fn every_corpus_text_gives_a_well_formed_tree() {
    for name in CORPUS {
        let text = corpus::text(name);
        let doc = Document::parse(&text);
        assert_well_formed(&text, &doc, name);
        // Labels are the provision label followed by the path below it.
        for u in &doc.units {
            if let Some(p) = doc
                .ancestors_of(u)
                .into_iter()
                .find(|&a| doc.units[a].kind.is_provision())
            {
                let prov = &doc.units[p];
                assert_eq!(
                    u.label(),
                    format!("{} {}", prov.kind.word(), u.path()),
                    "{name}"
                );
                assert!(u.path().starts_with(prov.number()), "{name}: {}", u.path());
            }
        }
    }
}

#[test]
fn odd_input_never_panics_and_stays_well_formed() {
    let mut inputs: Vec<String> = [
        "",
        "\n\n\n",
        "(",
        "(i)",
        "Article",
        "Article 1",
        "Section 1.—",
        "PART 6,",
        "1.",
        "\u{feff}Article 1\u{a0}\r\nText",
        "(a) (b) (c)\n(zz) (xx) (iiii)\n(1)(1)(1)\n— (a) — (1) — (i)",
        "Article 2\nArticle 1\nArticle 2\n1.\n1.\n(5)\n(1)\n(c)\n(ii)\n2. 2\n",
        "é(ü) ; (a)ä\u{2028}(b)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push((0u8..=255).map(char::from).cycle().take(20_000).collect());
    inputs.push("; (a) x ; (b) y ; (i) z ".repeat(50_000));
    inputs.push("(1)\n".repeat(20_000));
    for (n, text) in inputs.iter().enumerate() {
        let doc = Document::parse(text);
        assert_well_formed(text, &doc, &format!("input {n}"));
    }
}

#[test]
fn a_hundred_thousand_tiny_articles() {
    let text: String = (1..=100_000)
        .map(|n| format!("Article {n}\n(1) Text.\n"))
        .collect();
    let doc = Document::parse(&text);
    let articles = doc
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Article)
        .count();
    assert_eq!(articles, 100_000);
    assert_eq!(doc.units.last().unwrap().label(), "Article 100000(1)");
}

#[test]
fn a_five_megabyte_single_line() {
    let text =
        "A person shall not, through a computer system, (a) intercept data; or (b) obstruct it. "
            .repeat(60_000);
    assert!(text.len() > 5_000_000);
    let doc = Document::parse(&text);
    assert_well_formed(&text, &doc, "5 MB line");
}
