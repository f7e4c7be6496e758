//! Which view the page shows: the checker, or the comparison of two texts
//! when the address ends in #compare (so the view can be linked to and the
//! Back button leaves it). The comparison's code, compare.js, is loaded the
//! first time that view is shown: checking one text never pays for it.

const $ = (id) => document.getElementById(id);

/** Whether the comparison is on show. */
export const comparing = () => document.body.classList.contains('comparing');

/** Follows the address from now on; `checker` is the page's CheckerClient. */
export function startViews(checker) {
  let compare = null;
  const route = (moveFocus) => {
    const on = location.hash === '#compare';
    // A link to a place inside the comparison (none yet, but cheap to honour) keeps it on show.
    if (!on && comparing() && document.getElementById(location.hash.slice(1))?.closest('#compare-view')) return;
    document.body.classList.toggle('comparing', on);
    $('check-view').hidden = on;
    $('compare-view').hidden = !on;
    document.querySelector('.skip-link').textContent = on ? 'Skip to the changes' : 'Skip to findings';
    if (on) {
      compare ??= import('./compare.js').then(({ startCompare }) => startCompare(checker));
      if (moveFocus) $('compare-heading').focus();
    } else if (moveFocus) {
      $('compare-link').focus();
    }
  };
  window.addEventListener('hashchange', () => route(true));
  route(false);
  // In the comparison the skip link moves focus itself: following it as a link would leave #compare.
  document.querySelector('.skip-link').addEventListener('click', (e) => {
    if (!comparing()) return;
    e.preventDefault();
    ($('compare-results').hidden ? $('text-a') : $('compare-results-heading')).focus();
  });
}
