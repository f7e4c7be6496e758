//! Finds where a rule pack's patterns match, fast in the browser too.
//!
//! Running each of several hundred regular expressions over a whole text is
//! slow in WebAssembly, where the regex engine's SIMD prefilters don't exist.
//! But nearly every pattern a rule author writes starts with literal words
//! ("keep confidential", "a police officer", "real-time"). So each pattern's
//! possible prefixes are extracted once, all of them go into one Aho-Corasick
//! automaton, and one pass over the text finds every place where any pattern
//! could start. A pattern then runs only there, anchored, as a forward lazy
//! DFA, and is compiled only when it first has such a place. Patterns with
//! no literal prefix fall back to an ordinary search. The prefixes are short
//! ([`prefixes`]), and those of the built-in packs are worked out at build
//! time, so loading the rules parses no pattern.
//!
//! The result is the same as searching each pattern over the text, leftmost
//! first and non-overlapping: a match can only start at one of its prefixes.
//!
//! Natively, a pattern that starts with common words but holds a rarer one
//! at a known distance (`(?:shall|must) be (?:refused|denied)...`) runs
//! only where that rarer literal follows its start closely enough: its
//! [`Inside`] set, worked out by `build.rs` and found by the same pass. This
//! spares most runs that find nothing; the browser's build leaves it out,
//! because it makes the automaton larger to build at start.
//!
//! Two things keep this fast and small on large texts. A pattern with long
//! bounded repetitions (`[^.;]{0,300}`) first runs a loosened copy, whose
//! DFA stays small, and runs itself only where the copy matches (see
//! `Quick`). And the places where patterns may start are kept segment by
//! segment of the text, as 16-bit offsets (see [`Scan`]).
//!
//! Patterns run in ASCII mode over the bytes of the text: `\w`, `\d`, `\s`
//! and `\b` are ASCII, `.` and negated classes match one byte. Unicode
//! classes would make every pattern many times slower to compile, and a
//! Unicode `\b` stops the fast lazy DFA at the first accented letter; the
//! texts are English law, lower-cased, with typographic characters folded.

pub mod prefixes;
#[cfg(not(target_arch = "wasm32"))]
mod starts;
#[cfg(not(target_arch = "wasm32"))]
mod table;
#[cfg(not(target_arch = "wasm32"))]
mod walk;

// One kind of automaton, used directly: `AhoCorasick` would carry all three
// kinds into the download. In the browser, the noncontiguous NFA: it builds
// a third faster than the others, which is most of the checker's start.
// Natively, a DFA of our own built from that NFA ([`table`]): one small
// table lookup a byte, several times faster to walk.
#[cfg(target_arch = "wasm32")]
use aho_corasick::{automaton::Automaton, nfa::noncontiguous::NFA as Prefilter, MatchKind};
#[cfg(not(target_arch = "wasm32"))]
use table::Prefilter;
use regex_automata::nfa::thompson::{self, pikevm, pikevm::PikeVM};
#[cfg(not(target_arch = "wasm32"))]
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::util::captures::Captures;
use regex_automata::{hybrid::dfa, hybrid::regex as two_way, util::syntax, Anchored, Input};
use regex_syntax::hir::{Hir, HirKind, Repetition};
use crate::data::one_line;
use prefixes::{Inside, Prefixes};
#[cfg(not(target_arch = "wasm32"))]
use walk::literals_in;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

/// Index of a pattern in its [`Patterns`].
pub type PatternId = usize;

/// The largest compiled size allowed for one pattern: it keeps a rule pack
/// from taking all of a browser tab's memory.
const SIZE_LIMIT: usize = 2 * 1024 * 1024;

/// The places where patterns may start are kept as 16-bit offsets into
/// segments of the text this long (2^16 bytes): half the memory of 32-bit
/// positions, which matters for a 10 MB text.
const SEGMENT_BITS: u32 = 16;

/// The longest match looked for at a place a pattern may start, in bytes. A
/// rule matches a phrase or a sentence, never pages; without a bound, a
/// pattern such as `aa.*z` would read to the end of the text from every "aa".
pub const LONGEST_MATCH: usize = 2048;

/// One pattern, compiled on first use.
#[derive(Debug)]
struct Pattern {
    source: String,
    compiled: OnceLock<Compiled>,
    /// Whether the prefilter finds every place a match can start.
    filtered: bool,
    /// Its [`Inside`] sets, by their index in `Patterns::windows` (none
    /// in the browser's build).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    inside: Range<usize>,
}

