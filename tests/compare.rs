//! Comparing two versions of a text, with the real rule pack: pairs made by
//! editing a text (a safeguard removed, an offence added, articles
//! renumbered or merged) and real corpus texts. What each edit should change
//! is worked out here by running `check` on both versions, so the tests stay
//! true as the rule pack grows.

mod corpus;

use clauselens::compare::{compare, ChangeKind, Comparison, DiffOp, Matched, PairedBy};
use clauselens::report::{Finding, Report};
use clauselens::rules::Kind;
use clauselens::{check, RuleSet};
use std::collections::BTreeSet;

/// A small law in the layout of the UN convention, each article with one concern or safeguard.
const LAW: &str = "Example Cybercrime Act

Article 1 - Definitions
In this Act, \"traffic data\" means any computer data relating to a communication.

Article 2 - Illegal access
Any person who, with dishonest intent, accesses a computer system commits an offence.

Article 3 - Real-time collection of traffic data
A police officer may, under a warrant issued by a judge, require a service provider to collect or record traffic data in real time for a period not exceeding 30 days.

Article 4 - Confidentiality
The service provider shall keep confidential the fact that the order was executed. The person concerned shall be notified when the investigation ends.

Article 5 - Interception of content data
A police officer may, where there is due cause, require a service provider to intercept content data in real time.

Article 6 - Preservation
A judge may order the expedited preservation of specified computer data.
";

/// The provision label ("Article 3") a finding is in, if any.
fn article(f: &Finding) -> Option<String> {
    f.location.as_ref().map(|l| format!("{} {}", l.unit.word(), l.number))
}

fn in_article<'a>(report: &'a Report, label: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| article(f).as_deref() == Some(label)).collect()
}

/// Every finding of A is paired or gone and every finding of B paired or
/// new, never both; the summary counts agree with the changes.
fn assert_accounted(cmp: &Comparison) {
    let paired_a: BTreeSet<&str> = cmp.pairs.iter().map(|p| p.a.as_str()).collect();
    let paired_b: BTreeSet<&str> = cmp.pairs.iter().map(|p| p.b.as_str()).collect();
    let gone: BTreeSet<&str> = cmp.changes.iter().filter(|c| c.kind == ChangeKind::Gone).filter_map(|c| c.a.as_deref()).collect();
    let new: BTreeSet<&str> = cmp.changes.iter().filter(|c| c.kind == ChangeKind::New).filter_map(|c| c.b.as_deref()).collect();
    for f in &cmp.a.findings {
        assert!(paired_a.contains(f.id.as_str()) != gone.contains(f.id.as_str()), "A finding {} is paired or gone, once", f.id);
    }
    for f in &cmp.b.findings {
        assert!(paired_b.contains(f.id.as_str()) != new.contains(f.id.as_str()), "B finding {} is paired or new, once", f.id);
    }
    let total_new: usize = cmp.summary.values().map(|c| c.new).sum();
    let total_gone: usize = cmp.summary.values().map(|c| c.gone).sum();
    assert_eq!((total_new, total_gone), (new.len(), gone.len()));
}

#[test]
fn removing_a_judge_is_reported_where_it_happened_with_the_deleted_words() {
    let edited = LAW.replace(", under a warrant issued by a judge,", "");
    let rules = RuleSet::builtin();
    let (ra, rb) = (check(LAW, &rules), check(&edited, &rules));
    // What the check itself says changed in Article 3.
    let before = in_article(&ra, "Article 3");
    let worse: Vec<&Finding> = in_article(&rb, "Article 3")
        .into_iter()
        .filter(|f| before.iter().all(|a| a.rule != f.rule || a.severity < f.severity))
        .collect();
    assert!(!worse.is_empty(), "the rule pack sees no difference when the judge is removed: {:#?}", rb.findings);

    let cmp = compare(LAW, &edited, &rules);
    assert_accounted(&cmp);
    for f in worse {
        let change = cmp.changes.iter().find(|c| c.b.as_deref() == Some(f.id.as_str())).unwrap_or_else(|| {
            panic!("no change reported for {} in Article 3: {:#?}", f.id, cmp.changes)
        });
        let was = before.iter().find(|a| a.rule == f.rule);
        match was {
            None => assert_eq!(change.kind, ChangeKind::New, "{}", change.summary),
            Some(a) => {
                assert_eq!(change.kind, ChangeKind::Severity, "{}", change.summary);
                assert_eq!((change.severity_a, change.severity_b), (Some(a.severity), Some(f.severity)));
            }
        }
        let label = |p: &Option<clauselens::compare::Place>| p.as_ref().and_then(|p| p.location.as_ref()).map(|l| l.label.clone());
        assert_eq!(label(&change.clause_a).as_deref(), Some("Article 3"), "{}", change.summary);
        assert_eq!(label(&change.clause_b).as_deref(), Some("Article 3"), "{}", change.summary);
        let deleted: String = change.wording.iter().filter(|w| w.op == DiffOp::Delete).map(|w| w.text.as_str()).collect();
        assert!(deleted.contains("issued by a judge"), "the diff shows the judge removed: {:?}", change.wording);
        assert!(change.wording.iter().all(|w| w.op != DiffOp::Insert), "nothing was inserted: {:?}", change.wording);
    }
    // Nothing is reported in the articles that did not change.
    for c in &cmp.changes {
        let place = c.clause_b.as_ref().and_then(|p| p.location.as_ref()).map(|l| &*l.number);
        assert!(matches!(place, None | Some("3")), "unexpected change: {}", c.summary);
    }
}

