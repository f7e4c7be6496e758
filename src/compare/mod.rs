//! Compares two versions of a text (a draft and its final version, a bill
//! and the treaty it copies) concern by concern: findings new in B, gone
//! from B, whose severity changed, and safeguards added or removed, each
//! with its place in both texts and the changed wording.
//!
//! Findings are paired by their stable `id` first (rule plus a fingerprint
//! of the provision title and clause words), which survives renumbering.
//! What is left is paired by content: the clause of the other text that
//! [`align`] finds most similar, holding a finding of the same rule. A
//! finding with no such partner is new (or gone); its change still names the
//! corresponding clause of the other text and the word diff between the two,
//! which is usually the reason (a "judge" that was deleted).

mod align;
mod render;

pub use align::Matched;
pub use render::{markdown, text};

use crate::report::{Finding, Location, Report};
use crate::rules::{categories, Kind, RuleSet, Severity};
use align::{Side, Vocabulary};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What changed between text A and text B.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The ClauseLens version that made it.
    pub version: &'static str,
    /// The check of text A.
    pub a: Report,
    /// The check of text B.
    pub b: Report,
    /// Every provision of both texts, paired, in B's reading order (A-only
    /// provisions after their predecessor): for a side-by-side view.
    pub provisions: Vec<ProvisionPair>,
    /// Every pair of findings judged to be the same concern, changed or not.
    pub pairs: Vec<Pair>,
    /// What changed, in B's reading order; document-wide changes last.
    pub changes: Vec<Change>,
    /// Counts by category: every category id of `concerns.md`, each present.
    pub summary: BTreeMap<&'static str, Counts>,
}

/// A provision of A and its counterpart in B.
#[derive(Clone, Debug, Serialize)]
pub struct ProvisionPair {
    /// The provision in A; `null` when B added it.
    pub a: Option<Place>,
    /// The provision in B; `null` when B removed it.
    pub b: Option<Place>,
    /// How they were paired; `null` when one side is missing.
    pub matched: Option<Matched>,
    /// Word similarity of the two, 0 to 1.
    pub similarity: f64,
    /// Whether the words differ (white space aside).
    pub changed: bool,
}

/// A span of one text, as a person cites it and as code highlights it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The unit; `null` for a text with no articles, sections or paragraphs.
    pub location: Option<Location>,
    /// The provision's title, where it has one.
    pub title: Option<String>,
    /// Span in UTF-16 code units (JavaScript string indexes).
    pub start: usize,
    pub end: usize,
    /// Span in UTF-8 bytes.
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Two findings, one in each text, judged to be the same concern.
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    /// The finding's `id` in report A.
    pub a: String,
    /// The finding's `id` in report B.
    pub b: String,
    /// `id` when the ids are equal, `content` when paired through aligned clauses.
    pub by: PairedBy,
}

/// How two findings were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairedBy {
    /// Same rule, same provision title, same clause words.
    Id,
    /// Same rule in clauses that align (edited, merged or split).
    Content,
}

/// The kind of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A finding in B with no counterpart in A.
    New,
    /// A finding in A with no counterpart in B.
    Gone,
    /// The same concern at another severity.
    Severity,
    /// The same concern at the same severity, with other safeguards found beside it.
    Safeguards,
}

/// One change of one concern.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The category id from `concerns.md`.
    pub category: String,
    /// The rule.
    pub rule: String,
    /// The rule's short name for the concern.
    pub title: String,
    /// The finding's `id` in report A; `null` for a new finding.
    pub a: Option<String>,
    /// The finding's `id` in report B; `null` for a gone finding.
    pub b: Option<String>,
    pub severity_a: Option<Severity>,
    pub severity_b: Option<Severity>,
    /// The clause in A: the finding's, or for a new finding the clause that
    /// corresponds to the B clause. `null` for document-wide findings and
    /// when nothing corresponds.
    pub clause_a: Option<Place>,
    /// The clause in B, likewise.
    pub clause_b: Option<Place>,
    /// Names of safeguards found beside the B finding and not the A one.
    pub safeguards_added: Vec<String>,
    /// Names of safeguards found beside the A finding and not the B one.
    pub safeguards_removed: Vec<String>,
    /// Word diff from clause A to clause B; empty when the words are the same
    /// or one side has no clause.
    pub wording: Vec<Words>,
    /// The change in one sentence.
    pub summary: String,
}

