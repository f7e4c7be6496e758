//! Reads `wasm-pack.toml`, the Wasm build settings and size budget, so the
//! build script and the tests agree on one source of truth.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';

/** The repository root (this file is scripts/lib/config.mjs). */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The build settings, checked, with paths made absolute:
 * `{ target, profile, outDir, outName, wasmPath, jsPath, cargoFlags, remove,
 *    wasmOptFlags, budget: { wasmBrotliBytes, firstLoadGzipBytes } }`.
 */
export function readBuildConfig(file = join(root, 'wasm-pack.toml')) {
  let toml;
  try {
    toml = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
  const field = (table, key, type) => {
    const value = toml[table]?.[key];
    const ok = type === 'string[]'
      ? Array.isArray(value) && value.every((v) => typeof v === 'string')
      : typeof value === type;
    if (!ok) throw new Error(`${file}: [${table}] ${key} must be a ${type}`);
    return value;
  };
  const outDir = join(root, field('build', 'out-dir', 'string'));
  const outName = field('build', 'out-name', 'string');
  return {
    target: field('build', 'target', 'string'),
    outDir,
    outName,
    profile: field('build', 'profile', 'string'),
    wasmPath: join(outDir, `${outName}_bg.wasm`),
    jsPath: join(outDir, `${outName}.js`),
    cargoFlags: field('build', 'cargo-flags', 'string[]'),
    remove: field('build', 'remove', 'string[]'),
    wasmOptFlags: field('wasm-opt', 'flags', 'string[]'),
    budget: {
      wasmBrotliBytes: field('budget', 'wasm-brotli-kb', 'number') * 1000,
      firstLoadGzipBytes: field('budget', 'first-load-gzip-kb', 'number') * 1000,
    },
  };
}
