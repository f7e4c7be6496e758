//! Splitting and cleaning again only the part, chapter, article or section
//! an edit falls in (or the text before any unit), instead of the whole
//! text: a key typed in a 1 MB document must cost about the key, not the
//! document.
//!
//! Splitting a text into units ([`Document::parse`]) mostly reads line by
//! line with what is open above, so a unit's heading is a place where it
//! starts afresh: the unit split alone, numbered as the whole text is
//! ([`Numbering`]: "Article", "Section" or bare numbers), is split as in
//! the whole text. A few things are the whole text's, and an edit is taken
//! this way only where it cannot change them:
//! - how the text numbers its provisions: no line put in has a first
//!   heading of a kind the text has none of, and the unit split again
//!   still has every kind a line taken out had; where provisions are
//!   numbered bare, no heading is made or unmade at all;
//! - which lines are page numbers: the lines the edit touched, before and
//!   after, hold no page label or bare number ([`quiet`]), and the edit
//!   makes or unmakes no gap mark ([`no_gap_mark`]);
//! - running headers, short lines repeated three times or more: such lines
//!   are counted over the whole text ([`Repeats`]); an edit that changes
//!   how often one appears that is (or becomes) that common splits again
//!   the units holding its other copies ([`sites`]), which then are page
//!   furniture where the copies the splitter counts are three or more;
//! - how "(i)" is read (the letter after "(h)" or the first roman
//!   numeral) depends on whether "(j)" or "(ii)" comes first after it,
//!   however far: the unit is split with the text after it to look ahead
//!   in, and the edit makes or unmakes no "(j)" or "(ii)" that markers
//!   before it look for ([`Document::looked_ahead_into`]). Nothing else of a marker's reading
//!   crosses a unit's heading: its context is in its line, and a heading
//!   closes the lists open above it. So a marker typed at a line's start
//!   ("(a) ", "3. ") re-splits only its unit;
//! - a unit ends where its text does: an edit at its end that leaves
//!   white space there (a space typed, a line made blank) re-splits the
//!   unit around it; and a division heading printed twice is one unit
//!   where only white space stands between, so the unit's last may not
//!   become one with the next.
//!
//! The unit before the edit, split alone, must also give exactly the units
//! and page furniture the whole text had there, and its clean form the
//! clean form the whole text had there. Then the unit after the edit, split
//! and cleaned alone, takes its place. Whatever fails these checks is split
//! and cleaned whole by the caller; tests/incremental.rs compares the
//! result with a whole check over random edits.

use super::stretch::Stretch;
use super::{same_units, shift};
use crate::document::{Document, Numbering, Unit, UnitKind};
use crate::text::Normalized;
use std::borrow::Cow;
use std::ops::Range;

/// A running header is a line repeated this often (as in `document::noise`).
const REPEATS: usize = 3;

/// The short lines of a text that could be running headers, by the key
/// they would repeat under, in order (a key appears once per line); lines
/// known to be headings or their titles, which are never running headers,
/// are left out. Holds at least the repeats the splitter counts, so an edit
/// that keeps every key it touches below [`REPEATS`] changes no running
/// header.
#[derive(Default)]
pub(super) struct Repeats(Vec<String>);

impl Repeats {
    /// The keys of the whole `text`, split as `doc`.
    pub(super) fn of(text: &str, doc: &Document) -> Repeats {
        let mut keys: Vec<String> = keys(text, 0..text.len(), &doc.units, 0).collect();
        keys.sort_unstable();
        Repeats(keys)
    }

    fn count(&self, key: &str) -> usize {
        count(&self.0, key)
    }
}

/// How often `key` is in `sorted`.
fn count(sorted: &[String], key: &str) -> usize {
    sorted.partition_point(|k| k.as_str() <= key) - sorted.partition_point(|k| k.as_str() < key)
}

/// What a splice changed, for the recheck.
pub(super) struct Spliced {
    /// Whether the edit left every unit and all page furniture as they were,
    /// moved by it.
    pub same_units: bool,
    /// Where the clean form changed, in order.
    pub stretches: Vec<Stretch>,
}

/// The text before an edit, told by the text after it and what the edit
/// took out: the text is edited in place, so a long text is held once.
pub(super) struct Old<'a> {
    /// The text after the edit.
    pub text: &'a str,
    /// Where the edit began.
    pub prefix: usize,
    /// What it took out.
    pub removed: &'a str,
    /// Where what it put in ends in `text`.
    pub edited: usize,
}

impl<'a> Old<'a> {
    fn len(&self) -> usize {
        self.text.len() + self.removed.len() - (self.edited - self.prefix)
    }

    /// Where the edit ends in the text before it.
    fn edited(&self) -> usize {
        self.prefix + self.removed.len()
    }

    /// Where a place of the text before, outside what the edit took out, is now.
    fn now(&self, at: usize) -> usize {
        if at < self.prefix {
            at
        } else {
            at - self.edited() + self.edited
        }
    }

    /// Where a place of the text before, outside what the edit took out,
    /// is now; at the edit's start, before what it put in.
    fn now_start(&self, at: usize) -> usize {
        if at <= self.prefix {
            at
        } else {
            self.now(at)
        }
    }

