//! Natively, which of the places the prefilter found are kept as starts.
//!
//! A start of a pattern counts only where each of its [`Inside`] sets has a
//! literal close enough after it, with none of the set's stops between
//! (`[^.;]` never reads past a sentence). A legal text gives a few hundred
//! thousand starts a MB, so each must be settled in a few steps. One sweep
//! over a segment's literals, from its end backwards, keeps for each
//! inside set where its literals next stand (a chain through their places)
//! and for each kind of stop where the next one stands: a start is then
//! settled by a few array reads, with no list per set to build, sort or
//! walk. The starts kept come out in reverse text order and are put in
//! place pattern by pattern, so no list of starts needs sorting either.
//!
//! [`Inside`]: super::prefixes::Inside

use super::prefixes::STOPS;
use super::{Patterns, Segment, SEGMENT_BITS};

/// No place: the end of a chain.
const NONE: u32 = u32::MAX;

/// Buffers reused from segment to segment of a text.
#[derive(Default)]
pub(super) struct Sweep {
    /// For each inside set, its nearest literal not before the sweep (an
    /// index into `places`), or [`NONE`].
    next: Vec<u32>,
    /// Each inside literal passed: its offset, and the index of the next
    /// place of the same set.
    places: Vec<(u32, u32)>,
    /// Where the stops stand in the part of the text the sweep reads.
    stops: Vec<u32>,
    /// (pattern, offset) of each start kept, in reverse text order.
    kept: Vec<(u32, u16)>,
    /// The nearest stop not before the sweep, by which of the stops count
    /// (a bit each, as `Window::stops`): none counts for 0.
    nearest_stop: [u32; 1 << STOPS.len()],
}

impl Patterns {
    /// Each pattern's starts in a segment, from the prefilter's `hits`
    /// (literal, offset) there, in the order the prefilter found them
    /// (`sorted`: by where they start, each once). `rest` is the text from
    /// the segment's start on.
    pub(super) fn kept_starts(&self, hits: &mut Vec<(u32, u32)>, sorted: bool, rest: &[u8], sweep: &mut Sweep) -> Segment {
        let len = rest.len().min(1 << SEGMENT_BITS) as u32;
        if !sorted {
            // Ranges that overlap find the same literals twice.
            hits.sort_unstable_by_key(|&(literal, at)| (at, literal));
            hits.dedup();
        }
        sweep.next.clear();
        sweep.next.resize(self.windows.len(), NONE);
        sweep.places.clear();
        sweep.kept.clear();
        sweep.stops.clear();
        // No literal looked for stands past the last hit.
        let end = hits.last().map_or(0, |&(_, at)| at as usize).min(rest.len());
        if !self.windows.is_empty() {
            sweep.stops.extend(memchr::memchr3_iter(STOPS[0], STOPS[1], STOPS[2], &rest[..end]).map(|at| at as u32));
        }
        sweep.nearest_stop = [NONE; 1 << STOPS.len()];
        let Sweep { next, places, stops, kept, nearest_stop } = sweep;
        let (start_index, start_sets) = (&self.owners.start_index, &self.start_sets);
        let mut unpassed = stops.len();
        let mut i = hits.len();
        while i > 0 {
            let at = hits[i - 1].1;
            while unpassed > 0 && stops[unpassed - 1] >= at {
                unpassed -= 1;
                let stop = stops[unpassed];
                let bit = STOPS.iter().position(|&b| b == rest[stop as usize]).unwrap_or(0);
                for (which, nearest) in nearest_stop.iter_mut().enumerate() {
                    if which & 1 << bit != 0 {
                        *nearest = stop;
                    }
                }
            }
            // First the inside literals of every hit here: one may stand
            // where a match starts.
            let mut first = i;
            while first > 0 && hits[first - 1].1 == at {
                first -= 1;
                for &set in self.owners.inside(hits[first].0) {
                    let nearest = &mut next[set as usize];
                    places.push((at, *nearest));
                    *nearest = places.len() as u32 - 1;
                }
            }
            let group = first..i;
            i = first;
            // Literals found past the segment's end only count as inside ones.
            if at >= len {
                continue;
            }
            for &(literal, _) in &hits[group] {
                let entries = start_index[literal as usize] as usize..start_index[literal as usize + 1] as usize;
                'patterns: for &[id, from, to] in &start_sets[entries] {
                    for set in from..to {
                        let window = &self.windows[set as usize];
                        let closest = at + window.min;
                        let mut place = next[set as usize];
                        // The nearest is enough: a stop before it is before any other.
                        let found = loop {
                            match places.get(place as usize) {
                                Some(&(found, later)) if found < closest => place = later,
                                Some(&(found, _)) => break found,
                                None => continue 'patterns,
                            }
                        };
                        if found > at + window.max || nearest_stop[usize::from(window.stops)] < found {
                            continue 'patterns;
                        }
                    }
                    kept.push((id, at as u16));
                }
            }
        }
        let count = self.list.len();
        let mut index = vec![0u32; count + 1];
        for &(id, _) in kept.iter() {
            index[id as usize + 1] += 1;
        }
        for id in 0..count {
            index[id + 1] += index[id];
        }
        let mut offsets = vec![0u16; kept.len()];
        let mut placed = std::mem::take(next);
        placed.clear();
        placed.extend_from_slice(&index);
        for &(id, at) in kept.iter().rev() {
            offsets[placed[id as usize] as usize] = at;
            placed[id as usize] += 1;
        }
        *next = placed;
        Segment { index, offsets }
    }
}

/// Sorts `hits` (literal, offset) by offset, for hits found in order of
/// their ends: each is at most a literal's length out of place, so an
/// insertion sort moves each a step or two.
pub(super) fn by_start(hits: &mut [(u32, u32)]) {
    for i in 1..hits.len() {
        let hit = hits[i];
        let mut j = i;
        while j > 0 && hits[j - 1].1 > hit.1 {
            hits[j] = hits[j - 1];
            j -= 1;
        }
        hits[j] = hit;
    }
}
