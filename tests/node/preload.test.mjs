//! The page's first scripts (www/index.html) ask for every module they
//! import at once, with `<link rel="modulepreload">`, instead of finding
//! them a level of imports at a time: a returning reader sees the saved
//! findings a round trip or three sooner. The list is kept by hand, so this
//! checks that it holds exactly the modules the page's scripts import.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { root } from '../../scripts/lib/config.mjs';

const www = join(root, 'www');
const page = readFileSync(join(www, 'index.html'), 'utf8');
const attributes = (pattern) => [...page.matchAll(pattern)].map((m) => m[1]);

/** The files a module imports statically (`import ... from`, `export ... from`, `import '...'`), as paths under www/. */
function imports(path) {
  const source = readFileSync(join(www, path), 'utf8');
  return [...source.matchAll(/^(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm)]
    .map((m) => relative(www, join(www, dirname(path), m[1])));
}

test('index.html preloads exactly the modules its scripts import', () => {
  const scripts = attributes(/<script type="module" src="([^"]+)"/g);
  assert.ok(scripts.length > 0, 'the page has module scripts');
  const imported = new Set();
  const visit = (path) => imports(path).filter((file) => !imported.has(file)).forEach((file) => {
    imported.add(file);
    visit(file);
  });
  scripts.forEach(visit);
  scripts.forEach((script) => imported.delete(script));
  const preloaded = attributes(/<link rel="modulepreload" href="([^"]+)"/g);
  assert.deepEqual([...preloaded].sort(), [...imported].sort());
  assert.equal(new Set(preloaded).size, preloaded.length, 'each once');
});