/// A run of words in a word diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Words {
    /// `equal`, `delete` (only in A) or `insert` (only in B).
    pub op: DiffOp,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

/// Changes of one category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub new: usize,
    pub gone: usize,
    /// Severity raised from A to B.
    pub worse: usize,
    /// Severity lowered from A to B.
    pub better: usize,
    /// Changes that added at least one safeguard.
    pub safeguards_added: usize,
    /// Changes that removed at least one safeguard.
    pub safeguards_removed: usize,
    /// Pairs with no change at all.
    pub unchanged: usize,
}

/// Checks texts `a` and `b` with `rules` and compares the findings.
pub fn compare(a: &str, b: &str, rules: &RuleSet) -> Comparison {
    let (ra, rb) = (crate::check(a, rules), crate::check(b, rules));
    let (vocab, sa, sb) = Vocabulary::build(a, b);
    let aligned = align::provisions(&vocab, &sa, &sb);
    let mut cmp = Comparer::new(&vocab, &sa, &sb, &ra, &rb, &aligned);
    cmp.pair();
    let (pairs, changes) = cmp.changes();
    let summary = summarise(&pairs, &changes, &ra, &rb);
    let provisions = aligned
        .iter()
        .map(|p| ProvisionPair {
            a: p.a.map(|c| place(&sa, c)),
            b: p.b.map(|c| place(&sb, c)),
            matched: p.matched,
            similarity: (p.similarity * 1000.0).round() / 1000.0,
            changed: match (p.a, p.b) {
                (Some(x), Some(y)) => sa.wording(x) != sb.wording(y),
                _ => true,
            },
        })
        .collect();
    Comparison { version: env!("CARGO_PKG_VERSION"), a: ra, b: rb, provisions, pairs, changes, summary }
}

impl Comparison {
    /// Keeps only the changes (and counts) of the given categories.
    pub fn only(&mut self, categories: &[String]) {
        self.changes.retain(|c| categories.contains(&c.category));
        self.summary.retain(|c, _| categories.iter().any(|k| k == c));
    }
}

fn place(side: &Side, clause: usize) -> Place {
    let c = &side.clauses[clause];
    Place {
        location: c.unit.map(|u| Location::of(&side.doc, u)),
        title: c.provision.and_then(|p| side.doc.units[p].title.clone()),
        start: side.utf16.utf16(c.body.start),
        end: side.utf16.utf16(c.body.end),
        byte_start: c.body.start,
        byte_end: c.body.end,
    }
}

/// The pairing work for one comparison.
struct Comparer<'a> {
    vocab: &'a Vocabulary,
    sa: &'a Side<'a>,
    sb: &'a Side<'a>,
    ra: &'a Report,
    rb: &'a Report,
    /// Each finding's clause (index into its side's clauses).
    clause_a: Vec<Option<usize>>,
    clause_b: Vec<Option<usize>>,
    /// For a provision unit of one side, the provision clauses of the other paired with it.
    hosts_in_a: HashMap<usize, Vec<usize>>,
    hosts_in_b: HashMap<usize, Vec<usize>>,
    /// Pairs of finding indexes (A, B).
    pairs: Vec<(usize, usize, PairedBy)>,
    /// For unpaired findings: the corresponding clause of the other side.
    new: Vec<(usize, Option<usize>)>,
    gone: Vec<(usize, Option<usize>)>,
}

