//! Splits a text into units: parts, chapters, articles or sections,
//! paragraphs and items, in one pass over the lines.
//!
//! Headings are recognised line by line ([`heading`](super::heading)),
//! numbering markers at line starts and inside long lines
//! ([`marker`](super::marker)), page furniture beforehand
//! ([`noise`](super::noise)). A stack of open units gives each new unit its
//! parent; a unit ends where the next unit at its level or above begins, so
//! spans always nest. The work per line is bounded, so the whole pass is
//! linear in the length of the text.

use super::heading::{self, Heading, Keyword};
use super::marker::{self, Context, Level, Lookahead, Token};
use super::noise;
use super::{Document, Numbering, Unit, UnitKind};
use std::ops::Range;

/// Splits `text`, numbered as `numbering` says (a piece of a longer text
/// is split as in it), or as its own lines show; with how it is numbered.
/// `running(key)` says which short lines repeat often enough in the longer
/// text to be running headers; `rest` is the longer text after the piece,
/// where its markers may look ahead.
pub(super) fn segment(text: &str, rest: &str, numbering: Option<Numbering>, running: &dyn Fn(&str) -> bool) -> (Document, Numbering) {
    let lines = trimmed_lines(text);
    // Whether each line has keyword headings, read once: the passes below
    // ask about most lines two or three times, and few lines have any.
    let (mut has_articles, mut has_sections) = (false, false);
    let keyworded: Vec<Keyworded> = lines
        .iter()
        .map(|r| {
            let found = heading::keyword_shape(&text[r.clone()]);
            match found.map(|(keyword, _)| keyword) {
                Some(Keyword::Article) => has_articles = true,
                Some(Keyword::Section) => has_sections = true,
                _ => {}
            }
            match found {
                None => Keyworded::No,
                Some((_, true)) => Keyworded::WantsTitle,
                Some(_) => Keyworded::Yes,
            }
        })
        .collect();
    // A piece of a longer text is numbered as the whole text is.
    let numbering = numbering.unwrap_or(Numbering { has_articles, has_sections });
    let Numbering { has_articles, has_sections } = numbering;
    let is_heading = |i: usize| {
        let line = &text[lines[i].clone()];
        keyworded[i] != Keyworded::No || marker::at_line_start(line).is_some() || heading::bare_heading(line).is_some()
    };
    let wants_title = |i: usize| {
        keyworded[i] == Keyworded::WantsTitle || heading::bare_heading(&text[lines[i].clone()]).is_some_and(|h| h.wants_title)
    };
    // A title repeated under many headings ("Construction") is not a running header.
    let (noise, is_noise) = noise::find(text, &lines, running, |i| {
        let prev = (0..i).rev().find(|&j| !lines[j].is_empty());
        is_heading(i) || prev.is_some_and(wants_title)
    });
    let mut b = Builder {
        text,
        rest,
        lines: &lines,
        keyworded: &keyworded,
        is_noise: &is_noise,
        has_articles,
        // Without "Article" or "Section" words, provisions are numbered bare: "12. Title".
        bare: !has_articles && !has_sections,
        // About one unit per line, and room made once: a Vec grown by
        // doubling leaves a trail of freed blocks in Wasm memory, which
        // never shrinks. What is left over is given back below.
        units: Vec::with_capacity(lines.len()),
        open: Vec::new(),
        lookahead: Lookahead::default(),
        levels: Vec::new(),
        last_bare: None,
    };
    let mut i = 0;
    while i < lines.len() {
        i = b.line(i);
    }
    b.close(0, text.len());
    b.units.shrink_to_fit();
    let doc = Document {
        units: b.units,
        noise,
    };
    (doc, numbering)
}

/// Whether the first heading of any of `lines` is an article, or a section.
fn numbering_of(text: &str, lines: &[Range<usize>]) -> Numbering {
    let mut numbering = Numbering::default();
    for r in lines {
        match heading::keyword_shape(&text[r.clone()]).map(|(keyword, _)| keyword) {
            Some(Keyword::Article) => numbering.has_articles = true,
            Some(Keyword::Section) => numbering.has_sections = true,
            _ => {}
        }
    }
    numbering
}

/// How `text` alone numbers provisions.
pub(super) fn numbering(text: &str) -> Numbering {
    numbering_of(text, &trimmed_lines(text))
}

