//! The iframe form of <clause-lens> (widget.html), for sites whose policies
//! forbid third-party scripts: its settings come from the address, e.g.
//! widget.html?categories=secrecy,blocking&theme=dark&sample=budapest_convention_2001.txt
//! `sample` names one of the bundled samples/, never text: text in an
//! address would be sent to the server.

import '../clause-lens.js';

const params = new URLSearchParams(location.search);
const widget = document.getElementById('widget');
for (const name of ['categories', 'theme']) {
  if (params.has(name)) widget.setAttribute(name, params.get(name));
}
widget.setAttribute('height', '100%');

const sample = params.get('sample');
if (sample) {
  const index = await (await fetch(new URL('../samples/index.json', import.meta.url))).json();
  const known = index.samples.find((s) => s.file === sample);
  if (known) widget.value = await (await fetch(new URL(`../samples/${encodeURIComponent(known.file)}`, import.meta.url))).text();
}
