//! Reports and rules rendered for people and tools: a report as Markdown
//! (shared by the command line and the web app's export), the generated
//! rules reference, and the line/column index they cite by.

mod markdown;
mod reference;

pub use markdown::{escape, markdown};
pub use reference::rules_reference;

/// Maps byte offsets to 1-based line and column (in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// `(line, column)`, both from 1; the column counts characters.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let col = self.text[self.starts[line]..byte].chars().count() + 1;
        (line + 1, col)
    }
}

/// `text` cut to at most `max` characters on a word boundary, with "…".
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}
