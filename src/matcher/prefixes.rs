//! The prefixes of a pattern: short strings, one of which starts every
//! match. The matcher's prefilter looks for them all in one pass and runs a
//! pattern only where one of its prefixes is found.
//!
//! This file is shared: `build.rs` includes it to work out the prefixes of
//! the built-in packs ahead of time and writes them to a table, so that
//! `new Checker()` parses no pattern at all; the matcher uses it for packs
//! loaded at run time. One function for both, so a pattern gets the same
//! prefixes either way.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Prefixes are cut to this many bytes. The prefilter only needs the start
/// of a match (the pattern itself is run at each place found), and short
/// prefixes are few: the built-in packs have 1,600 distinct ones instead of
/// 8,900 whole literals (285 KB), so the automaton builds in under a
/// millisecond and the table costs 24 KB (7 KB compressed). Shorter ones
/// find more places that are no match, each a run of the pattern and a
/// place to remember: with 6 bytes, checking 10 MB took a sixth more memory,
/// with 4 a 1 MB check was a fifth slower (BENCHMARKS.md).
pub const LONGEST: usize = 8;

/// Prefixes shorter than this are too common to be worth filtering on.
pub const SHORTEST: usize = 2;

/// A pattern's prefixes; `None` when some match may start with none
/// of them, so the pattern must be searched for everywhere.
pub type Prefixes = Option<Vec<Vec<u8>>>;

/// Parses a pattern as every pattern is read: ASCII classes over bytes.
/// The error is the parser's message.
pub fn parse(source: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(source).map_err(|e| e.to_string())
}

/// The prefixes of a parsed pattern.
pub fn of(pattern: &Hir) -> Prefixes {
    let found = Extractor::new().kind(ExtractKind::Prefix).limit_literal_len(LONGEST).extract(pattern);
    let literals = found.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.len() < SHORTEST) {
        return None;
    }
    // Where "may k" is found, "may " is too: a prefix that starts with
    // another (or repeats one) adds nothing.
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for literal in literals.iter().map(|l| l.as_bytes()) {
        if !kept.iter().any(|shorter| literal.starts_with(shorter)) {
            kept.retain(|longer| !longer.starts_with(literal));
            kept.push(literal.to_vec());
        }
    }
    Some(kept)
}

/// Literals one of which stands inside every match, within a known
/// distance of its start: "intent t" in `devices?[^.;]{0,200}\bintent to`.
/// A place where the pattern may start but none of them follows close
/// enough holds no match, so the pattern need not run there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inside {
    pub literals: Vec<Vec<u8>>,
    /// The fewest bytes of a match before one of the literals.
    pub min: u16,
    /// The most bytes of a match before one of the literals; `None` if
    /// the part before them has no bound (the matcher bounds every match).
    pub max: Option<u16>,
    /// Which of [`STOPS`] the part before the literals never holds (a bit
    /// each): `[^.;]{0,80}` never reads past the end of a sentence.
    pub stops: u8,
}

/// Punctuation that patterns' gaps often stop at.
pub const STOPS: [u8; 3] = [b'.', b';', b','];

/// All the [`STOPS`]: what nothing (an empty part) holds.
const ALL_STOPS: u8 = (1 << STOPS.len()) - 1;

/// The bits of the [`STOPS`] that `hir` never matches.
fn stops(hir: &Hir) -> u8 {
    (0..STOPS.len()).filter(|&bit| !matches_byte(hir, STOPS[bit])).fold(0, |bits, bit| bits | 1 << bit)
}

/// Whether any match of `hir` may hold `byte`.
fn matches_byte(hir: &Hir, byte: u8) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(literal) => literal.0.contains(&byte),
        HirKind::Class(Class::Bytes(class)) => class.ranges().iter().any(|r| (r.start()..=r.end()).contains(&byte)),
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().any(|r| (r.start()..=r.end()).contains(&char::from(byte))),
        HirKind::Repetition(rep) => matches_byte(&rep.sub, byte),
        HirKind::Capture(capture) => matches_byte(&capture.sub, byte),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(|sub| matches_byte(sub, byte)),
    }
}

