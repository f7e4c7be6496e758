//! The compare build (www/pkg-compare, after wasm-opt), the one the page
//! loads to compare two texts and score one, in Node on real corpus texts:
//! it checks exactly as the first-load build does (so the scorecard's
//! finding ids are those the page lists), and its comparisons, scorecards
//! and Markdown are the command line's, byte for byte, with the built-in
//! rules and with a custom pack.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'smol-toml';
import { readBuildConfig, root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';

const CORPUS = join(root, '..', 'shared', 'corpus');
const FILES = ['budapest_convention_2001.txt', 'un_convention_2024_abridged.txt', 'philippines_cybercrime_prevention_act_2012.txt'];
const corpus = (name) => readFileSync(join(CORPUS, name), 'utf8');
const PACK = join(root, 'rules', 'secrecy.toml');

/** The command line's output (built by cargo if needed), run from the repository root. */
function cli(...args) {
  const result = spawnSync('cargo', ['run', '--quiet', '--', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(result.status, 0, `clauselens ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A corpus file's path as given to the command line, which names the texts by it. */
const path = (name) => join(CORPUS, name);

let firstLoad;
let compare;
before(async () => {
  const config = readBuildConfig();
  firstLoad = await loadPackage(config);
  compare = await loadPackage(config.compare);
});

test('the compare build checks exactly as the first-load build, so scorecard ids match the page\'s findings', () => {
  const one = new firstLoad.Checker();
  const two = new compare.Checker();
  for (const name of FILES) {
    const text = corpus(name);
    const report = one.check(text);
    assert.ok(report.findings.length > 0, `${name} raises findings`);
    assert.deepEqual(two.check(text), report, name);
    const ids = new Set(report.findings.map((f) => f.id));
    for (const principle of two.scorecard(text).principles) {
      for (const f of principle.findings) assert.ok(ids.has(f.id), `${name}: principle ${principle.number} cites ${f.id}, a finding of the report`);
    }
  }
});

test('the first-load build has no compare or scorecard: they cost it nothing', () => {
  const checker = new firstLoad.Checker();
  for (const method of ['compare', 'scorecard', 'compareMarkdown', 'scorecardMarkdown']) {
    assert.equal(typeof checker[method], 'undefined', method);
  }
});

describe('the same results as the command line', () => {
  const [A, B] = FILES;
  let checker;
  before(() => {
    checker = new compare.Checker();
  });

  test('a comparison, as JSON and as Markdown (with a concern filter)', () => {
    const comparison = checker.compare(corpus(A), corpus(B));
    assert.ok(comparison.changes.length > 0);
    assert.deepEqual(comparison, JSON.parse(cli('compare', path(A), path(B), '--format', 'json')));
    assert.equal(checker.compareMarkdown(corpus(A), corpus(B), path(A), path(B), []), cli('compare', path(A), path(B), '--format', 'markdown'));
    const category = comparison.changes[0].category;
    assert.equal(
      checker.compareMarkdown(corpus(A), corpus(B), path(A), path(B), [category]),
      cli('compare', path(A), path(B), '--format', 'markdown', '--category', category),
    );
  });

  test('a scorecard, as JSON and as Markdown', () => {
    for (const name of [A, B]) {
      const card = checker.scorecard(corpus(name));
      assert.equal(card.principles.length, 13);
      assert.deepEqual(card, JSON.parse(cli('check', '--scorecard', '--format', 'json', path(name))), name);
      assert.equal(checker.scorecardMarkdown(corpus(name), path(name)), cli('check', '--scorecard', '--format', 'markdown', path(name)), name);
    }
  });

  test('with a custom rule pack, as the page passes it (a parsed TOML object)', () => {
    const custom = compare.Checker.withRules(parse(readFileSync(PACK, 'utf8')), 'secrecy.toml');
    const comparison = custom.compare(corpus(A), corpus(B));
    assert.ok(comparison.a.findings.length > 0, 'the pack flags the Budapest Convention');
    assert.ok([...comparison.a.findings, ...comparison.b.findings].every((f) => f.category === 'secrecy'), 'only the pack\'s rules ran');
    assert.deepEqual(comparison, JSON.parse(cli('compare', path(A), path(B), '--format', 'json', '--no-builtin', '--rules', PACK)));
    assert.deepEqual(custom.scorecard(corpus(A)),
      JSON.parse(cli('check', '--scorecard', '--format', 'json', '--no-builtin', '--rules', PACK, path(A))));
  });
});