/// A pattern compiled to a forward lazy DFA, with its cache of DFA states
/// kept from one check to the next, and an NFA for what a DFA can't do:
/// report named groups, tell where a match found anywhere starts, and
/// search when the DFA gives up.
#[derive(Debug)]
struct Compiled {
    source: String,
    dfa: dfa::DFA,
    cache: Mutex<dfa::Cache>,
    /// For a pattern with long bounded repetitions, a first look with them unbounded.
    quick: Option<Quick>,
    /// The name of a named group that is the whole pattern, if it is the only one.
    whole_group: Option<String>,
    nfa: OnceLock<(PikeVM, Mutex<pikevm::Cache>)>,
    /// Natively, the same NFA as a bounded backtracker, for named groups:
    /// over a match of a few hundred bytes it is several times quicker than
    /// the PikeVM. The browser's build leaves it out (its size).
    #[cfg(not(target_arch = "wasm32"))]
    groups: OnceLock<(BoundedBacktracker, Mutex<backtrack::Cache>)>,
}

/// A pattern loosened so that its DFA stays small: every repetition of more
/// than [`QUICK_BOUND`] (`[^.;]{0,300}`) left without an upper bound. Its
/// matches include all of the pattern's, so where it finds nothing the
/// pattern finds nothing either. Most places a pattern may start hold no
/// match, and there the pattern's own DFA would build and walk a new state
/// for every count of every repetition (hundreds of states, each a cache
/// miss); the loosened one walks a few states that stay in the CPU cache.
#[derive(Debug)]
struct Quick {
    dfa: dfa::DFA,
    cache: Mutex<dfa::Cache>,
}

/// Repetitions bounded above this count are loosened in [`Quick`].
const QUICK_BOUND: u32 = 8;

impl Compiled {
    fn find(&self, input: &Input) -> Option<Range<usize>> {
        if let Some(quick) = &self.quick {
            if input.get_anchored().is_anchored() {
                let mut cache = quick.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                if let Ok(None) = quick.dfa.try_search_fwd(&mut cache, &input.clone().earliest(true)) {
                    return None;
                }
            }
        }
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let input = match self.dfa.try_search_fwd(&mut cache, input) {
            Ok(None) => return None,
            // Searched from a given start (nearly every search): the DFA has
            // found all there is to find.
            Ok(Some(end)) if input.get_anchored().is_anchored() => return Some(input.start()..end.offset()),
            // Found anywhere: where does the match start? Often where the
            // search did (a pattern that may match nothing); otherwise the
            // NFA finds it, reading no further than the match's end. A search
            // with no literal to start from is rare, so no reverse DFA is
            // kept for it.
            Ok(Some(end)) => {
                let from_start = input.clone().anchored(Anchored::Yes);
                if let Ok(Some(end)) = self.dfa.try_search_fwd(&mut cache, &from_start) {
                    return Some(input.start()..end.offset());
                }
                input.clone().span(input.start()..end.offset())
            }
            // The NFA is slower, but it always answers.
            Err(_) => input.clone(),
        };
        drop(cache);
        let (vm, cache) = self.nfa();
        let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        vm.find(&mut cache, input).map(|m| m.range())
    }

    /// Fills `caps` with the groups of the match of `input` (anchored,
    /// within one match's span).
    fn captures(&self, input: &Input, caps: &mut Captures) {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let (bt, cache) = self.groups.get_or_init(|| {
                let bt = BoundedBacktracker::new_from_nfa(self.nfa().0.get_nfa().clone())
                    .expect("an NFA that built a PikeVM builds a backtracker");
                let cache = Mutex::new(bt.create_cache());
                (bt, cache)
            });
            let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // Too long a span for its memory bound: the PikeVM answers.
            if bt.try_search(&mut cache, input, caps).is_ok() {
                return;
            }
        }
        let (vm, cache) = self.nfa();
        vm.search(&mut cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner()), input, caps);
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
    prefilter: Option<Prefilter>,
    /// For each literal in the prefilter, the patterns it can start and
    /// the [`Inside`] sets it is one of.
    owners: Owners,
    /// For each [`Inside`] set of every pattern, how far from a start one
    /// of its literals may stand.
    windows: Vec<Window>,
    /// Each entry of `owners.starts` with the [`Inside`] sets of its
    /// pattern (as `Pattern::inside`): [pattern, first set, end of sets],
    /// read together at every start.
    #[cfg(not(target_arch = "wasm32"))]
    start_sets: Vec<[u32; 3]>,
    /// Literals gathered by `add`, turned into `prefilter` by `finish`.
    pending: Vec<(Vec<u8>, Owner)>,
    /// What is known of each pattern, by its source.
    known: BTreeMap<String, Known>,
}

