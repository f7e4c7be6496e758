//! Registers the service worker that keeps ClauseLens working offline, and
//! says when a new version is waiting: the person chooses when to reload, so
//! an update never swaps the app under their feet mid-edit.

/** `onUpdate(apply)` is called when a new version is ready; `apply()` switches to it. */
export function registerServiceWorker(onUpdate) {
  if (!('serviceWorker' in navigator)) return;
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), { scope: new URL('../', import.meta.url).href }).then((registration) => {
    const offer = (worker) => onUpdate(() => worker.postMessage({ type: 'activate-now' }));
    // A first install is not an update: there is nothing to replace.
    if (registration.waiting && hadController) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
  }).catch(() => {
    // Offline support is a bonus; the app works without it.
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController && !reloading) {
      reloading = true;
      location.reload();
    }
  });
}
