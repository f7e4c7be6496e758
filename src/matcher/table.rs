//! Natively, the prefilter's automaton as a table of its own: a smaller
//! copy of the Aho-Corasick DFA, for a walk that reads it at every byte.
//!
//! The crate's DFA gives each state a row as wide as its alphabet rounded
//! up to a power of two, of 4-byte state ids: about 2 MB for the built-in
//! packs, more than the core's caches hold, so most steps of the walk wait
//! on memory. Here a row has a column for each byte that stands in a
//! literal and one for all the others (which behave alike: no literal
//! goes on with them), with 2-byte state numbers where they fit. The states
//! are numbered breadth first from the start, so the shallow states, where
//! the walk spends most of its steps, lie together; those where literals
//! end come last, so that a match is one comparison, and each has its
//! literals in one flat list. Built from the crate's noncontiguous NFA (its
//! trie and the literals ending at each state), which builds in a quarter
//! of the time of the crate's DFA, each row made from the row of the
//! state's failure state.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::noncontiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

/// A state's number, as stored in a [`Table`].
pub(super) trait Number: Copy + std::fmt::Debug {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

impl Number for u16 {
    fn new(index: usize) -> u16 {
        index as u16
    }
    #[inline(always)]
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Number for u32 {
    fn new(index: usize) -> u32 {
        index as u32
    }
    #[inline(always)]
    fn index(self) -> usize {
        self as usize
    }
}

/// The automaton over a set of literals, one row of next states a state.
#[derive(Debug)]
pub(super) struct Table<S> {
    /// Each byte's column: its own for a byte that stands in a literal, 0
    /// for all the others.
    columns: [u8; 256],
    /// How many columns a row has.
    width: usize,
    /// State `s`'s next state on a byte of column `c` is `next[s * width + c]`.
    next: Vec<S>,
    /// The states numbered from this on are those where literals end.
    first_match: usize,
    /// The literals that end at match state `first_match + m` are
    /// `ending[ending_index[m]..ending_index[m + 1]]`: (literal, its length).
    ending_index: Vec<u32>,
    ending: Vec<(u32, u32)>,
    /// The state before any byte.
    start: S,
    /// The longest literal's length.
    max_len: usize,
}

/// The table, with 2-byte state numbers unless there are too many states
/// (a rule pack of many more literals than the built-in ones).
#[derive(Debug)]
pub(super) enum Prefilter {
    Narrow(Table<u16>),
    Wide(Table<u32>),
}

impl Prefilter {
    /// The automaton that finds every occurrence of `literals`, overlapping
    /// ones too (`literal` in what it reports is an index into them).
    pub(super) fn new(literals: &[Vec<u8>]) -> Prefilter {
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            // None of its prefilters is built in (see Cargo.toml).
            .prefilter(false)
            .build(literals)
            .expect("a few thousand literals fit an automaton");
        let rows = Rows::new(&nfa, literals);
        if rows.order.len() <= usize::from(u16::MAX) + 1 {
            Prefilter::Narrow(Table::new(&nfa, rows))
        } else {
            Prefilter::Wide(Table::new(&nfa, rows))
        }
    }