/// Whether patterns use [`Inside`] literals. Not in the browser: they
/// would cost the checker's start (a larger automaton to build) and the
/// download, so the code for them is left out there (`build.rs` writes no
/// table for them either).
const INSIDE_LITERALS: bool = cfg!(not(target_arch = "wasm32"));

/// How far from a start one of an [`Inside`] set's literals may stand, and
/// which [`prefixes::STOPS`] may not stand between: read at every start
/// natively, so kept small. (The browser's build has none.)
#[derive(Debug)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
struct Window {
    /// The fewest and the most bytes from a start to one of the literals.
    min: u32,
    max: u32,
    stops: u8,
}

/// What each literal of the prefilter is to the patterns, in flat lists
/// (the scan reads them for every literal it finds, a few hundred
/// thousand times a MB).
#[derive(Debug, Default)]
struct Owners {
    /// Literal `l` starts the patterns `starts[start_index[l]..start_index[l + 1]]`.
    start_index: Vec<u32>,
    starts: Vec<u32>,
    /// Literal `l` is one of the [`Inside`] sets `inside[inside_index[l]..inside_index[l + 1]]`.
    inside_index: Vec<u32>,
    inside: Vec<u32>,
}

impl Owners {
    /// Adds the owners of the next literal, sorted and without repeats.
    fn push(&mut self, owners: &[Owner]) {
        if self.start_index.is_empty() {
            self.start_index.push(0);
            self.inside_index.push(0);
        }
        for &owner in owners {
            match owner {
                Owner::Starts(id) => self.starts.push(id as u32),
                Owner::Inside(set) => self.inside.push(set as u32),
            }
        }
        self.start_index.push(self.starts.len() as u32);
        self.inside_index.push(self.inside.len() as u32);
    }

    /// The patterns literal `literal` starts.
    #[cfg(target_arch = "wasm32")]
    fn starts(&self, literal: u32) -> &[u32] {
        let l = literal as usize;
        &self.starts[self.start_index[l] as usize..self.start_index[l + 1] as usize]
    }

    /// The [`Inside`] sets literal `literal` is one of.
    #[cfg(not(target_arch = "wasm32"))]
    fn inside(&self, literal: u32) -> &[u32] {
        let l = literal as usize;
        &self.inside[self.inside_index[l] as usize..self.inside_index[l + 1] as usize]
    }
}

/// What a literal of the prefilter is to a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    /// One of the prefixes of this pattern.
    Starts(PatternId),
    /// One of the literals of this [`Inside`] set (its index in [`Patterns::windows`]).
    Inside(usize),
}

/// What is known of a pattern before or after it is added.
#[derive(Debug)]
enum Known {
    /// Its prefixes and [`Inside`] sets, worked out ahead of time.
    Literals(Prefixes, Vec<Inside>),
    /// Its id: a pattern that several rules use is one pattern, compiled
    /// and searched for once.
    Added(PatternId),
}

