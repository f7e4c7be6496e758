//! Loads a real Wasm build into Node, as the page would load it in a
//! browser, for the build's smoke check and the tests: the first-load build
//! (www/pkg) by default, the compare build with `readBuildConfig().compare`.

import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readBuildConfig } from './config.mjs';

/**
 * The wasm-bindgen module (`Checker` and friends), initialised with the
 * built `.wasm` file. Fails with a hint when there is no build yet.
 */
export async function loadPackage(config = readBuildConfig()) {
  let bytes;
  try {
    bytes = readFileSync(config.wasmPath);
  } catch {
    throw new Error(`no Wasm build at ${config.wasmPath}: run scripts/build-wasm first`);
  }
  const pkg = await import(pathToFileURL(config.jsPath).href);
  pkg.initSync({ module: bytes });
  return pkg;
}