/// How far into a match the matcher looks (it bounds every match).
const WITHIN: usize = 2048;

/// At most this many [`Inside`] sets are kept per pattern, but see
/// [`second_set`]. Every one must be found, but each costs its literals'
/// places in every check: a second set for every pattern made a 1 MB
/// check 3% slower, a third 6%.
const MOST_INSIDE: usize = 1;

/// A set within this many bytes of a pattern's start is in its opening
/// phrase (`(?:the |a )?police officer`).
const NEAR: usize = 24;

/// Prefixes this common ([`frequency`]) are common words (`the `, `a `).
const COMMON_STARTS: f64 = 0.5;

/// Literals this rare ([`frequency`]) are no common word.
const RARE: f64 = 0.005;

/// Whether a pattern whose rarest set is `first` keeps `second` too, when
/// that stands past the opening phrase. Either `first` is in it and
/// its prefixes are common words: that set is most often there when a
/// prefix is, so it spares few runs, and a run that fails reads to the
/// sentence's end (`(?:the |a )?police officer ... may ... order`). Or the
/// second set's literals are rare, so noting them costs the scan little.
/// Measured on 1 MB: 15,250 anchored runs to 12,050 and 127.8 to 126.1 M
/// instructions (the runs 18.9 to 15.6 M, the scan 54.4 to 56.0 M); a
/// second set for every pattern whose first is in its opening (108
/// patterns) cost 2.5 M more, a third rare set 0.7 M more, and leaving
/// out a second set whose literals are the first's (` refused` after
/// `refused`, which may stand at another distance) 0.4 M more.
fn second_set(first: &Inside, second: &Inside, common_starts: bool) -> bool {
    let near = |set: &Inside| set.max.is_some_and(|max| usize::from(max) <= NEAR);
    !near(second) && ((near(first) && common_starts) || frequency(&second.literals) < RARE)
}