/// What a line's keyword headings are, as far as the passes over all lines ask.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyworded {
    No,
    Yes,
    /// The last heading has no title on its line: it may be on the next.
    WantsTitle,
}

/// What an open unit is, for deciding what a new heading closes.
#[derive(Clone, Copy, Debug)]
enum Rank {
    /// Part 0, chapter 1, treaty section 2, treaty title 3.
    Division(u8),
    Provision,
    Marker(Level),
}

struct Builder<'a> {
    text: &'a str,
    /// The longer text after `text`, if it is a piece of one.
    rest: &'a str,
    lines: &'a [Range<usize>],
    keyworded: &'a [Keyworded],
    is_noise: &'a [bool],
    has_articles: bool,
    bare: bool,
    units: Vec<Unit>,
    /// Open units, outermost first; markers are always on top.
    open: Vec<(usize, Rank)>,
    lookahead: Lookahead,
    /// The open list levels, for [`Builder::marker`].
    levels: Vec<Level>,
    /// The last bare section number, which the next must exceed.
    last_bare: Option<(u32, String)>,
}

impl Builder<'_> {
    /// Reads line `i` (and a title line after it); returns the next line to read.
    fn line(&mut self, i: usize) -> usize {
        let r = self.lines[i].clone();
        if r.is_empty() || self.is_noise[i] {
            return i + 1;
        }
        let line = &self.text[r.clone()];
        if self.keyworded[i] != Keyworded::No {
            return self.keyword_line(i, heading::keyword_headings(line));
        }
        if self.bare {
            if let Some(next) = self.bare_line(i) {
                return next;
            }
        }
        let mut from = 0;
        if let Some(tok) = marker::at_line_start(line) {
            if self.marker(r.start, &tok, Context::LineStart, line) {
                from = tok.end;
            }
        }
        self.inline_markers(r.start, line, from);
        i + 1
    }

    fn keyword_line(&mut self, i: usize, headings: Vec<Heading>) -> usize {
        let r = self.lines[i].clone();
        let mut next = i + 1;
        let mut starts = vec![0];
        starts.extend(headings.iter().map(|h| h.end).take(headings.len() - 1));
        for (h, start) in headings.iter().zip(starts) {
            let mut title = h.title.clone();
            // "PART 6, CHAPTER 2": the part's heading stops before the comma.
            let own = self.text[r.start..r.start + h.end]
                .trim_end()
                .trim_end_matches(',');
            let mut heading_end = r.start + own.len();
            if h.wants_title {
                if let Some((j, t)) = self.title_after(i) {
                    title = Some(t);
                    heading_end = self.lines[j].end;
                    next = j + 1;
                }
            }
            let at = r.start + start;
            let (kind, rank, word) = match h.keyword {
                Keyword::Part => (UnitKind::Part, Rank::Division(0), "Part"),
                Keyword::Chapter => (UnitKind::Chapter, Rank::Division(1), "Chapter"),
                Keyword::Title => (UnitKind::Chapter, Rank::Division(3), "Title"),
                Keyword::Section
                    if self.has_articles
                        && (h.capitals || title.as_deref().is_some_and(all_capitals)) =>
                {
                    (UnitKind::Chapter, Rank::Division(2), "Section")
                }
                Keyword::Section => (UnitKind::Section, Rank::Provision, "Section"),
                Keyword::Article => (UnitKind::Article, Rank::Provision, "Article"),
            };
            if let Rank::Division(d) = rank {
                if self.merge_repeat(kind, h.number, word, at, heading_end, &title) {
                    continue;
                }
                self.open_unit(at, |u| matches!(u, Rank::Division(x) if x < d));
            } else {
                self.open_unit(at, |u| matches!(u, Rank::Division(_)));
            }
            // "Article 28": the path and the number are its end.
            let label = joined(&[word, " ", h.number]);
            let path_at = word.len() + 1;
            let number_at = path_at..label.len();
            self.push(kind, rank, label, path_at, number_at, title, at, heading_end);
        }
        if let Some(body) = headings.last().and_then(|h| h.body) {
            let line = &self.text[r.clone()];
            self.inline_markers(r.start, line, body);
        }
        next
    }

    /// A bare-numbered section ("12. Title"), if line `i` is one and its
    /// number goes up from the last.
    fn bare_line(&mut self, i: usize) -> Option<usize> {
        let r = self.lines[i].clone();
        let h = heading::bare_heading(&self.text[r.clone()])?;
        let key = number_key(h.number)?;
        if self.last_bare.as_ref().is_some_and(|last| key <= *last) {
            return None;
        }
        let mut title = h.title.clone();
        let mut heading_end = r.start + h.end;
        let mut next = i + 1;
        if h.wants_title {
            let (j, t) = self.title_after(i)?;
            title = Some(t);
            heading_end = self.lines[j].end;
            next = j + 1;
        }
        self.last_bare = Some(key);
        self.open_unit(r.start, |u| matches!(u, Rank::Division(_)));
        let label = joined(&["Section ", h.number]);
        let number_at = "Section ".len()..label.len();
        self.push(UnitKind::Section, Rank::Provision, label, number_at.start, number_at, title, r.start, heading_end);
        if let Some(body) = h.body {
            self.inline_markers(r.start, &self.text[r.clone()], body);
        }
        Some(next)
    }

    /// The title on the next non-empty line after a heading with none.
    fn title_after(&self, i: usize) -> Option<(usize, String)> {
        let j =
            (i + 1..self.lines.len()).find(|&j| !self.lines[j].is_empty() && !self.is_noise[j])?;
        let line = &self.text[self.lines[j].clone()];
        let is_heading = self.keyworded[j] != Keyworded::No
            || marker::at_line_start(line).is_some()
            || (self.bare && heading::bare_heading(line).is_some());
        if is_heading {
            return None;
        }
        heading::title_line(line).map(|t| (j, t))
    }

    /// Phil.-style copies print "CHAPTER II" / "PUNISHABLE ACTS" and then
    /// "CHAPTER II - PUNISHABLE ACTS": one chapter, not two.
    fn merge_repeat(
        &mut self,
        kind: UnitKind,
        number: &str,
        word: &str,
        at: usize,
        heading_end: usize,
        title: &Option<String>,
    ) -> bool {
        let Some(last) = self.units.last_mut() else {
            return false;
        };
        let same = last.kind == kind && last.number() == number && last.label().starts_with(word);
        if !same || !self.text[last.heading.end..at].trim().is_empty() {
            return false;
        }
        last.heading.end = heading_end;
        if last.title.is_none() {
            last.title = title.clone();
        }
        true
    }

    fn inline_markers(&mut self, line_start: usize, line: &str, from: usize) {
        for (tok, ctx) in marker::inline(line, from) {
            self.marker(line_start, &tok, ctx, line);
        }
    }

    /// Opens a paragraph or item for `tok` if it fits the numbering.
    fn marker(&mut self, line_start: usize, tok: &Token, ctx: Context, line: &str) -> bool {
        let base = self
            .open
            .iter()
            .position(|(_, r)| matches!(r, Rank::Marker(_)))
            .unwrap_or(self.open.len());
        // Most lines ask: one list of levels, refilled each time.
        let mut levels = std::mem::take(&mut self.levels);
        levels.clear();
        levels.extend(self.open[base..].iter().filter_map(|(_, r)| match r {
            Rank::Marker(l) => Some(*l),
            _ => None,
        }));
        let after = line_start + tok.end;
        let (text, rest, lookahead) = (self.text, self.rest, &mut self.lookahead);
        let placed = marker::place(&levels, tok, ctx, |a, b| lookahead.first_of(text, rest, after, a, b));
        self.levels = levels;
        let Some(p) = placed else {
            return false;
        };
        let at = line_start + tok.start;
        self.close(base + p.keep, at);
        // "Article 28(4)", whose path "28(4)" goes on from its parent's:
        // one per unit, so made without `format!`.
        let (label, path_at) = match self.open.last().map(|&(u, r)| (&self.units[u], r)) {
            Some((parent, Rank::Marker(_) | Rank::Provision)) => {
                (joined(&[&parent.label, "(", tok.number, ")"]), parent.path_at as usize)
            }
            _ => {
                let word = p.level.style.kind().word();
                (joined(&[word, " (", tok.number, ")"]), word.len() + 1)
            }
        };
        let number_at = label.len() - 1 - tok.number.len()..label.len() - 1;
        // "(1) Illegal Access. — The access ...": the item's own title.
        let rest = &line[tok.end..];
        let body_at = tok.end + (rest.len() - rest.trim_start().len());
        let (title, heading_end) = if ctx != Context::LineStart {
            (None, at)
        } else if body_at == line.len() {
            (None, after)
        } else {
            match heading::item_title(&line[body_at..]) {
                Some((t, end)) => (Some(t), line_start + body_at + end),
                None => (None, at),
            }
        };
        let kind = p.level.style.kind();
        self.push(kind, Rank::Marker(p.level), label, path_at, number_at, title, at, heading_end);
        true
    }

    /// Closes, at `at`, open units until the top one can be the parent of a
    /// new heading (`holds` says which ranks can).
    fn open_unit(&mut self, at: usize, holds: impl Fn(Rank) -> bool) {
        let keep = self
            .open
            .iter()
            .position(|&(_, r)| !holds(r))
            .unwrap_or(self.open.len());
        self.close(keep, at);
    }

    /// Opens a unit labelled `label`, whose path starts at `path_at` in it
    /// and whose number is at `number_at`.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: UnitKind,
        rank: Rank,
        label: String,
        path_at: usize,
        number_at: Range<usize>,
        title: Option<String>,
        at: usize,
        heading_end: usize,
    ) {
        let parent = self.open.last().map(|&(u, _)| u);
        // Labels are a few words: the offsets fit in 32 bits.
        let offset = |at: usize| u32::try_from(at).expect("a label of a few words");
        self.units.push(Unit {
            kind,
            label,
            path_at: offset(path_at),
            number_at: (offset(number_at.start), offset(number_at.end)),
            definitions: kind.is_provision() && super::is_definitions_title(title.as_deref()),
            title,
            span: at..self.text.len(),
            heading: at..heading_end.max(at),
            parent,
        });
        self.open.push((self.units.len() - 1, rank));
    }

    /// Ends every open unit above depth `keep` at `at`, less the white space
    /// before it.
    fn close(&mut self, keep: usize, at: usize) {
        if self.open.len() <= keep {
            return;
        }
        let end = self.text[..at].trim_end().len();
        for (u, _) in self.open.drain(keep..) {
            let unit = &mut self.units[u];
            // A unit never reaches into the next one, even when the next
            // marker stands inside what was read as this one's heading.
            unit.span.end = end.max(unit.span.start);
            unit.heading.end = unit.heading.end.min(unit.span.end);
            unit.heading.start = unit.heading.start.min(unit.heading.end);
        }
    }
}

