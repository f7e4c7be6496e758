//! Recognises heading lines: "Article 28", "Section 12. Title. — text",
//! "CHAPTER II - PUNISHABLE ACTS", "12. Title", "57 Title [as enacted]".
//!
//! Each function looks at one trimmed line and says whether it opens a unit,
//! what number and title it carries and where its body text (if any) starts.
//! Context that one line cannot give (does the text have articles, do the
//! bare numbers go up, is the next line a title) is decided by the caller.

/// The structural word a heading starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keyword {
    Part,
    Chapter,
    /// A treaty division ("TITLE 1"): groups articles.
    Title,
    Article,
    /// "Section", "SEC.", "s.": a law section, or a division in a treaty.
    Section,
}

/// One heading found on a line. Offsets are relative to the trimmed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Heading<'a> {
    pub keyword: Keyword,
    /// Whether the keyword was printed in capitals ("SECTION 1").
    pub capitals: bool,
    /// The number as printed: "28", "26A", "II" (a slice of the line: the
    /// pass over every line reads the headings of about one line in a few).
    pub number: &'a str,
    /// The title on the same line, cleaned.
    pub title: Option<String>,
    /// Where the heading ends within the line.
    pub end: usize,
    /// Where body text starts on the same line, if the heading has any.
    pub body: Option<usize>,
    /// Nothing follows the number: the title may be on the next line.
    pub wants_title: bool,
}

const KEYWORDS: &[(&str, Keyword)] = &[
    ("ARTICLE", Keyword::Article),
    ("Article", Keyword::Article),
    ("Art.", Keyword::Article),
    ("SECTION", Keyword::Section),
    ("Section", Keyword::Section),
    ("SEC.", Keyword::Section),
    ("Sec.", Keyword::Section),
    ("s.", Keyword::Section),
    ("PART", Keyword::Part),
    ("Part", Keyword::Part),
    ("CHAPTER", Keyword::Chapter),
    ("Chapter", Keyword::Chapter),
    ("TITLE", Keyword::Title),
];

/// Words a title does not end with: a line ending in one is a sentence
/// broken by the page width, not a heading.
const OPEN_ENDINGS: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "or", "in", "for", "by", "with", "that", "which", "shall",
    "may", "be", "is", "are", "any", "such", "on", "from",
];

/// A heading that starts with a structural word. "PART 2 - X, CHAPTER 3 - Y"
/// gives two headings, the part first.
pub(super) fn keyword_headings(line: &str) -> Vec<Heading<'_>> {
    headings(line, true)
}

/// The first heading's keyword and whether the last wants its title on
/// the next line, as [`keyword_headings`] finds them: what the passes over
/// every line ask. Titles are not cleaned for it: nothing else depends on
/// them.
pub(super) fn keyword_shape(line: &str) -> Option<(Keyword, bool)> {
    // As `headings` reads them, with no list: at most two, the second
    // only after an unfinished first, and a line that ends unfinished is none.
    let first = keyword_heading(line, 0, false)?;
    if !is_unfinished(&first, line) {
        return Some((first.keyword, first.wants_title));
    }
    let second = keyword_heading(line, first.end, false)?;
    (!is_unfinished(&second, line)).then_some((first.keyword, second.wants_title))
}

/// [`keyword_headings`], with their titles cleaned if `titles`.
fn headings(line: &str, titles: bool) -> Vec<Heading<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(h) = keyword_heading(line, from, titles) {
        let next = h.end;
        let compound = is_unfinished(&h, line);
        found.push(h);
        if !compound || found.len() == 2 {
            break;
        }
        from = next;
    }
    // A compound line must be complete: "PART 6, CHAPTER" alone is prose.
    if found.last().is_some_and(|h| is_unfinished(h, line)) {
        found.clear();
    }
    found
}

/// A heading that stops before the end of its line with no body after it:
/// another heading must follow ("PART 6, CHAPTER 2").
fn is_unfinished(h: &Heading, line: &str) -> bool {
    h.end < line.len() && h.body.is_none() && !h.wants_title
}

