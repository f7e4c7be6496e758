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
use regex_syntax::hir::Hir;

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