impl<'a> Comparer<'a> {
    fn new(
        vocab: &'a Vocabulary,
        sa: &'a Side<'a>,
        sb: &'a Side<'a>,
        ra: &'a Report,
        rb: &'a Report,
        aligned: &[align::ProvisionPair],
    ) -> Comparer<'a> {
        let clauses = |side: &Side, report: &Report| -> Vec<Option<usize>> {
            report.findings.iter().map(|f| (f.kind == Kind::Clause).then(|| side.clause_at(f.byte_start)).flatten()).collect()
        };
        let mut hosts_in_a: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut hosts_in_b: HashMap<usize, Vec<usize>> = HashMap::new();
        for p in aligned {
            if let (Some(x), Some(y)) = (p.a, p.b) {
                let (ux, uy) = (sa.clauses[x].unit.expect("a provision"), sb.clauses[y].unit.expect("a provision"));
                hosts_in_a.entry(uy).or_default().push(x);
                hosts_in_b.entry(ux).or_default().push(y);
            }
        }
        Comparer {
            vocab,
            sa,
            sb,
            ra,
            rb,
            clause_a: clauses(sa, ra),
            clause_b: clauses(sb, rb),
            hosts_in_a,
            hosts_in_b,
            pairs: Vec::new(),
            new: Vec::new(),
            gone: Vec::new(),
        }
    }

    /// Pairs findings: by id, then B's leftovers by content, then A's.
    fn pair(&mut self) {
        let b_by_id: HashMap<&str, usize> = self.rb.findings.iter().enumerate().map(|(j, f)| (f.id.as_str(), j)).collect();
        let mut paired_a = vec![false; self.ra.findings.len()];
        let mut paired_b = vec![false; self.rb.findings.len()];
        for (i, f) in self.ra.findings.iter().enumerate() {
            if let Some(&j) = b_by_id.get(f.id.as_str()) {
                self.pairs.push((i, j, PairedBy::Id));
                paired_a[i] = true;
                paired_b[j] = true;
            }
        }
        for j in (0..self.rb.findings.len()).filter(|&j| !paired_b[j]) {
            let there = self.counterpart(&self.rb.findings[j], self.clause_b[j], self.sb, self.sa, &self.hosts_in_a);
            let partner = there.and_then(|c| self.same_rule_in(&self.rb.findings[j], self.sa, self.ra, c, &paired_a));
            match partner {
                Some(i) => {
                    self.pairs.push((i, j, PairedBy::Content));
                    paired_a[i] = true;
                }
                None => self.new.push((j, there)),
            }
        }
        for i in (0..self.ra.findings.len()).filter(|&i| !paired_a[i]) {
            let there = self.counterpart(&self.ra.findings[i], self.clause_a[i], self.sa, self.sb, &self.hosts_in_b);
            // Any B finding will do: B's are all paired or new by now, and two
            // A findings may fold into one B finding where articles merged.
            let all = vec![false; self.rb.findings.len()];
            match there.and_then(|c| self.same_rule_in(&self.ra.findings[i], self.sb, self.rb, c, &all)) {
                Some(j) => {
                    self.pairs.push((i, j, PairedBy::Content));
                    self.new.retain(|&(n, _)| n != j);
                }
                None => self.gone.push((i, there)),
            }
        }
    }

    /// The clause of `to` that corresponds to a finding's clause in `from`.
    fn counterpart(&self, f: &Finding, clause: Option<usize>, from: &Side, to: &Side, hosts: &HashMap<usize, Vec<usize>>) -> Option<usize> {
        if f.kind == Kind::Absence {
            return None;
        }
        let c = &from.clauses[clause?];
        let host = c.provision.and_then(|p| hosts.get(&p)).map_or(&[][..], Vec::as_slice);
        align::clause(self.vocab, c, to, host).map(|(c, _)| c)
    }

    /// A finding of `f`'s rule in clause `clause` of `side`, unpaired ones first.
    fn same_rule_in(&self, f: &Finding, side: &Side, report: &Report, clause: usize, paired: &[bool]) -> Option<usize> {
        let unit = side.clauses[clause].unit.map(|u| side.doc.units[u].span.clone());
        let span = unit.unwrap_or(0..side.text.len());
        let mut candidates: Vec<usize> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, g)| g.kind == Kind::Clause && g.rule == f.rule && span.contains(&g.byte_start))
            .map(|(k, _)| k)
            .collect();
        candidates.sort_by_key(|&k| paired[k]);
        candidates.first().copied()
    }

    /// The pairs, and the changes in B's reading order.
    fn changes(&self) -> (Vec<Pair>, Vec<Change>) {
        let mut changes: Vec<(usize, Change)> = Vec::new();
        let mut pairs = Vec::new();
        for &(i, j, by) in &self.pairs {
            let (fa, fb) = (&self.ra.findings[i], &self.rb.findings[j]);
            pairs.push(Pair { a: fa.id.clone(), b: fb.id.clone(), by });
            let names = |f: &Finding| f.mitigations.iter().map(|m| m.name.clone()).collect::<BTreeSet<_>>();
            let (na, nb) = (names(fa), names(fb));
            let added: Vec<String> = nb.difference(&na).map(|n| n.to_string()).collect();
            let removed: Vec<String> = na.difference(&nb).map(|n| n.to_string()).collect();
            let kind = if fa.severity != fb.severity {
                ChangeKind::Severity
            } else if !added.is_empty() || !removed.is_empty() {
                ChangeKind::Safeguards
            } else {
                continue;
            };
            let mut change = self.change(kind, Some(i), Some(j), self.clause_a[i], self.clause_b[j]);
            change.safeguards_added = added;
            change.safeguards_removed = removed;
            change.summary = sentence(&change);
            changes.push((order(fb), change));
        }
        for &(j, there) in &self.new {
            let change = self.change(ChangeKind::New, None, Some(j), there, self.clause_b[j]);
            changes.push((order(&self.rb.findings[j]), change));
        }
        for &(i, there) in &self.gone {
            let change = self.change(ChangeKind::Gone, Some(i), None, self.clause_a[i], there);
            let at = there.map_or(usize::MAX, |c| self.sb.clauses[c].body.start);
            let at = if self.ra.findings[i].kind == Kind::Absence { usize::MAX } else { at };
            changes.push((at, change));
        }
        changes.sort_by(|p, q| (p.0, p.1.kind, &p.1.rule).cmp(&(q.0, q.1.kind, &q.1.rule)));
        (pairs, changes.into_iter().map(|(_, c)| c).collect())
    }

    fn change(&self, kind: ChangeKind, i: Option<usize>, j: Option<usize>, ca: Option<usize>, cb: Option<usize>) -> Change {
        let fa = i.map(|i| &self.ra.findings[i]);
        let fb = j.map(|j| &self.rb.findings[j]);
        let f = fb.or(fa).expect("a change has a finding on one side");
        let wording = match (ca, cb) {
            (Some(x), Some(y)) => word_diff(&self.sa.wording(x), &self.sb.wording(y)),
            _ => Vec::new(),
        };
        let mut change = Change {
            kind,
            category: f.category.to_string(),
            rule: f.rule.to_string(),
            title: f.title.to_string(),
            a: fa.map(|f| f.id.clone()),
            b: fb.map(|f| f.id.clone()),
            severity_a: fa.map(|f| f.severity),
            severity_b: fb.map(|f| f.severity),
            clause_a: ca.map(|c| place(self.sa, c)),
            clause_b: cb.map(|c| place(self.sb, c)),
            safeguards_added: Vec::new(),
            safeguards_removed: Vec::new(),
            wording,
            summary: String::new(),
        };
        change.summary = sentence(&change);
        change
    }
}