    /// The longest literal's length.
    pub(super) fn max_pattern_len(&self) -> usize {
        match self {
            Prefilter::Narrow(table) => table.max_len,
            Prefilter::Wide(table) => table.max_len,
        }
    }
}

/// The automaton's rows before they are numbered for a [`Table`].
struct Rows {
    /// As [`Table::columns`].
    columns: [u8; 256],
    /// A byte of each column.
    bytes: Vec<u8>,
    /// The NFA's states, breadth first from its unanchored start.
    order: Vec<StateID>,
    /// Each state's next states by their place in `order`, a row a state.
    next: Vec<u32>,
}

impl Rows {
    fn new(nfa: &NFA, literals: &[Vec<u8>]) -> Rows {
        let mut in_literal = [false; 256];
        for &byte in literals.iter().flatten() {
            in_literal[usize::from(byte)] = true;
        }
        // Column 0 for the bytes in no literal, if there are any.
        let mut bytes: Vec<u8> = (0..=255u8).find(|&b| !in_literal[usize::from(b)]).into_iter().collect();
        let mut columns = [0u8; 256];
        for byte in (0..=255u8).filter(|&b| in_literal[usize::from(b)]) {
            columns[usize::from(byte)] = bytes.len() as u8;
            bytes.push(byte);
        }
        let start = nfa.start_state(Anchored::No).expect("an automaton for unanchored search");
        // At most a state for each byte of the literals, and the start.
        let most = 1 + literals.iter().map(Vec::len).sum::<usize>();
        let (order, next) = breadth_first(nfa, start, &bytes, most);
        Rows { columns, bytes, order, next }
    }
}

impl<S: Number> Table<S> {
    /// The table of `nfa`'s `rows`, with `S` large enough to number them.
    fn new(nfa: &NFA, rows: Rows) -> Table<S> {
        let Rows { columns, bytes, order, next } = rows;
        let width = bytes.len();
        // Renumbered: the states where no literal ends first, in that order.
        let mut number = vec![0; order.len()];
        let mut renumbered: Vec<usize> = (0..order.len()).filter(|&i| !nfa.is_match(order[i])).collect();
        let first_match = renumbered.len();
        renumbered.extend((0..order.len()).filter(|&i| nfa.is_match(order[i])));
        for (new, &old) in renumbered.iter().enumerate() {
            number[old] = new;
        }
        let mut table = Table {
            columns,
            width,
            next: Vec::with_capacity(next.len()),
            first_match,
            ending_index: vec![0],
            ending: Vec::new(),
            start: S::new(number[0]),
            max_len: nfa.max_pattern_len(),
        };
        for &old in &renumbered {
            let row = &next[old * width..][..width];
            table.next.extend(row.iter().map(|&to| S::new(number[to as usize])));
            let state = order[old];
            if nfa.is_match(state) {
                for m in 0..nfa.match_len(state) {
                    let literal = nfa.match_pattern(state, m);
                    table.ending.push((literal.as_u32(), nfa.pattern_len(literal) as u32));
                }
                table.ending_index.push(table.ending.len() as u32);
            }
        }
        table
    }

    /// The state before any byte.
    #[inline(always)]
    pub(super) fn start(&self) -> S {
        self.start
    }

    /// The state after `byte` from `state`.
    #[inline(always)]
    pub(super) fn next(&self, state: S, byte: u8) -> S {
        self.next[state.index() * self.width + usize::from(self.columns[usize::from(byte)])]
    }

    /// The longest literal's length.
    pub(super) fn max_len(&self) -> usize {
        self.max_len
    }

    /// Whether literals end at `state`.
    #[inline(always)]
    pub(super) fn is_match(&self, state: S) -> bool {
        state.index() >= self.first_match
    }

    /// The literals that end at match state `state`: (literal, its length).
    #[inline(always)]
    pub(super) fn ending(&self, state: S) -> &[(u32, u32)] {
        let m = state.index() - self.first_match;
        &self.ending[self.ending_index[m] as usize..self.ending_index[m + 1] as usize]
    }
}

/// The trie of `nfa` breadth first from `start` (its unanchored start),
/// and each state's next state on `bytes` (by its place in that order),
/// row after row. The NFA gives each state's children; a byte with no
/// child goes where it goes from the state's failure state (the longest
/// proper suffix of the state's text in the trie), whose row, nearer the
/// start, is made already. Asking the NFA for each next state instead
/// would follow its failure links every time. There are at most `most`
/// states: the rows are given room for that many at once (growing them
/// step by step made loading the built-in rules a millisecond slower).
fn breadth_first(nfa: &NFA, start: StateID, bytes: &[u8], most: usize) -> (Vec<StateID>, Vec<u32>) {
    let mut order = Vec::with_capacity(most);
    order.push(start);
    let mut failure = Vec::with_capacity(most);
    failure.push(0u32);
    let mut next: Vec<u32> = Vec::with_capacity(bytes.len() * most);
    let mut i = 0;
    while i < order.len() {
        let fail = failure[i] as usize;
        for (column, &byte) in bytes.iter().enumerate() {
            // Without failure links: a child, or none (the start loops to itself).
            let child = nfa.next_state(Anchored::Yes, order[i], byte);
            let to = if child == start || nfa.is_dead(child) {
                if i == 0 { 0 } else { next[fail * bytes.len() + column] }
            } else {
                // Each state but the start is a child of one state.
                failure.push(if i == 0 { 0 } else { next[fail * bytes.len() + column] });
                order.push(child);
                order.len() as u32 - 1
            };
            next.push(to);
        }
        i += 1;
    }
    (order, next)
}
