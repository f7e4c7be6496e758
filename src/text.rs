//! Normalised text for matching, with a map back to the original offsets.
//!
//! Text copied from PDFs and web pages differs from itself in ways that mean
//! nothing to a reader: capitals, runs of spaces and line breaks, non-breaking
//! spaces, curly quotes, en and em dashes, ligatures such as "ﬁ", soft
//! hyphens, words hyphenated at a line end, running page headers. Rules are
//! written once against a single clean form ([`Normalized::text`]): lower
//! case, one space between words, straight quotes, `-` for every dash. Folding
//! case here, once, also spares every pattern a case-insensitive search.
//! Only ASCII letters are folded: patterns run in ASCII mode (see
//! [`crate::matcher`]), so other letters can't match a pattern's letters
//! either way, and leaving them as they are keeps every offset one to one.
//!
//! Every match in the clean form maps back to the exact characters of the
//! original, so a highlight covers what the person pasted.

use std::ops::Range;

mod splice;

/// The clean form of a text and the way back to the original.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// Lower-cased, space-folded text that rules match against.
    pub text: String,
    /// `(normalised offset, original offset)` pairs where the distance between
    /// the two changes; between anchors, bytes correspond one to one.
    anchors: Vec<(u32, u32)>,
}

impl Normalized {
    /// Normalises `original`, treating the `noise` ranges (page furniture,
    /// sorted and disjoint) as white space.
    pub fn new(original: &str, noise: &[Range<usize>]) -> Normalized {
        let bytes = original.as_bytes();
        let mut text: Vec<u8> = Vec::with_capacity(original.len());
        let mut anchors: Vec<(u32, u32)> = vec![(0, 0)];
        let mut noise = noise.iter().peekable();
        let mut pending_space: Option<usize> = None;
        // Whether the last character written is a letter, for hyphenated words.
        let mut after_letter = false;
        let mut at = 0;

        while at < bytes.len() {
            while noise.peek().is_some_and(|r| r.end <= at) {
                noise.next();
            }
            let next_noise = noise.peek().map_or(bytes.len(), |r| r.start);
            if next_noise <= at {
                pending_space.get_or_insert(at);
                at += original[at..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            let b = bytes[at];
            if b.is_ascii() && b != b'-' {
                if (b as char).is_whitespace() {
                    pending_space.get_or_insert(at);
                    at += 1;
                    continue;
                }
                // Most of a text is plain ASCII: copy a run at once, lower-cased.
                // Its bytes keep their offsets, so one anchor covers it.
                write_space(&mut text, &mut anchors, pending_space.take());
                push_anchor(&mut anchors, text.len(), at);
                let run = plain_run(bytes, at, next_noise);
                text.extend(bytes[at..run].iter().map(|&b| if b == b'`' { b'\'' } else { b.to_ascii_lowercase() }));
                after_letter = bytes[run - 1].is_ascii_alphabetic();
                at = run;
                continue;
            }
            let c = original[at..].chars().next().expect("at is a character boundary");
            let after = at + c.len_utf8();
            if is_space(c) {
                pending_space.get_or_insert(at);
                at = after;
                continue;
            }
            if is_invisible(c) {
                at = after;
                continue;
            }
            // "inter-\nnational" was one word before the line broke.
            if is_dash(c) && after_letter {
                if let Some(next) = after_line_break(&original[after..]) {
                    if next.starts_with(|n: char| n.is_lowercase()) {
                        at = original.len() - next.len();
                        continue;
                    }
                }
            }
            write_space(&mut text, &mut anchors, pending_space.take());
            push_anchor(&mut anchors, text.len(), at);
            let mut buf = [0; 4];
            let folded = match fold(c) {
                Folded::One(f) => &*f.encode_utf8(&mut buf),
                Folded::Str(s) => s,
            };
            text.extend_from_slice(folded.as_bytes());
            after_letter = folded.ends_with(|p: char| p.is_alphabetic());
            at = after;
        }
        let text = String::from_utf8(text).expect("whole characters, written as UTF-8");
        Normalized { text, anchors }
    }

    /// The original byte offset of the character at normalised offset `at`.
    pub fn to_original(&self, at: usize, original: &str) -> usize {
        self.to_original_after(self.anchor_before(at), at, original)
    }

    /// The last anchor at or before normalised offset `at`.
    fn anchor_before(&self, at: usize) -> usize {
        self.anchors.partition_point(|&(n, _)| n as usize <= at) - 1
    }

    /// [`Normalized::to_original`], where anchor `i` is the last at or before `at`.
    fn to_original_after(&self, i: usize, at: usize, original: &str) -> usize {
        let (n, o) = self.anchors[i];
        let mut orig = (o as usize + (at - n as usize)).min(original.len());
        while !original.is_char_boundary(orig) {
            orig -= 1;
        }
        orig
    }

    /// The normalised offset of original byte offset `at`: where the
    /// character at `at`, or the first one kept after it, landed.
    pub fn to_normalized(&self, at: usize) -> usize {
        let i = self.anchors.partition_point(|&(_, o)| o as usize <= at) - 1;
        let (n, o) = self.anchors[i];
        let limit = self.anchors.get(i + 1).map_or(self.text.len(), |&(n, _)| n as usize);
        let mut norm = (n as usize + (at - o as usize)).min(limit);
        while !self.text.is_char_boundary(norm) {
            norm -= 1;
        }
        norm
    }

    /// The normalised range covering the original range `span`.
    pub fn normalized_range(&self, span: Range<usize>) -> Range<usize> {
        let start = self.to_normalized(span.start);
        start..self.to_normalized(span.end).max(start)
    }

    /// The original byte range of the normalised range `span`, trimmed of
    /// white space at either end.
    pub fn original_range(&self, span: Range<usize>, original: &str) -> Range<usize> {
        if span.is_empty() {
            let at = self.to_original(span.start, original);
            return at..at;
        }
        let mut last = span.end - 1;
        while !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let first = self.anchor_before(span.start);
        let start = self.to_original_after(first, span.start, original);
        // Most spans end before the next anchor: no second search then.
        let next_after_last = self.anchors.get(first + 1).map_or(true, |&(n, _)| n as usize > last);
        let last = self.to_original_after(if next_after_last { first } else { self.anchor_before(last) }, last, original);
        let end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        let slice = &original[start..end.max(start)];
        let trimmed_start = start + (slice.len() - slice.trim_start().len());
        let trimmed_end = start + slice.trim_end().len();
        trimmed_start..trimmed_end.max(trimmed_start)
    }
}

/// The end of the run of plain ASCII that starts at `at` (a letter, digit or
/// sign), before `limit`: bytes that stay as they are but for case. A single
/// space between two such bytes is one too, and so is a dash that can't end
/// a line.
#[cfg(target_arch = "wasm32")]
fn plain_run(bytes: &[u8], at: usize, limit: usize) -> usize {
    let plain = |b: u8| PLAIN[usize::from(b)];
    let mut end = at + 1;
    while end < limit {
        // Nearly every byte is plain: one table lookup settles it.
        end += bytes[end..limit].iter().position(|&b| !plain(b)).unwrap_or(limit - end);
        if end == limit || !joins_run(bytes, end, limit) {
            break;
        }
        end += 1;
    }
    end
}

/// The same natively, reading eight bytes at a time where it can (in the
/// browser this made the download larger).
#[cfg(not(target_arch = "wasm32"))]
fn plain_run(bytes: &[u8], at: usize, limit: usize) -> usize {
    let plain = |b: u8| PLAIN[usize::from(b)];
    let mut end = at + 1;
    while end < limit {
        // Eight bytes at a time while they are letters, digits, signs and
        // single spaces between them (nearly all of a law's text), then
        // straight to the first byte that may end the run.
        while end + 8 <= limit {
            let stops = run_stops(u64::from_le_bytes(bytes[end..end + 8].try_into().expect("eight bytes")));
            if stops != 0 {
                end += (stops.trailing_zeros() / 8) as usize;
                break;
            }
            end += 8;
        }
        if end == limit {
            break;
        }
        if !plain(bytes[end]) && !joins_run(bytes, end, limit) {
            break;
        }
        end += 1;
    }
    end
}

/// Whether the byte at `at`, which is not plain, still belongs to a plain
/// run ending before `limit`: a single space between two plain bytes, or a
/// dash that can't end a line.
fn joins_run(bytes: &[u8], at: usize, limit: usize) -> bool {
    let next = bytes.get(at + 1).copied();
    match bytes[at] {
        b' ' => at + 1 < limit && next.is_some_and(|b| PLAIN[usize::from(b)]),
        b'-' => !matches!(next, Some(b' ' | b'\t' | b'\r' | b'\n')),
        // Other white space, or not ASCII.
        _ => false,
    }
}

#[cfg(not(target_arch = "wasm32"))]
const ONES: u64 = 0x0101_0101_0101_0101;
#[cfg(not(target_arch = "wasm32"))]
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` that equals `byte` (exactly, byte
/// by byte: no carry crosses from one byte to the next).
#[cfg(not(target_arch = "wasm32"))]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * u64::from(byte));
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The top bit of each byte of `word` (in text order from the lowest)
/// that may end a plain run: bytes but ASCII from `!` up and the dash, and
/// spaces not followed within the word by such a byte. Worked out on the
/// whole word at once. The lowest bit set is exact (a byte the run is read
/// up to byte by byte); above it, bits may be set that need not be.
#[cfg(not(target_arch = "wasm32"))]
fn run_stops(word: u64) -> u64 {
    let spaces = bytes_equal(word, b' ');
    let not_ascii = word & HIGH;
    // Below the space: tabs, line ends and other control bytes.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let others = not_ascii | below_space | bytes_equal(word, b'-');
    // A space must be followed, within the word, by a plain byte.
    let space_before_stop = spaces & ((spaces | others) >> 8);
    let space_last = spaces & (0x80 << 56);
    others | space_before_stop | space_last
}

/// The bytes [`plain_run`] keeps whatever follows them: ASCII but for the
/// dash and white space (as `char::is_whitespace` has it: tab to carriage
/// return, and the space).
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = !matches!(b as u8, b'-' | b'\t'..=b'\r' | b' ');
        b += 1;
    }
    table
};

/// Writes the one space that stands for a run of white space at original
/// offset `space_at`, unless nothing has been written yet.
fn write_space(text: &mut Vec<u8>, anchors: &mut Vec<(u32, u32)>, space_at: Option<usize>) {
    if let Some(space_at) = space_at {
        if !text.is_empty() {
            push_anchor(anchors, text.len(), space_at);
            text.push(b' ');
        }
    }
}

fn push_anchor(anchors: &mut Vec<(u32, u32)>, norm: usize, orig: usize) {
    let (n, o) = *anchors.last().expect("starts with (0, 0)");
    if orig as i64 - norm as i64 != o as i64 - n as i64 {
        anchors.push((norm as u32, orig as u32));
    }
}

/// The rest of `s` after optional spaces, one line break and optional spaces;
/// `None` when no line break follows.
fn after_line_break(s: &str) -> Option<&str> {
    let rest = s.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    Some(rest.trim_start_matches([' ', '\t']))
}

/// White space of any kind, including the non-breaking and typographic spaces
/// of PDF and web copies.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2007}'
}

/// Characters that take no space: soft hyphens, zero-width spaces and joiners,
/// byte-order marks.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

enum Folded {
    One(char),
    Str(&'static str),
}

fn fold(c: char) -> Folded {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => Folded::One('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => Folded::One('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => Folded::One('-'),
        '\u{fb00}' => Folded::Str("ff"),
        '\u{fb01}' => Folded::Str("fi"),
        '\u{fb02}' => Folded::Str("fl"),
        '\u{fb03}' => Folded::Str("ffi"),
        '\u{fb04}' => Folded::Str("ffl"),
        '\u{fb05}' | '\u{fb06}' => Folded::Str("st"),
        c => Folded::One(c.to_ascii_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (original, normalised) pairs.
    const CASES: &[(&str, &str)] = &[
        ("Without  Right", "without right"),
        ("a\u{a0}police\tofficer\r\n may", "a police officer may"),
        ("\u{201c}serious crime\u{201d}", "\"serious crime\""),
        ("State\u{2019}s", "state's"),
        ("co\u{2013}operation", "co-operation"),
        ("inter-\nnational law", "international law"),
        ("Part II-\nA", "part ii- a"),
        ("con\u{ad}fidential", "confidential"),
        ("the \u{fb01}le", "the file"),
        ("  leading and trailing  ", "leading and trailing"),
        ("ΣΕΛΊΔΑ Straße", "ΣΕΛΊΔΑ straße"),
        ("Use `Code` here", "use 'code' here"),
        ("well-known and -\nnot", "well-known and not"),
        ("café-\nbar, A -B", "cafébar, a -b"),
        // Form feeds and vertical tabs from PDF copies are white space too.
        ("Page\x0cData\x0bRetention", "page data retention"),
        // Long runs are read eight bytes at a time: what stops a run in the
        // middle of such a stretch stops it there too.
        (
            "Retain ALL  the TRAFFIC data\tof `Users` for a long-\nterm period - or so",
            "retain all the traffic data of 'users' for a longterm period - or so",
        ),
        // A run is read up to the first byte that may end it: a space
        // before a dash or a letter with an accent ends it there.
        ("Data retention -and storage \u{e9} -x and  Ab-\ncd", "data retention -and storage \u{e9} -x and abcd"),
    ];

    #[test]
    fn normalises_copy_artefacts() {
        for (original, expected) in CASES {
            assert_eq!(Normalized::new(original, &[]).text, *expected, "{original:?}");
        }
    }

    #[test]
    fn matches_map_back_to_original_characters() {
        for (original, _) in CASES {
            let n = Normalized::new(original, &[]);
            for (i, _) in n.text.char_indices() {
                for (j, c) in n.text[i..].char_indices() {
                    let end = i + j + c.len_utf8();
                    let r = n.original_range(i..end, original);
                    assert!(original.is_char_boundary(r.start) && original.is_char_boundary(r.end));
                    assert!(r.start <= r.end && r.end <= original.len());
                }
            }
        }
        let original = "A  \u{201c}Police Officer\u{201d} may";
        let n = Normalized::new(original, &[]);
        let at = n.text.find("police officer").unwrap();
        let r = n.original_range(at..at + "police officer".len(), original);
        assert_eq!(&original[r], "Police Officer");
    }

    #[test]
    fn words_map_back_and_forth_across_a_long_text() {
        // Tens of KiB of copy artefacts, CRLF line ends among them: every
        // word of the clean text maps to original characters that clean to
        // that word, and back to the word's own place.
        let mut original = String::new();
        for (i, (case, _)) in CASES.iter().cycle().take(1200).enumerate() {
            original.push_str(case);
            original.push_str(if i % 3 == 0 { "\r\n" } else { "   \n" });
        }
        let n = Normalized::new(&original, &[]);
        assert!(n.text.len() > 16_000);
        let mut at = 0;
        for word in n.text.split(' ') {
            let span = at..at + word.len();
            at = span.end + 1;
            let back = n.original_range(span.clone(), &original);
            assert_eq!(Normalized::new(&original[back.clone()], &[]).text, word, "{span:?}");
            assert_eq!(n.normalized_range(back), span, "{word:?}");
        }
    }

    #[test]
    fn noise_is_space() {
        let original = "shall not\nPage 3 of 9\ndisclose";
        let start = original.find("Page").unwrap();
        let noise = start..start + "Page 3 of 9".len();
        let n = Normalized::new(original, std::slice::from_ref(&noise));
        assert_eq!(n.text, "shall not disclose");
    }
}
