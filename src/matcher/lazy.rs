//! Natively, where a pattern may start, worked out only where it is looked for.
//!
//! The scan only notes the literals the prefilter finds, segment by
//! segment, bucketed by literal ([`Hits`]: one flat list, each bucket in
//! text order). A search for a pattern within a range then reads its
//! starts from the buckets of its prefixes, merged back into text order a
//! chunk at a time, and keeps a start only where each of its [`Inside`]
//! sets has a literal close enough after it (the set's next literal, by a
//! binary search in its literals' buckets), with none of the set's stops
//! between (`[^.;]` never reads past a sentence). The search stops at the
//! first match, and most patterns are looked for only in the clause around
//! a rule's hit, so most of the literals found are never settled as starts
//! at all: settling every one of them as the scan went (a few hundred
//! thousand a MB) was most of the scan's time.
//!
//! [`Inside`]: super::prefixes::Inside

use super::prefixes::STOPS;
use super::{Patterns, Scan, Window, SEGMENT_BITS};
use std::ops::Range;

/// Lists of literals (their ids in the prefilter), flat: list `i` is
/// `literals[index[i]..index[i + 1]]`.
#[derive(Debug, Default)]
pub(super) struct LiteralLists {
    index: Vec<u32>,
    literals: Vec<u32>,
}

impl LiteralLists {
    /// The lists of `count` owners (patterns, or inside sets) from a table
    /// by literal: literal `l` belongs to `owners[index[l]..index[l + 1]]`.
    pub(super) fn by_owner(index: &[u32], owners: &[u32], count: usize) -> LiteralLists {
        let mut lists = LiteralLists { index: vec![0; count + 1], literals: vec![0; owners.len()] };
        for &owner in owners {
            lists.index[owner as usize + 1] += 1;
        }
        for i in 0..count {
            lists.index[i + 1] += lists.index[i];
        }
        let mut next = lists.index.clone();
        for (literal, pair) in index.windows(2).enumerate() {
            for &owner in &owners[pair[0] as usize..pair[1] as usize] {
                lists.literals[next[owner as usize] as usize] = literal as u32;
                next[owner as usize] += 1;
            }
        }
        lists
    }

    pub(super) fn get(&self, i: usize) -> &[u32] {
        &self.literals[self.index[i] as usize..self.index[i + 1] as usize]
    }
}

/// The literals found in one segment of a text, by literal.
pub(super) struct Hits {
    /// Literal `l` starts at `offsets[index[l]..index[l + 1]]`, offsets
    /// from the segment's start, in text order.
    index: Vec<u32>,
    offsets: Vec<u16>,
    /// Literals found past the segment's end, as far as a match that
    /// starts in it reads (they count only as inside literals): (literal,
    /// offset from the segment's end), sorted.
    past_end: Vec<(u32, u16)>,
    /// How long the segment is.
    len: usize,
}

impl Hits {
    /// Buckets the prefilter's `hits` (literal, offset) in a segment `len`
    /// bytes long, sorted by offset, each once. `literals` is how many the
    /// prefilter has; `next` a buffer.
    pub(super) fn new(hits: &[(u32, u32)], literals: usize, len: usize, next: &mut Vec<u32>) -> Hits {
        let mut index = vec![0u32; literals + 1];
        let mut past_end = Vec::new();
        for &(literal, at) in hits.iter() {
            match (at as usize).checked_sub(len) {
                None => index[literal as usize + 1] += 1,
                Some(past) => past_end.push((literal, past as u16)),
            }
        }
        for l in 0..literals {
            index[l + 1] += index[l];
        }
        let mut offsets = vec![0u16; index[literals] as usize];
        next.clear();
        next.extend_from_slice(&index);
        for &(literal, at) in hits.iter().filter(|&&(_, at)| (at as usize) < len) {
            offsets[next[literal as usize] as usize] = at as u16;
            next[literal as usize] += 1;
        }
        past_end.sort_unstable();
        Hits { index, offsets, past_end, len }
    }

    /// Moves `cursor`, an index into the bucket of literal `literal` (or
    /// [`UNSET`]), to the first place there at or after `from` (offsets
    /// from the segment's start). A search moves its cursors forward a few
    /// places at a time, so they are moved by galloping from where they
    /// were, not by a binary search over the whole bucket.
    fn seek(&self, literal: u32, from: usize, cursor: &mut u32) {
        let (first, end) = (self.index[literal as usize] as usize, self.index[literal as usize + 1] as usize);
        let offsets = &self.offsets;
        let before = |i: usize| (offsets[i] as usize) < from;
        let at = if *cursor == UNSET { first } else { *cursor as usize };
        // The first place not before `from` lies in lo..=hi (hi if none of lo..hi is).
        let (lo, hi) = if at > first && !before(at - 1) {
            let (mut hi, mut step) = (at - 1, 1);
            loop {
                if hi - first <= step {
                    break (first, hi);
                }
                if before(hi - step) {
                    break (hi - step + 1, hi);
                }
                hi -= step;
                step *= 2;
            }
        } else {
            let (mut lo, mut step) = (at, 1);
            loop {
                if lo >= end || !before(lo) {
                    break (lo, lo);
                }
                if lo + step >= end {
                    break (lo + 1, end);
                }
                if !before(lo + step) {
                    break (lo + 1, lo + step);
                }
                lo += step;
                step *= 2;
            }
        };
        *cursor = (lo + offsets[lo..hi].partition_point(|&o| (o as usize) < from)) as u32;
    }

