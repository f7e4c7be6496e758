//! Paragraph and item markers: "1.", "(1)", "(a)", "a)", "(aa)", "(i)".
//!
//! A marker opens a unit only where a drafter would put one: at the start of
//! a line, or inside a line after punctuation ("unlawfully— (a)", "; or (b)",
//! ". (2)") and only when it fits the numbering already open (the first item
//! of a new list, or the next item of an open one). That keeps cross-references
//! such as "subsection (1)", "paragraph (a)" or "section 5(1)" out.
//!
//! "(i)" is the ninth letter after "(h)" and the first roman numeral
//! elsewhere; when both fit, the next marker in the text decides: "(j)" or
//! "(ii)".

use super::UnitKind;
use std::collections::BTreeMap;
use std::ops::Range;

/// How a list is numbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// "1." at a line start.
    Dot,
    /// "(1)", "1)", "(5A)".
    Number,
    /// "(a)", "a)".
    Letter,
    /// "(i)", "(iv)".
    Roman,
    /// "(aa)", "(bb)".
    Double,
}

impl Style {
    /// Usual depth in drafting: numbers above letters above romans.
    fn rank(self) -> u8 {
        match self {
            Style::Dot => 0,
            Style::Number => 1,
            Style::Letter => 2,
            Style::Roman => 3,
            Style::Double => 4,
        }
    }

    pub(super) fn kind(self) -> UnitKind {
        match self {
            Style::Dot | Style::Number => UnitKind::Paragraph,
            _ => UnitKind::Item,
        }
    }
}

/// A position in a list: `n`, plus a letter suffix for "5A" (`sub` 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Ordinal {
    n: u32,
    sub: u8,
}

impl Ordinal {
    const FIRST: Ordinal = Ordinal { n: 1, sub: 0 };

    fn follows(self, prev: Ordinal) -> bool {
        self == Ordinal {
            n: prev.n + 1,
            sub: 0,
        } || self
            == Ordinal {
                n: prev.n,
                sub: prev.sub + 1,
            }
    }

    fn next(self) -> Ordinal {
        Ordinal {
            n: self.n + 1,
            sub: 0,
        }
    }
}

/// A marker found in a line. Offsets are relative to the line. Most
/// markers found open no unit, so a token holds no memory of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub start: usize,
    pub end: usize,
    /// As printed, without brackets: "5A", "c", "iv".
    pub number: &'a str,
    /// Written with an opening bracket.
    paren: bool,
    /// What the marker can mean, most likely first: "(i)" is a letter or a
    /// roman numeral, "(ii)" a roman numeral or a double letter.
    readings: Readings,
}

/// A marker's readings: at most three (a letter, a roman numeral, a double letter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Readings {
    list: [(Style, Ordinal); 3],
    len: usize,
}

impl Readings {
    const NONE: Readings = Readings { list: [(Style::Dot, Ordinal::FIRST); 3], len: 0 };

    fn one(reading: (Style, Ordinal)) -> Readings {
        let mut readings = Readings::NONE;
        readings.push(reading);
        readings
    }

    fn push(&mut self, reading: (Style, Ordinal)) {
        self.list[self.len] = reading;
        self.len += 1;
    }

    fn all(&self) -> &[(Style, Ordinal)] {
        &self.list[..self.len]
    }
}

/// Where a marker stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Context {
    LineStart,
    /// After ":" or a dash, which open a list: "includes— (a)" may start
    /// a new list even where an earlier one used the same numbering.
    Opening,
    /// After ".", ";", "]", a closing quote, or "; or" / ", and".
    Punctuation,
    /// After a bare comma ("Whoever, (a) publishes"): only a new list.
    Comma,
}

/// An open list level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Level {
    pub style: Style,
    pub ord: Ordinal,
}

/// Where a marker goes: keep the first `keep` open levels and open a new
/// one below them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Placement {
    pub keep: usize,
    pub level: Level,
}