#[test]
fn removing_a_notification_duty_raises_the_secrecy_finding_and_names_the_safeguard() {
    let edited = LAW.replace(" The person concerned shall be notified when the investigation ends.", "");
    let rules = RuleSet::builtin();
    let (ra, rb) = (check(LAW, &rules), check(&edited, &rules));
    let cmp = compare(LAW, &edited, &rules);
    assert_accounted(&cmp);
    let mut seen = 0;
    for fb in in_article(&rb, "Article 4") {
        let Some(fa) = in_article(&ra, "Article 4").into_iter().find(|a| a.rule == fb.rule) else { continue };
        let names = |f: &Finding| f.mitigations.iter().map(|m| m.name.to_string()).collect::<BTreeSet<_>>();
        let removed: Vec<String> = names(fa).difference(&names(fb)).cloned().collect();
        if fa.severity == fb.severity && removed.is_empty() {
            continue;
        }
        seen += 1;
        let change = cmp.changes.iter().find(|c| c.b.as_deref() == Some(fb.id.as_str())).expect("a change for it");
        assert_eq!(change.a.as_deref(), Some(fa.id.as_str()));
        assert_eq!(change.safeguards_removed, removed);
        assert!(change.summary.contains(&removed[0]), "{}", change.summary);
        // The runs rebuild both clauses, so a view can show either side.
        let side = |skip: DiffOp| change.wording.iter().filter(|w| w.op != skip).map(|w| w.text.as_str()).collect::<String>();
        let clause = |text: &str, p: &Option<clauselens::compare::Place>| {
            let p = p.as_ref().expect("a clause");
            text[p.byte_start..p.byte_end].split_whitespace().collect::<Vec<_>>().join(" ")
        };
        assert_eq!(side(DiffOp::Insert), clause(LAW, &change.clause_a));
        assert_eq!(side(DiffOp::Delete), clause(&edited, &change.clause_b));
    }
    assert!(seen > 0, "the rule pack should weigh a later notification in a secrecy clause: {:#?}", ra.findings);
}

#[test]
fn adding_an_offence_reports_its_findings_as_new_with_no_counterpart() {
    // The new article goes in the middle, so the ones after it are renumbered too.
    let offence = "Article 3 - False information\nAny person who publishes false information that is likely to cause fear commits an offence.\n\n";
    let mut edited = LAW.to_string();
    for n in (3..=6).rev() {
        edited = edited.replace(&format!("Article {n} -"), &format!("Article {} -", n + 1));
    }
    let at = edited.find("Article 4 -").unwrap();
    edited.insert_str(at, offence);
    let rules = RuleSet::builtin();
    let rb = check(&edited, &rules);
    let added = in_article(&rb, "Article 3");
    assert!(!added.is_empty(), "the rule pack should flag a false-information offence: {:#?}", rb.findings);

    let cmp = compare(LAW, &edited, &rules);
    assert_accounted(&cmp);
    for f in &added {
        let change = cmp.changes.iter().find(|c| c.b.as_deref() == Some(f.id.as_str())).expect("reported");
        assert_eq!(change.kind, ChangeKind::New, "{}", change.summary);
        assert!(change.clause_a.is_none(), "nothing in A corresponds to the new article: {}", change.summary);
    }
    // Everything else is the same concern, moved: only whole-text findings may change with it.
    for c in cmp.changes.iter().filter(|c| !added.iter().any(|f| c.b.as_deref() == Some(f.id.as_str()))) {
        assert!(c.clause_a.is_none() && c.clause_b.is_none(), "unexpected change: {}", c.summary);
    }
    let gone = cmp.changes.iter().filter(|c| c.kind == ChangeKind::Gone && c.clause_a.is_some()).count();
    assert_eq!(gone, 0);
    let inserted = cmp.provisions.iter().find(|p| p.a.is_none()).expect("the new article has no counterpart");
    assert_eq!(inserted.b.as_ref().unwrap().title.as_deref(), Some("False information"));
}

