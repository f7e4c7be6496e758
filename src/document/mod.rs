//! The document model: pasted text split into the units that lawyers cite.
//!
//! A [`Document`] is a flat list of [`Unit`]s in reading order, each pointing
//! at its parent, so that "Article 28(4)(b)" is the item `b` inside paragraph
//! `4` inside article `28`. All offsets are UTF-8 byte offsets into the text
//! exactly as the person pasted it; nothing is rewritten here. Cleaning for
//! matching lives in [`crate::text`], which also receives the [`Document::noise`]
//! ranges (page headers, footers and page numbers) found here.

mod heading;
mod marker;
mod noise;
mod segment;

use serde::Serialize;
use std::ops::Range;

/// Where `text` has the ASCII byte `byte` (brackets that may open a marker
/// or a gap mark).
#[cfg(target_arch = "wasm32")]
fn places_of(text: &str, byte: u8) -> impl Iterator<Item = usize> + '_ {
    text.match_indices(char::from(byte)).map(|(i, _)| i)
}

/// The same natively, where `memchr` reads 16 or 32 bytes at a time.
#[cfg(not(target_arch = "wasm32"))]
fn places_of(text: &str, byte: u8) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(byte, text.as_bytes())
}

/// What kind of unit a heading or marker opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// "PART II", "Part 3": a group of sections or articles.
    Part,
    /// "CHAPTER I", "Chapter II - Criminalization"; also treaty sub-divisions
    /// such as Budapest's "SECTION 1" and "TITLE 1" that group articles.
    Chapter,
    /// A treaty article: "Article 28", "ARTICLE 28", "Art. 28".
    Article,
    /// A section of a national law: "Section 12", "SEC. 12.", "12. Title", "s. 12".
    Section,
    /// A numbered paragraph or subsection: "1.", "(1)".
    Paragraph,
    /// A lettered or roman item: "(a)", "a)", "(i)", "(aa)".
    Item,
}

impl UnitKind {
    /// The word a person writes before the number ("Article", "Section", ...).
    pub fn word(self) -> &'static str {
        match self {
            UnitKind::Part => "Part",
            UnitKind::Chapter => "Chapter",
            UnitKind::Article => "Article",
            UnitKind::Section => "Section",
            UnitKind::Paragraph => "Paragraph",
            UnitKind::Item => "Item",
        }
    }

    /// Articles and sections are the provisions that findings are grouped by.
    pub fn is_provision(self) -> bool {
        matches!(self, UnitKind::Article | UnitKind::Section)
    }
}

/// One citable unit of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// What the heading or marker opens.
    pub kind: UnitKind,
    /// What a person would write, [`Unit::label`], which holds the path at
    /// its end and the number in it: one string per unit instead of three,
    /// for a text has about one unit a line.
    label: String,
    /// Where the path begins in `label`.
    path_at: u32,
    /// Where the number is in `label`.
    number_at: (u32, u32),
    /// The heading's title where there is one: "Illegal access".
    pub title: Option<String>,
    /// Whether its title marks it as definitions ([`Role::Definitions`]):
    /// worked out once here, for every trigger hit asks.
    definitions: bool,
    /// Byte range of the whole unit, heading and children included.
    pub span: Range<usize>,
    /// Byte range of the heading line(s) (number and title), empty for
    /// paragraphs and items whose marker is followed directly by text.
    pub heading: Range<usize>,
    /// Index of the enclosing unit in [`Document::units`].
    pub parent: Option<usize>,
}

impl Unit {
    /// The number as printed, without brackets or punctuation: "28", "26A", "4", "c", "iv".
    pub fn number(&self) -> &str {
        &self.label[self.number_at.0 as usize..self.number_at.1 as usize]
    }

    /// The citation path from the enclosing provision down: "28(4)", "4(c)(4)".
    /// For parts and chapters it is their own number.
    pub fn path(&self) -> &str {
        &self.label[self.path_at as usize..]
    }

    /// What a person would write: "Article 28(4)", "Section 4(c)(4)", "Part II".
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// What role a stretch of text plays, so that rules can ignore words that are
/// harmless where they stand (a preamble's "recalling", a definition).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Text before the first article or section: titles, preambles, recitals.
    Preamble,
    /// An article or section whose title marks it as definitions
    /// ("Definitions", "Interpretation", "Use of terms", "Definition of Terms").
    Definitions,
    /// Everything else inside a provision.
    Operative,
}

/// How a text numbers its provisions, which decides how its lines are read
/// (the whole text's: any line's first heading can change it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Numbering {
    /// Some line's first heading is an article: "SECTION 1" in capitals
    /// then groups articles, as in a treaty.
    has_articles: bool,
    /// Some line's first heading is a section.
    has_sections: bool,
}

impl Numbering {
    /// How `text` alone is numbered: what its lines add to a longer text's
    /// numbering.
    pub fn of(text: &str) -> Numbering {
        segment::numbering(text)
    }

    /// Whether provisions are numbered bare ("12. Title"): no line's first
    /// heading is an article or a section.
    pub fn is_bare(self) -> bool {
        !self.has_articles && !self.has_sections
    }

    /// Whether `other` has every kind of heading this one has.
    pub fn is_within(self, other: Numbering) -> bool {
        (!self.has_articles || other.has_articles) && (!self.has_sections || other.has_sections)
    }
}