/// Where a B finding sorts: its place, or last for document-wide findings.
fn order(f: &Finding) -> usize {
    if f.kind == Kind::Absence {
        usize::MAX
    } else {
        f.byte_start
    }
}

/// Word runs from `a` to `b`; empty when they are the same.
fn word_diff(a: &str, b: &str) -> Vec<Words> {
    if a == b {
        return Vec::new();
    }
    let (ta, tb) = (tokens(a), tokens(b));
    let mut runs: Vec<Words> = Vec::new();
    for change in similar::TextDiff::from_slices(&ta, &tb).iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => DiffOp::Equal,
            similar::ChangeTag::Delete => DiffOp::Delete,
            similar::ChangeTag::Insert => DiffOp::Insert,
        };
        match runs.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => runs.push(Words { op, text: change.value().to_string() }),
        }
    }
    tidy(runs)
}

/// Folds a word or two left equal between changes into the changes around
/// them, so a rewritten sentence reads as one deletion and one insertion
/// rather than alternating fragments. The `equal`+`delete` runs still spell
/// A's clause and the `equal`+`insert` runs B's.
fn tidy(runs: Vec<Words>) -> Vec<Words> {
    const SMALL: usize = 2;
    let is_change = |w: &Words| w.op != DiffOp::Equal;
    let mut out = Vec::with_capacity(runs.len());
    let mut i = 0;
    while i < runs.len() {
        if !is_change(&runs[i]) {
            out.push(runs[i].clone());
            i += 1;
            continue;
        }
        // A stretch of changes joined by small equal runs.
        let mut end = i + 1;
        loop {
            if end < runs.len() && is_change(&runs[end]) {
                end += 1;
            } else if end + 1 < runs.len()
                && runs[end].text.split_whitespace().count() <= SMALL
                && is_change(&runs[end + 1])
            {
                end += 2;
            } else {
                break;
            }
        }
        let stretch = &runs[i..end];
        let has = |op: DiffOp| stretch.iter().any(|w| w.op == op);
        if has(DiffOp::Delete) && has(DiffOp::Insert) {
            let side = |skip: DiffOp| stretch.iter().filter(|w| w.op != skip).map(|w| w.text.as_str()).collect::<String>();
            out.push(Words { op: DiffOp::Delete, text: side(DiffOp::Insert) });
            out.push(Words { op: DiffOp::Insert, text: side(DiffOp::Delete) });
        } else {
            out.extend(stretch.iter().cloned());
        }
        i = end;
    }
    out
}