/// The literal sets that stand inside every match of `pattern`, rarest
/// first and rarer than its prefixes; empty when none is.
pub fn inside(pattern: &Hir) -> Vec<Inside> {
    // A pattern that is one literal is settled by its prefix.
    let mut whole = pattern;
    while let HirKind::Capture(capture) = whole.kind() {
        whole = &capture.sub;
    }
    if matches!(whole.kind(), HirKind::Literal(_)) {
        return Vec::new();
    }
    let Some(mut prefixes) = of(pattern) else { return Vec::new() };
    prefixes.sort();
    let mut found: Vec<(f64, Inside)> = candidates(pattern, true)
        .into_iter()
        .filter_map(|(frequency, mut set)| {
            set.literals.sort();
            // The chance that a place holds one of the literals near enough;
            // a sentence is about 200 bytes.
            let mut width = set.max.map_or(WITHIN, usize::from) - usize::from(set.min).min(WITHIN);
            if set.stops & 1 != 0 {
                width = width.min(200);
            }
            let chance = frequency * (width as f64 / 6.0 + 1.0);
            // A literal found everywhere costs more to note than it spares;
            // one expected a few times in a window still rules out most
            // places (measured: a bar of 3 did better than 1, 0.5 or 0.2).
            (frequency < 0.1 && chance < 3.0 && set.literals != prefixes).then_some((chance, set))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    let common_starts = frequency(&prefixes) >= COMMON_STARTS;
    let mut kept: Vec<Inside> = Vec::new();
    for (_, set) in found {
        let room = match kept.first() {
            Some(first) if second_set(first, &set, common_starts) => MOST_INSIDE + 1,
            _ => MOST_INSIDE,
        };
        if kept.len() < room && !kept.iter().any(|k| k.literals == set.literals) {
            kept.push(set);
        }
    }
    kept
}

/// Literal sets that every match of `hir` holds, each with how often it may
/// be expected ([`frequency`]). In a sequence of parts, the prefixes of
/// the rest from any part on, and what each part holds; in alternatives,
/// the rarest set of each, together. At the start of the pattern, the
/// alternatives' own prefixes are the pattern's: no help.
fn candidates(hir: &Hir, at_start: bool) -> Vec<(f64, Inside)> {
    match hir.kind() {
        HirKind::Capture(capture) => candidates(&capture.sub, at_start),
        HirKind::Concat(parts) => {
            let mut found = Vec::new();
            for i in 0..parts.len() {
                let before = Hir::concat(parts[..i].to_vec());
                let Some(min) = before.properties().minimum_len().and_then(|n| u16::try_from(n).ok()) else { break };
                let max = before.properties().maximum_len().and_then(|n| u16::try_from(n).ok());
                let before_stops = stops(&before);
                let shift = |set: Inside| Inside {
                    literals: set.literals,
                    min: set.min.saturating_add(min),
                    max: max.zip(set.max).and_then(|(a, b)| a.checked_add(b)),
                    stops: set.stops & before_stops,
                };
                if i > 0 {
                    if let Some(literals) = of(&Hir::concat(parts[i..].to_vec())) {
                        found.push((frequency(&literals), Inside { literals, min, max, stops: before_stops }));
                    }
                }
                // Still at the start after parts that match nothing (`\b`).
                let at_start = at_start && max == Some(0);
                found.extend(candidates(&parts[i], at_start).into_iter().map(|(score, set)| (score, shift(set))));
            }
            found
        }
        HirKind::Alternation(branches) => {
            let mut union = Inside { literals: Vec::new(), min: u16::MAX, max: Some(0), stops: ALL_STOPS };
            let mut total = 0.0;
            for branch in branches {
                let own = of(branch)
                    .filter(|_| !at_start)
                    .map(|literals| (frequency(&literals), Inside { literals, min: 0, max: Some(0), stops: ALL_STOPS }));
                let Some((score, set)) = candidates(branch, at_start).into_iter().chain(own).min_by(|a, b| a.0.total_cmp(&b.0)) else {
                    return Vec::new();
                };
                total += score;
                union.min = union.min.min(set.min);
                union.max = union.max.zip(set.max).map(|(a, b)| a.max(b));
                union.stops &= set.stops;
                union.literals.extend(set.literals);
            }
            union.literals.sort();
            union.literals.dedup();
            if union.literals.len() > usize::from(u8::MAX) {
                return Vec::new();
            }
            vec![(total, union)]
        }
        // A literal longer than a prefix ("render intelligible"): each of
        // its later words, at a fixed distance. (Its start is the
        // prefixes' business.)
        HirKind::Literal(literal) => {
            let bytes = &literal.0;
            (1..bytes.len())
                .filter(|&i| bytes[i - 1] == b' ' && bytes.len() - i >= SHORTEST)
                .map(|i| {
                    let literals = vec![bytes[i..bytes.len().min(i + LONGEST)].to_vec()];
                    let before = Hir::literal(&bytes[..i]);
                    let at = u16::try_from(i).unwrap_or(u16::MAX);
                    (frequency(&literals), Inside { literals, min: at, max: Some(at), stops: stops(&before) })
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// How often one of `literals` may be expected in a law, as a share of
/// its words: a literal that starts like a common word is as common as
/// that word, any other is rare. A rough guide, enough to tell "shall be"
/// from "refused".
fn frequency(literals: &[Vec<u8>]) -> f64 {
    literals.iter().map(|literal| word_frequency(literal)).sum()
}

/// Common words of legal English, most common first.
const COMMON: &[&str] = &[
    "the", "of", "and", "to", "or", "in", "any", "be", "shall", "by", "for", "person", "may", "that", "is", "this",
    "with", "as", "on", "an", "which", "such", "other", "under", "data", "law", "party", "parties", "offence",
    "information", "computer", "not", "who", "section", "article", "its", "authority", "authorities", "service",
    "system", "provider", "state", "it", "from", "are", "has", "have", "court", "order", "at", "no", "competent",
    "purpose", "provided", "act", "measures", "including", "access", "request", "relevant", "where", "public",
    "national", "domestic", "if", "all", "been", "their", "he", "his", "her", "officer", "communication",
    "evidence", "criminal", "provision", "accordance", "respect", "subject", "means", "power", "paragraph",
    "within", "without", "made", "use", "electronic", "traffic", "content", "police", "minister", "commit",
    "committed", "crime", "convention", "necessary", "than", "there", "upon", "into", "one", "more", "does",
    "must", "would", "will", "should", "can", "out", "only", "also", "each", "either", "between", "following",
    "concerned", "relation", "accordance", "procedure", "purposes", "legislative", "establish", "cooperation",
];

/// [`frequency`] of one literal.
fn word_frequency(literal: &[u8]) -> f64 {
    let start = literal.iter().position(u8::is_ascii_alphabetic).unwrap_or(literal.len());
    let literal = &literal[start..];
    let word_len = literal.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(literal.len());
    let (word, whole) = (&literal[..word_len], word_len < literal.len());
    // A word cut short ("informat") is any word it begins. The prefilter
    // finds a literal that starts with a letter inside words too: "all"
    // in every "shall", "ation" in "information".
    let inside_words = start == 0;
    let common = COMMON.iter().map(|c| c.as_bytes()).position(|c| match (inside_words, whole) {
        (false, true) => c == word,
        (false, false) => c.starts_with(word),
        (true, true) => c.ends_with(word),
        (true, false) => c.windows(word.len()).any(|part| part == word),
    });
    match common {
        // Whole short words, and literals with little of a word ("of t").
        _ if word_len < 3 || (whole && word_len < 4 && literal.len() < 6) => 0.2,
        Some(rank) => 1.0 / (rank as f64 + 5.0),
        None => 0.0002,
    }
}

/// Writes the table of `entries`, one for each distinct pattern of the
/// packs in the order of their sources (so the table needs no keys): their
/// number (two bytes), each pattern's number of prefixes (0 for `None`),
/// the length of every prefix, then their bytes. Numbers and lengths fit a
/// byte (the extractor keeps at most 250 literals, of at most [`LONGEST`]
/// bytes), and separate runs compress better than interleaved ones.
pub fn write_table(entries: &[Prefixes]) -> Vec<u8> {
    let all = || entries.iter().flat_map(|entry| entry.as_deref().unwrap_or_default());
    let mut table = u16::try_from(entries.len()).expect("fewer than 65,536 patterns").to_le_bytes().to_vec();
    table.extend(entries.iter().map(|entry| u8::try_from(entry.as_ref().map_or(0, Vec::len)).expect("at most 250")));
    table.extend(all().map(|prefix| u8::try_from(prefix.len()).expect("prefixes are short")));
    table.extend(all().flatten());
    table
}

/// Reads a table [`write_table`] wrote; `None` if it is cut short or too long.
pub fn read_table(table: &[u8]) -> Option<Vec<Prefixes>> {
    let (&[low, high], table) = table.split_first_chunk()?;
    let (counts, table) = table.split_at_checked(u16::from_le_bytes([low, high]).into())?;
    let total = counts.iter().map(|&count| usize::from(count)).sum();
    let (lengths, mut bytes) = table.split_at_checked(total)?;
    let mut lengths = lengths.iter();
    let mut entries = Vec::with_capacity(counts.len());
    for &count in counts {
        let mut prefixes = Vec::with_capacity(count.into());
        for &len in lengths.by_ref().take(count.into()) {
            let (prefix, rest) = bytes.split_at_checked(len.into())?;
            prefixes.push(prefix.to_vec());
            bytes = rest;
        }
        entries.push((count > 0).then_some(prefixes));
    }
    bytes.is_empty().then_some(entries)
}

/// Writes the table of each distinct pattern's [`Inside`] sets, as
/// [`write_table`] does for prefixes: their number (two bytes), each
/// pattern's number of sets, then for each set its number of literals, its
/// `min` and `max` (two bytes each, `u16::MAX` for no bound) and `stops`,
/// then the length of every literal, then their bytes.
pub fn write_inside_table(entries: &[Vec<Inside>]) -> Vec<u8> {
    let sets = || entries.iter().flatten();
    let mut table = u16::try_from(entries.len()).expect("fewer than 65,536 patterns").to_le_bytes().to_vec();
    table.extend(entries.iter().map(|sets| u8::try_from(sets.len()).expect("a few sets")));
    for set in sets() {
        table.push(u8::try_from(set.literals.len()).expect("at most 255 literals"));
        table.extend(set.min.to_le_bytes());
        table.extend(set.max.unwrap_or(u16::MAX).to_le_bytes());
        table.push(set.stops);
    }
    table.extend(sets().flat_map(|set| &set.literals).map(|literal| u8::try_from(literal.len()).expect("literals are short")));
    table.extend(sets().flat_map(|set| set.literals.iter().flatten()));
    table
}

/// Reads a table [`write_inside_table`] wrote; `None` if it is cut short or too long.
pub fn read_inside_table(table: &[u8]) -> Option<Vec<Vec<Inside>>> {
    let (&[low, high], table) = table.split_first_chunk()?;
    let (counts, mut table) = table.split_at_checked(u16::from_le_bytes([low, high]).into())?;
    let mut entries = Vec::with_capacity(counts.len());
    for &count in counts {
        let mut sets = Vec::with_capacity(count.into());
        for _ in 0..count {
            let (&[literals, min_low, min_high, max_low, max_high, stops], rest) = table.split_first_chunk()?;
            let max = u16::from_le_bytes([max_low, max_high]);
            sets.push(Inside {
                literals: vec![Vec::new(); literals.into()],
                min: u16::from_le_bytes([min_low, min_high]),
                max: (max != u16::MAX).then_some(max),
                stops,
            });
            table = rest;
        }
        entries.push(sets);
    }
    let total = entries.iter().flatten().map(|set| set.literals.len()).sum();
    let (lengths, mut bytes) = table.split_at_checked(total)?;
    let mut lengths = lengths.iter();
    for literal in entries.iter_mut().flatten().flat_map(|set| &mut set.literals) {
        let (read, rest) = bytes.split_at_checked((*lengths.next()?).into())?;
        *literal = read.to_vec();
        bytes = rest;
    }
    bytes.is_empty().then_some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (pattern, its prefixes, cut to `LONGEST` = 8 bytes; empty for `None`).
    const CASES: &[(&str, &[&str])] = &[
        ("keep confidential", &["keep con"]),
        ("(a )?judge", &["a judge", "judge"]),
        (r"\b(shall|may) (keep|maintain)", &["shall ke", "shall ma", "may keep", "may main"]),
        ("(?:may|may not) order", &["may orde", "may not "]),
        ("offence|of", &["of"]),
        (r"\w+ may order", &[]),
        ("x*", &[]),
        ("(a|bc)d", &["ad", "bcd"]),
        ("a|bcd", &[]),
    ];

    #[test]
    fn every_match_starts_with_a_short_prefix() {
        for (pattern, expected) in CASES {
            let found = of(&parse(pattern).unwrap());
            let expected = (!expected.is_empty()).then(|| expected.iter().map(|p| p.as_bytes().to_vec()).collect());
            assert_eq!(found, expected, "{pattern}");
        }
    }

    /// An inside set: literals, min, max, whether a full stop ends the window.
    type Set = (&'static [&'static str], u16, Option<u16>, bool);

    /// (pattern, its inside sets).
    const INSIDE: &[(&str, &[Set])] = &[
        // Rare words: the narrower window first, and the other set too.
        (
            r"(?:shall|must) be (?:refused|denied)[^.]{0,300}(?:torture|persecut)",
            &[(&["denied", "refused"], 8, Some(9), true), (&["persecut", "torture"], 14, Some(316), true)],
        ),
        // After the gap, only as far as the sentence goes.
        (r"(?:shall|must) be[^.]{0,300}(?:torture|persecut)", &[(&["persecut", "torture"], 7, Some(308), true)]),
        // A gap with no bound: as far as the matcher looks.
        (r"devices?\w*[^.;]{0,200}\bintent to", &[(&["intent t"], 6, None, true)]),
        // Alternatives: the rarest set of each, together.
        (r"any person[^.]{0,40}(?:intercepts|decrypts)|whoever[^.]{0,20}keeps secret", &[(&["decrypts", "intercep", "keeps se"], 7, Some(50), true)]),
        // Still at the start after `\b`: the alternatives' own prefixes are
        // the pattern's, no help; "refused" is.
        (r"\b(?:journalis\w*|security research)\b[^.]{0,40} refused", &[(&[" refused"], 9, None, true), (&["refused"], 10, None, true)]),
        // A long literal's later words; in alternatives, a branch that is
        // one literal has a set too.
        (r"(?:shall|must) be put into intelligible form", &[(&["put into"], 8, Some(9), true)]),
        (r"(?:put|convert)\w*[^.;]{0,40} into intelligible form|render intelligible", &[(&["intellig"], 7, None, true)]),
        // A literal found inside common words is as common as they are:
        // "all" ends every "shall", "ation" is in "information".
        (r"\b(?:retain|keep)\w* (?:all|every) (?:traffic|subscriber) data", &[(&[" subscri", " traffic"], 8, None, true)]),
        (
            r"\baccess\w*[^.]{0,120}\bwithout (?:right|authori[sz]ation)",
            &[(&["authoris", "authoriz", "right"], 14, None, true), (&["right", "sation", "zation"], 14, None, true)],
        ),
        // Common words inside are no help.
        (r"(?:publish|transmit)\w* (?:to|of) the", &[]),
        // Opened by common words, with the rarest set in the opening
        // phrase: a second set past it, after the gap.
        (
            r"(?:the |a )?(?:magistrate|inspector)[^.]{0,100}\bmay (?:intercept|access)",
            &[(&["inspecto", "magistra"], 0, Some(4), true), (&["access", "intercep"], 13, Some(118), true)],
        ),
        // Not opened by common words: one set; two where the second's
        // literals are rare words too.
        (r"(?:chief|deputy) (?:magistrate|inspector)[^.]{0,100}\bmay (?:intercept|access)", &[(&[" inspect", " magistr"], 5, Some(6), true)]),
        (
            r"(?:magistrate|inspector)[^.]{0,100}\bmay (?:intercept|seize)[^.]{0,100}\bwarrant",
            &[(&["warrant"], 18, Some(223), true), (&["intercep", "seize"], 13, Some(114), true)],
        ),
        // A prefix alone.
        ("keep confidential", &[]),
    ];

    #[test]
    fn finds_rare_literals_inside_every_match() {
        for (pattern, expected) in INSIDE {
            let found: Vec<_> = inside(&parse(pattern).unwrap())
                .into_iter()
                .map(|set| {
                    let literals: Vec<String> = set.literals.iter().map(|l| String::from_utf8(l.clone()).unwrap()).collect();
                    (literals, set.min, set.max, set.stops & 1 != 0)
                })
                .collect();
            let expected: Vec<_> = expected
                .iter()
                .map(|(literals, min, max, stop)| (literals.iter().map(|l| l.to_string()).collect::<Vec<_>>(), *min, *max, *stop))
                .collect();
            assert_eq!(found, expected, "{pattern}");
        }
    }

    #[test]
    fn an_inside_table_reads_back_as_written() {
        let set = |literals: &[&[u8]], max| Inside { literals: literals.iter().map(|l| l.to_vec()).collect(), min: 3, max, stops: 5 };
        let entries = vec![vec![set(&[b"ab", b"xyz"], Some(7)), set(&[b"q"], None)], vec![], vec![set(&[b"\xff"], Some(0))]];
        let table = write_inside_table(&entries);
        assert_eq!(read_inside_table(&table), Some(entries));
        assert_eq!(read_inside_table(&table[..table.len() - 1]), None, "cut short");
        assert_eq!(read_inside_table(&[]), None);
    }

    #[test]
    fn a_table_reads_back_as_written() {
        let entries = vec![Some(vec![b"ab".to_vec(), vec![0, 255, 10]]), None, Some(vec![b"\x01".to_vec()]), None];
        let table = write_table(&entries);
        assert_eq!(read_table(&table), Some(entries));
        assert_eq!(read_table(&table[..table.len() - 1]), None, "cut short");
        assert_eq!(read_table(&[table.as_slice(), b"x"].concat()), None, "too long");
        assert_eq!(read_table(&[]), None);
    }
}
