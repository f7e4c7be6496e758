//! The real Wasm build (www/pkg, after wasm-opt) loaded in Node and run on a
//! real corpus text: what the browser gets is what is tested here.
//!
//! The rule pack and the segmenter grow, so nothing here counts findings:
//! every assertion is a property that must hold for any correct report.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'smol-toml';
import { root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { applyChanges } from '../../www/js/report-changes.js';

const shared = join(root, '..', 'shared');
const budapest = readFileSync(join(shared, 'corpus', 'budapest_convention_2001.txt'), 'utf8');

/** Category ids from the contract, concerns.md (its table rows start with `| \`id\` |`). */
const categories = [...readFileSync(join(shared, 'design', 'concerns.md'), 'utf8').matchAll(/^\| `([a-z-]+)` \|/gm)]
  .map((m) => m[1]);

/** Each "Article N" heading line of a treaty text: its number and where it starts (UTF-16). */
function articleHeadings(text) {
  return [...text.matchAll(/^[ \t]*Article[ \t]+(\d+[A-Za-z]?)[ \t]*$/gm)].map((m) => ({ number: m[1], start: m.index }));
}

function assertSpansExact(text, findings) {
  const bytes = Buffer.from(text, 'utf8');
  for (const f of findings.filter((f) => f.kind === 'clause')) {
    assert.ok(f.text.length > 0, `${f.rule}: a clause finding has the text it flags`);
    assert.equal(text.slice(f.start, f.end), f.text, `${f.rule} at ${f.start}..${f.end}: UTF-16 span`);
    assert.equal(bytes.subarray(f.byte_start, f.byte_end).toString('utf8'), f.text, `${f.rule}: UTF-8 span`);
  }
}

let pkg;
before(async () => {
  pkg = await loadPackage();
});

describe('the Budapest Convention', () => {
  let report;
  before(() => {
    report = new pkg.Checker().check(budapest);
  });

  test('raises findings', () => {
    assert.ok(report.findings.length > 0, 'the Convention has secrecy duties, among others');
  });

  test('every finding is a category of concerns.md with a message', () => {
    assert.ok(categories.length >= 15, 'read the categories from concerns.md');
    for (const f of report.findings) {
      assert.ok(categories.includes(f.category), `${f.rule}: unknown category ${f.category}`);
      assert.ok(['high', 'medium', 'low'].includes(f.severity), `${f.rule}: severity ${f.severity}`);
      assert.ok(f.message.trim() && f.why.trim() && f.suggestion.trim(), `${f.rule}: says what, why and how to fix`);
    }
  });

  test('start/end slice exactly the text of each finding, in UTF-16 and UTF-8', () => {
    assertSpansExact(budapest, report.findings);
  });

  test("each clause finding is located in the article whose heading precedes it", () => {
    const headings = articleHeadings(budapest);
    assert.ok(headings.length >= 48, 'the Convention has 48 articles');
    const clauses = report.findings.filter((f) => f.kind === 'clause');
    assert.ok(clauses.length > 0);
    for (const f of clauses) {
      const article = headings.findLast((h) => h.start <= f.start);
      if (!article) continue; // the preamble has no article to cite
      assert.ok(f.location, `${f.rule} at ${f.start} has a location`);
      assert.equal(f.location.unit, 'article', `${f.rule}: ${JSON.stringify(f.location)}`);
      assert.equal(f.location.number, article.number, `${f.rule} at ${f.start}: ${JSON.stringify(f.location)}`);
      assert.match(f.location.label, new RegExp(`^Article ${article.number}\\b`));
    }
  });

  test('the summary counts add up', () => {
    const { summary, findings } = report;
    assert.equal(summary.total, findings.length);
    assert.deepEqual(Object.keys(summary.by_severity).sort(), ['high', 'low', 'medium']);
    assert.deepEqual(Object.keys(summary.by_category).sort(), [...categories].sort());
    for (const [severity, count] of Object.entries(summary.by_severity)) {
      assert.equal(count, findings.filter((f) => f.severity === severity).length, severity);
    }
    for (const [category, count] of Object.entries(summary.by_category)) {
      assert.equal(count, findings.filter((f) => f.category === category).length, category);
    }
  });
});

test('astral characters and emoji before a finding leave its offsets exact', () => {
  // A title line of surrogate pairs, a ZWJ sequence, curly quotes and a dash
  // that the normaliser rewrites: each shifts UTF-16 and UTF-8 offsets
  // differently. On a line of its own, it leaves the examples' headings be.
  const prefix = '😀 👩‍👩‍👧 𝄞 𝐀𝐫𝐭 “quoted” —\n\n';
  const checker = new pkg.Checker();
  let exercised = 0;
  for (const rule of checker.rules().filter((r) => r.kind === 'clause')) {
    for (const example of rule.examples.flag) {
      const plain = checker.check(example).findings.filter((f) => f.rule === rule.id);
      // Whether a rule flags its own examples is tests/rule_examples.rs's job.
      if (plain.length === 0) continue;
      exercised++;
      const shifted = checker.check(prefix + example).findings.filter((f) => f.rule === rule.id);
      assertSpansExact(prefix + example, shifted);
      assert.deepEqual(
        shifted.map((f) => [f.start - prefix.length, f.end - prefix.length, f.text]),
        plain.map((f) => [f.start, f.end, f.text]),
        `${rule.id}: the same spans, moved by the prefix's ${prefix.length} UTF-16 units`,
      );
    }
  }
  assert.ok(exercised > 0, 'some rule flagged its example');
});

test('lone surrogates from JavaScript neither break the check nor shift a highlight', () => {
  // A JS string may hold half of a surrogate pair (a broken paste); it
  // reaches Rust as U+FFFD, one UTF-16 unit, so offsets still line up.
  const checker = new pkg.Checker();
  const clause = 'The service provider shall keep confidential the fact that the order was executed.';
  const plain = checker.check(clause).findings.filter((f) => f.kind === 'clause');
  assert.ok(plain.length > 0, 'the clause raises findings');
  for (const broken of ['\uD800 ', 'x\uDC00y ', '\uD83D\uD83D\n']) {
    const text = broken + clause;
    const findings = checker.check(text).findings.filter((f) => f.kind === 'clause');
    assert.equal(findings.length, plain.length, JSON.stringify(broken));
    assertSpansExact(text, findings);
    assert.deepEqual(findings.map((f) => f.start - broken.length), plain.map((f) => f.start));
  }
});

test('recheck after each edit, its changes applied to the report before, gives the report of a whole check', () => {
  const checker = new pkg.Checker();
  let text = `${budapest}\n\n${budapest}`;
  let report = checker.recheck(text);
  assert.equal(report.moved, undefined, 'a first text comes as a whole report');
  let told = 0;
  // Keys in an article, a new offence, a deleted passage, emoji (UTF-16
  // offsets move by two per character), the same text again, a new heading.
  const edits = [[0.3, 0, 'y'], [0.3, 0, 'Any person who publishes false news shall be guilty of an offence. '],
    [0.6, 120, ''], [0.1, 0, '😀😀 '], [0.5, 0, ''], [0.7, 0, '\n\nArticle  48\n\nFalse news\n\n']];
  for (const [fraction, removed, typed] of edits) {
    const at = Math.floor(text.length * fraction);
    text = text.slice(0, at) + typed + text.slice(at + removed);
    const reply = checker.recheck(text);
    if (reply.moved) told += 1;
    report = reply.moved ? applyChanges(report, reply) : reply;
    assert.deepEqual(report, checker.check(text), `after typing ${JSON.stringify(typed)} at ${fraction}`);
  }
  assert.ok(told >= edits.length - 2, `most reports come as changes (${told} of ${edits.length})`);
});

test('recheckEdit, given only each edit in UTF-16 units, gives the report of a whole check', () => {
  const checker = new pkg.Checker();
  assert.throws(() => checker.recheckEdit(0, 0, 'x'), /does not fit the text/, 'no text held yet');
  let text = `${budapest}\n\n${budapest}`;
  let report = checker.recheck(text);
  const edits = [[0.3, 0, 'y'], [0.3, 1, ''], [0.1, 0, '😀😀 '], [0.1, 0, 'x'], [0.6, 120, ''],
    [0.7, 0, '\n\nArticle  48\n\nFalse news\n\n'], [0, 0, 'A'], [1, 0, ' without a warrant']];
  for (const [fraction, removed, typed] of edits) {
    const at = Math.floor(text.length * fraction);
    const reply = checker.recheckEdit(at, at + removed, typed);
    text = text.slice(0, at) + typed + text.slice(at + removed);
    report = reply.moved ? applyChanges(report, reply) : reply;
    assert.deepEqual(report, checker.check(text), `after typing ${JSON.stringify(typed)} at ${fraction}`);
  }
  // Past the end: refused, and the text held is still the last one.
  assert.throws(() => checker.recheckEdit(text.length + 1, text.length + 1, 'x'), /does not fit the text/);
  const reply = checker.recheckEdit(text.length, text.length, '.');
  assert.deepEqual(reply.moved ? applyChanges(report, reply) : reply, checker.check(`${text}.`));
});

test('Checker.version() is the crate version', () => {
  const cargo = parse(readFileSync(join(root, 'Cargo.toml'), 'utf8'));
  assert.equal(pkg.Checker.version(), cargo.package.version);
});

describe('Checker.withRules with a broken pack', () => {
  /**
   * A valid rule: the first built-in one, under a new id, with a text it
   * must pass (the browser's copy of the built-in rules carries only the
   * text each flags).
   */
  const goodRule = () => {
    const rule = new pkg.Checker().rules()[0];
    const pass = ['A person who, without lawful authority, blocks access to a computer system commits an offence.'];
    return { ...rule, id: 'test/broken-rule', examples: { ...rule.examples, pass } };
  };

  test('accepts the unbroken rule, which flags its example', () => {
    const rule = goodRule();
    const checker = pkg.Checker.withRules({ rules: [rule] });
    const report = checker.check(rule.examples.flag[0]);
    assert.ok(report.findings.some((f) => f.rule === 'test/broken-rule'));
  });

  const cases = [
    { name: 'a pattern that is not a regular expression', field: 'triggers[0]', breaks: (r) => { r.triggers = ['keep (confidential']; } },
    { name: 'an unknown category', field: 'category', breaks: (r) => { r.category = 'secret-police'; } },
    { name: 'a missing field', field: 'message', breaks: (r) => { delete r.message; } },
    { name: 'no text the rule must pass', field: 'examples.pass', breaks: (r) => { r.examples.pass = []; } },
  ];
  test('a pack that is not an object is an Error saying what to give', () => {
    assert.throws(() => pkg.Checker.withRules(undefined, 'pack.json'), (e) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /not a rule pack/);
      return true;
    });
  });

  test('a value of the wrong type is an Error naming the rule and what was expected', () => {
    // The browser build names no field here (README: `serde_path_to_error`
    // is the command line's); the message still says what should be there.
    const rule = goodRule();
    rule.triggers = 'keep confidential';
    assert.throws(() => pkg.Checker.withRules({ rules: [rule] }), (e) => {
      assert.ok(e instanceof Error);
      assert.equal(e.rule, 'test/broken-rule');
      assert.match(e.message, /test\/broken-rule/);
      assert.match(e.message, /invalid type: string "keep confidential", expected a sequence/);
      return true;
    });
  });

  for (const { name, field, breaks } of cases) {
    test(`${name} is an Error naming the rule and the field`, () => {
      const rule = goodRule();
      breaks(rule);
      assert.throws(() => pkg.Checker.withRules({ rules: [rule] }), (e) => {
        assert.ok(e instanceof Error, 'a real Error, with a stack');
        assert.equal(e.rule, 'test/broken-rule');
        assert.equal(e.field, field);
        assert.ok(e.message.includes('test/broken-rule') && e.message.includes(field), e.message);
        return true;
      });
    });
  }
});
