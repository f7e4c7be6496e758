//! Reads `wasm-pack.toml`, the Wasm build settings and size budget, so the
//! build script and the tests agree on one source of truth.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

/** The repository root (this file is scripts/lib/config.mjs). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The build settings of the first-load module, checked, with paths made absolute:
 * `{ name, target, profile, outDir, outName, wasmPath, jsPath, cargoFlags, remove,
 *    wasmOptFlags, budget: { wasmBrotliBytes, firstLoadGzipBytes }, compare }`.
 * `compare` is the compare module's settings in the same shape (its budget
 * has `wasmBrotliBytes` only); `modules` lists both, first-load first.
 */
export function readBuildConfig(file = join(root, 'wasm-pack.toml')) {
  let toml;
  try {
    toml = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
  const field = (table, key, type, fallback) => {
    const value = toml[table]?.[key] ?? fallback;
    const ok = type === 'string[]'
      ? Array.isArray(value) && value.every((v) => typeof v === 'string')
      : typeof value === type;
    if (!ok) throw new Error(`${file}: [${table}] ${key} must be a ${type}`);
    return value;
  };
  /** One module's settings from `table`, the rest from [build]. */
  const module = (name, table, budget) => {
    const outDir = join(root, field(table, 'out-dir', 'string'));
    const outName = field(table, 'out-name', 'string');
    return {
      name,
      target: field('build', 'target', 'string'),
      outDir,
      outName,
      profile: field('build', 'profile', 'string'),
      wasmPath: join(outDir, `${outName}_bg.wasm`),
      jsPath: join(outDir, `${outName}.js`),
      cargoFlags: field(table, 'cargo-flags', 'string[]'),
      remove: field(table, 'remove', 'string[]', toml.build?.remove),
      wasmOptFlags: field('wasm-opt', 'flags', 'string[]'),
      budget,
    };
  };
  const firstLoad = module('first-load', 'build', {
    wasmBrotliBytes: field('budget', 'wasm-brotli-kb', 'number') * 1000,
    firstLoadGzipBytes: field('budget', 'first-load-gzip-kb', 'number') * 1000,
  });
  const compare = module('compare', 'compare', {
    wasmBrotliBytes: field('budget', 'compare-wasm-brotli-kb', 'number') * 1000,
  });
  return { ...firstLoad, compare, modules: [firstLoad, compare] };
}