fn keyword_heading(line: &str, from: usize, titles: bool) -> Option<Heading<'_>> {
    // The first pass over every line asks no titles: cleaning them is half its cost.
    let cleaned = |t: &str| if titles { clean_title(t) } else { None };
    let s = &line[from..];
    // Every line asks: only the keywords with its first letter are compared.
    let first = *s.as_bytes().first()?;
    let (word, keyword) = KEYWORDS.iter().filter(|(w, _)| w.as_bytes()[0] == first).find(|(w, _)| s.starts_with(w))?;
    let after_word = &s[word.len()..];
    let gap = after_word.len() - after_word.trim_start().len();
    if gap == 0 && !word.ends_with('.') {
        return None;
    }
    let num_at = word.len() + gap;
    let roman_ok = matches!(keyword, Keyword::Part | Keyword::Chapter | Keyword::Title);
    let num_len = number_len(&s[num_at..], roman_ok)?;
    let num_end = num_at + num_len;
    if !is_boundary(&s[num_end..]) {
        return None;
    }
    let mut h = Heading {
        keyword: *keyword,
        capitals: word.chars().all(|c| !c.is_lowercase()),
        number: &s[num_at..num_end],
        title: None,
        end: from + num_end,
        body: None,
        wants_title: false,
    };
    let rest = &s[num_end..];
    if rest.trim().is_empty() {
        h.wants_title = true;
        return Some(h);
    }
    let base = from + num_end;
    let sep = separator(rest);
    if sep.is_none() {
        if let Some(comma) = rest.trim_start().strip_prefix(',') {
            // "PART 6, CHAPTER 2 - ...": the next heading follows.
            let next = base + rest.len() - comma.trim_start().len();
            return (roman_ok && comma.trim_start().starts_with(['C', 'c']))
                .then_some(Heading { end: next, ..h });
        }
        // "Article 6 Illegal access": a capitalised title with no separator.
        let t = rest.trim();
        if rest.starts_with(char::is_whitespace)
            && starts_upper(t)
            && t.len() <= 120
            && !ends_sentence(t)
        {
            h.title = cleaned(t);
            h.end = line.len();
            return Some(h);
        }
        return None;
    }
    let (sep_len, dashed) = sep.unwrap_or((0, false));
    let a_at = base + sep_len;
    let sep_end = base + rest[..sep_len].trim_end().len();
    let a = &line[a_at..];
    if a.is_empty() {
        h.end = sep_end;
        h.wants_title = true;
        return Some(h);
    }
    if roman_ok {
        // Parts and chapters carry only a title, possibly followed by a chapter.
        let cut = find_chapter_after_comma(a);
        let title = &a[..cut.map_or(a.len(), |(c, _)| c)];
        if title.len() > 250 {
            return None;
        }
        h.title = cleaned(title);
        h.end = cut.map_or(line.len(), |(_, next)| a_at + next);
        return Some(h);
    }
    if let Some((title, body)) = split_title(a) {
        h.title = cleaned(title);
        h.end = a_at + body.0;
        h.body = Some(a_at + body.1).filter(|&b| b < line.len());
    } else if a.len() <= 250 && (dashed || !ends_sentence(a)) && !a.starts_with('(') {
        h.title = cleaned(a);
        h.end = line.len();
    } else {
        h.end = sep_end;
        h.body = Some(a_at);
    }
    Some(h)
}

/// "12. Title", "57 Title [as enacted]", "12.—(1) text", "12." alone. Only
/// used in texts that have no "Article" or "Section" headings.
pub(super) fn bare_heading(line: &str) -> Option<Heading<'_>> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let suffix = line[digits..]
        .bytes()
        .take_while(u8::is_ascii_uppercase)
        .count()
        .min(2);
    let num_end = digits + suffix;
    let mut h = Heading {
        keyword: Keyword::Section,
        capitals: false,
        number: &line[..num_end],
        title: None,
        end: num_end,
        body: None,
        wants_title: false,
    };
    let rest = &line[num_end..];
    if let Some(after_dot) = rest.strip_prefix('.') {
        if after_dot.is_empty() {
            h.end = num_end + 1;
            h.wants_title = true;
            return Some(h);
        }
        // "12.—(1) A person ...": the number and a dash, then the text.
        if let Some(dash) = after_dot.chars().next().filter(|c| is_dash(*c)) {
            let body_at = num_end + 1 + dash.len_utf8();
            let body = &line[body_at..];
            h.end = body_at;
            h.body = Some(line.len() - body.trim_start().len()).filter(|&b| b < line.len());
            h.wants_title = h.body.is_none();
            return Some(h);
        }
        if !after_dot.starts_with(char::is_whitespace) {
            return None;
        }
        let a_at = line.len() - after_dot.trim_start().len();
        let a = &line[a_at..];
        if let Some((title, body)) = split_title(a) {
            h.title = clean_title(title);
            h.end = a_at + body.0;
            h.body = Some(a_at + body.1).filter(|&b| b < line.len());
            return Some(h);
        }
        h.title = Some(title_like(a)?);
        h.end = line.len();
        return Some(h);
    }
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    h.title = Some(title_like(rest.trim_start())?);
    h.end = line.len();
    Some(h)
}

