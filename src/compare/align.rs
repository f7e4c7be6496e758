//! Aligns two versions of a text: which provision and which clause of A
//! corresponds to which of B, when articles were renumbered, retitled,
//! merged or split.
//!
//! Similarity is a weighted word-set overlap. Each word weighs its inverse
//! document frequency over the clauses of both texts, so the boilerplate
//! every treaty article shares ("each state party shall adopt such
//! legislative and other measures") counts for little and the words that
//! make an article what it is count for much. Numbers are left out, so
//! renumbered cross-references do not lower the score. The score averages
//! Jaccard (same size, same words) with containment (one is inside the
//! other), so a merged article still scores high against each of its parts.
//!
//! Provisions are paired by number and title first, then by title, and only
//! the leftovers are compared with each other; a clause is compared with
//! the clauses of its provision's counterparts first, and with the whole
//! other text only when those do not fit. That keeps the work close to
//! linear for drafts that mostly keep their structure.

use crate::document::{Document, UnitKind};
use crate::report::Utf16Index;
use crate::text::Normalized;
use std::collections::HashMap;
use std::ops::Range;

/// Two clauses or provisions below this score are not the same text.
pub const SAME_TEXT: f64 = 0.4;
/// Containment above which a leftover provision counts as merged into (or
/// split from) a provision of the other text.
const CONTAINED: f64 = 0.6;

/// One version of the text, split and indexed for alignment.
pub struct Side<'a> {
    pub text: &'a str,
    pub doc: Document,
    pub utf16: Utf16Index<'a>,
    /// Candidate clauses: units that are their own clause (paragraphs, and
    /// provisions), or the whole text when it has no units.
    pub clauses: Vec<Clause>,
    /// Indexes into `clauses` of the provisions, in reading order.
    pub provisions: Vec<usize>,
}

/// A clause or provision with its words.
pub struct Clause {
    /// The unit, `None` for a text with no units.
    pub unit: Option<usize>,
    /// The provision holding it (itself for a provision).
    pub provision: Option<usize>,
    /// Original byte range of its words, heading left out.
    pub body: Range<usize>,
    /// Interned word ids, sorted, without repeats.
    words: Vec<u32>,
}

/// How two provisions were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Matched {
    /// Same number and same title (or same number, neither titled, similar words).
    NumberAndTitle,
    /// Same title under another number: renumbered.
    Title,
    /// Similar words under another number and title.
    Content,
    /// The A provision's words are inside a B provision that holds another A provision too.
    Merged,
    /// The B provision's words are inside an A provision that another B provision also came from.
    Split,
}

/// Word ids and their weights, shared by both sides.
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    weights: Vec<f64>,
}

