//! Finds where a rule pack's patterns match, fast in the browser too.
//!
//! Running each of several hundred regular expressions over a whole text is
//! slow in WebAssembly, where the regex engine's SIMD prefilters don't exist.
//! But nearly every pattern a rule author writes starts with literal words
//! ("keep confidential", "a police officer", "real-time"). So each pattern's
//! possible prefixes are extracted once, all of them go into one Aho-Corasick
//! automaton, and one pass over the text finds every place where any pattern
//! could start. A pattern then runs only there, anchored, and is compiled
//! only when it first has such a place. Patterns with no literal prefix fall
//! back to an ordinary search. The prefixes are short ([`prefixes`]), and
//! those of the built-in packs are worked out at build time, so loading the
//! rules parses no pattern.
//!
//! The result is the same as searching each pattern over the text, leftmost
//! first and non-overlapping: a match can only start at one of its prefixes.
//!
//! Patterns run in ASCII mode over the bytes of the text: `\w`, `\d`, `\s`
//! and `\b` are ASCII, `.` and negated classes match one byte. Unicode
//! classes would make every pattern many times slower to compile, and a
//! Unicode `\b` stops the fast lazy DFA at the first accented letter; the
//! texts are English law, lower-cased, with typographic characters folded.

pub mod prefixes;

// One kind of automaton, used directly: `AhoCorasick` would carry all three
// kinds into the download. The noncontiguous NFA builds a third faster than
// the others, which is most of the checker's start, and scans 1 MB about
// 2 ms slower natively.
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::noncontiguous::NFA;
use aho_corasick::MatchKind;
use regex_automata::hybrid::regex::{Cache, Regex};
use regex_automata::nfa::thompson::{self, pikevm, pikevm::PikeVM};
use regex_automata::{hybrid::dfa, util::syntax, Anchored, Input};
use crate::data::one_line;
use prefixes::Prefixes;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

/// Index of a pattern in its [`Patterns`].
pub type PatternId = usize;

/// The largest compiled size allowed for one pattern: it keeps a rule pack
/// from taking all of a browser tab's memory.
const SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// The longest match looked for at a place a pattern may start, in bytes. A
/// rule matches a phrase or a sentence, never pages; without a bound, a
/// pattern such as `aa.*z` would read to the end of the text from every "aa".
const LONGEST_MATCH: usize = 2048;

/// One pattern, compiled on first use.
#[derive(Debug)]
struct Pattern {
    source: String,
    compiled: OnceLock<Compiled>,
    /// Whether the prefilter finds every place a match can start.
    filtered: bool,
}

/// A pattern as a lazy DFA (forward and reverse), with its cache of DFA
/// states kept from one check to the next, and an NFA for what a DFA can't
/// do: report named groups, and search when the DFA gives up.
#[derive(Debug)]
struct Compiled {
    source: String,
    regex: Regex,
    cache: Mutex<Cache>,
    nfa: OnceLock<(PikeVM, Mutex<pikevm::Cache>)>,
}

impl Compiled {
    fn find(&self, input: &Input) -> Option<Range<usize>> {
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match self.regex.try_search(&mut cache, input) {
            Ok(found) => found.map(|m| m.range()),
            // Slower, but it always answers.
            Err(_) => {
                let (vm, cache) = self.nfa();
                let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                vm.find(&mut cache, input.clone()).map(|m| m.range())
            }
        }
    }

    fn nfa(&self) -> &(PikeVM, Mutex<pikevm::Cache>) {
        self.nfa.get_or_init(|| {
            let vm = PikeVM::builder()
                .syntax(ascii())
                .thompson(thompson::Config::new().utf8(false))
                .build(&self.source)
                .expect("a pattern that compiled to a DFA compiles to an NFA");
            let cache = Mutex::new(vm.create_cache());
            (vm, cache)
        })
    }
}

/// A set of patterns and the prefilter over their literal prefixes.
#[derive(Debug, Default)]
pub struct Patterns {
    list: Vec<Pattern>,
    prefilter: Option<NFA>,
    /// For each literal in the prefilter, the patterns it can start.
    owners: Vec<Vec<PatternId>>,
    /// Literals gathered by `add`, turned into `prefilter` by `finish`.
    pending: Vec<(Vec<u8>, PatternId)>,
    /// What is known of each pattern, by its source.
    known: BTreeMap<String, Known>,
}