/// The marker a trimmed line starts with, if any. An amendment prefix such
/// as "[F1" before "(5A)" is skipped.
pub(super) fn at_line_start(line: &str) -> Option<Token<'_>> {
    let at = amendment_prefix(line);
    let s = &line[at..];
    let b = s.as_bytes();
    if b.first() == Some(&b'(') {
        let tok = paren_token(s, 0)?;
        return followed_by_space(s, tok.end).then(|| shift(tok, at));
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) && b.get(digits) == Some(&b'.') && followed_by_space(s, digits + 1)
    {
        let n = s[..digits].parse().ok()?;
        let ord = Ordinal { n, sub: 0 };
        return Some(shift(
            Token {
                start: 0,
                end: digits + 1,
                number: &s[..digits],
                paren: false,
                readings: Readings::one((Style::Dot, ord)),
            },
            at,
        ));
    }
    // "a)", "iv)", "1)": also "a)Each", as copied from some PDFs.
    let close = s.find(')').filter(|&c| (1..=4).contains(&c))?;
    let readings = readings(&s[..close])?;
    Some(shift(
        Token {
            start: 0,
            end: close + 1,
            number: &s[..close],
            paren: false,
            readings,
        },
        at,
    ))
}

/// Markers inside `line` from byte `from` on, with the punctuation before them.
pub(super) fn inline(line: &str, from: usize) -> impl Iterator<Item = (Token<'_>, Context)> + '_ {
    super::places_of(&line[from..], b'(').filter_map(move |i| {
        let at = from + i;
        // Most brackets are references ("section 5(1)", "paragraph (a) of"):
        // what stands around them rules them out before a token is made.
        if !followed_by_space(line, closing(line, at)? + 1) {
            return None;
        }
        let context = context_before(&line[..at])?;
        Some((paren_token(line, at)?, context))
    })
}

/// Decides whether `tok` opens a unit given the open `levels` (outermost
/// first), and where. `prefer_next(a, b)` says whether the text shows the
/// marker `a` before `b`, to settle "(i)".
pub(super) fn place(
    levels: &[Level],
    tok: &Token,
    context: Context,
    mut prefer_next: impl FnMut(&str, &str) -> bool,
) -> Option<Placement> {
    let open = |style: Style| levels.iter().rposition(|l| l.style == style);
    let sibling = levels.iter().enumerate().rev().find_map(|(k, l)| {
        tok.readings
            .all()
            .iter()
            .find(|(s, o)| *s == l.style && o.follows(l.ord))
            .map(|&(style, ord)| (k, Level { style, ord }))
    });
    let first = tok
        .readings
        .all()
        .iter()
        .find(|(s, o)| *o == Ordinal::FIRST && open(*s).is_none())
        .map(|&(style, ord)| Level { style, ord });
    let child = |level| Placement {
        keep: levels.len(),
        level,
    };

    if context == Context::Comma {
        return first.map(child);
    }
    match (sibling, first) {
        (Some((k, next)), Some(new)) => {
            let a = tok.render(next.style, next.ord.next());
            let b = tok.render(new.style, Ordinal { n: 2, sub: 0 });
            return Some(if prefer_next(&a, &b) {
                Placement {
                    keep: k,
                    level: next,
                }
            } else {
                child(new)
            });
        }
        (Some((k, level)), None) => return Some(Placement { keep: k, level }),
        (None, Some(new)) => return Some(child(new)),
        (None, None) if context == Context::Punctuation => return None,
        (None, None) => {}
    }
    if context == Context::Opening {
        // A new list after "includes—" where the last list used letters too.
        let &(style, ord) = tok.readings.all().iter().find(|(_, o)| *o == Ordinal::FIRST)?;
        return open(style).map(|k| Placement {
            keep: k,
            level: Level { style, ord },
        });
    }
    // At a line start the numbering may skip, start mid-list (an excerpt
    // beginning at "(e)") or repeat; the marker still opens a unit.
    for &(style, ord) in tok.readings.all() {
        if let Some(k) = open(style) {
            return Some(Placement {
                keep: k,
                level: Level { style, ord },
            });
        }
    }
    let &(style, ord) = tok.readings.all().first()?;
    if ord.n > 100 {
        return None;
    }
    let keep = levels
        .iter()
        .position(|l| l.style.rank() >= style.rank())
        .unwrap_or(levels.len());
    Some(Placement {
        keep,
        level: Level { style, ord },
    })
}

impl Token<'_> {
    /// How the marker numbered `ord` in `style` would be printed in the same
    /// bracket style as this one: "(j)", "ii)".
    fn render(&self, style: Style, ord: Ordinal) -> String {
        let inner = match style {
            Style::Dot | Style::Number => ord.n.to_string(),
            Style::Letter => letter(ord.n).to_string(),
            Style::Double => letter(ord.n).to_string().repeat(2),
            Style::Roman => roman(ord.n),
        };
        if self.paren {
            format!("({inner})")
        } else {
            format!("{inner})")
        }
    }
}

