//! Page furniture: running headers and footers, page numbers and "[...]" gap
//! marks, which sit in copied text but belong to no sentence.
//!
//! Deliberately conservative, because whatever is marked here is invisible
//! to the rules: a line counts only when its whole content is a page number
//! ("Page 3 of 40", "- 12 -", or bare numbers that rise from page to page) or
//! a short line repeated at least three times that is neither a heading nor a
//! sentence.

use std::collections::BTreeMap;
use std::ops::Range;

/// Lines that repeat this often are running headers or footers.
const REPEATS: usize = 3;

/// Noise ranges (sorted, disjoint) and, per line, whether the whole line is
/// noise. `lines` are the trimmed line ranges; `structural(i)` says whether
/// line `i` is a heading, a heading's title or starts with a marker, which
/// is never noise; `running(key)` says which lines repeat often enough
/// elsewhere (where `text` is a piece of a longer text).
pub(super) fn find(
    text: &str,
    lines: &[Range<usize>],
    running: &dyn Fn(&str) -> bool,
    structural: impl Fn(usize) -> bool,
) -> (Vec<Range<usize>>, Vec<bool>) {
    let mut whole = vec![false; lines.len()];
    let mut bare_numbers: Vec<(usize, u32)> = Vec::new();
    let mut repeated: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in lines.iter().enumerate() {
        let line = &text[r.clone()];
        if line.is_empty() {
            continue;
        }
        if is_page_label(line) {
            whole[i] = true;
        } else if let Some(n) = bare_number(line) {
            bare_numbers.push((i, n));
        } else if may_be_header(line) && !structural(i) {
            // Most such lines are headings and their titles: the key is made
            // only for the others.
            repeated.entry(header_key(line)).or_default().push(i);
        }
    }
    // A lone number is a page number only when such numbers rise through the text.
    if bare_numbers.len() >= 2 && bare_numbers.windows(2).all(|w| w[0].1 < w[1].1) {
        for (i, _) in bare_numbers {
            whole[i] = true;
        }
    }
    for (_, at) in repeated.into_iter().filter(|(key, v)| v.len() >= REPEATS || running(key)) {
        for i in at {
            whole[i] = true;
        }
    }

    let mut ranges: Vec<Range<usize>> = lines
        .iter()
        .zip(&whole)
        .filter(|(_, &w)| w)
        .map(|(r, _)| r.clone())
        .collect();
    // Gap marks all open with "[": one pass finds the brackets, not one per mark.
    for i in super::places_of(text, b'[') {
        if let Some(mark) = ["[...]", "[…]", "[. . .]"].into_iter().find(|mark| text[i..].starts_with(mark)) {
            ranges.push(i..i + mark.len());
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut disjoint: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match disjoint.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => disjoint.push(r),
        }
    }
    (disjoint, whole)
}

/// "Page 3", "Page 3 of 40", "page 3/40", "- 12 -", "— 12 —".
fn is_page_label(line: &str) -> bool {
    // Every label starts with "page" or a dash: most lines are settled here,
    // without splitting them into words.
    if !line.starts_with(['p', 'P', '-', '–', '—']) {
        return false;
    }
    // Five words at most: a label has four or fewer, and lines are often paragraphs.
    let words: Vec<&str> = line.split_whitespace().take(5).collect();
    let num = |w: &str| !w.is_empty() && w.len() <= 5 && w.bytes().all(|c| c.is_ascii_digit());
    let dash = |w: &str| matches!(w, "-" | "–" | "—");
    match words.as_slice() {
        [p, n] if p.eq_ignore_ascii_case("page") => {
            num(n) || n.split_once('/').is_some_and(|(a, b)| num(a) && num(b))
        }
        [p, n, of, m] if p.eq_ignore_ascii_case("page") && of.eq_ignore_ascii_case("of") => {
            num(n) && num(m)
        }
        [a, n, b] => dash(a) && num(n) && dash(b),
        [w] => {
            let inner = w.trim_matches(|c| matches!(c, '-' | '–' | '—'));
            inner.len() < w.len()
                && w.starts_with(['-', '–', '—'])
                && w.ends_with(['-', '–', '—'])
                && num(inner)
        }
        _ => false,
    }
}

fn bare_number(line: &str) -> Option<u32> {
    (line.len() <= 4 && line.bytes().all(|c| c.is_ascii_digit())).then(|| line.parse().ok())?
}

/// Whether `line` may be a running header: only short, capitalised lines
/// that are not sentences.
fn may_be_header(line: &str) -> bool {
    (4..=100).contains(&line.len())
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && line.chars().any(char::is_alphabetic)
        && !line.ends_with(['.', ';', ':', ','])
}

/// How a running header repeats: digits folded (the page number changes),
/// white space folded.
fn header_key(line: &str) -> String {
    let mut key = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(
            word.chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c }),
        );
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise_of(text: &str) -> Vec<&str> {
        let mut lines = Vec::new();
        let mut at = 0;
        for l in text.split_inclusive('\n') {
            let t = l.trim();
            let start = at + (l.len() - l.trim_start().len());
            lines.push(start..start + t.len());
            at += l.len();
        }
        let (ranges, _) = find(text, &lines, &|_| false, |i| {
            text[lines[i].clone()].starts_with("Article")
        });
        ranges.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn page_furniture_is_found() {
        let text = "Cybercrimes Act 2015\nArticle 1\nText goes on\n- 2 -\nCybercrimes Act 2015\nMore text [...] here\nPage 3 of 9\nCybercrimes Act 2015\n";
        assert_eq!(
            noise_of(text),
            [
                "Cybercrimes Act 2015",
                "- 2 -",
                "Cybercrimes Act 2015",
                "[...]",
                "Page 3 of 9",
                "Cybercrimes Act 2015"
            ]
        );
    }

    #[test]
    fn real_text_is_never_noise() {
        // Repeated sentences, headings and list tails stay; a lone number
        // that does not rise with the pages stays.
        let text = "or to both;\nor to both;\nor to both;\nArticle 5\nArticle 5\nArticle 5\nThe Minister may.\nThe Minister may.\nThe Minister may.\n12\n7\nGENERAL PRINCIPLES\nGENERAL PRINCIPLES\n";
        assert!(noise_of(text).is_empty(), "{:?}", noise_of(text));
    }

    #[test]
    fn rising_lone_numbers_are_page_numbers() {
        assert_eq!(noise_of("text\n1\nmore\n2\nend\n"), ["1", "2"]);
    }
}