/// What is known of a pattern before or after it is added.
#[derive(Debug)]
enum Known {
    /// Its prefixes, worked out ahead of time.
    Prefixes(Prefixes),
    /// Its id: a pattern that several rules use is one pattern, compiled
    /// and searched for once.
    Added(PatternId),
}

impl Patterns {
    /// An empty set that takes its patterns' prefixes from `table`, which
    /// `build.rs` wrote for these `patterns` (see [`prefixes::write_table`]).
    /// A table written for other patterns is not used.
    pub fn with_table<'a>(patterns: impl IntoIterator<Item = &'a str>, table: &[u8]) -> Patterns {
        let mut known = BTreeMap::new();
        for pattern in patterns {
            if !known.contains_key(pattern) {
                known.insert(pattern.to_string(), Known::Prefixes(None));
            }
        }
        match prefixes::read_table(table) {
            Some(entries) if entries.len() == known.len() => {
                for (slot, entry) in known.values_mut().zip(entries) {
                    *slot = Known::Prefixes(entry);
                }
            }
            _ => known.clear(),
        }
        Patterns { known, ..Patterns::default() }
    }

    /// Adds a pattern, or finds it added already; with `check`, compiles it
    /// now to report any error. The message names the problem in words.
    pub fn add(&mut self, source: &str, check: bool) -> Result<PatternId, String> {
        let prefixes = match self.known.get_mut(source) {
            Some(Known::Added(id)) => return Ok(*id),
            Some(Known::Prefixes(known)) => std::mem::take(known),
            None => prefixes::of(
                &prefixes::parse(source).map_err(|e| format!("not a valid pattern: {}", one_line(&e)))?,
            ),
        };
        let id = self.list.len();
        let pattern = Pattern { source: source.to_string(), compiled: OnceLock::new(), filtered: prefixes.is_some() };
        if check {
            let _ = pattern.compiled.set(build(source)?);
        }
        self.list.push(pattern);
        self.pending.extend(prefixes.into_iter().flatten().map(|prefix| (prefix, id)));
        match self.known.get_mut(source) {
            Some(known) => *known = Known::Added(id),
            None => {
                self.known.insert(source.to_string(), Known::Added(id));
            }
        }
        Ok(id)
    }

    /// Builds the prefilter; call once after the last `add`.
    pub fn finish(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        for (literal, id) in pending {
            if literals.last() != Some(&literal) {
                literals.push(literal);
                self.owners.push(Vec::new());
            }
            let owners = self.owners.last_mut().expect("pushed above");
            if owners.last() != Some(&id) {
                owners.push(id);
            }
        }
        if !literals.is_empty() {
            self.prefilter = Some(
                NFA::builder()
                    .match_kind(MatchKind::Standard)
                    // None of its prefilters is built in (see Cargo.toml).
                    .prefilter(false)
                    .build(&literals)
                    .expect("a few thousand literals fit an automaton"),
            );
        }
    }

    /// The source text of pattern `id`.
    pub fn source(&self, id: PatternId) -> &str {
        &self.list[id].source
    }

    fn compiled(&self, id: PatternId) -> &Compiled {
        let pattern = &self.list[id];
        pattern.compiled.get_or_init(|| build(&pattern.source).expect("patterns are checked when a pack is loaded"))
    }

    /// Finds where each filtered pattern may start in `hay`: one pass.
    pub fn scan<'a>(&'a self, hay: &'a str) -> Scan<'a> {
        let mut starts: Vec<Vec<u32>> = vec![Vec::new(); self.list.len()];
        if let Some(ac) = &self.prefilter {
            let hits = ac.try_find_overlapping_iter(aho_corasick::Input::new(hay));
            for hit in hits.expect("an unanchored overlapping search of a standard automaton") {
                for &id in &self.owners[hit.pattern().as_usize()] {
                    starts[id].push(hit.start() as u32);
                }
            }
            for list in &mut starts {
                list.sort_unstable();
                list.dedup();
            }
        }
        Scan { patterns: self, hay, starts }
    }
}

