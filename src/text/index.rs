//! Where to start looking for the anchor of an offset, natively: for each
//! KiB of the clean text and of the original, the last anchor at or before
//! its start. A check maps thousands of offsets (each trigger hit, finding
//! and passage); a binary search of all the anchors (thousands in a long
//! text) waited on memory at nearly every step, where one read here leaves
//! a search of the few anchors in one KiB.

/// An anchor: (normalised offset, original offset).
type Anchor = (u32, u32);

/// Offsets per bucket, as a shift: 1 KiB holds a few anchors in a law's
/// text, and the index is a 256th of the text's size.
const BUCKET_BITS: u32 = 10;

#[derive(Clone, Debug, Default)]
pub(super) struct AnchorIndex {
    /// By normalised offset: the last anchor at or before each bucket's start.
    normalized: Vec<u32>,
    /// The same by original offset.
    original: Vec<u32>,
}

impl AnchorIndex {
    /// The index of `anchors`, which go up in both offsets.
    pub(super) fn of(anchors: &[Anchor]) -> AnchorIndex {
        AnchorIndex { normalized: buckets(anchors, |&(n, _)| n), original: buckets(anchors, |&(_, o)| o) }
    }

    /// The last anchor at or before normalised offset `at`.
    pub(super) fn by_normalized(&self, anchors: &[Anchor], at: usize) -> usize {
        last_at_or_before(anchors, &self.normalized, at, |&(n, _)| n)
    }

    /// The last anchor at or before original offset `at`.
    pub(super) fn by_original(&self, anchors: &[Anchor], at: usize) -> usize {
        last_at_or_before(anchors, &self.original, at, |&(_, o)| o)
    }
}

/// For each bucket up to the last anchor's, the last anchor whose `key` is
/// at or before the bucket's start.
fn buckets(anchors: &[Anchor], key: impl Fn(&Anchor) -> u32) -> Vec<u32> {
    let last = anchors.last().map_or(0, &key) >> BUCKET_BITS;
    let mut starts = Vec::with_capacity(last as usize + 1);
    let mut i = 0;
    for bucket in 0..=last {
        while i + 1 < anchors.len() && key(&anchors[i + 1]) <= bucket << BUCKET_BITS {
            i += 1;
        }
        starts.push(i as u32);
    }
    starts
}

/// The last anchor whose `key` is at or before `at`: between the one at or
/// before its bucket's start and the one at or before the next bucket's.
fn last_at_or_before(anchors: &[Anchor], starts: &[u32], at: usize, key: impl Fn(&Anchor) -> u32) -> usize {
    let bucket = at >> BUCKET_BITS;
    let (from, to) = match starts.get(bucket) {
        Some(&from) => (from as usize, starts.get(bucket + 1).map_or(anchors.len(), |&next| next as usize + 1)),
        // Past the last anchor's bucket.
        None => (starts.last().map_or(0, |&last| last as usize), anchors.len()),
    };
    from + anchors[from..to].partition_point(|a| key(a) as usize <= at) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_search_of_every_anchor_finds() {
        // Anchors across many buckets, some buckets with none, several in
        // one, two at one normalised offset (white space opening a text).
        let mut anchors = vec![(0, 0), (0, 3)];
        let (mut n, mut o) = (0u32, 3u32);
        for step in 1..400u32 {
            n += step * 7 % 1500 + 1;
            o += step * 7 % 1500 + 1 + step % 3;
            anchors.push((n, o));
        }
        let index = AnchorIndex::of(&anchors);
        let last_n = anchors.last().unwrap().0 as usize;
        let last_o = anchors.last().unwrap().1 as usize;
        for at in 0..last_n + 3000 {
            let expected = anchors.partition_point(|&(n, _)| n as usize <= at) - 1;
            assert_eq!(index.by_normalized(&anchors, at), expected, "normalised {at}");
        }
        for at in 0..last_o + 3000 {
            let expected = anchors.partition_point(|&(_, o)| o as usize <= at) - 1;
            assert_eq!(index.by_original(&anchors, at), expected, "original {at}");
        }
        let one = [(0, 0)];
        assert_eq!(AnchorIndex::of(&one).by_original(&one, 5000), 0);
    }
}