/// A text split into units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Units in reading order; a parent always comes before its children.
    pub units: Vec<Unit>,
    /// Byte ranges of page furniture (running headers and footers, page
    /// numbers, "[...]" gap marks) that are not part of any sentence.
    pub noise: Vec<Range<usize>>,
}

impl Document {
    /// Splits `text` into units.
    pub fn parse(text: &str) -> Document {
        segment::segment(text, "", None, &|_| false).0
    }

    /// Splits `text` into units, and tells how it numbers its provisions.
    pub fn parse_numbered(text: &str) -> (Document, Numbering) {
        segment::segment(text, "", None, &|_| false)
    }

    /// Splits `text`, a piece of a longer text numbered as `numbering`, as
    /// the longer text is split there: a law piece with no "Article" or
    /// "Section" in it is not read as numbered bare ("12. Title") when the
    /// whole text is not, and a short line is a running header where
    /// `running` says its key (digits as `#`, white space folded) repeats
    /// often enough in the longer text. `rest` is the longer text after
    /// the piece, beginning with white space: a marker that reads two ways
    /// ("(i)") looks ahead into it, as in the longer text.
    pub fn parse_piece(text: &str, rest: &str, numbering: Numbering, running: &dyn Fn(&str) -> bool) -> Document {
        segment::segment(text, rest, Some(numbering), running).0
    }

    /// Whether a string that markers look ahead for (to settle how "(i)"
    /// reads) runs into bytes `at` of `text`: where none does before or
    /// after an edit there, markers before it read as they did.
    pub fn looked_ahead_into(text: &str, at: Range<usize>) -> bool {
        marker::looked_for_in(text, at)
    }

    /// Where the provisions begin: the first provision's start, or 0 when
    /// there is none. What comes before is a preamble.
    pub fn body_start(&self) -> usize {
        self.units.iter().find(|u| u.kind.is_provision()).map_or(0, |u| u.span.start)
    }

    /// The deepest unit whose span contains `byte`.
    pub fn innermost(&self, byte: usize) -> Option<usize> {
        // Spans nest and parents come first, so the last unit starting at or
        // before `byte` is the deepest containing unit or a descendant of it.
        let last = self.units.partition_point(|u| u.span.start <= byte).checked_sub(1)?;
        self.ancestors(last).find(|&i| self.units[i].span.contains(&byte))
    }

    /// The article or section that contains unit `index` (or the unit itself).
    pub fn provision_of(&self, index: usize) -> Option<usize> {
        self.ancestors(index).find(|&i| self.units[i].kind.is_provision())
    }

    /// The clause that unit `index` belongs to: the outermost paragraph below
    /// its provision, or the provision itself when it has no paragraphs.
    /// Items are fragments of their paragraph's sentence, so they widen to it.
    pub fn clause_of(&self, index: usize) -> usize {
        let mut clause = index;
        for i in self.ancestors(index) {
            match self.units[i].kind {
                UnitKind::Paragraph | UnitKind::Item => clause = i,
                UnitKind::Article | UnitKind::Section => {
                    return if self.units[clause].kind == UnitKind::Item { i } else { clause };
                }
                UnitKind::Part | UnitKind::Chapter => return clause,
            }
        }
        clause
    }

    /// `index` and every unit enclosing it, innermost first.
    pub fn ancestors(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(index), move |&i| self.units[i].parent)
    }

    /// The role of the text at `byte`. A text with no articles or sections at
    /// all (a pasted clause) is operative throughout.
    pub fn role_at(&self, byte: usize) -> Role {
        self.role_in(self.innermost(byte))
    }

    /// The role of the text in unit `innermost` (`None`: outside every unit),
    /// for a caller that has worked out the unit already.
    pub fn role_in(&self, innermost: Option<usize>) -> Role {
        match innermost.and_then(|i| self.provision_of(i)) {
            None if !self.units.iter().any(|u| u.kind.is_provision()) => Role::Operative,
            None => Role::Preamble,
            Some(p) if self.units[p].definitions => Role::Definitions,
            Some(_) => Role::Operative,
        }
    }

    /// Whether `byte` lies in a heading line rather than in a unit's text.
    pub fn in_heading(&self, byte: usize) -> bool {
        self.in_heading_of(self.innermost(byte), byte)
    }

    /// The same, where `innermost` is already known to be the deepest unit
    /// holding `byte`.
    pub fn in_heading_of(&self, innermost: Option<usize>, byte: usize) -> bool {
        innermost.is_some_and(|i| self.ancestors(i).any(|a| self.units[a].heading.contains(&byte)))
    }
}

/// Whether a provision titled `title` holds definitions.
fn is_definitions_title(title: Option<&str>) -> bool {
    let Some(title) = title.map(str::as_bytes) else { return false };
    // Compared in place, case aside: no lower-cased copy per provision.
    ["definition", "interpretation", "use of terms", "meaning of"]
        .iter()
        .any(|w| title.windows(w.len()).any(|at| at.eq_ignore_ascii_case(w.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_titles_in_any_case() {
        let cases = [
            (Some("Definitions"), true),
            (Some("INTERPRETATION"), true),
            (Some("Use of Terms"), true),
            (Some("Meaning of \u{201c}computer system\u{201d}"), true),
            (Some("Définitions"), false),
            (Some("Offences against data"), false),
            (Some("Mean"), false),
            (None, false),
        ];
        for (title, expected) in cases {
            assert_eq!(is_definitions_title(title), expected, "{title:?}");
        }
    }
}
