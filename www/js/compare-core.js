//! The compare build of the core (www/pkg-compare) in the checker's thread:
//! comparing two texts and the Necessary & Proportionate scorecard. It is
//! larger than the first-load build and most visits never need it, so it is
//! imported the first time a comparison or a scorecard is asked for, then
//! kept. It uses the same rule pack as the checker beside it.

/** Raised when the module cannot be fetched (offline before it was cached); the checker itself is fine. */
export class ModuleLoadError extends Error {
  name = 'ModuleLoadError';
}

let loading = null; // the module's promise, once asked for
let checker = null; // its Checker for the current pack
let pack = null; // { value, name } of a custom pack, or null for the built-in rules

async function load() {
  loading ??= import('../pkg-compare/clauselens_compare.js')
    .then(async (module) => {
      await module.default();
      return module;
    })
    .catch((error) => {
      loading = null; // the next request tries again, say once the network is back
      throw new ModuleLoadError(`The comparison and scorecard module could not be loaded (${error?.message ?? error}). It is stored for offline use once the app has been open for a while online; check the connection and try again.`);
    });
  return loading;
}

/** The checker of the compare build with the rules in use, loaded on first use. */
async function compareChecker() {
  const { Checker } = await load();
  checker ??= pack ? Checker.withRules(pack.value, pack.name) : new Checker();
  return checker;
}

/**
 * Follows a change of rule pack: `value` is the pack as a plain object (null
 * for the built-in rules). The checker is rebuilt when next needed.
 */
export function usePack(value, name) {
  pack = value == null ? null : { value, name };
  checker?.free();
  checker = null;
}

/**
 * Answers the messages this build serves, or returns false for others:
 *   { type: 'prepare' }  ->  { type: 'prepared' }  (loads the module ahead of need)
 *   { type: 'compare', a, b }  ->  { type: 'comparison', comparison, ms }
 *   { type: 'scorecard', text }  ->  { type: 'scorecard', scorecard }
 *   { type: 'markdown', of: 'compare', a, b, nameA, nameB, categories }
 *   { type: 'markdown', of: 'scorecard', text, name }  ->  { type: 'markdown', markdown }
 */
export async function handleExtended(data, post) {
  const { id, type } = data;
  if (type === 'prepare') {
    await compareChecker();
    post({ id, type: 'prepared' });
  } else if (type === 'compare') {
    const core = await compareChecker();
    const started = performance.now();
    const comparison = core.compare(data.a, data.b);
    post({ id, type: 'comparison', comparison, ms: performance.now() - started });
  } else if (type === 'scorecard') {
    post({ id, type: 'scorecard', scorecard: (await compareChecker()).scorecard(data.text) });
  } else if (type === 'markdown' && data.of === 'compare') {
    const core = await compareChecker();
    post({ id, type: 'markdown', markdown: core.compareMarkdown(data.a, data.b, data.nameA, data.nameB, data.categories ?? []) });
  } else if (type === 'markdown' && data.of === 'scorecard') {
    post({ id, type: 'markdown', markdown: (await compareChecker()).scorecardMarkdown(data.text, data.name) });
  } else {
    return false;
  }
  return true;
}