    /// The text before the edit from `at` on.
    fn from(&self, at: usize) -> &'a str {
        &self.text[self.now(at)..]
    }

    /// `range` of the text before the edit: borrowed where the edit does
    /// not run into it.
    fn slice(&self, range: Range<usize>) -> Cow<'a, str> {
        let (prefix, old_edited) = (self.prefix, self.edited());
        if range.end <= prefix || range.start >= old_edited {
            return Cow::Borrowed(&self.text[self.now(range.start)..self.now(range.end)]);
        }
        let mut piece = String::with_capacity(range.len());
        piece.push_str(&self.text[range.start.min(prefix)..prefix]);
        piece.push_str(&self.removed[range.start.max(prefix) - prefix..range.end.min(old_edited) - prefix]);
        piece.push_str(&self.text[self.edited..self.now(range.end.max(old_edited))]);
        Cow::Owned(piece)
    }
}

/// Turns `doc`, `norm` and `repeats` of the text before the edit (`old`,
/// numbered as `numbering`) into those of the text after it (`old.text`),
/// by splitting and cleaning again only the unit the edit falls in (and
/// those holding the other copies of a line it makes or unmakes a running
/// header). `None`, leaving all three as they were, where that could
/// differ from splitting and cleaning the whole text.
pub(super) fn splice(old: &Old, numbering: Numbering, doc: &mut Document, norm: &mut Normalized, repeats: &mut Repeats) -> Option<Spliced> {
    let text = old.text;
    let (prefix, old_edited, edited) = (old.prefix, old.edited(), old.edited);
    let delta = text.len() as isize - old.len() as isize;
    // The whole lines the edit touched, before and after it.
    let line_start = text[..prefix].rfind('\n').map_or(0, |i| i + 1);
    let new_end = text[edited..].find('\n').map_or(text.len(), |i| edited + i);
    let old_end = shift(new_end, -delta);
    let (old_lines, new_lines) = (old.slice(line_start..old_end), &text[line_start..new_end]);
    let lines = || old_lines.split('\n').chain(new_lines.split('\n'));
    // Headings may be made or unmade where provisions are numbered with
    // "Article" or "Section" (a bare "12." heads a section only after a
    // lower number), as long as the text stays numbered so: no line put in
    // adds a kind of heading it had none of (and none taken out took the
    // last of one, below). Markers may be made or unmade: the unit is split
    // again with the text after it, where its markers look ahead; the edit
    // may run into no string that markers before it look ahead for.
    let headings = !numbering.is_bare();
    if !lines().all(|l| quiet(l, headings))
        || !no_gap_mark(&old_lines, prefix - line_start..old_edited - line_start)
        || !no_gap_mark(new_lines, prefix - line_start..edited - line_start)
        || !new_lines.split('\n').all(|l| Numbering::of(l).is_within(numbering))
        || Document::looked_ahead_into(&old_lines, prefix - line_start..old_edited - line_start)
        || Document::looked_ahead_into(new_lines, prefix - line_start..edited - line_start)
    {
        return None;
    }
    // The innermost part, chapter, article or section holding the edit,
    // below its heading's first line. A unit ends where its text does (the
    // white space after it is its parent's): an edit at its end that leaves
    // white space there (a space typed, a line made blank) moves where it
    // ends, and is its parent's to split again.
    let holds = |u: &Unit| {
        division(u.kind)
            && u.span.start < line_start
            && old_edited <= u.span.end
            && (old_edited < u.span.end || text[..old.now(u.span.end)].ends_with(|c: char| !c.is_whitespace()))
    };
    let held = doc.innermost(prefix.saturating_sub(1)).and_then(|mut unit| {
        while !holds(&doc.units[unit]) {
            unit = doc.units[unit].parent?;
        }
        Some(unit)
    });
    let (unit, span) = match held {
        Some(unit) => (unit, doc.units[unit].span.clone()),
        // Or the text before any unit (a title, a preamble), if the lines
        // the edit touched are in it: unit 0 is the first after it.
        None => {
            let first = doc.units.first()?.span.start;
            // (A line made blank or no longer blank moves where it ends.)
            if old_end >= first || old_lines.trim().is_empty() != new_lines.trim().is_empty() {
                return None;
            }
            let end = old.slice(0..first).trim_end().len();
            if old_edited > end {
                return None;
            }
            (0, 0..end)
        }
    };
    // (The unit starts before the lines the edit touched and ends after them.)
    // A window near the size of the text is no quicker than the whole.
    if span.len() > old.len() / 2 {
        return None;
    }
    // Lines that repeat often enough in the whole text are running headers
    // in the unit too (unless the edit changes that: below).
    let running = |key: &str| repeats.count(key) >= REPEATS;
    let main = Piece::before(old, numbering, doc, norm, held.map(|_| unit), span, &running)?;
    let (a, e) = (main.a, main.e);
    let e_new = shift(e, delta);
    let after = main.after(old, numbering, doc, &running)?;
    let taken_out = old_lines.split('\n').map(Numbering::of).filter(|n| *n != Numbering::default()).collect::<Vec<_>>();
    if !taken_out.is_empty() {
        let left = Numbering::of(&text[a..e_new]);
        if !taken_out.iter().all(|n| n.is_within(left)) {
            return None;
        }
    }

    // Running headers: a key the edit touched that is (or becomes) common
    // enough to be one is looked for at every line it is on.
    let sorted = |mut keys: Vec<String>| {
        keys.sort_unstable();
        keys
    };
    let gone = sorted(keys(&main.was_text, 0..e - a, &main.before.units, 0).collect());
    let come = sorted(keys(text, a..e_new, &after.units, a).collect());
    // (Each line gone is counted in the text's keys: the unit has whole lines.)
    if gone.iter().any(|key| repeats.count(key) < count(&gone, key)) {
        return None;
    }
    let mut changed: Vec<&String> = Vec::new();
    for key in gone.iter().chain(&come) {
        let (was, is) = (count(&gone, key), count(&come, key));
        let total = repeats.count(key);
        if was != is && (total >= REPEATS || total - was + is >= REPEATS) && !changed.contains(&key) {
            changed.push(key);
        }
    }
    // The units split again, in order, and which is the edit's.
    let (mut pieces, mut afters) = (vec![main], vec![after]);
    if !changed.is_empty() {
        for (held, span) in sites(old, doc, &changed, a..e)? {
            // A unit holding several of the lines is split again once.
            let at = pieces.partition_point(|p| p.a < span.start);
            if !pieces.get(at).is_some_and(|p| p.a == span.start) {
                pieces.insert(at, Piece::before(old, numbering, doc, norm, Some(held), span, &running)?);
            }
        }
        // Which of them are running headers after the edit, counted where
        // the splitter would count them: each line of the key that is page
        // furniture when the key is said to be common.
        afters = split_after(&pieces, old, numbering, doc, &|key| changed.iter().any(|k| *k == key) || running(key))?;
        let mut lines = vec![0; changed.len()];
        for (p, after) in pieces.iter().zip(&afters) {
            let piece = &text[old.now_start(p.a)..old.now(p.e)];
            for r in &after.noise {
                if let Some(k) = header_key(&piece[r.clone()]).and_then(|key| changed.iter().position(|k| **k == key)) {
                    lines[k] += 1;
                }
            }
        }
        if lines.iter().any(|&n| n < REPEATS) {
            let common = |key: &str| changed.iter().position(|k| *k == key).map_or_else(|| running(key), |k| lines[k] >= REPEATS);
            afters = split_after(&pieces, old, numbering, doc, &common)?;
        }
    }
    let edited_at = pieces.partition_point(|p| p.a < a);

    // The clean forms: each unit before the edit, cleaned alone, is what
    // the whole text's clean form has there.
    let mut cleaned = Vec::with_capacity(pieces.len());
    for (p, after) in pieces.iter().zip(&afters) {
        cleaned.push(p.cleaned(old, after)?);
    }
    let moved = |at: usize| match at {
        at if at < prefix - a => Some(at),
        at if at >= old_edited - a => Some(shift(at, delta)),
        _ => None,
    };
    let same_units = pieces.len() == 1 && same_units(&pieces[0].before, &afters[0], [prefix - a, old_edited - a, edited - a], moved);
    // Where the clean form changed, in order: in the text after the edit,
    // the clean form before and the clean form after.
    let mut stretches = Vec::with_capacity(pieces.len());
    let mut grown = 0isize;
    for (i, (p, (now, keep))) in pieces.iter().zip(&cleaned).enumerate() {
        let (n_a, n_e) = p.normalized(norm);
        let (old_window, new_window) = (&norm.text.as_bytes()[n_a..n_e], &now.text.as_bytes()[..*keep]);
        let common = super::common_prefix_bytes(old_window, new_window);
        let common_end = super::common_suffix_bytes(&old_window[common..], &new_window[common..]);
        let was = n_a + common..n_e - common_end;
        let now_start = shift(was.start, grown);
        grown += *keep as isize - (n_e - n_a) as isize;
        let now = now_start..shift(was.end, grown);
        let text = if i == edited_at { prefix..edited } else { old.now_start(p.a)..old.now(p.e) };
        stretches.push(Stretch { text, was, now });
    }

    for key in gone {
        if let Ok(at) = repeats.0.binary_search(&key) {
            repeats.0.remove(at);
        }
    }
    for key in come {
        let at = repeats.0.partition_point(|k| *k < key);
        repeats.0.insert(at, key);
    }
    // From the last unit back: a unit's places are those before the edit
    // until it is put in.
    for (i, p) in pieces.iter().enumerate().rev() {
        let moves = if i == edited_at { delta } else { 0 };
        let (n_a, n_e) = p.normalized(norm);
        let (now, keep) = &cleaned[i];
        norm.splice(n_a..n_e, p.a..p.next, now, *keep, moves);
        splice_units(doc, p.unit..p.last, std::mem::take(&mut afters[i]), p.a, p.e, moves);
    }
    Some(Spliced { same_units, stretches })
}

