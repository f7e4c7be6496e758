//! Natively, the starts of the patterns looked for only near a hit, found
//! where they are looked for.
//!
//! Most of the places the pass finds belong to patterns that a rule looks
//! up only in the clause or article around one of its hits ([`mark_local`]):
//! a rule's `requires`, its nearby safeguards. Those hits cover about a
//! third of a legal text, so these patterns' literals have a prefilter of
//! their own, walked over a block of the text the first time any of them
//! is looked up there; the starts found are kept for every later lookup in
//! that block. What a lookup finds is what a pass over the whole text would
//! have given: the same literals, the same sweep ([`super::starts`]), with
//! the literals inside a match looked for past a block as far as a match
//! that starts in it can reach.
//!
//! [`mark_local`]: super::Patterns::mark_local

use super::starts::{by_start, Sweep};
use aho_corasick::automaton::Automaton;
use super::{literals_in, Patterns, LONGEST_MATCH, SEGMENT_BITS};
use std::ops::Range;

/// Local patterns' starts are found in blocks of 2^`BLOCK_BITS` bytes:
/// a few clauses, so that a lookup scans little that no lookup reads,
/// yet long enough that walking past a block's end for inside literals
/// adds little.
const BLOCK_BITS: u32 = 12;

/// The starts of local patterns found so far in a text.
pub(super) struct Local {
    /// Where starts may be found (as [`Patterns::scan_range`] was given):
    /// in order, apart.
    ranges: Vec<Range<usize>>,
    /// Whether each block has been scanned.
    scanned: Vec<bool>,
    /// Each block's starts, as the pattern's local index above the offset
    /// in its segment (16 bits each), in order.
    starts: Vec<Vec<u32>>,
    /// Buffers reused from block to block.
    hits: Vec<(u32, u32)>,
    sweep: Sweep,
}

impl Local {
    /// None found yet in a text of `len` bytes, scanned within `ranges`.
    pub(super) fn new(ranges: &[Range<usize>], len: usize) -> Local {
        let mut sorted: Vec<Range<usize>> = ranges.iter().filter(|r| r.start < r.end).cloned().collect();
        sorted.sort_unstable_by_key(|r| r.start);
        let mut apart: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
        for range in sorted {
            match apart.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => apart.push(range),
            }
        }
        let blocks = (len >> BLOCK_BITS) + 1;
        Local {
            ranges: apart,
            scanned: vec![false; blocks],
            starts: vec![Vec::new(); blocks],
            hits: Vec::new(),
            sweep: Sweep::default(),
        }
    }

    /// The blocks of `hay` that a start within `range` can stand in
    /// (its end included).
    fn blocks(&self, range: &Range<usize>) -> Range<usize> {
        let last = (range.end >> BLOCK_BITS).min(self.scanned.len() - 1);
        (range.start >> BLOCK_BITS).min(last + 1)..last + 1
    }

    /// Scans the blocks of `range` not scanned yet, a run of them at a
    /// time within a segment.
    pub(super) fn scan(&mut self, patterns: &Patterns, hay: &str, range: Range<usize>) {
        let blocks = self.blocks(&range);
        let per_segment = 1 << (SEGMENT_BITS - BLOCK_BITS);
        let mut first = blocks.start;
        while first < blocks.end {
            if self.scanned[first] {
                first += 1;
                continue;
            }
            let mut end = first + 1;
            while end < blocks.end && !self.scanned[end] && end % per_segment != 0 {
                end += 1;
            }
            self.scan_blocks(patterns, hay, first..end);
            first = end;
        }
    }

    /// Finds the starts in blocks `blocks`, all in one segment.
    fn scan_blocks(&mut self, patterns: &Patterns, hay: &str, blocks: Range<usize>) {
        self.scanned[blocks.clone()].fill(true);
        let Some(ac) = patterns.local.prefilter.as_ref() else { return };
        let from = blocks.start << BLOCK_BITS;
        let to = hay.len().min(blocks.end << BLOCK_BITS);
        let base = from >> SEGMENT_BITS << SEGMENT_BITS;
        let reach = if patterns.windows.is_empty() { 0 } else { LONGEST_MATCH };
        self.hits.clear();
        let mut pieces = 0;
        for range in &self.ranges {
            let (from, to) = (from.max(range.start), to.min(range.end));
            if from >= to {
                continue;
            }
            pieces += 1;
            // Literals that start in the blocks and end past them are found too.
            let limit = hay.len().min(to + reach + ac.max_pattern_len());
            let hits = &mut self.hits;
            literals_in(ac, &hay.as_bytes()[..limit], from, |literal, start| {
                if start < to + reach {
                    hits.push((literal as u32, (start - base) as u32));
                }
            });
        }
        // One piece's hits come in order of their ends, nearly sorted.
        let sorted = pieces == 1;
        if sorted {
            by_start(&mut self.hits);
        }
        patterns.kept_starts(&patterns.local, &mut self.hits, sorted, &hay.as_bytes()[base..], (to - base) as u32, &mut self.sweep);
        for &(local, at) in &self.sweep.kept {
            let block = (base + at as usize) >> BLOCK_BITS;
            self.starts[block].push(local << 16 | u32::from(at));
        }
        for starts in &mut self.starts[blocks] {
            starts.sort_unstable();
        }
    }

    /// Where the local pattern with index `local` may start within `range`
    /// (scanned), in text order.
    pub(super) fn starts(&self, local: u16, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let (low, high) = (u32::from(local) << 16, (u32::from(local) + 1) << 16);
        self.blocks(&range)
            .flat_map(move |block| {
                let starts = &self.starts[block];
                let base = block << BLOCK_BITS >> SEGMENT_BITS << SEGMENT_BITS;
                let (from, to) = (starts.partition_point(|&s| s < low), starts.partition_point(|&s| s < high));
                starts[from..to].iter().map(move |&s| base + (s & 0xffff) as usize)
            })
            .skip_while(move |&s| s < range.start)
            .take_while(move |&s| s <= range.end)
    }
}
