//! Text out of the files people have: .txt and .md as they are, .html
//! through DOMParser (an inert document: no script runs, nothing loads),
//! .docx with mammoth and .pdf with pdf.js. Both libraries are self-hosted
//! under vendor/ and loaded only when such a file is opened.

const VENDOR = new URL('../vendor/', import.meta.url);

/** Files larger than this are refused with a message rather than freezing the tab. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export const ACCEPT = '.txt,.text,.md,.markdown,.html,.htm,.docx,.pdf,text/plain,text/markdown,text/html,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Reads `file` as text. `progress(done, total)` reports pages of a PDF.
 * Throws an Error with a message for a person when the file cannot be read.
 */
export async function extractText(file, progress = () => {}) {
  if (file.size > MAX_FILE_BYTES) {
    throw new Error(`${file.name} is ${Math.round(file.size / 1048576)} MB; ClauseLens opens files up to 50 MB.`);
  }
  const ext = file.name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (ext === 'pdf' || startsWith(bytes, '%PDF-')) return pdfText(bytes, progress);
  if (ext === 'docx' || (!ext && startsWith(bytes, 'PK'))) return docxText(bytes);
  if (['html', 'htm', 'xhtml'].includes(ext) || file.type === 'text/html') return htmlText(decode(bytes, file.name));
  return decode(bytes, file.name);
}

const startsWith = (bytes, magic) => [...magic].every((c, i) => bytes[i] === c.charCodeAt(0));

/** UTF-8 text (UTF-16 with a byte-order mark too); binary files are refused. */
function decode(bytes, name) {
  const sample = bytes.subarray(0, 8192);
  const utf16 = (sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff);
  if (!utf16 && sample.includes(0)) {
    throw new Error(`${name} does not look like text. ClauseLens reads .txt, .md, .html, .docx and .pdf files.`);
  }
  const label = utf16 ? (sample[0] === 0xff ? 'utf-16le' : 'utf-16be') : 'utf-8';
  return new TextDecoder(label).decode(bytes);
}

/** Block elements end a line; everything else flows into the text around it. */
const BLOCKS = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL']);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'SVG', 'HEAD']);

/** The readable text of an HTML page, parsed into an inert document. */
export function htmlText(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const out = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        out.push(child.parentElement?.closest('pre') ? child.data : child.data.replace(/\s+/g, ' '));
      } else if (child.nodeType === Node.ELEMENT_NODE && !SKIP.has(child.tagName)) {
        const block = BLOCKS.has(child.tagName);
        if (block) out.push('\n');
        walk(child);
        if (block) out.push('\n');
      }
    }
  };
  walk(doc.body ?? doc.documentElement);
  return out.join('').split('\n').map((line) => line.trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

async function docxText(bytes) {
  // mammoth's browser build is a UMD bundle that sets `window.mammoth`.
  await import(new URL('mammoth/mammoth.browser.min.js', VENDOR).href);
  try {
    const { value } = await globalThis.mammoth.extractRawText({ arrayBuffer: bytes.buffer });
    return value.replace(/\n{3,}/g, '\n\n').trim();
  } catch (error) {
    throw new Error(`This Word file could not be read (${error.message}). Is it a .docx file (Word 2007 or later)?`);
  }
}

async function pdfText(bytes, progress) {
  const pdfjs = await import(new URL('pdfjs/pdf.min.mjs', VENDOR).href);
  pdfjs.GlobalWorkerOptions.workerSrc = new URL('pdfjs/pdf.worker.min.mjs', VENDOR).href;
  let pdf;
  try {
    pdf = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
  } catch (error) {
    throw new Error(`This PDF could not be read (${error.message}).`);
  }
  const pages = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => (item.str ?? '') + (item.hasEOL ? '\n' : '')).join(''));
      page.cleanup();
      progress(n, pdf.numPages);
    }
  } finally {
    await pdf.destroy();
  }
  const text = pages.join('\n\n').replace(/[ \t]+\n/g, '\n').trim();
  if (!text) throw new Error('This PDF has no text layer (it may be a scan). ClauseLens needs text it can read; try a PDF with selectable text.');
  return text;
}