impl Patterns {
    /// An empty set that takes its patterns' prefixes from `table`, and
    /// their [`Inside`] sets from `inside`, which `build.rs` wrote for these
    /// `patterns` (see [`prefixes::write_table`]). A table written for other
    /// patterns is not used; without `inside` (the browser's build), no
    /// pattern has inside sets.
    pub fn with_table<'a>(patterns: impl IntoIterator<Item = &'a str>, table: &[u8], inside: &[u8]) -> Patterns {
        let mut known = BTreeMap::new();
        for pattern in patterns {
            if !known.contains_key(pattern) {
                known.insert(pattern.to_string(), Known::Literals(None, Vec::new()));
            }
        }
        match prefixes::read_table(table) {
            Some(entries) if entries.len() == known.len() => {
                let inside = INSIDE_LITERALS.then(|| prefixes::read_inside_table(inside)).flatten();
                let inside = inside.filter(|sets| sets.len() == entries.len());
                let mut inside = inside.into_iter().flatten();
                for (slot, entry) in known.values_mut().zip(entries) {
                    *slot = Known::Literals(entry, inside.next().unwrap_or_default());
                }
            }
            _ => known.clear(),
        }
        Patterns { known, ..Patterns::default() }
    }

    /// Adds a pattern, or finds it added already; with `check`, compiles it
    /// now to report any error. The message names the problem in words.
    pub fn add(&mut self, source: &str, check: bool) -> Result<PatternId, String> {
        let (prefixes, inside) = match self.known.get_mut(source) {
            Some(Known::Added(id)) => return Ok(*id),
            Some(Known::Literals(prefixes, inside)) => (std::mem::take(prefixes), std::mem::take(inside)),
            None => {
                let hir = prefixes::parse(source).map_err(|e| format!("not a valid pattern: {}", one_line(&e)))?;
                let inside = if INSIDE_LITERALS { prefixes::inside(&hir) } else { Vec::new() };
                (prefixes::of(&hir), inside)
            }
        };
        let id = self.list.len();
        // Only where the prefilter gives the starts can it rule some out.
        let inside = if prefixes.is_some() { inside } else { Vec::new() };
        let first = self.windows.len();
        for set in inside {
            let max = set.max.map_or(LONGEST_MATCH, usize::from).min(LONGEST_MATCH) as u32;
            let window = Window { min: set.min.into(), max, stops: set.stops };
            self.pending.extend(set.literals.into_iter().map(|literal| (literal, Owner::Inside(self.windows.len()))));
            self.windows.push(window);
        }
        let pattern = Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
            filtered: prefixes.is_some(),
            inside: first..self.windows.len(),
        };
        if check {
            let _ = pattern.compiled.set(build(source)?);
        }
        self.list.push(pattern);
        self.pending.extend(prefixes.into_iter().flatten().map(|prefix| (prefix, Owner::Starts(id))));
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
        let mut owners: Vec<Owner> = Vec::new();
        for (literal, owner) in pending {
            if literals.last() != Some(&literal) {
                if !literals.is_empty() {
                    self.owners.push(&owners);
                    owners.clear();
                }
                literals.push(literal);
            }
            if owners.last() != Some(&owner) {
                owners.push(owner);
            }
        }
        if !literals.is_empty() {
            self.owners.push(&owners);
            #[cfg(not(target_arch = "wasm32"))]
            {
                let sets = |id: &u32| &self.list[*id as usize].inside;
                self.start_sets = self.owners.starts.iter().map(|id| [*id, sets(id).start as u32, sets(id).end as u32]).collect();
            }
            #[cfg(target_arch = "wasm32")]
            let prefilter = Prefilter::builder()
                .match_kind(MatchKind::Standard)
                // None of its prefilters is built in (see Cargo.toml).
                .prefilter(false)
                .build(&literals)
                .expect("a few thousand literals fit an automaton");
            #[cfg(not(target_arch = "wasm32"))]
            let prefilter = Prefilter::new(&literals);
            self.prefilter = Some(prefilter);
        }
    }

    /// How many bytes from where it starts a match of pattern `id` can
    /// read, the byte after the match included (for `\b`); `None` if there
    /// is no bound. Text further on cannot change a match found at a place.
    pub fn reach(&self, id: PatternId) -> Option<usize> {
        let pattern = &self.list[id];
        if pattern.filtered {
            return Some(LONGEST_MATCH + 1);
        }
        let longest = prefixes::parse(&pattern.source).ok()?.properties().maximum_len()?;
        Some(longest + 1)
    }

    /// How many patterns there are; their ids run from 0 to one less.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The source text of pattern `id`.
    pub fn source(&self, id: PatternId) -> &str {
        &self.list[id].source
    }

    fn compiled(&self, id: PatternId) -> &Compiled {
        let pattern = &self.list[id];
        pattern.compiled.get_or_init(|| {
            build(&pattern.source).expect("patterns are checked when a pack is loaded")
        })
    }

    /// Finds where each filtered pattern may start in `hay`: one pass,
    /// segment by segment.
    pub fn scan<'a>(&'a self, hay: &'a str) -> Scan<'a> {
        self.scan_range(hay, std::slice::from_ref(&(0..hay.len())))
    }

    /// Like [`scan`](Self::scan), but finds only the places within the
    /// `ranges` of `hay` (where two overlap, each place is kept once): a
    /// filtered pattern finds no match starting elsewhere. An edited text is scanned again only
    /// around the edit ([`crate::incremental`]).
    pub fn scan_range<'a>(&'a self, hay: &'a str, ranges: &[Range<usize>]) -> Scan<'a> {
        let count = (hay.len() >> SEGMENT_BITS) + 1;
        let mut segments = Vec::with_capacity(count);
        let mut hits = Vec::new();
        #[cfg(not(target_arch = "wasm32"))]
        let mut sweep = starts::Sweep::default();
        // Literals inside a match are looked for as far past the segment
        // as a match that starts in it can reach.
        let reach = if self.windows.is_empty() { 0 } else { LONGEST_MATCH };
        for s in 0..count {
            let base = s << SEGMENT_BITS;
            let end = hay.len().min(base + (1 << SEGMENT_BITS));
            hits.clear();
            for range in ranges {
                let (from, to) = (base.max(range.start), end.min(range.end));
                let Some(ac) = self.prefilter.as_ref().filter(|_| from < to) else { continue };
                // Literals that start in the segment and end past it are found too.
                let limit = hay.len().min(to + reach + ac.max_pattern_len());
                literals_in(ac, &hay.as_bytes()[..limit], from, |literal, start| {
                    if start < to + reach {
                        hits.push((literal as u32, (start - base) as u32));
                    }
                });
            }
            #[cfg(not(target_arch = "wasm32"))]
            let segment = {
                // One range's hits come in order of their ends, nearly sorted.
                let sorted = ranges.len() == 1;
                if sorted {
                    starts::by_start(&mut hits);
                }
                self.kept_starts(&mut hits, sorted, &hay.as_bytes()[base..], &mut sweep)
            };
            #[cfg(target_arch = "wasm32")]
            let segment = self.segment(&hits);
            segments.push(segment);
        }
        Scan { patterns: self, hay, segments }
    }

    /// Each pattern's starts in a segment, from the prefilter's `hits`
    /// (literal, offset) there: counted, then put in place in one exact
    /// allocation. Built segment by segment, a large text never holds all
    /// its hits at once, and nothing grows by doubling: Wasm memory, which
    /// never shrinks, would keep the trail. (Natively, see [`starts`].)
    #[cfg(target_arch = "wasm32")]
    fn segment(&self, hits: &[(u32, u32)]) -> Segment {
        let mut index = vec![0u32; self.list.len() + 1];
        for &(literal, _) in hits {
            for &id in self.owners.starts(literal) {
                index[id as usize + 1] += 1;
            }
        }
        for id in 0..self.list.len() {
            index[id + 1] += index[id];
        }
        let mut offsets = vec![0u16; index[self.list.len()] as usize];
        let mut next = index.clone();
        for &(literal, at) in hits {
            for &id in self.owners.starts(literal) {
                offsets[next[id as usize] as usize] = at as u16;
                next[id as usize] += 1;
            }
        }
        // Hits come in order of their ends; each pattern's starts go in text
        // order, once each, packed to the left.
        let mut kept = 0;
        for id in 0..self.list.len() {
            let (from, to) = (index[id] as usize, index[id + 1] as usize);
            offsets[from..to].sort_unstable();
            index[id] = kept as u32;
            let mut last = None;
            for i in from..to {
                let at = offsets[i];
                if last != Some(at) {
                    last = Some(at);
                    offsets[kept] = at;
                    kept += 1;
                }
            }
        }
        index[self.list.len()] = kept as u32;
        offsets.truncate(kept);
        offsets.shrink_to_fit();
        Segment { index, offsets }
    }
}

