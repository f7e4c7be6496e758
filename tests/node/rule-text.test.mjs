//! The report between the checker's thread and the page (www/js/rule-text.js):
//! sent without the text its findings share with their rules, and whole
//! again on the page, field for field and in the same order, as the real
//! Wasm build made it for a real corpus text.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib/config.mjs';
import { loadPackage } from '../../scripts/lib/wasm.mjs';
import { sharedText, withSharedText, withoutSharedText } from '../../www/js/rule-text.js';

const corpus = (name) => readFileSync(join(root, '..', 'shared', 'corpus', name), 'utf8');

test('a report sent without its rules\' text is whole again on the page', async () => {
  const pkg = await loadPackage();
  const checker = new pkg.Checker();
  const shared = sharedText(checker.rules());
  for (const name of ['budapest_convention_2001.txt', 'un_convention_2024_abridged.txt']) {
    const report = checker.check(corpus(name));
    const original = JSON.stringify(report);
    // As postMessage copies it between threads.
    const sent = structuredClone(withoutSharedText(checker.check(corpus(name)), shared));
    assert.ok(sent.findings.length > 0, `${name} has findings`);
    assert.ok(sent.findings.every((f) => f.why === undefined && f.suggestion === undefined && f.references === undefined),
      `${name}: the rules' text is not sent`);
    assert.ok(sent.findings.some((f) => f.message), `${name}: each finding's own message is sent`);
    assert.equal(JSON.stringify(withSharedText(sent, shared)), original, `${name}: the same report, field for field, in order`);
  }
});

test('a finding whose text differs from its rule\'s keeps its own', () => {
  const shared = sharedText([{ id: 'r', title: 'T', why: 'W', references: ['A', 'B'], suggestion: 'S' }]);
  const report = { findings: [{ rule: 'r', title: 'T', why: 'other', references: ['A', 'B'], suggestion: 'S' }] };
  const sent = structuredClone(withoutSharedText(report, shared));
  assert.equal(sent.findings[0].why, 'other');
  assert.deepEqual(withSharedText(sent, shared).findings[0], { rule: 'r', title: 'T', why: 'other', references: ['A', 'B'], suggestion: 'S' });
});