    /// Where literal `literal` next starts at or after `from` and no later
    /// than `until` (offsets from the segment's start), if anywhere; moves
    /// `cursor` as [`seek`](Self::seek).
    fn next(&self, literal: u32, from: usize, until: usize, cursor: &mut u32) -> Option<usize> {
        self.seek(literal, from, cursor);
        if let Some(&at) = self.offsets.get(*cursor as usize).filter(|_| *cursor < self.index[literal as usize + 1]) {
            return Some(at as usize).filter(|&at| at <= until);
        }
        if until < self.len {
            return None;
        }
        let past = from.saturating_sub(self.len).min(u16::MAX as usize) as u16;
        let i = self.past_end.partition_point(|&hit| hit < (literal, past));
        self.past_end.get(i).filter(|hit| hit.0 == literal).map(|hit| self.len + hit.1 as usize)
    }
}

/// What searches keep from one to the next, so that asking for a pattern
/// again from a little further on costs little (a rule's trigger is asked
/// for again from after each of its matches).
pub(super) struct Searches {
    /// Each pattern's cursors (its slots, [`Patterns::cursor_slots`]):
    /// where it last read each of its prefixes' buckets, then each of its
    /// inside literals'.
    cursors: Vec<u32>,
    /// The segment each pattern's cursors are in.
    segments: Vec<u32>,
    /// The starts of a chunk of text, read from the prefixes' buckets.
    chunk: Vec<u16>,
}

impl Searches {
    pub(super) fn new(patterns: &Patterns) -> Searches {
        let slots = patterns.cursor_slots.last().map_or(0, |&n| n as usize);
        Searches { cursors: vec![UNSET; slots], segments: vec![UNSET; patterns.list.len()], chunk: Vec::new() }
    }
}

/// A cursor not placed in its bucket, or a pattern not searched for yet.
const UNSET: u32 = u32::MAX;

/// The first chunk of a search reads this many bytes; each next one twice
/// as many as the last. Most searches ask for a clause, and find a match or
/// none within a few hundred bytes; a rule's trigger is asked for over the
/// rest of the text, again from after each match.
const FIRST_CHUNK: usize = 256;

impl Scan<'_> {
    /// The first of `run`'s answers at the starts of pattern `id` within
    /// `range`, tried in text order.
    pub(super) fn first_at_starts<T>(&self, id: usize, range: Range<usize>, mut run: impl FnMut(usize) -> Option<T>) -> Option<T> {
        let patterns = self.patterns;
        let prefixes = patterns.prefixes_of.get(id);
        let sets = patterns.list[id].inside.clone();
        let mut searches = self.searches.borrow_mut();
        let Searches { cursors, segments, chunk } = &mut *searches;
        let cursors = &mut cursors[patterns.cursor_slots[id] as usize..patterns.cursor_slots[id + 1] as usize];
        let mut found = None;
        let mut width = FIRST_CHUNK;
        let mut from = range.start;
        'search: while from <= range.end {
            let s = from >> SEGMENT_BITS;
            let Some(hits) = self.hits.get(s) else { break };
            let base = s << SEGMENT_BITS;
            if segments[id] != s as u32 {
                segments[id] = s as u32;
                cursors.fill(UNSET);
            }
            let (prefix_cursors, inside_cursors) = cursors.split_at_mut(prefixes.len());
            let to = (from + width).min(base + hits.len).min(range.end + 1);
            if to <= from {
                from = base + (1 << SEGMENT_BITS);
                continue;
            }
            chunk.clear();
            for (cursor, &l) in prefix_cursors.iter_mut().zip(prefixes) {
                hits.seek(l, from - base, cursor);
                let end = hits.index[l as usize + 1];
                while *cursor < end && base + (hits.offsets[*cursor as usize] as usize) < to {
                    chunk.push(hits.offsets[*cursor as usize]);
                    *cursor += 1;
                }
            }
            chunk.sort_unstable();
            for &at in chunk.iter() {
                let mut cursors = &mut *inside_cursors;
                let inside = |set: usize| {
                    let literals = patterns.set_literals.get(set);
                    let (these, rest) = std::mem::take(&mut cursors).split_at_mut(literals.len());
                    cursors = rest;
                    self.holds(hits, base, &patterns.windows[set], literals, these, at as usize)
                };
                if sets.clone().all(inside) {
                    found = run(base + at as usize);
                    if found.is_some() {
                        break 'search;
                    }
                }
            }
            from = to;
            width *= 2;
        }
        found
    }

    /// Whether one of `literals` (an inside set's) stands within `window`
    /// of a start `at` bytes into the segment of `hits` (which starts at
    /// `base` in the text), with none of the
    /// window's stops before it. The nearest is enough: a stop before it is
    /// before any other.
    fn holds(&self, hits: &Hits, base: usize, window: &Window, literals: &[u32], cursors: &mut [u32], at: usize) -> bool {
        let (closest, farthest) = (at + window.min as usize, at + window.max as usize);
        let next = literals.iter().zip(cursors).filter_map(|(&l, cursor)| hits.next(l, closest, farthest, cursor));
        let Some(nearest) = next.min() else {
            return false;
        };
        let gap = &self.hay.as_bytes()[base + at..base + nearest];
        let stop = |bit: usize| window.stops & 1 << bit != 0;
        match (stop(0), stop(1), stop(2)) {
            (false, false, false) => true,
            (true, false, false) => memchr::memchr(STOPS[0], gap).is_none(),
            (false, true, false) => memchr::memchr(STOPS[1], gap).is_none(),
            (false, false, true) => memchr::memchr(STOPS[2], gap).is_none(),
            (true, true, false) => memchr::memchr2(STOPS[0], STOPS[1], gap).is_none(),
            (true, false, true) => memchr::memchr2(STOPS[0], STOPS[2], gap).is_none(),
            (false, true, true) => memchr::memchr2(STOPS[1], STOPS[2], gap).is_none(),
            (true, true, true) => memchr::memchr3(STOPS[0], STOPS[1], STOPS[2], gap).is_none(),
        }
    }
}
