//! ClauseLens finds the clauses in cybercrime and surveillance laws and
//! treaties that threaten human rights and security.
//!
//! ```
//! let rules = clauselens::RuleSet::builtin();
//! let report = clauselens::check("A police officer may, where there is due cause, \
//!     require a service provider to collect or record traffic data in real time.", &rules);
//! assert!(report.findings.iter().any(|f| &*f.category == "real-time-surveillance"));
//! ```
//!
//! The pipeline: [`document`] splits the text into articles, sections,
//! paragraphs and items; [`text`] makes a clean lower-case form to match
//! against; [`engine`] runs the [`rules`] over it and reads the safeguards
//! nearby; [`report`] holds what was found with offsets into the original.

#[cfg(feature = "compare")]
pub mod compare;
pub mod document;
pub mod data;
pub mod engine;
pub mod eval;
pub mod format;
pub mod incremental;
pub mod matcher;
pub mod report;
pub mod rules;
#[cfg(feature = "compare")]
pub mod scorecard;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use document::Document;
pub use incremental::Rechecker;
pub use report::{Finding, Report};
pub use rules::{PackError, RuleSet};

/// Checks `text` against `rules`.
pub fn check(text: &str, rules: &RuleSet) -> Report {
    engine::check(text, rules)
}