#[test]
fn renumbering_every_article_keeps_every_finding_and_its_identity() {
    let text = corpus::text("un_convention_2024_abridged.txt");
    let renumbered: String = text
        .lines()
        .map(|line| match line.strip_prefix("Article ").and_then(|rest| rest.split_once(' ')) {
            Some((n, rest)) if n.parse::<u32>().is_ok() => format!("Article {} {rest}", n.parse::<u32>().unwrap() + 100),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(text, renumbered);
    let rules = RuleSet::builtin();
    let (ra, rb) = (check(&text, &rules), check(&renumbered, &rules));
    assert!(ra.findings.len() >= 5, "the UN convention should raise findings");
    // Identity: the same ids, though every article number changed.
    let ids = |r: &Report| r.findings.iter().map(|f| f.id.clone()).collect::<BTreeSet<_>>();
    assert_eq!(ids(&ra), ids(&rb));
    let moved = rb.findings.iter().filter_map(|f| f.location.as_ref()).filter(|l| l.number.parse::<u32>().is_ok_and(|n| n > 100)).count();
    assert!(moved > 0, "the renumbered text cites the new numbers");

    let cmp = compare(&text, &renumbered, &rules);
    assert!(cmp.changes.is_empty(), "renumbering changes no concern: {:#?}", cmp.changes.iter().map(|c| &c.summary).collect::<Vec<_>>());
    assert_eq!(cmp.pairs.len(), ra.findings.len());
    assert!(cmp.pairs.iter().all(|p| p.by == PairedBy::Id && p.a == p.b));
    assert!(cmp.provisions.iter().all(|p| p.a.is_some() && p.b.is_some() && !p.changed), "every article pairs with its renumbered self");
    assert!(cmp.provisions.iter().all(|p| p.matched == Some(Matched::Title)));
}

#[test]
fn a_finding_changes_identity_when_its_words_change_and_compare_still_pairs_it() {
    let edited = LAW.replace("intercept content data in real time", "intercept the content data of any person in real time");
    let rules = RuleSet::builtin();
    let (ra, rb) = (check(LAW, &rules), check(&edited, &rules));
    let (before, after) = (in_article(&ra, "Article 5"), in_article(&rb, "Article 5"));
    assert!(!before.is_empty(), "the rule pack should flag interception on due cause");
    let cmp = compare(LAW, &edited, &rules);
    assert_accounted(&cmp);
    for fa in &before {
        let fb = after.iter().find(|f| f.rule == fa.rule).expect("the same concern after a small edit");
        assert_ne!(fa.id, fb.id, "the clause's words changed, so its identity does");
        let pair = cmp.pairs.iter().find(|p| p.a == fa.id).expect("paired");
        assert_eq!((pair.b.as_str(), pair.by), (fb.id.as_str(), PairedBy::Content));
    }
    // The unchanged articles keep their identities.
    for fa in in_article(&ra, "Article 3") {
        assert!(rb.findings.iter().any(|f| f.id == fa.id), "{} kept its id", fa.id);
    }
}

#[test]
fn merging_two_articles_loses_no_finding() {
    let merged = LAW
        .replace(
            "Article 4 - Confidentiality\nThe service provider",
            "Article 4 - Confidentiality and interception\nThe service provider",
        )
        .replace("\n\nArticle 5 - Interception of content data\n", " ")
        .replace("Article 6 -", "Article 5 -");
    let rules = RuleSet::builtin();
    let ra = check(LAW, &rules);
    let parts: Vec<&Finding> = in_article(&ra, "Article 4").into_iter().chain(in_article(&ra, "Article 5")).collect();
    assert!(in_article(&ra, "Article 4").len() + in_article(&ra, "Article 5").len() >= 2, "both merged articles raise findings");

    let cmp = compare(LAW, &merged, &rules);
    assert_accounted(&cmp);
    let paired_a: BTreeSet<&str> = cmp.pairs.iter().map(|p| p.a.as_str()).collect();
    for f in parts {
        assert!(paired_a.contains(f.id.as_str()), "{} from a merged article is still there", f.id);
    }
    assert!(
        cmp.changes.iter().all(|c| !matches!(c.kind, ChangeKind::New | ChangeKind::Gone) || c.clause_b.is_none() && c.clause_a.is_none()),
        "merging reports no clause finding new or gone: {:#?}",
        cmp.changes.iter().map(|c| &c.summary).collect::<Vec<_>>()
    );
    let folded = cmp.provisions.iter().find(|p| p.a.as_ref().and_then(|a| a.title.as_deref()) == Some("Interception of content data"));
    let folded = folded.expect("article 5 of A is listed");
    assert_eq!(folded.matched, Some(Matched::Merged));
    assert_eq!(folded.b.as_ref().and_then(|b| b.title.as_deref()), Some("Confidentiality and interception"));
}

#[test]
fn a_corpus_text_compared_with_itself_changes_nothing() {
    let text = corpus::text("tanzania_cybercrimes_act_2015.txt");
    let cmp = compare(&text, &text, &RuleSet::builtin());
    assert!(!cmp.a.findings.is_empty());
    assert!(cmp.changes.is_empty());
    assert_eq!(cmp.pairs.len(), cmp.a.findings.len());
    assert!(cmp.provisions.iter().all(|p| p.matched == Some(Matched::NumberAndTitle) && !p.changed));
}

#[test]
fn two_different_corpus_texts_account_for_every_finding() {
    // A national law that copies the treaty's model: some concerns carry over, many do not.
    let (a, b) = (corpus::text("budapest_convention_2001.txt"), corpus::text("zambia_cyber_crimes_act_2025.txt"));
    let cmp = compare(&a, &b, &RuleSet::builtin());
    assert_accounted(&cmp);
    assert!(cmp.changes.iter().any(|c| c.kind == ChangeKind::New));
    assert!(cmp.changes.iter().any(|c| c.kind == ChangeKind::Gone));
    for c in &cmp.changes {
        assert!(!c.summary.is_empty());
        let f = cmp.b.findings.iter().chain(&cmp.a.findings).find(|f| Some(&f.id) == c.b.as_ref().or(c.a.as_ref())).unwrap();
        assert_eq!((c.category.as_str(), c.rule.as_str()), (&*f.category, &*f.rule));
        if f.kind == Kind::Absence {
            assert!(c.clause_a.is_none() && c.clause_b.is_none());
        }
    }
}

#[test]
fn the_category_filter_keeps_only_that_concern() {
    let edited = LAW.replace(", under a warrant issued by a judge,", "").replace(" The person concerned shall be notified when the investigation ends.", "");
    let all = compare(LAW, &edited, &RuleSet::builtin());
    let secrecy = all.changes.iter().filter(|c| c.category == "secrecy").count();
    assert!(secrecy > 0 && secrecy < all.changes.len(), "the edit changes secrecy and other concerns");
    let mut only = all.clone();
    only.only(&["secrecy".to_string()]);
    assert_eq!(only.changes.len(), secrecy);
    assert!(only.changes.iter().all(|c| c.category == "secrecy"));
    assert_eq!(only.summary.keys().copied().collect::<Vec<_>>(), ["secrecy"]);
}

/// Runs the built command line.
fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clauselens")).args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn the_command_line_compares_in_text_json_and_markdown() {
    let dir = std::env::temp_dir().join(format!("clauselens-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("draft.txt"), dir.join("final.txt"));
    std::fs::write(&a, LAW).unwrap();
    std::fs::write(&b, LAW.replace(", under a warrant issued by a judge,", "")).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());

    let (code, text, _) = cli(&["compare", a, b]);
    assert_eq!(code, 0);
    assert!(text.contains("[-, under a warrant issued by a judge,-]"), "{text}");
    assert!(text.contains("Article 3"), "{text}");

    let (code, json, _) = cli(&["compare", "--format", "json", a, b]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(value["changes"].as_array().is_some_and(|c| !c.is_empty()));
    assert!(value["a"]["findings"].is_array() && value["b"]["findings"].is_array());

    let (code, md, _) = cli(&["compare", "--format", "markdown", "--category", "weak-safeguards", a, b]);
    assert_eq!(code, 0);
    assert!(md.starts_with("# ClauseLens comparison"), "{md}");
    assert!(md.contains("~~, under a warrant issued by a judge,~~"), "{md}");
    assert!(!md.contains("## Real-time surveillance"), "filtered to one concern: {md}");

    let (code, _, err) = cli(&["compare", "--category", "spying", a, b]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown category `spying`"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
