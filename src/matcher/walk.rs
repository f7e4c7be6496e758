//! The prefilter's walk: every literal of its automaton that occurs in a
//! text, the one part of a check that reads every byte.
//!
//! The automaton is walked by hand, one state a byte: the crate's
//! overlapping iterator returns to its caller at every literal, and in legal
//! text a literal ends every few bytes.
//!
//! Natively the automaton is a DFA of about 2 MB, more than the core's
//! caches hold, so each byte's step waits on a load that waits on the step
//! before. The text is therefore cut into [`WALKS`] chunks walked side by
//! side in one loop, one state each: their loads don't wait on each other,
//! so their waits overlap. A walk begun from the start state at a chunk's
//! first byte finds exactly the literals that start there or later; it goes
//! on past its chunk's end only to finish those that start before it. The
//! loop takes no branch at a literal either (where literals end is
//! unpredictable, a wrong guess every few bytes): it notes every step's
//! state and keeps the note only where the state is a match.

use super::Prefilter;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::Anchored;

/// Calls `found(literal, start)` for every literal of `ac` that starts at
/// or after `from` in `hay` (and ends within it), overlapping ones too,
/// each once. They come in order of their ends within each of a few
/// consecutive chunks of `hay[from..]`, chunk after chunk: so each is at
/// most a literal's length out of place in order of starts, and literals
/// that start at the same place come shortest first.
pub(super) fn literals_in(ac: &Prefilter, hay: &[u8], from: usize, mut found: impl FnMut(usize, usize)) {
    #[cfg(not(target_arch = "wasm32"))]
    if hay.len() - from >= side_by_side::SHORTEST {
        return side_by_side::literals_in(ac, hay, from, found);
    }
    let Ok(start) = ac.start_state(Anchored::No) else { return };
    if ac.is_match(start) {
        report(ac, start, from, &mut found);
    }
    walk(ac, start, hay, from, hay.len(), &mut found);
}

/// Walks `ac` on from `state` over `hay` from `at`, calling `found` for the
/// literals that end there and start before `before`.
fn walk(ac: &Prefilter, mut state: StateID, hay: &[u8], mut at: usize, before: usize, found: &mut impl FnMut(usize, usize)) {
    while let Some(end) = next_special(ac, &mut state, hay, at) {
        if ac.is_dead(state) {
            return;
        }
        if ac.is_match(state) {
            report(ac, state, end, &mut |literal, start| {
                if start < before {
                    found(literal, start);
                }
            });
        }
        at = end;
    }
}

/// Calls `found(literal, start)` for each literal of match state `state`
/// reached at `end`.
fn report(ac: &Prefilter, state: StateID, end: usize, found: &mut impl FnMut(usize, usize)) {
    for i in 0..ac.match_len(state) {
        let literal = ac.match_pattern(state, i);
        found(literal.as_usize(), end - ac.pattern_len(literal));
    }
}

/// Walks `ac` from `state` over `hay` from `at` on to its next special
/// state (a match, or dead), and says where that state was reached; `None`
/// at the end of `hay`. Kept apart from what is done at a match, so that
/// this loop, one step a byte, has the registers to itself.
#[inline(never)]
fn next_special(ac: &Prefilter, state: &mut StateID, hay: &[u8], at: usize) -> Option<usize> {
    let mut current = *state;
    for (i, &byte) in hay[at..].iter().enumerate() {
        current = ac.next_state(Anchored::No, current, byte);
        if ac.is_special(current) {
            *state = current;
            return Some(at + i + 1);
        }
    }
    None
}

/// Natively: chunks walked side by side.
#[cfg(not(target_arch = "wasm32"))]
mod side_by_side {
    use super::{report, walk, Prefilter};
    use aho_corasick::automaton::{Automaton, StateID};
    use aho_corasick::Anchored;

    /// How many chunks are walked side by side.
    pub(super) const WALKS: usize = 4;

    /// Texts shorter than this are walked whole: each chunk's walk past its
    /// end and the buffers would cost more than the overlap saves.
    pub(super) const SHORTEST: usize = 4096;

    /// How many bytes of each chunk a step of the loop walks before the
    /// literals found are reported.
    const BLOCK: usize = 256;

    /// [`super::literals_in`] for a text of at least [`SHORTEST`] bytes.
    pub(super) fn literals_in(ac: &Prefilter, hay: &[u8], from: usize, mut found: impl FnMut(usize, usize)) {
        let Ok(start) = ac.start_state(Anchored::No) else { return };
        if ac.is_match(start) {
            // An empty literal matches everywhere: no chunk to gain.
            report(ac, start, from, &mut found);
            return walk(ac, start, hay, from, hay.len(), &mut found);
        }
        let len = hay.len() - from;
        let bounds: [usize; WALKS + 1] = std::array::from_fn(|k| from + len * k / WALKS);
        // Every chunk is at least this long; the rest of each is walked after.
        let steps = len / WALKS;
        let mut states = [start; WALKS];
        // The literals of the chunks after the first, until their turn.
        let mut later: [Vec<(usize, usize)>; WALKS] = Default::default();
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
                        report(ac, state, end, &mut |literal, start| later[k].push((literal, start)));
                    }
                }
            }
            at += n;
        }
        for k in 0..WALKS {
            for &(literal, start) in &later[k] {
                found(literal, start);
            }
            // The rest of the chunk, and past it the literals that start in it.
            let end = hay.len().min(bounds[k + 1] + ac.max_pattern_len() - 1);
            walk(ac, states[k], &hay[..end], bounds[k] + steps, bounds[k + 1], &mut found);
        }
    }

    /// Walks each chunk `k` on from `states[k]` over the `n` bytes from
    /// `bounds[k] + at`, noting in `ends[k]` each match state reached and
    /// where (the count of bytes walked from `at`); returns how many each
    /// noted. Kept apart from reporting, so that the loop has the registers.
    #[inline(never)]
    fn next_matches(
        ac: &Prefilter,
        states: &mut [StateID; WALKS],
        hay: &[u8],
        bounds: &[usize; WALKS + 1],
        at: usize,
        n: usize,
        ends: &mut [[(u32, StateID); BLOCK]; WALKS],
    ) -> [usize; WALKS] {
        let chunks: [&[u8]; WALKS] = std::array::from_fn(|k| &hay[bounds[k] + at..][..n]);
        let mut counts = [0; WALKS];
        let mut current = *states;
        for i in 0..n.min(BLOCK) {
            for k in 0..WALKS {
                current[k] = ac.next_state(Anchored::No, current[k], chunks[k][i]);
                // Noted always, kept only at a match: no branch to guess.
                ends[k][counts[k].min(BLOCK - 1)] = (i as u32 + 1, current[k]);
                counts[k] += usize::from(ac.is_match(current[k]));
            }
        }
        *states = current;
        counts
    }
}