/// The marker strings a marker looks ahead for: only "(i)" after "(h)"
/// reads two ways (the ninth letter, or the first roman numeral), settled
/// by whether "(j)" or "(ii)" comes first ("j)" or "ii)" for "i)").
const LOOKED_FOR: [&str; 4] = ["(j)", "(ii)", "j)", "ii)"];

/// Whether a marker string markers look ahead for runs into bytes `at` of
/// `text`: where none does, markers before `text` find in it what they
/// found before those bytes changed.
pub(super) fn looked_for_in(text: &str, at: Range<usize>) -> bool {
    // Each ends at a closing bracket, at most three bytes after `at`.
    let b = text.as_bytes();
    (at.start..(at.end + 3).min(b.len())).any(|end| b[end] == b')' && LOOKED_FOR.iter().any(|s| b[..=end].ends_with(s.as_bytes())))
}

/// Finds the next occurrence of a marker string after a position, each
/// string searched at most once over the text (positions only move forward).
#[derive(Default)]
pub(super) struct Lookahead {
    found: BTreeMap<String, (usize, Option<usize>)>,
}

impl Lookahead {
    /// Whether `a` occurs before `b` in `text` after `from`, or else in
    /// `rest`, the text after it (true if neither does: the open list goes
    /// on). `rest` begins with white space: no marker string runs across.
    pub(super) fn first_of(&mut self, text: &str, rest: &str, from: usize, a: &str, b: &str) -> bool {
        debug_assert!([a, b].iter().all(|s| LOOKED_FOR.contains(s)), "{a} or {b} is not in LOOKED_FOR");
        match (self.next(text, rest, from, a), self.next(text, rest, from, b)) {
            (Some(x), Some(y)) => x < y,
            (_, y) => y.is_none(),
        }
    }

    fn next(&mut self, text: &str, rest: &str, from: usize, needle: &str) -> Option<usize> {
        if let Some(&(searched, hit)) = self.found.get(needle) {
            if searched <= from && hit.map_or(true, |h| h >= from) {
                return hit;
            }
        }
        let hit = text
            .get(from..)
            .and_then(|t| t.find(needle))
            .map(|i| from + i)
            .or_else(|| Some(text.len() + rest.find(needle)?));
        self.found.insert(needle.to_string(), (from, hit));
        hit
    }
}

/// Where the bracket opened at `at` closes, if within a marker's length.
fn closing(s: &str, at: usize) -> Option<usize> {
    Some(s[at + 1..].bytes().take(6).position(|c| c == b')')? + at + 1)
}

fn paren_token(s: &str, at: usize) -> Option<Token<'_>> {
    let close = closing(s, at)?;
    let inner = &s[at + 1..close];
    let readings = readings(inner)?;
    Some(Token {
        start: at,
        end: close + 1,
        number: inner,
        paren: true,
        readings,
    })
}

fn readings(inner: &str) -> Option<Readings> {
    let b = inner.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let suffix = &b[digits..];
        if digits > 3 || suffix.len() > 1 || !suffix.iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        let n = inner[..digits].parse().ok()?;
        let sub = suffix.first().map_or(0, |c| c - b'A' + 1);
        return Some(Readings::one((Style::Number, Ordinal { n, sub })));
    }
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let mut out = Readings::NONE;
    let letter_n = u32::from(b[0] - b'a' + 1);
    if b.len() == 1 {
        out.push((
            Style::Letter,
            Ordinal {
                n: letter_n,
                sub: 0,
            },
        ));
    }
    if let Some(n) = roman_value(inner) {
        out.push((Style::Roman, Ordinal { n, sub: 0 }));
    }
    if b.len() == 2 && b[0] == b[1] {
        out.push((
            Style::Double,
            Ordinal {
                n: letter_n,
                sub: 0,
            },
        ));
    }
    (out.len > 0).then_some(out)
}

