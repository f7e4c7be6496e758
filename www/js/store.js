//! Keeps the person's text and settings on this device (IndexedDB), so a
//! reload or a crash loses nothing; `clear` removes them. The checker's
//! state is kept under one key, the comparison's two texts under another
//! (`'compare'`). Nothing here ever touches the network.
//!
//! A long text is stored in parts, each written from a callback of its
//! own: IndexedDB copies a value of over 64 KB into a blob on the page's
//! thread, which for a 1 MB text took 5-10 ms in one go, time a key typed
//! just then would wait for; a part takes well under a millisecond.

const DB = 'clauselens';
const STORE = 'state';
const KEY = 'current';
/** How many characters a part of a long text holds: at most 64 KB, even at two bytes a character. */
const PART = 32_768;
/** What a record holds instead of a long text: how many parts it is in, stored under [key, field, part]. */
const IN_PARTS = 'inParts';

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

/** Every part of every long text of the record under `key`. */
const partsOf = (key) => IDBKeyRange.bound([key], [key, []]);

/** The saved state (the checker's: `{ text, name, settings, savedAt }`), or undefined. */
export const load = (key = KEY) => run('readonly', (s) => {
  const request = s.get(key);
  request.onsuccess = () => {
    const record = request.result;
    for (const [field, value] of Object.entries(record ?? {})) {
      if (!value?.[IN_PARTS]) continue;
      const parts = s.getAll(IDBKeyRange.bound([key, field, 0], [key, field, value[IN_PARTS] - 1]));
      parts.onsuccess = () => { record[field] = parts.result.join(''); };
    }
  };
  return request;
});

/**
 * Saves `state` under `key`. A top-level field holding a long text (a
 * string, or a TextBox snapshot: anything with `length` and `slice`) is
 * read and written a part at a time.
 */
export const save = (state, key = KEY) => run('readwrite', (s) => {
  const record = { ...state, savedAt: Date.now() };
  const parts = [];
  for (const [field, text] of Object.entries(record)) {
    if (!(typeof text?.slice === 'function' && !Array.isArray(text) && text.length > PART)) continue;
    const count = Math.ceil(text.length / PART);
    record[field] = { [IN_PARTS]: count };
    for (let i = 0; i < count; i++) parts.push([field, text, i]);
  }
  s.delete(partsOf(key));
  const request = s.put(record, key);
  let next = 0;
  const writePart = () => {
    if (next === parts.length) return;
    const [field, text, i] = parts[next++];
    s.put(text.slice(i * PART, (i + 1) * PART), [key, field, i]).onsuccess = writePart;
  };
  request.onsuccess = writePart;
  return request;
});

export const clear = (key = KEY) => run('readwrite', (s) => {
  s.delete(partsOf(key));
  return s.delete(key);
});

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