/// Words, runs of white space and single punctuation marks: so "may," and
/// "may" share the word and differ only by the comma.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        for class in [char::is_alphanumeric, char::is_whitespace] {
            if class(c) {
                while chars.peek().is_some_and(|&(_, n)| class(n)) {
                    chars.next();
                }
            }
        }
        let end = chars.peek().map_or(text.len(), |&(i, _)| i);
        out.push(&text[start..end]);
        start = end;
    }
    out
}

/// "Article 20(1) in B: new, Real-time collection with no judge (high); it corresponds to Article 19(1) in A."
fn sentence(c: &Change) -> String {
    let at = |p: &Option<Place>, side: &str| match p {
        Some(Place { location: Some(l), .. }) => format!("{} in {side}", l.label),
        Some(_) => format!("the text of {side}"),
        None => format!("no corresponding clause in {side}"),
    };
    let sev = |s: Option<Severity>| s.map_or("", Severity::as_str);
    let whole = c.clause_a.is_none() && c.clause_b.is_none();
    let what = match c.kind {
        ChangeKind::New if whole => format!("New in B for the whole text: {} ({}).", c.title, sev(c.severity_b)),
        ChangeKind::Gone if whole => format!("Gone from B for the whole text: {} ({}).", c.title, sev(c.severity_a)),
        ChangeKind::New => format!(
            "New in B: {} ({}) at {}; {}.",
            c.title,
            sev(c.severity_b),
            at(&c.clause_b, "B"),
            if c.clause_a.is_some() { format!("it corresponds to {}", at(&c.clause_a, "A")) } else { at(&c.clause_a, "A") }
        ),
        ChangeKind::Gone => format!(
            "Gone from B: {} ({}) at {}; {}.",
            c.title,
            sev(c.severity_a),
            at(&c.clause_a, "A"),
            if c.clause_b.is_some() { format!("it corresponds to {}", at(&c.clause_b, "B")) } else { at(&c.clause_b, "B") }
        ),
        ChangeKind::Severity | ChangeKind::Safeguards => {
            let place = if whole { "the whole text".to_string() } else { format!("{} → {}", at(&c.clause_a, "A"), at(&c.clause_b, "B")) };
            let severity = if c.kind == ChangeKind::Severity {
                format!("severity {} → {}", sev(c.severity_a), sev(c.severity_b))
            } else {
                format!("still {}", sev(c.severity_b))
            };
            format!("{}: {severity} at {place}.", c.title)
        }
    };
    let mut out = what;
    if !c.safeguards_removed.is_empty() {
        out += &format!(" Safeguards no longer found: {}.", c.safeguards_removed.join(", "));
    }
    if !c.safeguards_added.is_empty() {
        out += &format!(" Safeguards now found: {}.", c.safeguards_added.join(", "));
    }
    out
}

