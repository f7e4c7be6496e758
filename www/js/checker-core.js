//! The checker itself, independent of where it runs: loads the Wasm core
//! once and answers messages. worker.js runs it in a Web Worker; when a page
//! cannot start a worker (the embed script served from another origin), the
//! client runs it on the page instead.
//!
//! Messages in:  { id, type: 'check', text } | { id, type: 'check', edit: { from, to, inserted } }
//!               (the last text checked with its UTF-16 [from, to) replaced by the string `inserted`)
//!               | { id, type: 'rules' }
//!               | { id, type: 'pack', name, toml }  (a TOML or JSON pack; no toml: built-in)
//!               | compare, scorecard and markdown messages (see compare-core.js)
//! Messages out: { id, type: 'report', report, ms }
//!               | { id, type: 'report', changes, ms }  (changes to the last report sent: report-changes.js)
//!               | { id, type: 'rules', rules }
//!               | the replies to those (see compare-core.js)
//!               | { id, type: 'error', message, fatal, file?, rule?, field? }
//!               | { type: 'ready', version }
//!               | { type: 'shared', shared }  (the rules' text, before any report that leaves it out)
//! A report leaves out the text its findings share with their rules
//! (rule-text.js); the client puts it back from the last `shared` message.
//! A `fatal` error means the Wasm instance may be broken (a panic, out of
//! memory); the client then starts a new one.

import init, { Checker } from '../pkg/clauselens.js';
import { handleExtended, usePack } from './compare-core.js';
import { sharedText, withoutSharedText } from './rule-text.js';

/** Errors that leave the Wasm instance sound: the person's to fix, or the network's. */
const HARMLESS = new Set(['RulePackError', 'ModuleLoadError']);

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
  let rules; // its rules' documentation
  let shared; // the text its findings share with their rules
  let told = false; // whether the page holds the report the last recheck gave: the next may go as changes to it
  /** Switches to `next` and sends its rules' text ahead of its reports. */
  const use = (next) => {
    checker = next;
    told = false;
    rules = checker.rules();
    shared = sharedText(rules);
    post({ type: 'shared', shared });
  };
  const ready = init(wasm && { module_or_path: wasm }).then(() => {
    const builtin = new Checker();
    post({ type: 'ready', version: Checker.version() });
    use(builtin);
  });

  // A pack is read asynchronously (TOML): whatever comes after it waits for
  // it, so a restarted worker sent its pack and then a check uses that pack.
  let switching = Promise.resolve();

  return async function handle(data) {
    const { id, type } = data;
    try {
      await ready;
      if (type !== 'pack') await switching;
      if (type === 'check') {
        const started = performance.now();
        // Most checks follow an edit: the core holds the text and applies
        // the edit (a key crosses into the Wasm, not 1 MB), re-reads only
        // the units around it, and tells the report as changes to the last
        // one, which go to the page as they are (a key in a long text then
        // copies a few findings between threads, not all of them). An edit
        // the core cannot apply (it holds no text) fails as an error that
        // starts a new worker, to which the client sends the whole text.
        let reply;
        try {
          const { edit } = data;
          reply = edit ? checker.recheckEdit(edit.from, edit.to, edit.inserted) : checker.recheck(data.text);
        } catch (error) {
          // Whatever the core kept may not be what the page holds now.
          told = false;
          throw error;
        }
        // Changes to a report the page does not hold: start afresh, as above.
        if (reply.moved && !told) throw new Error('the checker has changes to a report the page does not hold');
        const message = reply.moved ? { changes: withoutSharedText(reply, shared) } : { report: withoutSharedText(reply, shared) };
        told = true;
        const ms = performance.now() - started;
        post({ id, type: 'report', ...message, ms });
      } else if (type === 'rules') {
        post({ id, type: 'rules', rules });
      } else if (type === 'pack') {
        const change = switching.then(async () => {
          const pack = data.toml == null ? null : await readPack(data.name, data.toml);
          // Assigned only on success: a broken pack leaves the previous one in use.
          use(pack ? Checker.withRules(pack, data.name) : new Checker());
          usePack(pack, data.name);
        });
        switching = change.catch(() => {});
        await change;
        post({ id, type: 'rules', rules });
      } else {
        await handleExtended(data, post);
      }
    } catch (error) {
      // Anything but a harmless error (a Rust panic surfaces as a
      // RuntimeError) leaves the instance unusable.
      post({
        id, type: 'error',
        fatal: !HARMLESS.has(error?.name),
        message: String(error?.message ?? error),
        file: error?.file, rule: error?.rule, field: error?.field,
      });
    }
  };
}
