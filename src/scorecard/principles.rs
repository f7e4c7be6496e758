//! The principle mapping as data: `data/principles.toml`, embedded at build
//! time, read once and checked (every category known, every pattern valid).
//! Keeping it data means an analyst can read and argue with the mapping
//! without reading code; `docs/compare-and-scorecard.md` explains the fields.

use crate::matcher::Search;
use crate::rules::categories;
use serde::Deserialize;
use std::sync::OnceLock;

/// The mapping file as written, for tests that edit it.
#[cfg(feature = "toml")]
pub const SOURCE: &str = include_str!("../../data/principles.toml");

/// The mapping as shipped, converted to JSON by `build.rs`.
const SHIPPED: &str = include_str!(concat!(env!("OUT_DIR"), "/principles.json"));

/// One principle as written in the data file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PrincipleSpec {
    number: u8,
    name: String,
    asks: String,
    categories: Vec<String>,
    applies_if: Vec<String>,
    not_applicable: String,
    mitigations: Vec<String>,
    expect_safeguard: bool,
    #[serde(default)]
    safeguards: Vec<SafeguardSpec>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SafeguardSpec {
    name: String,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    principles: Vec<PrincipleSpec>,
}

/// A principle with its patterns compiled.
#[derive(Debug)]
pub struct Principle {
    /// 1 to 13, as the N&P text numbers them.
    pub number: u8,
    /// "Competent judicial authority".
    pub name: String,
    /// What the principle asks of a law, in one sentence.
    pub asks: String,
    /// Category ids whose findings bear on the principle.
    pub categories: Vec<String>,
    /// Any of these in operative text makes the principle relevant.
    pub applies_if: Vec<Search>,
    /// Why the principle is not applicable, when nothing makes it relevant.
    pub not_applicable: String,
    /// Names of rule mitigations that count as safeguards for the principle.
    pub mitigations: Vec<Search>,
    /// Whether a relevant text must provide one of `safeguards` to meet it.
    pub expect_safeguard: bool,
    /// Wording that answers the principle: (name, patterns).
    pub safeguards: Vec<(String, Vec<Search>)>,
}

/// The 13 principles, in order.
pub fn all() -> &'static [Principle] {
    static PRINCIPLES: OnceLock<Vec<Principle>> = OnceLock::new();
    PRINCIPLES.get_or_init(|| parse(SHIPPED).expect("data/principles.toml is checked by tests/scorecard.rs"))
}

/// Reads and checks a mapping file (TOML or JSON); the error names the
/// principle and field.
pub fn parse(source: &str) -> Result<Vec<Principle>, String> {
    let value = crate::data::parse("data/principles.toml", source).map_err(|e| format!("data/principles.toml: {e}"))?;
    let file: File = serde_json::from_value(value).map_err(|e| format!("data/principles.toml: {e}"))?;
    let compile = |n: u8, field: &str, p: &str| {
        Search::new(p).map_err(|e| format!("principle {n}: {field}: `{p}`: {e}"))
    };
    let mut out = Vec::new();
    for (i, spec) in file.principles.into_iter().enumerate() {
        let n = spec.number;
        if usize::from(n) != i + 1 {
            return Err(format!("principle {n}: listed as number {}; principles are numbered 1 to 13 in order", i + 1));
        }
        if let Some(bad) = spec.categories.iter().find(|c| !categories::is_category(c)) {
            return Err(format!("principle {n}: categories: unknown category `{bad}`"));
        }
        if spec.applies_if.is_empty() || spec.not_applicable.trim().is_empty() {
            return Err(format!("principle {n}: needs `applies_if` patterns and a `not_applicable` reason"));
        }
        if spec.expect_safeguard && spec.safeguards.is_empty() {
            return Err(format!("principle {n}: expect_safeguard needs at least one safeguard"));
        }
        let applies_if = spec.applies_if.iter().map(|p| compile(n, "applies_if", p)).collect::<Result<_, _>>()?;
        let mitigations = spec.mitigations.iter().map(|p| compile(n, "mitigations", p)).collect::<Result<_, _>>()?;
        let safeguards = spec
            .safeguards
            .iter()
            .map(|s| {
                let patterns = s.patterns.iter().map(|p| compile(n, "safeguards", p)).collect::<Result<Vec<_>, _>>()?;
                Ok((s.name.clone(), patterns))
            })
            .collect::<Result<_, String>>()?;
        out.push(Principle {
            number: n,
            name: spec.name,
            asks: spec.asks,
            categories: spec.categories,
            applies_if,
            not_applicable: spec.not_applicable,
            mitigations,
            expect_safeguard: spec.expect_safeguard,
            safeguards,
        });
    }
    if out.len() != 13 {
        return Err(format!("{} principles listed; the N&P principles are 13", out.len()));
    }
    Ok(out)
}

/// The N&P principle numbers a reference cites: "N&P 3, 5, 6, 7" gives 3, 5,
/// 6 and 7; "N&P 8 (user notification)" gives 8; "ICCPR art. 17" gives none.
pub fn cited(reference: &str) -> Vec<u8> {
    let lower = reference.to_lowercase();
    let mut numbers = Vec::new();
    let mut rest = lower.as_str();
    while let Some(at) = find_np(rest) {
        rest = &rest[at..];
        let list = rest.trim_start_matches(|c: char| c.is_whitespace());
        let list = list.strip_prefix("principles").or_else(|| list.strip_prefix("principle")).unwrap_or(list);
        // The list: numbers joined by ",", "and", "&", "-" or "–".
        let mut prev: Option<u8> = None;
        let mut range = false;
        let mut chars = list.char_indices().peekable();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_ascii_digit() {
                let digits: String = list[i..].chars().take_while(char::is_ascii_digit).collect();
                for _ in 0..digits.len() {
                    chars.next();
                }
                let Ok(n) = digits.parse::<u8>() else { break };
                // "3-5" means 3, 4 and 5.
                let from = if range { prev.map_or(n, |p| p + 1) } else { n };
                numbers.extend((from..=n).filter(|x| (1..=13).contains(x)));
                prev = Some(n);
                range = false;
            } else if c == '-' || c == '\u{2013}' {
                range = true;
                chars.next();
            } else if c == ',' || c == '&' || c.is_whitespace() {
                chars.next();
            } else if list[i..].starts_with("and") {
                chars.nth(2);
            } else {
                break;
            }
        }
        rest = &list[chars.peek().map_or(list.len(), |&(i, _)| i)..];
    }
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// Where the first "n&p" (spaces allowed around "&") ends in `text`.
fn find_np(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|i| {
        if bytes[i] != b'n' || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            return None;
        }
        let after_n = text[i + 1..].trim_start();
        let after_amp = after_n.strip_prefix('&')?.trim_start();
        let after_p = after_amp.strip_prefix('p')?;
        Some(text.len() - after_p.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cited_principles() {
        let cases: &[(&str, &[u8])] = &[
            ("N&P 8 (user notification)", &[8]),
            ("N&P 3, 5, 6, 7; Budapest art. 15", &[3, 5, 6, 7]),
            ("N&P 12, 13", &[12, 13]),
            ("N&P 3-5", &[3, 4, 5]),
            ("ICCPR art. 17", &[]),
            ("N&P 14", &[]),
        ];
        for (reference, expected) in cases {
            assert_eq!(cited(reference), *expected, "{reference}");
        }
    }
}