/// `pieces` split alone after the edit with `running` headers.
fn split_after(pieces: &[Piece], old: &Old, numbering: Numbering, doc: &Document, running: &dyn Fn(&str) -> bool) -> Option<Vec<Document>> {
    let mut afters = Vec::with_capacity(pieces.len());
    for p in pieces {
        afters.push(p.after(old, numbering, doc, running)?);
    }
    Some(afters)
}

/// A unit split and cleaned again (or the text before any unit), as it was
/// before the edit: its places are those of the text before.
struct Piece<'a> {
    /// Whether it is a unit (its index `unit`), not the text before any.
    held: bool,
    unit: usize,
    /// The unit after its last descendant.
    last: usize,
    a: usize,
    e: usize,
    /// Where the next character after it is, which the clean form puts a space before.
    next: usize,
    /// Whether the text ends there (no character after it).
    ends_text: bool,
    /// Its text and the character after it.
    was_text: Cow<'a, str>,
    /// The text after it, where its markers look ahead.
    after_it: &'a str,
    /// It split alone: what the whole text had.
    before: Document,
}

impl<'a> Piece<'a> {
    /// Unit `held` at `span` of the text before the edit (or the text
    /// before any unit), split alone with `running` headers, if that gives
    /// what the whole text has there and it can be cleaned alone.
    fn before(old: &Old<'a>, numbering: Numbering, doc: &Document, norm: &Normalized, held: Option<usize>, span: Range<usize>, running: &dyn Fn(&str) -> bool) -> Option<Piece<'a>> {
        let (unit, Range { start: a, end: e }) = (held.unwrap_or(0), span);
        let after_it = old.from(e);
        let next = e + (after_it.len() - after_it.trim_start().len());
        // Cleaning starts afresh at a heading's first character, and the next
        // heading's, unless a word broken by a hyphen runs on into it.
        let fresh = |byte: Option<u8>| byte.map_or(true, |b| b == b'(' || (b.is_ascii_alphanumeric() && !b.is_ascii_lowercase()));
        // The unit has whole lines (not "CHAPTER 2" after "PART 6, " on one line).
        let (text, a_now) = (old.text, old.now_start(a));
        let whole_lines = text[..a_now].rsplit('\n').next().is_some_and(|s| s.trim().is_empty()) && (next == old.len() || after_it[..next - e].contains('\n'));
        if !whole_lines || (a > 0 && !fresh(text.as_bytes().get(a_now).copied())) || !fresh(after_it.as_bytes().get(next - e).copied()) || doc.noise.iter().any(|r| (r.start < a && r.end > a) || (r.start < e && r.end > e)) {
            return None;
        }
        let last = unit + doc.units[unit..].iter().take_while(|u| u.span.start < e).count();
        let was_text = old.slice(a..(next + 1).min(old.len()));
        let before = Document::parse_piece(&was_text[..e - a], after_it, numbering, running);
        let noise_inside: Vec<Range<usize>> = doc.noise.iter().filter(|r| r.start >= a && r.end <= e).map(|r| r.start - a..r.end - a).collect();
        let same = if held.is_some() { same_split(&before, &doc.units[unit..last], unit) } else { before.units.is_empty() };
        let piece = Piece { held: held.is_some(), unit, last, a, e, next, ends_text: next == old.len(), was_text, after_it, before };
        let (n_a, n_e) = piece.normalized(norm);
        let (was, was_keep) = clean(&piece.was_text, next - a, &piece.before.noise)?;
        (same && piece.before.noise == noise_inside && was.text[..was_keep] == norm.text[n_a..n_e]).then_some(piece)
    }

    /// It split alone after the edit with `running` headers, if one unit of
    /// the same kind still holds all the rest (and the text before any unit
    /// has none).
    fn after(&self, old: &Old, numbering: Numbering, doc: &Document, running: &dyn Fn(&str) -> bool) -> Option<Document> {
        let (a, e) = (old.now_start(self.a), old.now(self.e));
        let after = Document::parse_piece(&old.text[a..e], self.after_it, numbering, running);
        let one_unit = |root: &Unit| root.span == (0..e - a) && root.kind == doc.units[self.unit].kind && after.units[1..].iter().all(|u| u.parent.is_some());
        if if self.held { !after.units.first().is_some_and(one_unit) } else { !after.units.is_empty() } {
            return None;
        }
        // A heading printed twice ("CHAPTER II", then "CHAPTER II - TITLE") is
        // one unit where only white space stands between: the unit's last
        // must not become one with the next.
        let repeated = |u: &Unit, next: &Unit| {
            division(next.kind) && (u.kind, u.number()) == (next.kind, next.number()) && old.text[a + u.heading.end..old.now(next.span.start)].trim().is_empty()
        };
        (!after.units.last().zip(doc.units.get(self.last)).is_some_and(|(u, next)| repeated(u, next))).then_some(after)
    }

    /// Its clean form after the edit (split as `after`), and how much of it is its own.
    fn cleaned(&self, old: &Old, after: &Document) -> Option<(Normalized, usize)> {
        let (a, next) = (old.now_start(self.a), old.now(self.next));
        clean(&old.text[a..(next + 1).min(old.text.len())], next - a, &after.noise)
    }

    /// Where it is in the clean form before the edit.
    fn normalized(&self, norm: &Normalized) -> (usize, usize) {
        (norm.to_normalized(self.a), if self.ends_text { norm.text.len() } else { norm.to_normalized(self.next) })
    }
}

/// The units holding the lines outside `edited` (a unit of the text
/// before the edit) whose key is one of `keys`, with their places in the
/// text before (a unit once for each line): a line that becomes a running
/// header, or stops being one, changes there too. `None` where one is not
/// below a unit's heading (the text before any unit is split whole) or
/// holds the edited unit.
fn sites(old: &Old, doc: &Document, keys: &[&String], edited: Range<usize>) -> Option<Vec<(usize, Range<usize>)>> {
    let text = old.text;
    let mut out = Vec::new();
    for key in keys {
        // Found by its longest run without digits or spaces (which a key folds).
        let word = key.split([' ', '#']).max_by_key(|w| w.len()).filter(|w| !w.is_empty())?;
        // Page labels ("Page 3") are page furniture whatever repeats.
        if key.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("page")) {
            return None;
        }
        let edited_now = old.now_start(edited.start)..old.now(edited.end);
        // Each line once, however often the word is in it.
        let mut done = 0;
        for (hit, _) in text.match_indices(word) {
            if hit < done {
                continue;
            }
            let start = text[..hit].rfind('\n').map_or(0, |i| i + 1);
            let end = text[hit..].find('\n').map_or(text.len(), |i| hit + i);
            done = end;
            if (edited_now.start <= end && start <= edited_now.end) || header_key(text[start..end].trim()).as_ref() != Some(*key) {
                continue;
            }
            // In the text before the edit (outside the edited unit, so outside the edit).
            let was = |at: usize| if at < old.prefix { at } else { at - old.edited + old.edited() };
            let (start, end) = (was(start), was(end));
            let holds = |u: &Unit| division(u.kind) && u.span.start < start && end <= u.span.end;
            let held = doc.innermost(start).and_then(|mut unit| {
                while !holds(&doc.units[unit]) {
                    unit = doc.units[unit].parent?;
                }
                Some(unit)
            });
            let site = (held?, doc.units[held?].span.clone());
            if site.1.start < edited.end && edited.start < site.1.end {
                return None;
            }
            out.push(site);
        }
    }
    Some(out)
}