fn trimmed_lines(text: &str) -> Vec<Range<usize>> {
    // Sized once: see `units` above.
    #[cfg(target_arch = "wasm32")]
    let breaks = text.bytes().filter(|&b| b == b'\n').count();
    #[cfg(not(target_arch = "wasm32"))]
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let mut out = Vec::with_capacity(breaks + 1);
    let mut at = 0;
    for raw in raw_lines(text) {
        let rest = raw.trim_start();
        let lead = raw.len() - rest.len();
        let content = rest.trim_end();
        let start = if content.is_empty() { at } else { at + lead };
        out.push(start..start + content.len());
        at += raw.len();
    }
    out
}

/// The lines of `text`, each with its line break.
#[cfg(target_arch = "wasm32")]
fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive('\n')
}

/// The same natively, where `memchr` finds the line breaks 16 or 32 bytes
/// at a time.
#[cfg(not(target_arch = "wasm32"))]
fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1).chain(std::iter::once(text.len()));
    ends.filter_map(move |end| {
        let line = &text[at..end];
        at = end;
        (!line.is_empty()).then_some(line)
    })
}

/// The parts one after another, in a string of exactly their length.
fn joined(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| out.push_str(p));
    out
}

fn all_capitals(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// "26A" → (26, "A"), for checking that bare section numbers go up.
fn number_key(number: &str) -> Option<(u32, String)> {
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    Some((number[..digits].parse().ok()?, number[digits..].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_breaks_and_none_is_made_up() {
        for text in ["", "\n", "one", "one\n", "one\ntwo", "one\r\n\r\ntwo\n\n", "\n\nthree\n"] {
            let lines: Vec<&str> = raw_lines(text).collect();
            assert_eq!(lines, text.split_inclusive('\n').collect::<Vec<_>>(), "{text:?}");
            assert_eq!(trimmed_lines(text).len(), lines.len(), "{text:?}");
        }
    }
}