/// Calls `found(literal, start)` for every literal of `ac` that starts at
/// or after `from` in `hay`, overlapping ones too, in order of their ends.
/// The automaton walked by hand, one state a byte: the crate's overlapping
/// iterator returns to its caller at every literal, and in legal text a
/// literal ends every few bytes: that was a third of the pass's work. In
/// the browser's build; natively, [`walk`] walks a table of its own.
#[cfg(target_arch = "wasm32")]
fn literals_in(ac: &Prefilter, hay: &[u8], from: usize, mut found: impl FnMut(usize, usize)) {
    let Ok(mut state) = ac.start_state(aho_corasick::Anchored::No) else { return };
    let mut report = |state, end: usize| {
        for i in 0..ac.match_len(state) {
            let literal = ac.match_pattern(state, i);
            found(literal.as_usize(), end - ac.pattern_len(literal));
        }
    };
    if ac.is_match(state) {
        report(state, from);
    }
    let mut at = from;
    while let Some(end) = next_special(ac, &mut state, hay, at) {
        if ac.is_dead(state) {
            return;
        }
        if ac.is_match(state) {
            report(state, end);
        }
        at = end;
    }
}

/// Walks `ac` from `state` over `hay` from `at` on to its next special
/// state (a match, or dead), and says where that state was reached; `None`
/// at the end of `hay`. Kept apart from what is done at a match, so that
/// this loop, one step a byte of the whole text, has the registers to itself.
#[cfg(target_arch = "wasm32")]
#[inline(never)]
fn next_special(ac: &Prefilter, state: &mut aho_corasick::automaton::StateID, hay: &[u8], at: usize) -> Option<usize> {
    let mut current = *state;
    for (i, &byte) in hay[at..].iter().enumerate() {
        current = ac.next_state(aho_corasick::Anchored::No, current, byte);
        if ac.is_special(current) {
            *state = current;
            return Some(at + i + 1);
        }
    }
    None
}

