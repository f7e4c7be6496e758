//! The prefilter's walk: every literal of its automaton that occurs in a
//! text, the one part of a check that reads every byte.
//!
//! The automaton is walked by hand, one state a byte: the crate's
//! overlapping iterator returns to its caller at every literal, and in legal
//! text a literal ends every few bytes.
//!
//! Natively only (the browser's build walks the crate's automaton whole,
//! see `literals_in` in matcher.rs). The automaton ([`super::table`]) is
//! larger than the core's fastest caches, so each byte's step waits on a
//! load that waits on the step before. The text is therefore cut into [`WALKS`] chunks walked side
//! by side in one loop, one state each: their loads don't wait on each
//! other, so their waits overlap. A walk begun from the start state at a
//! chunk's first byte finds exactly the literals that start there or later;
//! it goes on past its chunk's end only to finish those that start before
//! it. The loop takes no branch at a literal either (where literals end is
//! unpredictable, a wrong guess every few bytes): it notes every step's
//! state and keeps the note only where the state is a match.

use super::table::{Number, Prefilter, Table};

/// Calls `found(literal, start)` for every literal of `ac` that starts at
/// or after `from` in `hay` (and ends within it), overlapping ones too,
/// each once. They come in order of their ends within each of a few
/// consecutive chunks of `hay[from..]`, chunk after chunk: so each is at
/// most a literal's length out of place in order of starts, and literals
/// that start at the same place come shortest first.
pub(super) fn literals_in(ac: &Prefilter, hay: &[u8], from: usize, found: impl FnMut(usize, usize)) {
    match ac {
        Prefilter::Narrow(table) => literals_in_table(table, hay, from, found),
        Prefilter::Wide(table) => literals_in_table(table, hay, from, found),
    }
}

/// How many chunks are walked side by side.
const WALKS: usize = 4;

/// Texts shorter than this are walked whole: each chunk's walk past its
/// end and the buffers would cost more than the overlap saves.
const SHORTEST: usize = 4096;

/// How many bytes of each chunk a step of the loop walks before the
/// literals found are reported.
const BLOCK: usize = 256;

/// [`literals_in`] over one table.
fn literals_in_table<S: Number>(ac: &Table<S>, hay: &[u8], from: usize, mut found: impl FnMut(usize, usize)) {
    let start = ac.start();
    if ac.is_match(start) {
        // An empty literal.
        report(ac, start, from, &mut found);
    }
    // (Offsets in a chunk are kept as 32 bits.)
    if hay.len() - from < SHORTEST || ac.is_match(start) || hay.len() - from > u32::MAX as usize {
        return walk(ac, start, hay, from, hay.len(), &mut found);
    }
    let len = hay.len() - from;
    let bounds: [usize; WALKS + 1] = std::array::from_fn(|k| from + len * k / WALKS);
    // Every chunk is at least this long; the rest of each is walked after.
    let steps = len / WALKS;
    let mut states = [start; WALKS];
    // The literals of the chunks after the first, until their turn.
    // (literal, offset in the chunk): half the memory of two `usize`.
    let mut later: [Vec<(u32, u32)>; WALKS] = Default::default();
    let mut ends = [[(0u32, start); BLOCK]; WALKS];
    let mut at = 0;
    while at < steps {
        let n = BLOCK.min(steps - at);
        let counts = next_matches(ac, &mut states, hay, &bounds, at, n, &mut ends);
        for k in 0..WALKS {
            for &(end, state) in &ends[k][..counts[k]] {
                let end = bounds[k] + at + end as usize;
                if k == 0 {
                    report(ac, state, end, &mut found);
                } else {
                    let chunk = bounds[k];
                    report(ac, state, end, &mut |literal, start| later[k].push((literal as u32, (start - chunk) as u32)));
                }
            }
        }
        at += n;
    }
    for k in 0..WALKS {
        for &(literal, offset) in &later[k] {
            found(literal as usize, bounds[k] + offset as usize);
        }
        // The rest of the chunk, and past it the literals that start in it.
        let end = hay.len().min(bounds[k + 1] + ac.max_len() - 1);
        walk(ac, states[k], &hay[..end], bounds[k] + steps, bounds[k + 1], &mut found);
    }
}

/// Walks `ac` on from `state` over `hay` from `at`, calling `found` for
/// the literals that end there and start before `before`.
fn walk<S: Number>(ac: &Table<S>, mut state: S, hay: &[u8], at: usize, before: usize, found: &mut impl FnMut(usize, usize)) {
    for (i, &byte) in hay[at..].iter().enumerate() {
        state = ac.next(state, byte);
        if ac.is_match(state) {
            report(ac, state, at + i + 1, &mut |literal, start| {
                if start < before {
                    found(literal, start);
                }
            });
        }
    }
}

/// Calls `found(literal, start)` for each literal of match state
/// `state` reached at `end`.
#[inline(always)]
fn report<S: Number>(ac: &Table<S>, state: S, end: usize, found: &mut impl FnMut(usize, usize)) {
    for &(literal, len) in ac.ending(state) {
        found(literal as usize, end - len as usize);
    }
}