/// A text scanned for the places where patterns may start.
pub struct Scan<'a> {
    patterns: &'a Patterns,
    /// The normalised text.
    pub hay: &'a str,
    starts: Vec<Vec<u32>>,
}

impl<'a> Scan<'a> {
    /// Every match of pattern `id` within `range`, leftmost first, non-overlapping.
    pub fn find_iter(&self, id: PatternId, range: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut from = range.start;
        while let Some(m) = self.find(id, from..range.end) {
            from = if m.is_empty() { m.end + 1 } else { m.end };
            out.push(m);
            if from > range.end {
                break;
            }
        }
        out
    }

    /// The first match of pattern `id` that lies within `range`.
    pub fn find(&self, id: PatternId, range: Range<usize>) -> Option<Range<usize>> {
        if range.start > range.end || range.end > self.hay.len() {
            return None;
        }
        if !self.patterns.list[id].filtered {
            return self.patterns.compiled(id).find(&Input::new(self.hay).span(range));
        }
        let starts = &self.starts[id];
        let first = starts.partition_point(|&s| (s as usize) < range.start);
        // Compiled only once it has a place to run.
        starts[first..].iter().map(|&s| s as usize).take_while(|&s| s <= range.end).find_map(|s| {
            let end = range.end.min(s + LONGEST_MATCH);
            self.patterns.compiled(id).find(&Input::new(self.hay).span(s..end).anchored(Anchored::Yes))
        })
    }

    /// Whether pattern `id` matches within `range`.
    pub fn is_match(&self, id: PatternId, range: Range<usize>) -> bool {
        self.find(id, range).is_some()
    }

    /// The named groups of pattern `id` that took part in the match `at`.
    pub fn named_groups(&self, id: PatternId, at: Range<usize>) -> Vec<(String, Range<usize>)> {
        let pattern = &self.patterns.list[id];
        if !pattern.source.contains("(?P<") && !pattern.source.contains("(?<") {
            return Vec::new();
        }
        let (vm, cache) = self.patterns.compiled(id).nfa();
        let mut caps = vm.create_captures();
        let input = Input::new(self.hay).span(at).anchored(Anchored::Yes);
        vm.search(&mut cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner()), &input, &mut caps);
        vm.get_nfa()
            .group_info()
            .all_names()
            .filter_map(|(_, group, name)| Some((name?.to_string(), caps.get_group(group)?.range())))
            .collect()
    }
}

/// One pattern on its own, for the few places that search short texts
/// outside a rule pack (the scorecard's mapping). Same syntax as rules.
#[derive(Debug)]
pub struct Search(Compiled);

impl Search {
    pub fn new(pattern: &str) -> Result<Search, String> {
        build(pattern).map(Search)
    }

    /// Every match in `hay`, leftmost first, non-overlapping.
    pub fn find_iter(&self, hay: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut from = 0;
        while from <= hay.len() {
            let Some(m) = self.0.find(&Input::new(hay).span(from..hay.len())) else { break };
            from = if m.is_empty() { m.end + 1 } else { m.end };
            out.push(m);
        }
        out
    }

    pub fn is_match(&self, hay: &str) -> bool {
        self.0.find(&Input::new(hay)).is_some()
    }
}

/// The syntax every pattern is read with: ASCII classes over bytes.
fn ascii() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