/// The title carried by a line that follows a bare heading ("Article  2"
/// then "Illegal access"), if the line reads as one.
pub(super) fn title_line(line: &str) -> Option<String> {
    if line.starts_with(['(', '[', '-', '—', '–', '•', '"', '“']) {
        return None;
    }
    let words = line.split_whitespace().count();
    (line.len() <= 200 && words <= 20 && !ends_sentence(line) && !open_ending(line))
        .then(|| clean_title(line))?
}

/// The title of a paragraph or item: "Illegal Access. — The access ..."
/// or a line of its own, "Misuse of Devices.". Only title-case words count,
/// so "A person shall not— (a)" is no title. Returns the title and where the
/// heading ends in `a`.
pub(super) fn item_title(a: &str) -> Option<(String, usize)> {
    if let Some((title, (dash_end, body))) = split_title(a) {
        // "Illegal Access. — The access": a full stop or a spaced dash, then text.
        let before = a[..dash_end].trim_end_matches(is_dash).trim_end();
        let marked = before.ends_with('.')
            || a[..dash_end].ends_with(' ')
            || a[before.len()..].starts_with(' ');
        // Cleaned only once the cheaper tests pass: most lines fail them.
        return (marked && body < a.len()).then(|| clean_title(title)).flatten().filter(|t| title_case(t)).map(|t| (t, dash_end));
    }
    let whole =
        a.ends_with('.') && a.len() <= 60 && a.split_whitespace().count() <= 6 && title_case(a);
    whole.then(|| clean_title(a).map(|t| (t, a.len())))?
}

/// Every word of four letters or more starts with a capital.
fn title_case(s: &str) -> bool {
    starts_upper(s)
        && s.split_whitespace()
            .all(|w| w.chars().filter(|c| c.is_alphabetic()).count() < 4 || starts_upper(w))
}

/// A title after a bare number: capitalised, short, not a sentence.
fn title_like(a: &str) -> Option<String> {
    let core = strip_note(a);
    let ok = starts_upper(a)
        && core.len() <= 150
        && (!ends_sentence(core) || core.ends_with("etc."))
        && !open_ending(core)
        && !core.contains(';');
    ok.then(|| clean_title(a))?
}

/// "Title. — text": the title before a dash (as printed: [`clean_title`]
/// always makes a title of it, since it starts with a capital or a digit),
/// and where the dash ends and the body starts. The title must read as one
/// (short, capitalised, no clause punctuation) so that "A person shall
/// not— (a)" is not a title.
fn split_title(a: &str) -> Option<(&str, (usize, usize))> {
    // Most lines have no dash where the walk below would look (the first
    // 200 bytes, up to a ";" or ":"): seen from their bytes, as "—" and
    // "–" start with 0xE2.
    if !dash_first(&a.as_bytes()[..a.len().min(201)]) {
        return None;
    }
    // Byte by byte: every character looked at is ASCII but the two dashes,
    // and the bytes of other characters are none of these.
    let bytes = a.as_bytes();
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        if i > 200 {
            return None;
        }
        match b {
            b'[' | b'(' => depth += 1,
            b']' | b')' => depth -= 1,
            b';' | b':' => return None,
            _ => {}
        }
        let dash = match b {
            0xE2 if a[i..].starts_with(['—', '–']) => 3,
            b'-' if i > 0 && bytes[i - 1] == b' ' && bytes.get(i + 1) == Some(&b' ') => 1,
            _ => 0,
        };
        if depth == 0 && dash > 0 {
            let before = a[..i].trim_end();
            if before.len() > 120 || !starts_upper(before) {
                return None;
            }
            let dash_end = i + dash;
            let body = a.len() - a[dash_end..].trim_start().len();
            return Some((before, (dash_end, body)));
        }
    }
    None
}

/// Whether a "-" or a 0xE2 byte comes before any ";" or ":" in `head`.
#[cfg(target_arch = "wasm32")]
fn dash_first(head: &[u8]) -> bool {
    matches!(head.iter().find(|&&b| matches!(b, b'-' | 0xE2 | b';' | b':')), Some(b'-' | 0xE2))
}

/// The same natively, where `memchr` reads 16 or 32 bytes at a time.
#[cfg(not(target_arch = "wasm32"))]
fn dash_first(head: &[u8]) -> bool {
    memchr::memchr2(b'-', 0xE2, head).is_some_and(|dash| memchr::memchr2(b';', b':', &head[..dash]).is_none())
}

