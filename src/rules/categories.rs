//! The concern categories of `concerns.md`, the contract for rules and reports.

/// Every category id, in the order `concerns.md` lists them.
pub const ALL: &[&str] = &[
    "scope-creep",
    "no-criminal-intent",
    "no-public-interest-defence",
    "vague-offence",
    "child-self-generated",
    "weak-safeguards",
    "real-time-surveillance",
    "compelled-assistance",
    "secrecy",
    "blocking",
    "data-retention",
    "no-dual-criminality",
    "narrow-refusal-grounds",
    "data-transfer",
    "conflict-of-laws",
];

/// Whether `id` is one of the categories.
pub fn is_category(id: &str) -> bool {
    ALL.contains(&id)
}

/// A heading for the category, for people.
pub fn title(id: &str) -> &'static str {
    match id {
        "scope-creep" => "Scope beyond cybercrime",
        "no-criminal-intent" => "Offence without criminal intent",
        "no-public-interest-defence" => "No public-interest defence",
        "vague-offence" => "Vague speech offence",
        "child-self-generated" => "Children's own images",
        "weak-safeguards" => "Intrusive power, weak safeguards",
        "real-time-surveillance" => "Real-time surveillance",
        "compelled-assistance" => "Compelled passwords and decryption",
        "secrecy" => "Secrecy and gag orders",
        "blocking" => "Blocking without a court",
        "data-retention" => "Data retention",
        "no-dual-criminality" => "No dual criminality",
        "narrow-refusal-grounds" => "Weak grounds to refuse",
        "data-transfer" => "Unprotected data transfer",
        "conflict-of-laws" => "Conflict of laws",
        _ => "Other",
    }
}
