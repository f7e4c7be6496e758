//! Word and PDF files made from a text, for the tests that open files: the
//! same text pasted and opened must give the same findings. Built fresh by
//! each run with the `docx` and `pdf-lib` packages, so no binary fixture is
//! committed and the files always match the text they are compared with.

import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A .docx with one Word paragraph per non-blank line of `text`. */
export async function docxOf(text) {
  const paragraphs = text.split('\n').filter((line) => line.trim()).map((line) => new Paragraph(line));
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
}

/**
 * A PDF with `text` set in Helvetica on A4 pages, lines wrapped at word
 * boundaries as a word processor would, and a blank line between paragraphs.
 */
export async function pdfOf(text) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const size = 10;
  const width = 595 - 2 * 56;
  const lines = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line);
        line = word;
      } else {
        line = next;
      }
    }
    lines.push(line);
  }
  let page;
  let y = 0;
  for (const line of lines) {
    if (!page || y < 56) {
      page = pdf.addPage([595, 842]);
      y = 842 - 56;
    }
    if (line) page.drawText(line, { x: 56, y, size, font });
    y -= size * 1.4;
  }
  return Buffer.from(await pdf.save());
}
