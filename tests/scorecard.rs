//! The Necessary and Proportionate scorecard: the mapping data is complete
//! and consistent with the rule pack, and verdicts follow what the text says.

mod corpus;

use clauselens::rules::categories;
use clauselens::scorecard::{principles, score, PrincipleScore, Scorecard, Verdict};
use clauselens::{check, RuleSet};

fn card(text: &str) -> Scorecard {
    score(text, &check(text, &RuleSet::builtin()))
}

fn row(card: &Scorecard, number: u8) -> &PrincipleScore {
    &card.principles[usize::from(number) - 1]
}

#[test]
fn the_mapping_lists_the_thirteen_principles_and_maps_every_category() {
    let all = principles::all();
    let numbers: Vec<u8> = all.iter().map(|p| p.number).collect();
    assert_eq!(numbers, (1..=13).collect::<Vec<_>>());
    assert_eq!(all[5].name, "Competent judicial authority");
    for category in categories::ALL {
        assert!(all.iter().any(|p| p.categories.iter().any(|c| c == category)), "`{category}` bears on no principle");
    }
}

#[test]
fn the_mapping_file_is_checked_when_read() {
    let cases = [
        (principles::SOURCE.replacen("\"vague-offence\"", "\"vague\"", 1), "unknown category `vague`"),
        (principles::SOURCE.replacen("number = 2\n", "number = 3\n", 1), "principle 3"),
        (principles::SOURCE.replacen("applies_if = [", "applies_if = [\"(unclosed\", ", 1), "applies_if"),
    ];
    for (source, message) in cases {
        let error = principles::parse(&source).expect_err(message);
        assert!(error.contains(message), "{error}");
    }
}

#[test]
fn every_rule_maps_to_a_principle_and_cites_real_ones() {
    let all = principles::all();
    for rule in &RuleSet::builtin().rules {
        let spec = &rule.spec;
        assert!(all.iter().any(|p| p.categories.contains(&spec.category)), "{}: category maps nowhere", spec.id);
        for reference in spec.references.iter().filter(|r| r.contains("N&P")) {
            assert!(!principles::cited(reference).is_empty(), "{}: `{reference}` cites no principle 1-13", spec.id);
        }
    }
}

#[test]
fn a_text_with_no_offences_or_powers_makes_every_principle_not_applicable() {
    let text = "Article 1 - Short title\nThis Act may be cited as the Digital Economy Act.\n\nArticle 2 - Commencement\nThis Act comes into force on the date of its publication in the Gazette.\n";
    let card = card(text);
    for row in &card.principles {
        assert_eq!(row.verdict, Verdict::NotApplicable, "{}. {}: {}", row.number, row.name, row.reasoning);
        assert_eq!(row.reasoning, principles::all()[usize::from(row.number) - 1].not_applicable);
    }
    assert_eq!(card.summary["not-applicable"], 13);
}

#[test]
fn offences_without_surveillance_powers_leave_notification_and_judges_out() {
    let text = "Article 1 - Illegal access\nAny person who, with dishonest intent, accesses a computer system without authorisation commits an offence and is liable to a fine.\n";
    let card = card(text);
    assert_eq!(row(&card, 8).verdict, Verdict::NotApplicable, "{}", row(&card, 8).reasoning);
    assert_eq!(row(&card, 6).verdict, Verdict::NotApplicable, "{}", row(&card, 6).reasoning);
    assert_ne!(row(&card, 1).verdict, Verdict::NotApplicable, "legality governs offences");
    let defence = row(&card, 1).safeguards.iter().find(|s| s.name == "offences defined with criminal intent");
    assert_eq!(defence.expect("dishonest intent found").text, "with dishonest intent");
}