fn build(source: &str) -> Result<Compiled, String> {
    let regex = Regex::builder()
        .syntax(ascii())
        .thompson(thompson::Config::new().nfa_size_limit(Some(SIZE_LIMIT)).utf8(false))
        .dfa(dfa::Config::new().minimum_cache_clear_count(None))
        .build(source)
        .map_err(|e| {
            let mut reason = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                reason = format!("{reason}: {inner}");
                source = inner.source();
            }
            if reason.contains("exceeds size limit") || reason.contains("exceeded limit") {
                format!("too large to compile (over {SIZE_LIMIT} bytes); split it or simplify it")
            } else {
                format!("not a valid pattern: {}", one_line(&reason))
            }
        })?;
    let cache = Mutex::new(regex.create_cache());
    Ok(Compiled { source: source.to_string(), regex, cache, nfa: OnceLock::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (pattern, text, expected matches) – the same as a plain ASCII-mode regex search.
    const CASES: &[(&str, &str, &[&str])] = &[
        ("keep confidential", "they shall keep confidential and keep confidential", &["keep confidential", "keep confidential"]),
        (r"\bany (serious )?crime", "many crime; any crime; any serious crime", &["any crime", "any serious crime"]),
        (r"(?P<actor>a police officer|the minister) may", "the minister may; a police officer may", &["the minister may", "a police officer may"]),
        (r"\w+ may order", "the court may order it", &["court may order"]),
        (r"(a )?judge", "a judge and judge", &["a judge", "judge"]),
        (r"x*", "ab", &["", "", ""]),
        (r"\bcaf\w+", "café cafe", &["cafe"]),
        // Prefixes are cut short ("the mini"): places that start alike but
        // do not match are run and rejected.
        (r"the minist(er|ry) (may|shall)", "the mint; the ministry shall; the minister must", &["the ministry shall"]),
        (r"(police|law enforcement) officers? may", "police officers may; law enforcement officer may; law enforce", &["police officers may", "law enforcement officer may"]),
    ];

    #[test]
    fn finds_what_a_plain_search_finds() {
        for (pattern, text, expected) in CASES {
            let mut patterns = Patterns::default();
            let id = patterns.add(pattern, true).unwrap();
            patterns.finish();
            let scan = patterns.scan(text);
            let found: Vec<&str> = scan.find_iter(id, 0..text.len()).into_iter().map(|r| &text[r]).collect();
            let plain: Vec<&str> = regex::bytes::RegexBuilder::new(pattern)
                .unicode(false)
                .build()
                .unwrap()
                .find_iter(text.as_bytes())
                .map(|m| &text[m.range()])
                .collect();
            assert_eq!(found, plain, "{pattern}");
            assert_eq!(found, *expected, "{pattern}");
        }
    }

    #[test]
    fn respects_ranges_and_word_boundaries_outside_them() {
        let mut patterns = Patterns::default();
        let id = patterns.add(r"\bcrime", true).unwrap();
        patterns.finish();
        let text = "a crime; cybercrime";
        let scan = patterns.scan(text);
        assert_eq!(scan.find(id, 0..7), Some(2..7));
        assert_eq!(scan.find(id, 0..6), None, "a match must end inside the range");
        assert_eq!(scan.find(id, 14..19), None, "\\b looks at the text before the range");
    }

    #[test]
    fn a_pattern_added_twice_is_one_pattern() {
        let mut patterns = Patterns::default();
        let first = patterns.add("keep confidential", false).unwrap();
        let other = patterns.add("judge", false).unwrap();
        assert_eq!(patterns.add("keep confidential", true), Ok(first));
        assert_ne!(first, other);
    }

    #[test]
    fn uses_a_prefix_table_only_when_it_fits() {
        let sources = ["the minister", "a judge"];
        let text = "the minister asks a judge";
        let find = |table: &[u8]| {
            let mut patterns = Patterns::with_table(sources, table);
            let ids: Vec<_> = sources.iter().map(|s| patterns.add(s, false).unwrap()).collect();
            patterns.finish();
            let scan = patterns.scan(text);
            ids.iter().filter_map(|&id| scan.find(id, 0..text.len())).map(|r| &text[r]).collect::<Vec<_>>()
        };
        // One entry per distinct source, in their order: trusted, so the
        // (wrong) prefix "zz" hides "a judge".
        let fitting = prefixes::write_table(&[Some(vec![b"zz".to_vec()]), Some(vec![b"the ".to_vec()])]);
        assert_eq!(find(&fitting), ["the minister"]);
        // Written for other patterns: not used.
        let foreign = prefixes::write_table(&[Some(vec![b"zz".to_vec()])]);
        assert_eq!(find(&foreign), ["the minister", "a judge"]);
    }

    #[test]
    fn reports_named_groups() {
        let mut patterns = Patterns::default();
        let id = patterns.add(r"(?P<actor>a police officer|the minister) may", true).unwrap();
        patterns.finish();
        let text = "then the minister may act";
        let scan = patterns.scan(text);
        let m = scan.find(id, 0..text.len()).unwrap();
        let groups = scan.named_groups(id, m);
        assert_eq!(groups.len(), 1);
        assert_eq!((groups[0].0.as_str(), &text[groups[0].1.clone()]), ("actor", "the minister"));
    }
}