/// Whether `line` (whole, untrimmed) can change nothing the whole text's
/// split depends on: no page label or page number, and no heading of a
/// part, chapter, article or section unless `headings` may change.
fn quiet(line: &str, headings: bool) -> bool {
    let line = line.trim();
    if line.is_empty() {
        return true;
    }
    let page_label = line.starts_with(['p', 'P', '-', '–', '—']) && line.split_whitespace().nth(4).is_none();
    let number = line.len() <= 4 && line.bytes().all(|b| b.is_ascii_digit());
    let heading = || Document::parse(line).units.iter().any(|u| division(u.kind));
    !page_label && !number && (headings || !heading())
}

/// The longest gap mark, "[. . .]".
const GAP_MARK: usize = 7;

/// Whether the edit at `at` of `lines` makes or unmakes no gap mark
/// ("[...]", "[…]"): it holds no bracket or ellipsis, and is not inside
/// what could be one.
fn no_gap_mark(lines: &str, at: Range<usize>) -> bool {
    !lines[at.clone()].contains(['[', '…']) && !lines.as_bytes()[at.start.saturating_sub(GAP_MARK - 1)..at.start].contains(&b'[')
}

/// Whether units of `kind` have headings (and are no marker's).
fn division(kind: UnitKind) -> bool {
    matches!(kind, UnitKind::Part | UnitKind::Chapter | UnitKind::Article | UnitKind::Section)
}

