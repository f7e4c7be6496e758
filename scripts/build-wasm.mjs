//! Builds the browser's Wasm modules as wasm-pack.toml says: the first-load
//! module into www/pkg, and the compare module (comparing drafts, the N&P
//! scorecard; loaded only when needed) into www/pkg-compare. For each:
//! wasm-pack (no downloads), then wasm-opt from the npm `binaryen` package,
//! a smoke check that the optimised module still works, the sizes, and its
//! size budget. Beside the first-load module it writes `build.js`, the
//! Wasm's fingerprint, under which the page keeps its last report.
//!
//! A module is not rebuilt when the inputs (src/, rules/, data/, Cargo.*,
//! build.rs, wasm-pack.toml, this script) and its output are as its last
//! build left them; the sizes and budget are still reported.
//!
//! Exit codes: 0 built and within budget; 1 a build failed; 3 the builds
//! work but one is over its size budget (scripts/serve still serves it).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readBuildConfig, root } from './lib/config.mjs';
import { kb, sizes } from './lib/sizes.mjs';
import { loadPackage } from './lib/wasm.mjs';

const OVER_BUDGET = 3;
const INPUTS = ['src', 'rules', 'data', 'Cargo.toml', 'Cargo.lock', 'build.rs', 'wasm-pack.toml', 'scripts/build-wasm', 'scripts/build-wasm.mjs', 'scripts/lib'];
const stampDir = process.env.CARGO_TARGET_DIR || join(root, 'target');
const stampPath = (config) => join(stampDir, `clauselens-wasm-build-${config.name}.json`);

function fail(message) {
  console.error(`build-wasm: error: ${message}`);
  process.exit(1);
}

function run(command, args) {
  console.log(`build-wasm: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(`could not run ${command}: ${result.error.message} (run scripts/setup)`);
  if (result.status !== 0) fail(`${command} failed (exit ${result.status})`);
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** One hash over the paths and contents of every input file. */
function inputsHash() {
  const hash = createHash('sha256');
  const visit = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else {
      hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  INPUTS.forEach((input) => visit(join(root, input)));
  return hash.digest('hex');
}

function readStamp(config) {
  try {
    return JSON.parse(readFileSync(stampPath(config), 'utf8'));
  } catch {
    return null;
  }
}

function build(config) {
  run('wasm-pack', [
    'build', '--mode', 'no-install', '--profile', config.profile,
    '--target', config.target, '--out-dir', config.outDir, '--out-name', config.outName,
    '--', ...config.cargoFlags,
  ]);
  for (const name of config.remove) rmSync(join(config.outDir, name), { force: true });
  const optimised = `${config.wasmPath}.opt`;
  run(join(root, 'node_modules', '.bin', 'wasm-opt'), [...config.wasmOptFlags, config.wasmPath, '-o', optimised]);
  renameSync(optimised, config.wasmPath);
}

/** Loads the optimised module and uses it, so a broken wasm-opt pass fails here. */
async function smokeCheck(config) {
  const text = 'Article 1\n\nThe provider shall keep confidential the fact that the order was executed.';
  try {
    const pkg = await loadPackage(config);
    const checker = new pkg.Checker();
    const report = checker.check(text);
    if (!Array.isArray(report.findings) || typeof report.summary?.total !== 'number') {
      throw new Error(`check() returned no report: ${JSON.stringify(report).slice(0, 200)}`);
    }
    if (config.name === 'compare') {
      const comparison = checker.compare(text, text.replace('confidential', 'secret'));
      if (!Array.isArray(comparison.changes)) throw new Error('compare() returned no changes');
      if (checker.scorecard(text).principles?.length !== 13) throw new Error('scorecard() has not 13 principles');
    }
    checker.free();
  } catch (e) {
    fail(`the optimised Wasm (${relative(root, config.wasmPath)}) does not work: ${e.stack || e}`);
  }
}

/**
 * Writes `build.js` beside the first-load module: the fingerprint of its
 * Wasm (the core and the built-in rules). The page keeps the last report
 * under it and shows a saved report only to the build that made it
 * (www/js/saved-report.js).
 */
function writeBuildId(config) {
  const id = sha256(readFileSync(config.wasmPath)).slice(0, 32);
  writeFileSync(join(config.outDir, 'build.js'),
    `// Written by scripts/build-wasm: the fingerprint of clauselens_bg.wasm.\nexport const BUILD = '${id}';\n`);
}

const show = (path, s) => console.log(
  `  ${relative(root, path).padEnd(38)} raw ${kb(s.raw).padStart(9)}   gzip ${kb(s.gzip).padStart(9)}   brotli ${kb(s.brotli).padStart(9)}`,
);

/** Builds one module unless it is up to date; returns whether it is within its budget. */
async function buildModule(config, inputs) {
  const stamp = readStamp(config);
  const current = existsSync(config.wasmPath) && existsSync(config.jsPath) ? readFileSync(config.wasmPath) : null;
  let measured;
  if (stamp && current && stamp.inputs === inputs && stamp.wasm === sha256(current)) {
    console.log(`build-wasm: ${config.name} module up to date (nothing changed under src/, rules/, data/, Cargo.*, build.rs, wasm-pack.toml)`);
    measured = stamp.sizes;
  } else {
    build(config);
    const wasm = readFileSync(config.wasmPath);
    await smokeCheck(config);
    measured = sizes(wasm);
    mkdirSync(stampDir, { recursive: true });
    writeFileSync(stampPath(config), JSON.stringify({ inputs, wasm: sha256(wasm), sizes: measured }, null, 2));
  }

  if (config.name === 'first-load') writeBuildId(config);

  console.log(`build-wasm: ${config.name} module sizes`);
  show(config.wasmPath, measured);
  show(config.jsPath, sizes(readFileSync(config.jsPath)));

  const limit = config.budget.wasmBrotliBytes;
  if (measured.brotli > limit) {
    console.error(
      `build-wasm: OVER BUDGET: the ${config.name} Wasm is ${kb(measured.brotli)} brotli, ${kb(measured.brotli - limit)} over ` +
      `its ${kb(limit)} limit ([budget] in wasm-pack.toml). The build in ${relative(root, config.outDir)} works, ` +
      'but it is too large to ship; see issue 5 for ways to shrink it.',
    );
    return false;
  }
  console.log(`build-wasm: ${config.name} module within budget (${kb(measured.brotli)} of ${kb(limit)} brotli)`);
  return true;
}

const inputs = inputsHash();
let within = true;
for (const config of readBuildConfig().modules) within = (await buildModule(config, inputs)) && within;
if (!within) process.exit(OVER_BUDGET);