/// A text scanned for the places where patterns may start.
pub struct Scan<'a> {
    patterns: &'a Patterns,
    /// The normalised text.
    pub hay: &'a str,
    /// The text's segments of 2^[`SEGMENT_BITS`] bytes, in order; at least one.
    segments: Vec<Segment>,
}

/// Where each filtered pattern may start in one segment of a text.
struct Segment {
    /// Pattern `id`'s starts are `offsets[index[id]..index[id + 1]]`.
    index: Vec<u32>,
    /// Offsets from the segment's start, pattern by pattern, in text order.
    offsets: Vec<u16>,
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
        // Compiled only once it has a place to run.
        self.starts(id, range.clone()).find_map(|s| {
            let end = range.end.min(s + LONGEST_MATCH);
            self.patterns.compiled(id).find(&Input::new(self.hay).span(s..end).anchored(Anchored::Yes))
        })
    }

    /// Where pattern `id` may start within `range`, in text order.
    fn starts(&self, id: PatternId, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let last = (range.end >> SEGMENT_BITS).min(self.segments.len() - 1);
        (range.start >> SEGMENT_BITS..=last)
            .flat_map(move |s| {
                let segment = &self.segments[s];
                let starts = &segment.offsets[segment.index[id] as usize..segment.index[id + 1] as usize];
                let base = s << SEGMENT_BITS;
                let from = starts.partition_point(|&o| base + (o as usize) < range.start);
                starts[from..].iter().map(move |&o| base + o as usize)
            })
            .take_while(move |&s| s <= range.end)
    }

    /// Whether pattern `id` matches within `range`.
    pub fn is_match(&self, id: PatternId, range: Range<usize>) -> bool {
        self.find(id, range).is_some()
    }

    /// The named groups of pattern `id` that took part in the match `at`;
    /// none unless one of them is `wanted`.
    pub fn named_groups(&self, id: PatternId, at: Range<usize>, wanted: &[&str]) -> Vec<(String, Range<usize>)> {
        let source = &self.patterns.list[id].source;
        if !source.contains("(?P<") && !source.contains("(?<") {
            return Vec::new();
        }
        let compiled = self.patterns.compiled(id);
        if let Some(name) = &compiled.whole_group {
            return if wanted.contains(&name.as_str()) { vec![(name.clone(), at)] } else { Vec::new() };
        }
        let names = compiled.nfa().0.get_nfa().group_info();
        if !names.all_names().any(|(_, _, name)| name.is_some_and(|name| wanted.contains(&name))) {
            return Vec::new();
        }
        let mut caps = Captures::all(names.clone());
        let input = Input::new(self.hay).span(at).anchored(Anchored::Yes);
        compiled.captures(&input, &mut caps);
        names
            .all_names()
            .filter_map(|(_, group, name)| Some((name?.to_string(), caps.get_group(group)?.range())))
            .collect()
    }
}

/// One pattern on its own, searched for anywhere in a text (the scorecard's
/// mapping). Same syntax as rules. With no literal to start from, it keeps
/// a reverse DFA too, to find where a match starts without reading the text
/// from the search's start again.
#[derive(Debug)]
pub struct Search {
    regex: two_way::Regex,
    cache: Mutex<two_way::Cache>,
}

impl Search {
    pub fn new(pattern: &str) -> Result<Search, String> {
        let regex = two_way::Builder::new()
            .syntax(ascii())
            .thompson(thompson::Config::new().nfa_size_limit(Some(SIZE_LIMIT)).utf8(false))
            // Never giving up (and ASCII word boundaries) means a search always answers.
            .dfa(dfa::Config::new().minimum_cache_clear_count(None))
            .build(pattern)
            .map_err(explain)?;
        let cache = Mutex::new(regex.create_cache());
        Ok(Search { regex, cache })
    }

    /// Every match in `hay`, leftmost first, non-overlapping; found as the
    /// caller asks for them, so a caller that wants the first few stops early.
    pub fn find_iter<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = Range<usize>> + 'h {
        let mut from = 0;
        std::iter::from_fn(move || {
            if from > hay.len() {
                return None;
            }
            let m = self.find(&Input::new(hay).span(from..hay.len()))?;
            from = if m.is_empty() { m.end + 1 } else { m.end };
            Some(m)
        })
    }

    pub fn is_match(&self, hay: &str) -> bool {
        self.find(&Input::new(hay).earliest(true)).is_some()
    }

    fn find(&self, input: &Input) -> Option<Range<usize>> {
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let found = self.regex.try_search(&mut cache, input);
        debug_assert!(found.is_ok(), "a DFA that never gives up answered {found:?}");
        found.ok().flatten().map(|m| m.range())
    }
}