/// Whether `alone`, a unit split alone, is `units` of the whole text (the
/// first of which is unit `first`), each moved by where the unit starts.
fn same_split(alone: &Document, units: &[Unit], first: usize) -> bool {
    let Some(base) = units.first().map(|u| u.span.start) else { return false };
    let moved = |r: &Range<usize>| r.start + base..r.end + base;
    alone.units.len() == units.len()
        && alone.units.iter().zip(units).enumerate().all(|(j, (w, d))| {
            let parent = match w.parent {
                None => j == 0,
                Some(k) => d.parent == Some(first + k),
            };
            parent
                && moved(&w.span) == d.span
                && moved(&w.heading) == d.heading
                && (w.kind, w.number(), w.path(), w.label(), &w.title) == (d.kind, d.number(), d.path(), d.label(), &d.title)
        })
}

/// The clean form of the window, the first `len` bytes of `piece`, cleaned
/// alone with `noise`, and how much of it is the window's: the character
/// after the window (a unit and the white space after it), the rest of
/// `piece` unless the window ends the text, is cleaned too, so that the
/// space before it is written.
fn clean(piece: &str, len: usize, noise: &[Range<usize>]) -> Option<(Normalized, usize)> {
    let alone = Normalized::new(piece, noise);
    if len == piece.len() {
        let keep = alone.text.len();
        return Some((alone, keep));
    }
    // The character after the window is ASCII (see `fresh`).
    let keep = alone.to_normalized(len);
    (alone.text.len() == keep + 1).then_some((alone, keep))
}

/// Puts `after`, the unit at `a..e` split alone after an edit that moved
/// what follows by `delta`, in the place of units `old` of `doc`.
fn splice_units(doc: &mut Document, old: Range<usize>, after: Document, a: usize, e: usize, delta: isize) {
    let grown = after.units.len() as isize - old.len() as isize;
    let parent = doc.units[old.start].parent;
    let mut above = parent;
    while let Some(i) = above {
        doc.units[i].span.end = shift(doc.units[i].span.end, delta);
        above = doc.units[i].parent;
    }
    for u in &mut doc.units[old.end..] {
        u.span = shift(u.span.start, delta)..shift(u.span.end, delta);
        u.heading = shift(u.heading.start, delta)..shift(u.heading.end, delta);
        if let Some(p) = u.parent.as_mut().filter(|p| **p >= old.end) {
            *p = shift(*p, grown);
        }
    }
    let first = old.start;
    let units = after.units.into_iter().map(|mut u| {
        u.span = u.span.start + a..u.span.end + a;
        u.heading = u.heading.start + a..u.heading.end + a;
        u.parent = u.parent.map_or(parent, |k| Some(first + k));
        u
    });
    doc.units.splice(old, units);
    let from = doc.noise.partition_point(|r| r.end <= a);
    let to = doc.noise.partition_point(|r| r.start < e);
    for r in &mut doc.noise[to..] {
        *r = shift(r.start, delta)..shift(r.end, delta);
    }
    doc.noise.splice(from..to, after.noise.into_iter().map(|r| r.start + a..r.end + a));
}