/// Walks each chunk `k` on from `states[k]` over the `n` bytes from
/// `bounds[k] + at`, noting in `ends[k]` each match state reached and
/// where (the count of bytes walked from `at`); returns how many each
/// noted. Kept apart from reporting, so that the loop has the registers.
#[inline(never)]
fn next_matches<S: Number>(
    ac: &Table<S>,
    states: &mut [S; WALKS],
    hay: &[u8],
    bounds: &[usize; WALKS + 1],
    at: usize,
    n: usize,
    ends: &mut [[(u32, S); BLOCK]; WALKS],
) -> [usize; WALKS] {
    let n = n.min(BLOCK);
    let chunks: [&[u8]; WALKS] = std::array::from_fn(|k| &hay[bounds[k] + at..][..n]);
    let mut counts = [0; WALKS];
    let mut current = *states;
    // One byte of every chunk a step: the chunks are read side by side.
    #[allow(clippy::needless_range_loop)]
    for i in 0..n {
        for k in 0..WALKS {
            current[k] = ac.next(current[k], chunks[k][i]);
            // Noted always, kept only at a match: no branch to guess.
            // (`counts[k] <= i < BLOCK`: the mask only spares a bounds check.)
            ends[k][counts[k] & (BLOCK - 1)] = (i as u32 + 1, current[k]);
            counts[k] += usize::from(ac.is_match(current[k]));
        }
    }
    *states = current;
    counts
}

#[cfg(test)]
mod tests {
    use super::super::starts::by_start;
    use super::super::table::Prefilter;
    use super::literals_in;
    use std::collections::HashMap;

    /// Prefixes of the built-in rule pack, the commonest among them
    /// (literals inside literals, and inside words: `put` in "computer").
    const LITERALS: &[&str] = &[
        "shall", "shall no", "offence", "offen", "person", "data", "computer", "put", "act", "with the", "without ",
        "under th", "provide", "informat",
    ];

    /// The rule pack's literals above.
    fn real() -> Vec<Vec<u8>> {
        LITERALS.iter().map(|l| l.as_bytes().to_vec()).collect()
    }

    /// (literal, start) of every one of `literals` in `hay` that starts at
    /// or after `from`, by start, shortest first.
    fn plain(literals: &[Vec<u8>], hay: &[u8], from: usize) -> Vec<(usize, usize)> {
        let index: HashMap<&[u8], usize> = literals.iter().enumerate().map(|(i, l)| (l.as_slice(), i)).collect();
        let (index, longest) = (&index, literals.iter().map(Vec::len).max().unwrap());
        (from..hay.len())
            .flat_map(|at| (1..=longest.min(hay.len() - at)).filter_map(move |len| Some((*index.get(&hay[at..at + len])?, at))))
            .collect()
    }

    /// What `literals_in` reports, checked against `plain`: each literal
    /// once, each at most a literal's length out of place, so that sorting
    /// by start (as the scan does) gives text order, shortest first.
    fn assert_finds_what_a_plain_search_finds(ac: &Prefilter, literals: &[Vec<u8>], hay: &[u8], from: usize) {
        let mut found = Vec::new();
        literals_in(ac, hay, from, |literal, start| found.push((literal, start)));
        let longest = literals.iter().map(Vec::len).max().unwrap();
        let mut furthest = 0;
        for &(_, start) in &found {
            assert!(start + longest > furthest, "{start} comes after {furthest}");
            furthest = furthest.max(start);
        }
        let mut hits: Vec<(u32, u32)> = found.iter().map(|&(l, s)| (l as u32, s as u32)).collect();
        by_start(&mut hits);
        let sorted: Vec<(usize, usize)> = hits.iter().map(|&(l, s)| (l as usize, s as usize)).collect();
        assert_eq!(sorted, plain(literals, hay, from), "from {from}, {} bytes", hay.len());
    }

    #[test]
    fn finds_each_literal_once_in_a_law_text_walked_in_chunks() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/budapest_convention_2001.txt");
        let text = std::fs::read_to_string(path).unwrap().to_lowercase();
        assert!(text.len() > 4 * super::SHORTEST, "long enough to be walked in chunks");
        let (literals, ac) = (real(), Prefilter::new(&real()));
        for from in [0, 1, 4321] {
            assert_finds_what_a_plain_search_finds(&ac, &literals, text.as_bytes(), from);
        }
        // Short: walked whole.
        assert_finds_what_a_plain_search_finds(&ac, &literals, &text.as_bytes()[..3000], 10);
    }

    #[test]
    fn a_literal_across_a_chunk_boundary_is_found_once() {
        let len = 3 * super::SHORTEST + 5;
        let chunk = len / super::WALKS;
        let (literals, ac) = (real(), Prefilter::new(&real()));
        for literal in ["shall not", "offence", "computer"] {
            // At each place across the boundaries of the chunks.
            for before in 0..=literal.len() {
                let mut hay = vec![b'x'; len];
                for k in 1..super::WALKS {
                    let at = len * k / super::WALKS - before;
                    hay[at..at + literal.len()].copy_from_slice(literal.as_bytes());
                }
                assert!(chunk > literal.len());
                assert_finds_what_a_plain_search_finds(&ac, &literals, &hay, 0);
            }
        }
    }

    #[test]
    fn a_pack_too_large_for_two_byte_states_finds_the_same() {
        // 12,000 literals of eight letters that share little: about 80,000 states.
        let mut seed = 7u64;
        let literals: Vec<Vec<u8>> = (0..12_000)
            .map(|_| {
                (0..8)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        b'a' + (seed >> 59) as u8 % 26
                    })
                    .collect()
            })
            .collect();
        let ac = Prefilter::new(&literals);
        assert!(matches!(ac, Prefilter::Wide(_)), "4-byte state numbers");
        // Every 20th literal, and text between them.
        let hay: Vec<u8> = literals.iter().step_by(20).flat_map(|l| l.iter().chain(b" and ").copied()).collect();
        assert!(hay.len() > super::SHORTEST);
        assert_finds_what_a_plain_search_finds(&ac, &literals, &hay, 0);
        let law = Prefilter::new(&real());
        assert!(matches!(law, Prefilter::Narrow(_)), "2-byte state numbers for the rule pack's literals");
    }
}