fn summarise(pairs: &[Pair], changes: &[Change], ra: &Report, rb: &Report) -> BTreeMap<&'static str, Counts> {
    let mut summary: BTreeMap<&'static str, Counts> = categories::ALL.iter().map(|c| (*c, Counts::default())).collect();
    let category_of: HashMap<&str, &str> = ra.findings.iter().chain(&rb.findings).map(|f| (f.id.as_str(), &*f.category)).collect();
    let changed: BTreeSet<(&str, &str)> =
        changes.iter().filter_map(|c| Some((c.a.as_deref()?, c.b.as_deref()?))).collect();
    for p in pairs.iter().filter(|p| !changed.contains(&(p.a.as_str(), p.b.as_str()))) {
        if let Some(counts) = category_of.get(p.b.as_str()).and_then(|c| summary.get_mut(*c)) {
            counts.unchanged += 1;
        }
    }
    for c in changes {
        let Some(counts) = summary.get_mut(c.category.as_str()) else { continue };
        match c.kind {
            ChangeKind::New => counts.new += 1,
            ChangeKind::Gone => counts.gone += 1,
            ChangeKind::Severity if c.severity_b > c.severity_a => counts.worse += 1,
            ChangeKind::Severity => counts.better += 1,
            ChangeKind::Safeguards => {}
        }
        counts.safeguards_added += usize::from(!c.safeguards_added.is_empty());
        counts.safeguards_removed += usize::from(!c.safeguards_removed.is_empty());
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_rebuild_both_sides_and_group_rewrites() {
        let cases = [
            ("A police officer may, under a warrant issued by a judge, require it.", "A police officer may require it."),
            ("shall keep confidential the fact of the order", "may keep secret the existence of any order for 30 days"),
            ("one two three", "one two three four"),
            ("", "new words"),
        ];
        for (a, b) in cases {
            let runs = word_diff(a, b);
            let side = |skip: DiffOp| runs.iter().filter(|w| w.op != skip).map(|w| w.text.as_str()).collect::<String>();
            assert_eq!((side(DiffOp::Insert), side(DiffOp::Delete)), (a.to_string(), b.to_string()));
        }
        // "the ... of" left equal inside a rewrite is folded into it.
        let runs = word_diff("keep confidential the fact of the order", "keep secret the existence of the order");
        let ops: Vec<DiffOp> = runs.iter().map(|w| w.op).collect();
        assert_eq!(ops, [DiffOp::Equal, DiffOp::Delete, DiffOp::Insert, DiffOp::Equal], "{runs:?}");
        assert!(word_diff("same words", "same words").is_empty());
    }
}
