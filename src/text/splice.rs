//! Putting the clean form of one stretch of an edited text into the clean
//! form of the text before the edit, so that typing in a long document
//! cleans again only the unit it falls in ([`crate::incremental`]). What
//! comes out is what [`Normalized::new`] gives for the whole edited text,
//! given a stretch that starts and ends where cleaning starts afresh (the
//! caller makes sure of that).

use super::Normalized;
use std::ops::Range;

impl Normalized {
    /// Replaces the clean form of the original bytes `original.start..`
    /// (normalised `normalized`) with the first `keep` bytes of `window`,
    /// the clean form of the edited text from `original.start` on, cleaned
    /// alone. The original byte at `original.end` (where `normalized.end`
    /// is) is now `moved` bytes further on, and so is all that follows.
    pub(crate) fn splice(&mut self, normalized: Range<usize>, original: Range<usize>, window: &Normalized, keep: usize, moved: isize) {
        let first = self.anchors.partition_point(|&(n, _)| (n as usize) < normalized.start);
        let last = self.anchors.partition_point(|&(n, _)| (n as usize) <= normalized.end);
        let grown = keep as isize - normalized.len() as isize;
        let mut anchors: Vec<(u32, u32)> = Vec::with_capacity(self.anchors.len() - (last - first) + window.anchors.len() + 1);
        // Every clean form starts with the anchor (0, 0).
        anchors.extend_from_slice(&self.anchors[..first.max(1)]);
        let inside = window.anchors.iter().take_while(|&&(n, _)| (n as usize) < keep);
        for &(n, o) in inside {
            push(&mut anchors, n as usize + normalized.start, o as usize + original.start);
        }
        // Where the text after the stretch starts again (unless it is the end).
        if normalized.end < self.text.len() {
            push(&mut anchors, normalized.start + keep, (original.end as isize + moved) as usize);
        }
        for &(n, o) in &self.anchors[last..] {
            push(&mut anchors, (n as isize + grown) as usize, (o as isize + moved) as usize);
        }
        self.anchors = anchors;
        self.text.replace_range(normalized, &window.text[..keep]);
    }
}

/// Adds an anchor where the distance between the two offsets changes, as
/// cleaning does: the same text gets the same anchors.
fn push(anchors: &mut Vec<(u32, u32)>, norm: usize, orig: usize) {
    let (n, o) = *anchors.last().expect("starts with (0, 0)");
    if orig as i64 - norm as i64 != o as i64 - n as i64 {
        anchors.push((norm as u32, orig as u32));
    }
}