/// The value of a lower-case roman numeral made of i, v and x (items never
/// reach l or c, and "(c)" is a letter), if written the canonical way.
fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|c| matches!(c, b'i' | b'v' | b'x')) {
        return None;
    }
    let val = |c: u8| match c {
        b'i' => 1,
        b'v' => 5,
        _ => 10,
    };
    let b = s.as_bytes();
    let mut total = 0i32;
    for (i, &c) in b.iter().enumerate() {
        let v = val(c);
        if b.get(i + 1).is_some_and(|&n| val(n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let n = u32::try_from(total).ok().filter(|&n| n > 0)?;
    (roman(n) == s).then_some(n)
}

fn roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn letter(n: u32) -> char {
    char::from_u32(u32::from(b'a') + n.saturating_sub(1))
        .filter(char::is_ascii_lowercase)
        .unwrap_or('?')
}

/// The punctuation that lets an inline marker open a list item.
fn context_before(before: &str) -> Option<Context> {
    let last = before.chars().next_back()?;
    if super::heading::is_dash(last) || last == ':' {
        return Some(Context::Opening);
    }
    if !last.is_whitespace() {
        return None;
    }
    let t = before.trim_end();
    let c = t.chars().next_back()?;
    if c == ':' || super::heading::is_dash(c) {
        return Some(Context::Opening);
    }
    if matches!(c, '.' | ';' | ']' | '”' | '"') {
        return Some(Context::Punctuation);
    }
    if c == ',' {
        return Some(Context::Comma);
    }
    // "; or (b)", ", and (c)"
    for word in ["or", "and"] {
        if let Some(rest) = t.strip_suffix(word) {
            if rest.ends_with(char::is_whitespace) && rest.trim_end().ends_with([';', ',']) {
                return Some(Context::Punctuation);
            }
        }
    }
    None
}

fn followed_by_space(s: &str, at: usize) -> bool {
    s[at..].chars().next().map_or(true, char::is_whitespace)
}

fn amendment_prefix(line: &str) -> usize {
    let Some(rest) = line.strip_prefix("[F") else {
        return 0;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with('(') {
        2 + digits
    } else {
        0
    }
}

fn shift(mut tok: Token<'_>, by: usize) -> Token<'_> {
    tok.start += by;
    tok.end += by;
    tok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(line: &str) -> Vec<(String, Context)> {
        inline(line, 0).map(|(t, c)| (t.number.to_string(), c)).collect()
    }

    #[test]
    fn inline_markers_need_punctuation_before_them() {
        use Context::*;
        let table: &[(&str, &[(&str, Context)])] = &[
            ("unlawfully— (a) intercept", &[("a", Opening)]),
            ("“ device ” includes— (a) a", &[("a", Opening)]),
            ("Response Team” (b) deleting", &[("b", Punctuation)]),
            ("system ; (ii) a non-public", &[("ii", Punctuation)]),
            ("emission; or (b) circumvent", &[("b", Punctuation)]),
            ("offence. (2) A person", &[("2", Punctuation)]),
            ("[ Cap. 47 ] (2) A person", &[("2", Punctuation)]),
            ("Whoever, (a) publishes", &[("a", Comma)]),
            ("12.—(1) A person", &[("1", Opening)]),
            ("contravenes subsection (1) commits", &[]),
            ("referred to in paragraph (a) above", &[]),
            ("under section 5(1) of", &[]),
            ("in subsection (2)(a) are", &[]),
            ("the Code (Cap. 16) applies", &[]),
            ("Union of India, (2015) 5 SCC 1", &[]),
            ("(Sgd.) JUAN PONCE ENRILE", &[]),
        ];
        for (line, want) in table {
            let want: Vec<_> = want.iter().map(|(n, c)| (n.to_string(), *c)).collect();
            assert_eq!(numbers(line), want, "{line:?}");
        }
    }

    #[test]
    fn line_start_markers() {
        let table = [
            ("(1) A person", Some("1")),
            ("1.   Each Party", Some("1")),
            ("3. ", Some("3")),
            ("a)Each Party may", Some("a")),
            ("(iv) any other", Some("iv")),
            ("[F1(5A) A relevant notice", Some("5A")),
            ("(aa) A device", Some("aa")),
            ("2012. The Act", None),
            ("1.5 million", None),
            ("(Sgd.) FELICIANO", None),
            ("24/7 NETWORK", None),
        ];
        for (line, want) in table {
            assert_eq!(
                at_line_start(line).map(|t| t.number.to_string()),
                want.map(String::from),
                "{line:?}"
            );
        }
    }

    /// Places a run of markers as they would come, returning each one's
    /// depth and style; `later` is the text after the run for the lookahead.
    fn run(markers: &[(&str, Context)], later: &str) -> Vec<(usize, Style)> {
        let mut levels: Vec<Level> = Vec::new();
        let mut out = Vec::new();
        for (i, (m, ctx)) in markers.iter().enumerate() {
            let tok = at_line_start(m).unwrap();
            let rest: String = markers[i + 1..]
                .iter()
                .map(|(m, _)| format!("{m} "))
                .collect::<String>()
                + later;
            let p = place(&levels, &tok, *ctx, |a, b| {
                Lookahead::default().first_of(&rest, "", 0, a, b)
            })
            .unwrap();
            levels.truncate(p.keep);
            levels.push(p.level);
            out.push((p.keep, p.level.style));
        }
        out
    }

    #[test]
    fn i_after_h_is_a_letter_but_roman_where_a_list_starts() {
        use Context::*;
        use Style::*;
        // Philippines s.3: "(h) Without right refers to either: (i) ...; or (ii) ..." then "(i) Cyber ..."
        let got = run(
            &[
                ("(h)", LineStart),
                ("(i)", Opening),
                ("(ii)", Punctuation),
                ("(i)", LineStart),
            ],
            "(j) Critical",
        );
        assert_eq!(got, [(0, Letter), (1, Roman), (1, Roman), (0, Letter)]);
        // Budapest art. 1: "c) ... means:" then "(i)" and "(ii)".
        let got = run(
            &[
                ("c)", LineStart),
                ("(i)", LineStart),
                ("(ii)", LineStart),
                ("d)", LineStart),
            ],
            "",
        );
        assert_eq!(got, [(0, Letter), (1, Roman), (1, Roman), (0, Letter)]);
    }

    #[test]
    fn deep_and_broken_numbering() {
        use Context::*;
        use Style::*;
        // Philippines s.4: (a)(1), (2)(i)(aa), (bb), (ii), (3), (b)
        let got = run(
            &[
                ("(a)", LineStart),
                ("(1)", LineStart),
                ("(2)", LineStart),
                ("(i)", LineStart),
                ("(aa)", LineStart),
                ("(bb)", LineStart),
                ("(ii)", LineStart),
                ("(3)", LineStart),
                ("(b)", LineStart),
            ],
            "",
        );
        assert_eq!(
            got,
            [
                (0, Letter),
                (1, Number),
                (1, Number),
                (2, Roman),
                (3, Double),
                (3, Double),
                (2, Roman),
                (1, Number),
                (0, Letter)
            ]
        );
        // An excerpt that starts at "(e)", then "(4)": the paragraph is not put inside the item.
        let got = run(
            &[
                ("(e)", LineStart),
                ("(f)", LineStart),
                ("(4)", LineStart),
                ("(a)", LineStart),
            ],
            "",
        );
        assert_eq!(got, [(0, Letter), (0, Letter), (0, Number), (1, Letter)]);
        // Repeated "(1)" lines never nest deeper and deeper.
        let got = run(
            &[("(1)", LineStart), ("(1)", LineStart), ("(1)", LineStart)],
            "",
        );
        assert_eq!(got, [(0, Number), (0, Number), (0, Number)]);
        // Inline, a marker that fits no list is not a marker.
        let levels = [Level {
            style: Number,
            ord: Ordinal { n: 1, sub: 0 },
        }];
        let tok = paren_token("(4)", 0).unwrap();
        assert_eq!(place(&levels, &tok, Punctuation, |_, _| true), None);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(
            ["i", "ii", "iv", "ix", "xiv", "iiii", "vx"].map(roman_value),
            [Some(1), Some(2), Some(4), Some(9), Some(14), None, None]
        );
    }
}
