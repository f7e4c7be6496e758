//! Where an edit changed the clean form of a text: most often one stretch
//! around the edit, but a key can also make a line a running header, or
//! stop it being one, at every place the line repeats (page furniture is
//! left out of the clean form). The splice (`window.rs`) tells each unit
//! it split again, so the recheck reads again around each of those
//! places, not the whole text between the first and the last.

use super::shift;
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