impl Vocabulary {
    /// Indexes both texts and weighs each word by how few clauses hold it.
    pub fn build<'a>(a: &'a str, b: &'a str) -> (Vocabulary, Side<'a>, Side<'a>) {
        let mut vocab = Vocabulary { ids: HashMap::new(), weights: Vec::new() };
        let a = Side::new(a, &mut vocab);
        let b = Side::new(b, &mut vocab);
        let mut df = vec![0u32; vocab.ids.len()];
        for clause in a.clauses.iter().chain(&b.clauses) {
            for &w in &clause.words {
                df[w as usize] += 1;
            }
        }
        let n = (a.clauses.len() + b.clauses.len()) as f64;
        vocab.weights = df.iter().map(|&d| (1.0 + n / f64::from(d.max(1))).ln()).collect();
        (vocab, a, b)
    }

    fn intern(&mut self, word: &str) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(word.to_string()).or_insert(next)
    }

    /// Similarity of two clauses, 0 to 1.
    pub fn similarity(&self, x: &Clause, y: &Clause) -> f64 {
        let (shared, only_x, only_y) = self.overlap(x, y);
        let (wx, wy) = (shared + only_x, shared + only_y);
        if wx == 0.0 || wy == 0.0 {
            return if wx == wy { 1.0 } else { 0.0 };
        }
        let jaccard = shared / (shared + only_x + only_y);
        let containment = shared / wx.min(wy);
        (jaccard + containment) / 2.0
    }

    /// How much of `x`'s weight is also in `y`.
    fn contained(&self, x: &Clause, y: &Clause) -> f64 {
        let (shared, only_x, _) = self.overlap(x, y);
        if shared + only_x == 0.0 {
            0.0
        } else {
            shared / (shared + only_x)
        }
    }

    /// Weights of (shared words, words only in x, words only in y), by a sorted merge.
    fn overlap(&self, x: &Clause, y: &Clause) -> (f64, f64, f64) {
        let (mut i, mut j) = (0, 0);
        let (mut shared, mut only_x, mut only_y) = (0.0, 0.0, 0.0);
        let w = |id: u32| self.weights[id as usize];
        while i < x.words.len() && j < y.words.len() {
            match x.words[i].cmp(&y.words[j]) {
                std::cmp::Ordering::Equal => {
                    shared += w(x.words[i]);
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => {
                    only_x += w(x.words[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    only_y += w(y.words[j]);
                    j += 1;
                }
            }
        }
        only_x += x.words[i..].iter().map(|&id| w(id)).sum::<f64>();
        only_y += y.words[j..].iter().map(|&id| w(id)).sum::<f64>();
        (shared, only_x, only_y)
    }
}

impl<'a> Side<'a> {
    fn new(text: &'a str, vocab: &mut Vocabulary) -> Side<'a> {
        let doc = Document::parse(text);
        let norm = Normalized::new(text, &doc.noise);
        let mut clauses = Vec::new();
        let mut provisions = Vec::new();
        for (i, unit) in doc.units.iter().enumerate() {
            if matches!(unit.kind, UnitKind::Part | UnitKind::Chapter) || doc.clause_of(i) != i {
                continue;
            }
            if unit.kind.is_provision() {
                provisions.push(clauses.len());
            }
            let body = unit.heading.end.max(unit.span.start)..unit.span.end;
            clauses.push(Clause { unit: Some(i), provision: doc.provision_of(i), body, words: Vec::new() });
        }
        if clauses.is_empty() {
            clauses.push(Clause { unit: None, provision: None, body: 0..text.len(), words: Vec::new() });
        }
        for clause in &mut clauses {
            clause.words = words(&norm, clause.body.clone(), vocab);
        }
        Side { text, doc, utf16: Utf16Index::new(text), clauses, provisions }
    }

    /// The candidate clause that holds original byte `at`: the innermost one.
    pub fn clause_at(&self, at: usize) -> Option<usize> {
        let unit = self.doc.innermost(at).map(|u| self.doc.clause_of(u));
        match unit {
            Some(u) => self.clauses.iter().position(|c| c.unit == Some(u)),
            None if self.clauses.len() == 1 && self.clauses[0].unit.is_none() => Some(0),
            None => None,
        }
    }

    /// The clause's words as printed, white space folded and its own
    /// marker ("1.", "(2)") left out, for a word diff.
    pub fn wording(&self, clause: usize) -> String {
        let c = &self.clauses[clause];
        let mut body = self.text[c.body.clone()].trim_start();
        if let Some(unit) = c.unit.map(|u| &self.doc.units[u]).filter(|u| !u.kind.is_provision()) {
            let n = unit.number();
            for marker in [format!("({n})"), format!("{n}."), format!("{n})")] {
                if let Some(rest) = body.strip_prefix(marker.as_str()) {
                    body = rest;
                    break;
                }
            }
        }
        body.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The number and lower-cased title of a provision clause.
    fn number_and_title(&self, clause: usize) -> (&str, Option<String>) {
        let unit = &self.doc.units[self.clauses[clause].unit.expect("provisions are units")];
        (unit.number(), unit.title.as_ref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()))
    }
}

/// Interned ids of the words in `range`: letters and digits, numbers left out.
fn words(norm: &Normalized, range: Range<usize>, vocab: &mut Vocabulary) -> Vec<u32> {
    let range = norm.normalized_range(range);
    let mut ids: Vec<u32> = norm.text[range]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| vocab.intern(w))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// A pairing of provisions: indexes into each side's `clauses`.
#[derive(Clone, Debug)]
pub struct ProvisionPair {
    pub a: Option<usize>,
    pub b: Option<usize>,
    pub matched: Option<Matched>,
    pub similarity: f64,
}

/// Pairs the provisions of A and B. Every provision of each side appears in
/// exactly one pair (merged and split provisions pair with their host).
pub fn provisions(vocab: &Vocabulary, a: &Side, b: &Side) -> Vec<ProvisionPair> {
    let mut of_a: HashMap<usize, (usize, Matched)> = HashMap::new();
    let mut of_b: HashMap<usize, (usize, Matched)> = HashMap::new();
    let sim = |x: usize, y: usize| vocab.similarity(&a.clauses[x], &b.clauses[y]);
    fn pair(x: usize, y: usize, how: Matched, of_a: &mut HashMap<usize, (usize, Matched)>, of_b: &mut HashMap<usize, (usize, Matched)>) {
        of_a.insert(x, (y, how));
        of_b.insert(y, (x, how));
    }
    // 1. Same number and title (or same number, untitled, and similar words).
    let b_by_number: HashMap<&str, usize> = b.provisions.iter().map(|&y| (b.number_and_title(y).0, y)).collect();
    for &x in &a.provisions {
        let (number, title) = a.number_and_title(x);
        if let Some(&y) = b_by_number.get(number) {
            let same = match (&title, b.number_and_title(y).1) {
                (Some(t), Some(u)) => *t == u,
                _ => sim(x, y) >= SAME_TEXT,
            };
            if same && !of_b.contains_key(&y) {
                pair(x, y, Matched::NumberAndTitle, &mut of_a, &mut of_b);
            }
        }
    }
    // 2. Same title, another number.
    let mut b_by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for &y in b.provisions.iter().filter(|y| !of_b.contains_key(y)) {
        if let Some(t) = b.number_and_title(y).1 {
            b_by_title.entry(t).or_default().push(y);
        }
    }
    let unpaired_a: Vec<usize> = a.provisions.iter().copied().filter(|x| !of_a.contains_key(x)).collect();
    for x in unpaired_a {
        let Some(title) = a.number_and_title(x).1 else { continue };
        let Some(candidates) = b_by_title.get(&title) else { continue };
        let best = candidates.iter().copied().filter(|y| !of_b.contains_key(y)).max_by(|&p, &q| sim(x, p).total_cmp(&sim(x, q)));
        if let Some(y) = best {
            pair(x, y, Matched::Title, &mut of_a, &mut of_b);
        }
    }
    // 3. Similar words among the leftovers, best pairs first.
    let left_a: Vec<usize> = a.provisions.iter().copied().filter(|x| !of_a.contains_key(x)).collect();
    let left_b: Vec<usize> = b.provisions.iter().copied().filter(|y| !of_b.contains_key(y)).collect();
    let mut scored: Vec<(f64, usize, usize)> = left_a
        .iter()
        .flat_map(|&x| left_b.iter().map(move |&y| (x, y)))
        .map(|(x, y)| (sim(x, y), x, y))
        .filter(|(s, _, _)| *s >= SAME_TEXT)
        .collect();
    scored.sort_by(|p, q| q.0.total_cmp(&p.0));
    for (_, x, y) in scored {
        if !of_a.contains_key(&x) && !of_b.contains_key(&y) {
            pair(x, y, Matched::Content, &mut of_a, &mut of_b);
        }
    }
    // 4. Merged and split: a leftover inside a provision already paired.
    let left_a: Vec<usize> = a.provisions.iter().copied().filter(|x| !of_a.contains_key(x)).collect();
    for x in left_a {
        let host = b.provisions.iter().copied().max_by(|&p, &q| {
            vocab.contained(&a.clauses[x], &b.clauses[p]).total_cmp(&vocab.contained(&a.clauses[x], &b.clauses[q]))
        });
        if let Some(y) = host.filter(|&y| vocab.contained(&a.clauses[x], &b.clauses[y]) >= CONTAINED) {
            of_a.insert(x, (y, Matched::Merged));
        }
    }
    let left_b: Vec<usize> = b.provisions.iter().copied().filter(|y| !of_b.contains_key(y)).collect();
    for y in left_b {
        let host = a.provisions.iter().copied().max_by(|&p, &q| {
            vocab.contained(&b.clauses[y], &a.clauses[p]).total_cmp(&vocab.contained(&b.clauses[y], &a.clauses[q]))
        });
        if let Some(x) = host.filter(|&x| vocab.contained(&b.clauses[y], &a.clauses[x]) >= CONTAINED) {
            of_b.insert(y, (x, Matched::Split));
        }
    }
    // In B's reading order, each A-only provision after the one before it in A.
    let mut out: Vec<(f64, ProvisionPair)> = Vec::new();
    for (rank, &y) in b.provisions.iter().enumerate() {
        let (a_side, how) = match of_b.get(&y) {
            Some(&(x, how)) => (Some(x), Some(how)),
            None => (None, None),
        };
        let similarity = a_side.map_or(0.0, |x| sim(x, y));
        out.push((rank as f64, ProvisionPair { a: a_side, b: Some(y), matched: how, similarity }));
    }
    let mut after = -0.5;
    for &x in &a.provisions {
        match of_a.get(&x) {
            Some(&(y, Matched::Merged)) => {
                let rank = b.provisions.iter().position(|&p| p == y).unwrap_or(0) as f64;
                out.push((rank + 0.25, ProvisionPair { a: Some(x), b: Some(y), matched: Some(Matched::Merged), similarity: sim(x, y) }));
                after = rank;
            }
            Some(&(y, _)) => after = b.provisions.iter().position(|&p| p == y).unwrap_or(0) as f64,
            None => out.push((after + 0.5, ProvisionPair { a: Some(x), b: None, matched: None, similarity: 0.0 })),
        }
    }
    out.sort_by(|p, q| p.0.total_cmp(&q.0));
    out.into_iter().map(|(_, p)| p).collect()
}

/// The clause of `to` that best matches clause `from` of the other side,
/// if any matches at least [`SAME_TEXT`]. `hosts` are the provisions of `to`
/// paired with `from`'s provision, looked in first.
pub fn clause(vocab: &Vocabulary, from: &Clause, to: &Side, hosts: &[usize]) -> Option<(usize, f64)> {
    let best_in = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates
            .map(|c| (c, vocab.similarity(from, &to.clauses[c])))
            .max_by(|p, q| p.1.total_cmp(&q.1))
            .filter(|(_, s)| *s >= SAME_TEXT)
    };
    let host_units: Vec<Option<usize>> = hosts.iter().map(|&h| to.clauses[h].unit).collect();
    let mut within = (0..to.clauses.len()).filter(|&c| host_units.contains(&to.clauses[c].provision));
    best_in(&mut within).or_else(|| best_in(&mut (0..to.clauses.len())))
}