/// The syntax every pattern is read with: ASCII classes over bytes.
fn ascii() -> syntax::Config {
    syntax::Config::new().unicode(false).utf8(false)
}

fn build(source: &str) -> Result<Compiled, String> {
    let hir = parse(source)?;
    let dfa = lazy_dfa(&hir, Some(SIZE_LIMIT))?;
    let cache = Mutex::new(dfa.create_cache());
    let whole_group = whole_group(&hir);
    let quick = quick(hir);
    Ok(Compiled {
        source: source.to_string(),
        dfa,
        cache,
        quick,
        whole_group,
        nfa: OnceLock::new(),
        #[cfg(not(target_arch = "wasm32"))]
        groups: OnceLock::new(),
    })
}

fn parse(source: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(source).map_err(explain)
}

/// A forward lazy DFA for `hir`, with no NFA larger than `size_limit`.
fn lazy_dfa(hir: &Hir, size_limit: Option<usize>) -> Result<dfa::DFA, String> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .nfa_size_limit(size_limit)
                .utf8(false)
                .which_captures(thompson::WhichCaptures::None),
        )
        .build_many_from_hir(std::slice::from_ref(hir))
        .map_err(explain)?;
    dfa::DFA::builder()
        .configure(dfa::Config::new().minimum_cache_clear_count(None))
        .build_from_nfa(nfa)
        .map_err(explain)
}

/// A build error in words, with the reasons behind it.
fn explain(e: impl std::error::Error) -> String {
    let mut reason = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        reason = format!("{reason}: {inner}");
        source = inner.source();
    }
    if reason.contains("exceeds size limit") || reason.contains("exceeded limit") {
        format!("too large to compile (over {SIZE_LIMIT} bytes); split it or simplify it")
    } else {
        format!("not a valid pattern: {}", one_line(&reason))
    }
}

/// The name of the pattern's one named group when it holds the whole pattern
/// (`(?P<phrase>...)`): what it matched is the whole match.
fn whole_group(hir: &Hir) -> Option<String> {
    match hir.kind() {
        HirKind::Capture(capture) if hir.properties().explicit_captures_len() == 1 => capture.name.as_deref().map(String::from),
        _ => None,
    }
}

/// The [`Quick`] first look for a pattern, if it has long bounded repetitions.
fn quick(hir: Hir) -> Option<Quick> {
    let (loose, loosened) = loosen(hir);
    if !loosened {
        return None;
    }
    let dfa = lazy_dfa(&loose, None).ok()?;
    let cache = Mutex::new(dfa.create_cache());
    Some(Quick { dfa, cache })
}