/// After the number: ".", " - ", ":", ". —" and the like. Returns the
/// separator's length and whether it held a dash or colon.
fn separator(rest: &str) -> Option<(usize, bool)> {
    let mut i = rest.len() - rest.trim_start().len();
    let mut dot = false;
    let mut dashed = false;
    if rest[i..].starts_with('.') {
        dot = true;
        i += 1;
        i = rest.len() - rest[i..].trim_start().len();
    }
    if let Some(c) = rest[i..].chars().next().filter(|&c| is_dash(c) || c == ':') {
        // "Article 5-bis" is not a separator; "Article 6 - Illegal" is.
        let spaced = i == 0 || rest[..i].ends_with(char::is_whitespace) || dot || c != '-';
        if spaced {
            dashed = true;
            i += c.len_utf8();
            i = rest.len() - rest[i..].trim_start().len();
        }
    }
    (dot || dashed).then_some((i, dashed))
}

fn find_chapter_after_comma(a: &str) -> Option<(usize, usize)> {
    for pat in [", CHAPTER", ", Chapter"] {
        if let Some(c) = a.find(pat) {
            return Some((c, c + 2));
        }
    }
    None
}

fn number_len(s: &str, roman_ok: bool) -> Option<usize> {
    let b = s.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        if digits > 6 {
            return None;
        }
        let letters = b[digits..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        return (letters <= 2).then_some(digits + letters);
    }
    if !roman_ok {
        return None;
    }
    let roman = b.iter().take_while(|c| b"IVXLC".contains(c)).count();
    (roman > 0 && roman <= 8).then_some(roman)
}

/// A number ends at a space, a separator or the end of the line; "4(c)",
/// "20.d" and "5th" are references or words, not headings.
fn is_boundary(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some('.') => !chars.next().is_some_and(|c| c.is_alphanumeric()),
        Some(c) => c.is_whitespace() || is_dash(c) || c == ':' || c == ',',
    }
}

pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '―')
}

fn starts_upper(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', ';', ':', ','])
}

fn open_ending(s: &str) -> bool {
    let last = s.split_whitespace().last().unwrap_or("");
    OPEN_ENDINGS.iter().any(|w| last.eq_ignore_ascii_case(w))
}

/// "Duty not to make disclosures [as enacted, partial]" → the title without
/// the editor's note.
fn strip_note(s: &str) -> &str {
    let s = s.trim_end();
    match (s.ends_with(']'), s.rfind(" [")) {
        (true, Some(i)) if i > 0 => s[..i].trim_end(),
        _ => s,
    }
}