/// The keys of the lines of `text` starting in `range` that could be
/// running headers, leaving out those `units` (placed at `base`) show to be
/// headings or their titles.
fn keys<'a>(text: &'a str, range: Range<usize>, units: &[Unit], base: usize) -> impl Iterator<Item = String> + 'a {
    let known = structural(text, units, base);
    let mut at = range.start;
    text[range].split('\n').filter_map(move |raw| {
        let start = at + (raw.len() - raw.trim_start().len());
        at += raw.len() + 1;
        let line = raw.trim();
        header_key(line).filter(|_| known.binary_search(&start).is_err())
    })
}

/// Where the lines start that `units` (placed at `base`) show to be
/// headings of parts, chapters, articles or sections, or the one title
/// line under such a heading: lines the splitter never counts as running
/// headers.
fn structural(text: &str, units: &[Unit], base: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    for u in units {
        let heading = u.heading.start + base..u.heading.end + base;
        let line_start = text[..heading.start].rfind('\n').map_or(0, |i| i + 1);
        if !division(u.kind) || heading.is_empty() || !text[line_start..heading.start].trim().is_empty() {
            continue;
        }
        let mut at = heading.start;
        let lines: Vec<usize> = text[heading.clone()]
            .split('\n')
            .filter_map(|raw| {
                let start = at + (raw.len() - raw.trim_start().len());
                at += raw.len() + 1;
                (!raw.trim().is_empty()).then_some(start)
            })
            .collect();
        match lines[..] {
            [first] | [first, _] if first == heading.start => starts.extend(&lines),
            _ => starts.push(heading.start),
        }
    }
    starts.sort_unstable();
    starts
}

