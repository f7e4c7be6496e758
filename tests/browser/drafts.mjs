//! Pairs of drafts for the comparison and scorecard tests, made by editing
//! real corpus texts the way drafters do: a safeguard removed, an offence
//! added with the articles after it renumbered, every article renumbered.
//! Each edit checks that it changed the text, so a corpus update cannot
//! silently turn a test into one that compares a text with itself.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../../scripts/lib/config.mjs';

export const corpus = (name) => readFileSync(join(root, '..', 'shared', 'corpus', name), 'utf8');

export const BUDAPEST = corpus('budapest_convention_2001.txt');
export const UN = corpus('un_convention_2024_abridged.txt');

/** Articles 14 to 21 of the Budapest Convention: the procedural powers and their safeguards article. */
export const POWERS = BUDAPEST.slice(BUDAPEST.indexOf('Article  14'), BUDAPEST.indexOf('SECTION 3')).trim();

/** `POWERS` without Article 15(2): judicial or other independent supervision, grounds, limits. */
export function withoutSupervision() {
  const edited = POWERS.replace(/^2\.\s+2 Such conditions and safeguards[^\n]*\n/m, '');
  assert.ok(edited.length < POWERS.length, 'Article 15(2) was removed');
  return edited;
}

/** `POWERS` with a false-information offence as a new Article 16, Articles 16 to 21 renumbered 17 to 22. */
export function withOffence() {
  let edited = POWERS;
  for (let n = 21; n >= 16; n--) edited = edited.replace(new RegExp(`(Articles?\\s+)${n}\\b`, 'g'), `$1${n + 1}`);
  edited = edited.replaceAll('Articles 20 and 21', 'Articles 21 and 22');
  const offence = 'Article  16\n\nPublication of false information\n\n1.   Each Party shall adopt such legislative and other measures as may be necessary to establish as criminal offences under its domestic law the publication, by means of a computer system, of false information that is likely to cause public alarm or to undermine public order.\n\n';
  const at = edited.indexOf('TITLE 2');
  assert.ok(at > 0, 'the excerpt has its second title');
  edited = edited.slice(0, at) + offence + edited.slice(at);
  assert.match(edited, /Article\s+22\s*\n\s*Interception of content data/, 'Article 21 became 22');
  return edited;
}

/** The UN Convention with every article number raised by 100. */
export function renumbered() {
  const edited = UN.replace(/^Article (\d+) /gm, (_, n) => `Article ${Number(n) + 100} `);
  assert.notEqual(edited, UN);
  return edited;
}