#[test]
fn a_police_power_with_no_judge_fails_judicial_authority_and_a_warrant_answers_it() {
    let police = "Article 1 - Real-time collection\nA police officer may, where there is due cause, require a service provider to collect or record traffic data in real time.\n";
    let judge = "Article 1 - Interception\nA judge may, on application, issue a warrant for the interception of content data for a period not exceeding 30 days, where the interception is necessary and proportionate to the investigation of an offence listed in the Schedule.\n";
    let report = check(police, &RuleSet::builtin());
    let bad = score(police, &report);
    let p6 = row(&bad, 6);
    assert_eq!(p6.verdict, Verdict::NotMet, "{}", p6.reasoning);
    assert!(p6.safeguards.is_empty());
    // The findings listed are the report's own, by id.
    for f in &p6.findings {
        assert!(report.findings.iter().any(|r| r.id == f.id && r.severity == f.severity), "{}", f.id);
    }

    let good = card(judge);
    let p6 = row(&good, 6);
    assert_ne!(p6.verdict, Verdict::NotMet, "{}", p6.reasoning);
    let warrant = p6.safeguards.iter().find(|s| s.text.to_lowercase().contains("judge")).expect("the judge is a safeguard");
    assert_eq!(warrant.location.as_ref().map(|l| &*l.label), Some("Article 1"));
    assert_eq!(&judge[utf16_to_byte(judge, warrant.start)..utf16_to_byte(judge, warrant.end)], warrant.text);
    let p5 = row(&good, 5);
    assert!(p5.safeguards.iter().any(|s| s.name == "limits on scope and duration"), "{:?}", p5.safeguards);
}

#[test]
fn a_gag_order_with_no_notice_fails_user_notification_until_notice_is_added() {
    let secret = "Article 1 - Production orders\nA judge may order a service provider to produce specified subscriber information.\n\nArticle 2 - Confidentiality\nThe service provider shall keep confidential the fact that the order was executed.\n";
    let noticed = secret.replace("was executed.", "was executed. The person concerned shall be notified when the investigation ends.");
    let before = card(secret);
    let after = card(&noticed);
    assert_eq!(row(&before, 8).verdict, Verdict::NotMet, "{}", row(&before, 8).reasoning);
    assert!(row(&before, 8).findings.iter().any(|f| f.category == "secrecy"));
    let p8 = row(&after, 8);
    assert_ne!(p8.verdict, Verdict::NotMet, "{}", p8.reasoning);
    assert!(p8.safeguards.iter().any(|s| s.text.contains("notified")), "{:?}", p8.safeguards);
    assert!(p8.reasoning.contains("Article 2"), "the reason cites where: {}", p8.reasoning);
}

#[test]
fn the_budapest_convention_scores_its_safeguards_article() {
    let card = card(&corpus::text("budapest_convention_2001.txt"));
    assert_eq!(card.principles.len(), 13);
    assert_eq!(card.summary.values().sum::<usize>(), 13);
    for number in [6, 8, 12] {
        assert_ne!(row(&card, number).verdict, Verdict::NotApplicable, "principle {number}");
    }
    // Article 15(2): "judicial or other independent supervision".
    let p6 = row(&card, 6);
    assert!(p6.safeguards.iter().any(|s| s.location.as_ref().is_some_and(|l| &*l.number == "15")), "{:?}", p6.safeguards);
    for row in &card.principles {
        assert!(!row.reasoning.is_empty());
        let high = row.findings.iter().any(|f| f.severity == clauselens::rules::Severity::High);
        if row.verdict == Verdict::Met {
            assert!(row.findings.is_empty(), "{}: met with findings", row.name);
        }
        if high && row.safeguards.is_empty() {
            assert_eq!(row.verdict, Verdict::NotMet, "{}", row.name);
        }
    }
}

#[test]
fn the_command_line_prints_the_scorecard_in_each_format() {
    let file = corpus::path("un_convention_2024_abridged.txt").display().to_string();
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_clauselens"))
            .args(["check", "--scorecard", "--format", format, &file])
            .output()
            .expect("runs");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, json, _) = run("json");
    assert_eq!(code, Some(0));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = value["principles"].as_array().unwrap();
    assert_eq!(rows.len(), 13);
    for row in rows {
        assert!(["met", "partly-met", "not-met", "not-applicable"].contains(&row["verdict"].as_str().unwrap()), "{row}");
    }
    let (_, md, _) = run("markdown");
    assert!(md.contains("| # | Principle | Verdict |"), "{md}");
    assert_eq!(md.lines().filter(|l| l.starts_with("| ") && l.split('|').nth(1).is_some_and(|n| n.trim().parse::<u8>().is_ok())).count(), 13);
    let (_, text, _) = run("text");
    assert!(text.contains("12. Safeguards for international cooperation:"), "{text}");
    let (code, _, err) = run("sarif");
    assert_eq!(code, Some(2));
    assert!(err.contains("--scorecard"), "{err}");
}

fn utf16_to_byte(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}
