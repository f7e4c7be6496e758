//! Finds headings and numbering markers. (Minimal first version: article
//! headings only; the full segmenter replaces it.)

use super::{Document, Unit, UnitKind};

pub(super) fn segment(text: &str) -> Document {
    let mut units: Vec<Unit> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("Article ") {
            let number: String = rest.trim().chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if !number.is_empty() {
                if let Some(last) = units.last_mut() {
                    last.span.end = offset;
                }
                units.push(Unit {
                    kind: UnitKind::Article,
                    label: format!("Article {number}"),
                    path: number.clone(),
                    number,
                    title: None,
                    span: offset..text.len(),
                    heading: offset..offset + line.len(),
                    parent: None,
                });
            }
        }
        offset += line.len();
    }
    Document { units, noise: Vec::new() }
}