/// The key a running header repeats under, as the splitter makes it
/// (digits folded: the page number changes; white space folded), for
/// every line it could count (a few more: it also wants a letter in the
/// line and four bytes at least).
fn header_key(line: &str) -> Option<String> {
    let could = line.len() <= 100
        && line.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !line.ends_with(['.', ';', ':', ',']);
    could.then(|| {
        let words = line.split_whitespace().map(|w| w.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>());
        words.collect::<Vec<_>>().join(" ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn corpus() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
        let mut files: Vec<_> = std::fs::read_dir(dir).expect("../shared/corpus").map(|e| e.expect("an entry").path()).collect();
        files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        files.sort();
        files.iter().map(|f| std::fs::read_to_string(f).expect("a corpus text")).collect()
    }

    /// Keys and words, and what changes the split: headings, markers, page
    /// furniture, brackets, lines that repeat.
    const TYPED: &[&str] = &[
        "y", " ", "\n", "\n\n", "x", "Any person who publishes false news shall be guilty of an offence. ", "-\n",
        "\n\nArticle 7\n\nFalse news\n\n", "\nSection 12. Interception\n", "(a) ", "\n2. ", "é", "😀 ", "\nPage 3 of 40\n",
        "CHAPTER IX\n\n", "Definitions", "\nRunning Header\n", "\n14\n", "[...]", "Article", "PART",
        "(i) ", "(ii) ", "(j) ", "\n(h) ", "3. ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Whatever a splice gives is exactly the whole text's split, clean
        /// form (both ways of its map) and counts of repeated lines.
        #[test]
        fn a_spliced_unit_is_what_the_whole_text_gives(
            which in 0..14usize,
            edits in prop::collection::vec((0.0..1.0f64, prop_oneof![Just(0usize), 0..3usize, 0..200usize], 0..TYPED.len()), 1..6),
        ) {
            let texts = corpus();
            // A text three times over: its short lines are running headers,
            // inside the units too (as in the benchmarks' long texts).
            let mut text = texts[which % texts.len()].repeat(if which >= 7 { 3 } else { 1 });
            let (mut doc, mut numbering) = Document::parse_numbered(&text);
            let mut norm = Normalized::new(&text, &doc.noise);
            let mut repeats = Repeats::of(&text, &doc);
            for (at, removed, typed) in edits {
                let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let start = chars[(at * (chars.len() - 1) as f64) as usize];
                let end = chars[(chars.partition_point(|&c| c < start) + removed).min(chars.len() - 1)];
                let new = format!("{}{}{}", &text[..start], TYPED[typed], &text[end..]);
                let old = Old { text: &new, prefix: start, removed: &text[start..end], edited: start + TYPED[typed].len() };
                if splice(&old, numbering, &mut doc, &mut norm, &mut repeats).is_some() {
                    let whole = Document::parse(&new);
                    prop_assert_eq!(&doc, &whole);
                    let clean = Normalized::new(&new, &whole.noise);
                    prop_assert_eq!(&norm.text, &clean.text);
                    for at in (0..=new.len()).filter(|&i| new.is_char_boundary(i)) {
                        prop_assert_eq!(norm.to_normalized(at), clean.to_normalized(at));
                    }
                    for at in (0..=clean.text.len()).filter(|&i| clean.text.is_char_boundary(i)) {
                        prop_assert_eq!(norm.to_original(at, &new), clean.to_original(at, &new));
                    }
                    prop_assert_eq!(&repeats.0, &Repeats::of(&new, &whole).0);
                } else {
                    (doc, numbering) = Document::parse_numbered(&new);
                    norm = Normalized::new(&new, &doc.noise);
                    repeats = Repeats::of(&new, &doc);
                }
                text = new;
            }
        }
    }

    /// A splice of `removed` bytes at `at` of `text` replaced by `inserted`,
    /// checked against the whole text's split; whether it was taken.
    fn spliced(text: &str, at: usize, removed: usize, inserted: &str) -> bool {
        let (mut doc, numbering) = Document::parse_numbered(text);
        let mut norm = Normalized::new(text, &doc.noise);
        let mut repeats = Repeats::of(text, &doc);
        let new = format!("{}{inserted}{}", &text[..at], &text[at + removed..]);
        let old = Old { text: &new, prefix: at, removed: &text[at..at + removed], edited: at + inserted.len() };
        let taken = splice(&old, numbering, &mut doc, &mut norm, &mut repeats).is_some();
        if taken {
            assert_eq!(doc, Document::parse(&new), "{inserted:?} at {at}");
            assert_eq!(norm.text, Normalized::new(&new, &doc.noise).text);
        }
        taken
    }

    /// The splice is worth having only if it is taken for typing: keys typed
    /// into an article's text (after a bracket too), a title, and headings
    /// made or unmade inside a chapter.
    #[test]
    fn typing_in_an_article_or_a_title_splices_one_unit() {
        let text = corpus().into_iter().find(|t| t.contains("Illegal access")).expect("the Budapest Convention");
        let clause = text.find("when committed intentionally, the access").expect("Article 2");
        let title = text.find("Illegal access").expect("Article 2's title") + "Illegal".len();
        let bracket = text.find("(CDPC) shall").expect("Article 46") + "(CDPC) shall".len();
        for at in [clause, title, bracket] {
            assert!(spliced(&text, at, 0, "x"), "a key at {at}");
        }
        // A heading pasted between two others, cut, or typed key by key:
        // the chapter holding them is split again.
        let at = text.find("Article  3").expect("Article 3");
        assert!(spliced(&text, at, 0, "Article 2A\n\nFalse news\n\n"));
        let title_line = at + text[at..].find("\n\n").expect("a title after it") + 2;
        assert!(spliced(&text, at, title_line - at, ""));
        assert!(spliced(&text, at, 0, "A"));
        // Keys in the text before any unit: what it is split and cleaned alone.
        assert!(spliced(&text, 0, 0, "y"));
        let preamble = text.find("Convention").expect("the title");
        assert!(spliced(&text, preamble, 0, "European "));
        // A space or a blank line typed at an article's end (which moves
        // where it ends): the unit around it is split again.
        let end_of_2 = text[..at].trim_end().len();
        for typed in [" ", "\n\n", " A"] {
            assert!(spliced(&text, end_of_2, 0, typed), "{typed:?} at Article 2's end");
        }
        // Two articles joined: the heading between them taken out.
        assert!(spliced(&text, end_of_2, at + "Article  3".len() - end_of_2, " "));
    }

    /// A key near a bracket that is no gap mark is spliced; "[...]" typed
    /// (page furniture made) is not.
    #[test]
    fn a_gap_mark_typed_is_not_spliced() {
        let text = corpus().into_iter().find(|t| t.contains("[ Act No. 4 of 2021 ]")).expect("a law with bracketed notes");
        let note = text.find("[ Act No. 4 of 2021 ]").expect("a note");
        assert!(spliced(&text, note + "[ Act No. 4 of 2021 ]".len(), 0, " x"));
        assert!(spliced(&text, note - 20, 0, "y"));
        assert!(!spliced(&text, note - 20, 0, " [...] "));
        assert!(!spliced(&text, note + 1, 1, "..."));
    }

    /// Edits made one after another, each checked against the whole
    /// text's split as [`spliced`] does; whether every one was spliced.
    fn all_spliced(text: &str, edits: &[(usize, usize, &str)]) -> bool {
        let mut text = text.to_string();
        let (mut doc, numbering) = Document::parse_numbered(&text);
        let mut norm = Normalized::new(&text, &doc.noise);
        let mut repeats = Repeats::of(&text, &doc);
        let mut all = true;
        for &(at, removed, inserted) in edits {
            let new = format!("{}{inserted}{}", &text[..at], &text[at + removed..]);
            let old = Old { text: &new, prefix: at, removed: &text[at..at + removed], edited: at + inserted.len() };
            if splice(&old, numbering, &mut doc, &mut norm, &mut repeats).is_some() {
                assert_eq!(doc, Document::parse(&new), "{inserted:?} at {at}");
                assert_eq!(norm.text, Normalized::new(&new, &doc.noise).text);
                assert_eq!(repeats.0, Repeats::of(&new, &doc).0);
            } else {
                all = false;
                doc = Document::parse(&new);
                norm = Normalized::new(&new, &doc.noise);
                repeats = Repeats::of(&new, &doc);
            }
            text = new;
        }
        all
    }

    /// `marker` typed key by key at `at`, then taken out key by key.
    fn typed_and_taken_out(at: usize, marker: &str) -> Vec<(usize, usize, &str)> {
        let keys = marker.char_indices().map(|(i, c)| (at + i, 0, &marker[i..i + c.len_utf8()]));
        keys.chain(marker.char_indices().rev().map(|(i, c)| (at + i, c.len_utf8(), ""))).collect()
    }

    /// A marker typed at a line's start makes a paragraph or an item there
    /// (or, at a line before a list, a new one between two others), and
    /// taken out makes it text again: only the unit holding the line is
    /// split again, in a treaty, in a law's part, where sections are
    /// numbered bare and where no chapter holds the articles.
    #[test]
    fn a_marker_typed_at_a_line_start_splices_its_unit() {
        let budapest = corpus().into_iter().find(|t| t.contains("Illegal interception")).expect("the Budapest Convention");
        let line = budapest.find("Each Party shall adopt such legislative and other measures as may be necessary to establish as criminal offences under its domestic law, when committed intentionally, the interception").expect("Article 3's text");
        // On the blank line above it, as the benchmark types it, and at its start.
        for (at, marker) in [(line - 1, "(a) "), (line, "(a) "), (line, "3. ")] {
            assert!(all_spliced(&budapest, &typed_and_taken_out(at, marker)), "{marker:?} at {at}");
        }
        // Parts after it: a unit near half the text is split whole.
        let later: String = ["III", "IV", "V", "VI"].iter().enumerate().map(|(i, n)| format!("PART {n}\n\nSection {}. Offences\n\nA person who accesses a computer without authority commits an offence.\n\n", i + 5)).collect();
        let part = &format!("PART II\n\nThis Part applies to every provider.\n\nSection 4. Powers\n\n(1) A judge may order the disclosure of data.\n\nThe order names the data.\n\n(2) The order is served on the provider.\n\n{later}");
        let bare = "PART I\n\n1. Short title\n\nThis Act may be cited as the Computer Misuse Act.\n\n3. Offences\n\nA person who accesses a computer without authority commits an offence.\n\nPART II\n\n4. Powers\n\nA judge may order the disclosure of data.\n";
        let articles: String = (3..7).map(|n| format!("Article {n}\n\nOffences\n\nEach Party shall establish as criminal offences the access to a computer system without right.\n\n")).collect();
        let unchaptered = &format!("Article 1\n\nScope\n\nThis Convention applies to:\n\nthe collection of evidence;\n\nArticle 2\n\nUse of terms\n\nFor the purposes of this Convention:\n\n{articles}");
        let cases = [
            (part.as_str(), "This Part applies", "(a) "),
            (part, "The order names", "(2) "),
            (part, "The order names", "(a) "),
            (bare, "A person who accesses", "(a) "),
            (unchaptered, "the collection", "(a) "),
            (unchaptered, "For the purposes", "1. "),
        ];
        for (text, line, marker) in cases {
            let at = text.find(line).expect("the line");
            assert!(all_spliced(text, &typed_and_taken_out(at, marker)), "{marker:?} before {line:?}");
        }
    }

    /// "(i)" after "(h)" is the letter where "(j)" comes before "(ii)",
    /// however far after: typed in one article, it looks ahead into the
    /// next; and "(j)" typed in the next, which turns an earlier "(i)" from
    /// the first roman numeral into the letter, is split whole.
    #[test]
    fn a_marker_that_reads_two_ways_looks_ahead_past_its_unit() {
        let text = "Article 1\n\nScope\n\n(h) the data;\n\nthe traffic.\n\nArticle 2\n\nUse\n\n(a) one;\n\n(b) two;\n\nArticle 3\n\nOther\n\n(ii) three.\n";
        let at = text.find("the traffic").expect("a line after (h)");
        let whole = |edited: &str| Document::parse(edited).units.iter().find(|u| u.number() == "i").map(|u| u.parent);
        let edited = format!("{}(i) {}", &text[..at], &text[at..]);
        let (h, parent) = (Document::parse(&edited).units.iter().position(|u| u.number() == "h"), whole(&edited).flatten());
        assert_eq!(parent, h, "a roman numeral under (h): (ii) comes first, two articles on");
        assert!(spliced(text, at, 0, "(i) "));
        let later = edited.find("(a) one").expect("a line of Article 2");
        let turned = format!("{}(j) {}", &edited[..later], &edited[later..]);
        assert_ne!(whole(&turned), whole(&edited), "(j) before (ii) makes it the letter");
        assert!(!spliced(&edited, later, 0, "(j) "));
    }

    /// A short line typed a third time is a running header at all three
    /// places: the units holding the other two are split again, not the
    /// whole text; one more key makes it text again at all three.
    #[test]
    fn a_running_header_made_at_three_places_splices_their_units() {
        let budapest = corpus().into_iter().find(|t| t.contains("Illegal interception")).expect("the Budapest Convention");
        // The first three lines that open an article's text, just below its title.
        let places: Vec<usize> = budapest.match_indices("\n\nEach Party shall adopt such legislative").map(|(at, _)| at + 2).take(3).collect();
        let line = "Draft for consultation\n";
        let mut text = budapest.clone();
        for &at in places[1..].iter().rev() {
            text.insert_str(at, line);
        }
        let last = line.len() - 1;
        let keys: Vec<(usize, usize, &str)> = (0..last).map(|i| (places[0] + i, 0, &line[i..=i])).chain([(places[0] + last, 0, "\n"), (places[0] + last - 1, 0, "s")]).collect();
        assert!(all_spliced(&text, &keys));
        let third = format!("{}{line}{}", &text[..places[0]], &text[places[0]..]);
        assert_eq!(Document::parse(&third).noise.iter().filter(|&r| third[r.clone()] == line[..last]).count(), 3, "a running header at all three");
    }

    /// Where sections are numbered bare ("2. Offences"), whether a new line
    /// heads a section depends on the numbers before it: split whole.
    #[test]
    fn a_bare_heading_is_not_spliced() {
        let text = "PART I\n\n1. Short title\n\nThis Act may be cited as the Computer Misuse Act.\n\n3. Offences\n\nA person who accesses a computer without authority commits an offence.\n\nPART II\n\n4. Powers\n\nA judge may order the disclosure of data.\n";
        let at = text.find("3. Offences").expect("section 3");
        assert!(!spliced(text, at, 0, "2. Interpretation\n\n"));
        // Text in a section splices as anywhere.
        let at = text.find("without authority").expect("section 3's text");
        assert!(spliced(text, at, 0, "x"));
    }
}
