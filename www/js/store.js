//! Keeps the person's text and settings on this device (IndexedDB), so a
//! reload or a crash loses nothing; `clear` removes them. The checker's
//! state is kept under one key, the comparison's two texts under another
//! (`'compare'`). Nothing here ever touches the network.

const DB = 'clauselens';
const STORE = 'state';
const KEY = 'current';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, act) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** The saved state (the checker's: `{ text, name, settings, savedAt }`), or undefined. */
export const load = (key = KEY) => run('readonly', (s) => s.get(key));

export const save = (state, key = KEY) => run('readwrite', (s) => s.put({ ...state, savedAt: Date.now() }, key));

export const clear = (key = KEY) => run('readwrite', (s) => s.delete(key));

/**
 * Keeps `state()` saved under `key` as it changes: call the returned
 * function after each change. A write starts at once; changes made while
 * one is under way are written together as soon as it ends. So a reload
 * just after a change loses nothing (a write waiting on a timer would be
 * dropped with the page) and typing never piles up writes.
 */
export function keeper(key, state, onError) {
  let writing = false;
  let dirty = false;
  const write = () => {
    writing = true;
    dirty = false;
    save(state(), key).catch(onError).finally(() => {
      writing = false;
      if (dirty) write();
    });
  };
  return () => {
    if (writing) dirty = true;
    else write();
  };
}