/// `hir` with every repetition bounded above [`QUICK_BOUND`] unbounded, and
/// whether there was one.
fn loosen(hir: Hir) -> (Hir, bool) {
    let all = |subs: Vec<Hir>| {
        let (subs, loosened): (Vec<Hir>, Vec<bool>) = subs.into_iter().map(loosen).unzip();
        (subs, loosened.contains(&true))
    };
    match hir.into_kind() {
        HirKind::Repetition(rep) => {
            let (sub, inner) = loosen(*rep.sub);
            let long = rep.max.is_some_and(|max| max > QUICK_BOUND);
            let max = if long { None } else { rep.max };
            (Hir::repetition(Repetition { min: rep.min, max, greedy: rep.greedy, sub: Box::new(sub) }), long || inner)
        }
        HirKind::Capture(capture) => loosen(*capture.sub),
        HirKind::Concat(subs) => {
            let (subs, loosened) = all(subs);
            (Hir::concat(subs), loosened)
        }
        HirKind::Alternation(subs) => {
            let (subs, loosened) = all(subs);
            (Hir::alternation(subs), loosened)
        }
        HirKind::Empty => (Hir::empty(), false),
        HirKind::Literal(literal) => (Hir::literal(literal.0), false),
        HirKind::Class(class) => (Hir::class(class), false),
        HirKind::Look(look) => (Hir::look(look), false),
    }
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
        // Too far apart for the bound, though the loosened first look matches.
        (r"\bany\b[^.;]{0,12}\bcrime", "any serious organised crime; any grave crime", &["any grave crime"]),
        (r"(?P<who>any person)[^.]{0,9}?\bmay", "any person who may; any person, however, may", &["any person who may"]),
        // A rare word inside ("refused") counts only with no stop the gap
        // never crosses before it: one, two or three kinds of stop.
        (r"any person[^.]{0,60}\brefused", "any person. refused; any person who is refused", &["any person who is refused"]),
        (r"any person[^.;]{0,60}\brefused", "any person; refused. any person, then refused", &["any person, then refused"]),
        (r"any person[^.;,]{0,60}\brefused", "any person, refused; any person who is refused", &["any person who is refused"]),
    ];

    #[test]
    fn finds_what_a_plain_search_finds() {
        // Compiled when added (to report errors), or when first searched for.
        for ((pattern, text, expected), check) in CASES.iter().flat_map(|case| [(case, true), (case, false)]) {
            let mut patterns = Patterns::default();
            let id = patterns.add(pattern, check).unwrap();
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
    fn looks_for_literals_inside_matches_past_the_segment() {
        // "refused" is rare, so a start of this pattern counts only where
        // it follows before the sentence ends; here it stands in the next
        // segment of the text, or after a full stop.
        let pattern = r"any person[^.]{0,40}\brefused";
        let text = format!("{}any person who is refused. any person. refused", "x ".repeat((1 << (SEGMENT_BITS - 1)) - 6));
        assert!(text.find("refused").unwrap() > 1 << SEGMENT_BITS && text.find("any person").unwrap() < 1 << SEGMENT_BITS);
        let mut patterns = Patterns::default();
        let id = patterns.add(pattern, false).unwrap();
        patterns.finish();
        assert!(!patterns.windows.is_empty(), "the pattern has an inside set");
        let found: Vec<&str> = patterns.scan(&text).find_iter(id, 0..text.len()).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["any person who is refused"]);
    }

    #[test]
    fn ranges_in_any_order_find_what_a_whole_scan_finds() {
        // The incremental check scans again only around edits, in ranges
        // that may overlap and come in any order. A start needs "refused"
        // close after it with no full stop between: the full stop early in
        // the text is not between the later start and its "refused".
        let pattern = r"any person[^.]{0,40}\brefused";
        let text = format!("any person who is refused. any person{}any person, once refused", " x".repeat(1500));
        let mut patterns = Patterns::default();
        let id = patterns.add(pattern, false).unwrap();
        patterns.finish();
        let find = |ranges: &[Range<usize>]| {
            let scan = patterns.scan_range(&text, ranges);
            scan.find_iter(id, 0..text.len()).into_iter().map(|r| &text[r]).collect::<Vec<_>>()
        };
        let whole = find(std::slice::from_ref(&(0..text.len())));
        assert_eq!(whole, ["any person who is refused", "any person, once refused"]);
        assert_eq!(find(&[2900..text.len(), 0..30]), whole);
        assert_eq!(find(&[10..20, 0..30, 5..text.len()]), whole);
        let after = 2900..text.len();
        assert_eq!(find(std::slice::from_ref(&after)), ["any person, once refused"], "a start before the ranges is not looked at");
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

    /// (pattern, text): the named groups of the first match, as the regex crate reports them.
    const GROUPS: &[(&str, &str)] = &[
        (r"(?P<actor>a police officer|the minister) may", "then the minister may act"),
        (r"(?P<phrase>keep (?:it )?secret)", "they shall keep it secret"),
        (r"(?P<all>(?P<who>the minister) may)", "then the minister may act"),
        (r"(?P<who>any person)(?: (?P<how>knowingly))? discloses", "any person discloses it"),
    ];

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
            let mut patterns = Patterns::with_table(sources, table, &[]);
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
        for (pattern, text) in GROUPS {
            let mut patterns = Patterns::default();
            let id = patterns.add(pattern, true).unwrap();
            patterns.finish();
            let scan = patterns.scan(text);
            let m = scan.find(id, 0..text.len()).unwrap();
            assert!(scan.named_groups(id, m.clone(), &["ground"]).is_empty(), "no group the message uses: {pattern}");
            let wanted = ["actor", "phrase", "who"];
            let found: Vec<(String, &str)> = scan.named_groups(id, m, &wanted).into_iter().map(|(n, r)| (n, &text[r])).collect();
            let regex = regex::RegexBuilder::new(pattern).unicode(false).build().unwrap();
            let caps = regex.captures(text).unwrap();
            let plain: Vec<(String, &str)> = regex
                .capture_names()
                .flatten()
                .filter_map(|n| Some((n.to_string(), caps.name(n)?.as_str())))
                .collect();
            assert_eq!(found, plain, "{pattern}");
            assert!(!found.is_empty(), "{pattern}");
        }
    }
}
