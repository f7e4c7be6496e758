//! Category and severity names for people. Mirrors src/rules/categories.rs
//! (the ids are the contract of concerns.md; the Rust core stays the source
//! of findings, this only names them).

/** Category id -> heading, in the order concerns.md lists them. */
export const CATEGORIES = new Map([
  ['scope-creep', 'Scope beyond cybercrime'],
  ['no-criminal-intent', 'Offence without criminal intent'],
  ['no-public-interest-defence', 'No public-interest defence'],
  ['vague-offence', 'Vague speech offence'],
  ['child-self-generated', "Children's own images"],
  ['weak-safeguards', 'Intrusive power, weak safeguards'],
  ['real-time-surveillance', 'Real-time surveillance'],
  ['compelled-assistance', 'Compelled passwords and decryption'],
  ['secrecy', 'Secrecy and gag orders'],
  ['blocking', 'Blocking without a court'],
  ['data-retention', 'Data retention'],
  ['no-dual-criminality', 'No dual criminality'],
  ['narrow-refusal-grounds', 'Weak grounds to refuse'],
  ['data-transfer', 'Unprotected data transfer'],
  ['conflict-of-laws', 'Conflict of laws'],
]);

export const categoryTitle = (id) => CATEGORIES.get(id) ?? id;

/** Most serious first. */
export const SEVERITIES = ['high', 'medium', 'low'];

export const SEVERITY_LABEL = { high: 'High', medium: 'Medium', low: 'Low' };

/** A shape per severity, so that severity never rests on colour alone. */
export const SEVERITY_ICON = { high: '▲', medium: '◆', low: '●' };

export const severityRank = (s) => SEVERITIES.indexOf(s);
