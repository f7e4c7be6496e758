//! The checker itself, independent of where it runs: loads the Wasm core
//! once and answers messages. worker.js runs it in a Web Worker; when a page
//! cannot start a worker (the embed script served from another origin), the
//! client runs it on the page instead.
//!
//! Messages in:  { id, type: 'check', text } | { id, type: 'rules' }
//!               | { id, type: 'pack', name, toml }  (a TOML or JSON pack; no toml: built-in)
//! Messages out: { id, type: 'report', report, ms } | { id, type: 'rules', rules }
//!               | { id, type: 'error', message, fatal, file?, rule?, field? }
//!               | { type: 'ready', version }
//! A `fatal` error means the Wasm instance may be broken (a panic, out of
//! memory); the client then starts a new one.

import init, { Checker } from '../pkg/clauselens.js';

/**
 * A custom pack's text as an object: JSON, or TOML read by smol-toml
 * (self-hosted, loaded only when a TOML pack is opened). A syntax error
 * becomes a pack error naming the file, like the core's own.
 */
async function readPack(name, text) {
  try {
    if (/\.json$/i.test(name) || text.trimStart().startsWith('{')) return JSON.parse(text);
    const { parse } = await import('../vendor/smol-toml/index.js');
    return parse(text);
  } catch (error) {
    const kind = /\.json$/i.test(name) ? 'JSON' : 'TOML';
    const wrapped = new Error(`${name}: not valid ${kind}: ${String(error?.message ?? error).split('\n')[0]}`);
    wrapped.name = 'RulePackError';
    wrapped.file = name;
    throw wrapped;
  }
}

/**
 * Starts the core; returns the message handler. `post` sends replies;
 * `wasm`, if given, is the core's download, already under way.
 */
export function startChecker(post, wasm) {
  let checker;
  const ready = init(wasm && { module_or_path: wasm }).then(() => {
    checker = new Checker();
    post({ type: 'ready', version: Checker.version() });
  });

  return async function handle(data) {
    const { id, type } = data;
    try {
      await ready;
      if (type === 'check') {
        const started = performance.now();
        const report = checker.check(data.text);
        post({ id, type: 'report', report, ms: performance.now() - started });
      } else if (type === 'rules') {
        post({ id, type: 'rules', rules: checker.rules() });
      } else if (type === 'pack') {
        // Assigned only on success: a broken pack leaves the previous one in use.
        checker = data.toml == null ? new Checker() : Checker.withRules(await readPack(data.name, data.toml), data.name);
        post({ id, type: 'rules', rules: checker.rules() });
      }
    } catch (error) {
      // A rule pack error is the person's to fix; anything else (a Rust panic
      // surfaces as a RuntimeError) leaves the instance unusable.
      post({
        id, type: 'error',
        fatal: error?.name !== 'RulePackError',
        message: String(error?.message ?? error),
        file: error?.file, rule: error?.rule, field: error?.field,
      });
    }
  };
}
