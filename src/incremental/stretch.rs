//! Where an edit changed the clean form of a text: most often one stretch
//! around the edit, but a key can also make a line a running header, or
//! stop it being one, at every place the line repeats (page furniture is
//! left out of the clean form). The recheck then reads again around each
//! of those places, not the whole text between the first and the last.

use super::shift;
use crate::document::Document;
use crate::text::Normalized;
use std::ops::Range;

/// One changed stretch: where it is in the edited text, and in the clean
/// forms before and after.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Stretch {
    /// In the edited text.
    pub text: Range<usize>,
    /// In the clean form before the edit.
    pub was: Range<usize>,
    /// In the clean form after it.
    pub now: Range<usize>,
}

impl Stretch {
    fn grown(&self) -> isize {
        self.now.len() as isize - self.was.len() as isize
    }

    /// Whether the clean form is the same here (text changed that cleaning leaves out).
    fn unchanged(&self) -> bool {
        self.was.is_empty() && self.now.is_empty()
    }
}

/// Bytes of unchanged text taken in on each side of a page-furniture
/// change: cleaning joins what was on either side of it.
const PAD: usize = 8;

/// The stretches that changed between `old` (cleaned as `old_norm`) and
/// the whole new split `doc` of `text` (cleaned as `norm`), where `old`
/// became `text` by the edit `edit` (its start, and its end before and
/// after), which changed the clean form between `one`: the edit and each
/// run of page furniture that is in one split and not the other, in order.
/// `one` alone (the edit's stretch from the clean forms' common start and
/// end) where that does not account for every difference.
pub(super) fn stretches(old: &Document, old_norm: &Normalized, doc: &Document, norm: &Normalized, text: &str, edit: [usize; 3], one: Stretch) -> Vec<Stretch> {
    let [prefix, old_edited, edited] = edit;
    let delta = edited as isize - old_edited as isize;
    let now = |at: usize| if at < prefix { Some(at) } else { (at >= old_edited).then(|| shift(at, delta)) };
    let mut changed = Vec::with_capacity(4);
    changed.push(prefix..edited);
    for r in &old.noise {
        match (now(r.start), now(r.end)) {
            (Some(start), Some(end)) if doc.noise.binary_search_by_key(&start, |n| n.start).map_or(true, |i| doc.noise[i].end != end) => changed.push(start..end),
            (Some(_), Some(_)) => {}
            // Furniture the edit ran into: part of the edit's stretch.
            (start, end) => changed.push(start.unwrap_or(prefix)..end.unwrap_or(edited)),
        }
    }
    let was = |at: usize| if at <= prefix { at } else { shift(at.max(edited), -delta) };
    for r in &doc.noise {
        let (start, end) = (was(r.start), was(r.end));
        if old.noise.binary_search_by_key(&start, |n| n.start).map_or(true, |i| old.noise[i].end != end) {
            changed.push(r.clone());
        }
    }
    if changed.len() == 1 {
        return vec![one];
    }
    // Padded, on character boundaries, in order, overlapping ones joined.
    let floor = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let ceil = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    let mut padded: Vec<Range<usize>> = changed.iter().map(|r| floor(r.start.saturating_sub(PAD))..ceil((r.end + PAD).min(text.len()))).collect();
    padded.sort_unstable_by_key(|r| r.start);
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(padded.len());
    for r in padded {
        match joined.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => joined.push(r),
        }
    }
    // The clean forms must agree between the stretches, byte for byte.
    let mut out = Vec::with_capacity(joined.len());
    let (mut was_at, mut now_at) = (0, 0);
    for r in joined {
        let stretch = Stretch {
            was: old_norm.to_normalized(was(r.start))..old_norm.to_normalized(was(r.end)),
            now: norm.to_normalized(r.start)..norm.to_normalized(r.end),
            text: r,
        };
        if stretch.was.start < was_at || stretch.now.start < now_at || old_norm.text[was_at..stretch.was.start] != norm.text[now_at..stretch.now.start] {
            return vec![one];
        }
        (was_at, now_at) = (stretch.was.end, stretch.now.end);
        // What the padding took in unchanged is left out again: a match
        // just past the furniture reads nothing it changed.
        let (was_bytes, now_bytes) = (&old_norm.text.as_bytes()[stretch.was.clone()], &norm.text.as_bytes()[stretch.now.clone()]);
        let same_start = super::common_prefix_bytes(was_bytes, now_bytes);
        let same_end = super::common_suffix_bytes(&was_bytes[same_start..], &now_bytes[same_start..]);
        out.push(Stretch {
            was: stretch.was.start + same_start..stretch.was.end - same_end,
            now: stretch.now.start + same_start..stretch.now.end - same_end,
            text: stretch.text,
        });
    }
    if old_norm.text[was_at..] != norm.text[now_at..] {
        return vec![one];
    }
    out
}

/// Where a place of the clean form before is after, if no stretch changed
/// it; at a stretch's edge, on the side `after` says.
pub(super) fn place(stretches: &[Stretch], at: usize, after: bool) -> Option<usize> {
    let mut grown = 0;
    for s in stretches.iter().filter(|s| !s.unchanged()) {
        let (before_it, after_it) = (at <= s.was.start, at >= s.was.end);
        if before_it && !(after_it && after) {
            break;
        }
        if !after_it {
            return None;
        }
        grown += s.grown();
    }
    Some(shift(at, grown))
}

/// Where a match in the clean form before is after, if no stretch changed
/// any of it.
pub(super) fn moved(stretches: &[Stretch], m: &Range<usize>) -> Option<Range<usize>> {
    let mut grown = 0;
    for s in stretches.iter().filter(|s| !s.unchanged()) {
        if m.end <= s.was.start {
            break;
        }
        if m.start < s.was.end {
            return None;
        }
        grown += s.grown();
    }
    Some(shift(m.start, grown)..shift(m.end, grown))
}