/// A title as a person would quote it: the note dropped, white space folded,
/// no trailing full stop.
fn clean_title(s: &str) -> Option<String> {
    let s = strip_note(s);
    let s = s
        .strip_suffix('.')
        .filter(|t| !t.ends_with("etc"))
        .unwrap_or(s);
    let mut folded = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    (!folded.is_empty()).then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> (Keyword, String, Option<String>, Option<usize>, bool) {
        let hs = keyword_headings(line);
        assert_eq!(hs.len(), 1, "{line:?} gave {hs:?}");
        let h = hs.into_iter().next().unwrap();
        (h.keyword, h.number.to_string(), h.title, h.body, h.wants_title)
    }

    #[test]
    fn keyword_heading_forms() {
        use Keyword::*;
        let t = |s: &str| Some(s.to_string());
        let table: &[(&str, Keyword, &str, Option<String>, bool)] = &[
            ("Article  2  ", Article, "2", None, true),
            ("Article 6 - Illegal access", Article, "6", t("Illegal access"), false),
            ("ARTICLE 28", Article, "28", None, true),
            ("Art. 28", Article, "28", None, true),
            ("Art. 28 Jurisdiction", Article, "28", t("Jurisdiction"), false),
            ("Section 66A - Punishment for sending offensive messages, etc. [STRUCK DOWN - X v. Y]", Section, "66A", t("Punishment for sending offensive messages, etc."), false),
            ("SEC. 12.", Section, "12", None, true),
            ("s. 12 Powers of entry", Section, "12", t("Powers of entry"), false),
            ("CHAPTER  I  ", Chapter, "I", None, true),
            ("CHAPTER I - PRELIMINARY PROVISIONS", Chapter, "I", t("PRELIMINARY PROVISIONS"), false),
            ("Part I", Part, "I", None, true),
            ("TITLE  3  ", Title, "3", None, true),
        ];
        for (line, kind, number, title, wants) in table {
            let (k, n, ti, _, w) = one(line);
            assert_eq!(
                (k, n.as_str(), &ti, w),
                (*kind, *number, title, *wants),
                "{line:?}"
            );
        }
    }

    #[test]
    fn section_with_title_and_body_on_one_line() {
        let line =
            "Section 12. Real-Time Collection of Traffic Data. — Law enforcement authorities";
        let (_, n, title, body, _) = one(line);
        assert_eq!(
            (n.as_str(), title.as_deref()),
            ("12", Some("Real-Time Collection of Traffic Data"))
        );
        assert_eq!(&line[body.unwrap()..], "Law enforcement authorities");
        let line = "Section 6. All crimes defined and penalized by the Revised Penal Code, as amended, and special laws, if committed by, through and with the use of information and communications technologies shall be covered by the relevant provisions of this Act.";
        let (_, n, title, body, _) = one(line);
        assert_eq!(
            (n.as_str(), title, body.map(|b| &line[b..b + 10])),
            ("6", None, Some("All crimes"))
        );
    }

    #[test]
    fn references_are_not_headings() {
        for line in [
            "Article 20 of this Convention applies",
            "Section 4(c)(4) of this Act",
            "Article 20.d. below",
            "Section 5 shall be punished with imprisonment.",
            "Articles 2 through 5",
            "Part of the data",
            "Chapter II of this Convention",
            "PART 6, CHAPTER",
        ] {
            assert!(keyword_headings(line).is_empty(), "{line:?}");
        }
    }

    #[test]
    fn part_and_chapter_on_one_line() {
        let hs = keyword_headings(
            "PART 2 - LAWFUL INTERCEPTION OF COMMUNICATIONS, CHAPTER 3 - OTHER PROVISIONS",
        );
        let got: Vec<_> = hs
            .iter()
            .map(|h| (h.keyword, h.number, h.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Keyword::Part,
                    "2",
                    Some("LAWFUL INTERCEPTION OF COMMUNICATIONS")
                ),
                (Keyword::Chapter, "3", Some("OTHER PROVISIONS"))
            ]
        );
        let hs = keyword_headings("PART 6, CHAPTER 2 - Supplementary provision");
        let got: Vec<_> = hs
            .iter()
            .map(|h| (h.number, h.title.as_deref()))
            .collect();
        assert_eq!(got, [("6", None), ("2", Some("Supplementary provision"))]);
    }

    /// The first pass over every line reads only a line's shape: it must
    /// agree with the headings the builder reads, or a unit is lost.
    #[test]
    fn shape_agrees_with_headings() {
        for line in [
            "PART 2 - LAWFUL INTERCEPTION, CHAPTER 3 - OTHER PROVISIONS",
            "PART 6, CHAPTER 2",
            "PART 6, CHAPTER",
            "PART IV",
            "Article 6 Illegal access",
            "Article 6 -",
            "Section 12. Interception. (1) A person may",
            "Section 5 shall be punished with imprisonment.",
            "Chapter II of this Convention",
            "The data",
        ] {
            let hs = keyword_headings(line);
            let expected = hs.first().map(|h| (h.keyword, hs.last().unwrap().wants_title));
            assert_eq!(keyword_shape(line), expected, "{line:?}");
        }
        assert_eq!(keyword_shape("PART 6, CHAPTER 2"), Some((Keyword::Part, true)));
    }

    #[test]
    fn bare_headings() {
        let t = |l: &str| bare_heading(l).map(|h| (h.number.to_string(), h.title, h.wants_title));
        assert_eq!(
            t("12. Computer-related fraud"),
            Some(("12".into(), Some("Computer-related fraud".into()), false))
        );
        assert_eq!(
            t("22. Prohibition of harassment , humiliation etc."),
            Some((
                "22".into(),
                Some("Prohibition of harassment , humiliation etc.".into()),
                false
            ))
        );
        assert_eq!(
            t("57 Duty not to make unauthorised disclosures [as enacted, partial]"),
            Some((
                "57".into(),
                Some("Duty not to make unauthorised disclosures".into()),
                false
            ))
        );
        assert_eq!(t("12."), Some(("12".into(), None, true)));
        assert_eq!(
            t("2. A person who contravenes subsection (1) commits an offence."),
            None
        );
        assert_eq!(t("24/7 NETWORK"), None);
        assert_eq!(t("2000 and the following"), None);
        let h = bare_heading("12.—(1) A person shall not").unwrap();
        assert_eq!((h.number, h.body), ("12", Some("12.—".len())));
    }

    #[test]
    fn title_lines() {
        assert_eq!(
            title_line("Illegal access").as_deref(),
            Some("Illegal access")
        );
        assert_eq!(title_line("24/7 Network").as_deref(), Some("24/7 Network"));
        assert_eq!(
            title_line("Each Party shall adopt such legislative measures."),
            None
        );
        assert_eq!(
            title_line("Each Party shall adopt such legislative and"),
            None
        );
        assert_eq!(title_line("(1) A person"), None);
    }
}
