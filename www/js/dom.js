//! A tiny element builder. Text always goes in as text nodes and attributes
//! through setAttribute, so nothing a person pastes or a rule pack says is
//! ever parsed as HTML.

/**
 * `h('p', { class: 'note' }, 'Hello ', h('b', {}, name))`.
 * Attribute values of `false`/`null`/`undefined` are skipped; `on*` keys
 * (functions) become event listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (typeof value === 'function' && key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Empties `el` and fills it with `children`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A human size: 1.2 MB, 65 KB. */
export function formatSize(chars) {
  if (chars >= 1e6) return `${(chars / 1e6).toFixed(1)} MB`;
  if (chars >= 1e3) return `${Math.round(chars / 1e3)} KB`;
  return `${chars} characters`;
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
