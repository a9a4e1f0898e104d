import type PDFDocument from 'pdfkit';
import { cellText, longDate, type Column, type ExportDocument, type Table } from './document.ts';
import { lazyRequire } from '../../core/lazy.ts';

const pdfkit = lazyRequire<typeof PDFDocument>('pdfkit');

const INK = '#0b0c0c';
const GREY = '#505a5f';
const RED = '#d4351c';
const RULE = '#b1b4b6';
const MARGIN = 50;
const FOOTER_GAP = 30;
const CELL_PADDING = 3;
const TABLE_FONT_SIZE = 8.5;

/**
 * A document as an A4 PDF for a committee: the council, the title, the period and the day it was made at
 * the top; headings, paragraphs and tables (header row repeated on each page a table runs onto, numbers
 * right-aligned); on every page a footer with the council, the title and "Page n of N". Standard fonts, so
 * the text can be selected, searched and read aloud. `compress: false` keeps the text readable in tests.
 */
export function documentPdf(doc: ExportDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const pdf = new (pdfkit())({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_GAP },
    bufferPages: true,
    compress: options.compress ?? true,
    info: { Title: `${doc.title}: ${doc.period}`, Author: doc.council, Subject: doc.period, Creator: 'Care Oversight' },
    lang: 'en-GB',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - MARGIN * 2;
  if (doc.marking) pdf.font('Helvetica-Bold').fontSize(10).fillColor(RED).text(doc.marking, { width }).moveDown(0.5);
  pdf.font('Helvetica').fontSize(12).fillColor(GREY).text(doc.council, { width });
  pdf.font('Helvetica-Bold').fontSize(20).fillColor(INK).text(doc.title, { width }).moveDown(0.2);
  pdf.font('Helvetica').fontSize(12).fillColor(INK).text(doc.period, { width });
  pdf.fontSize(10).fillColor(GREY).text(`Made on ${longDate(doc.madeOn)}`, { width }).moveDown(1);

  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'heading':
        keepRoom(pdf, 80);
        pdf.moveDown(0.5).font('Helvetica-Bold').fontSize(14).fillColor(INK).text(block.text, MARGIN, pdf.y, { width }).moveDown(0.3);
        break;
      case 'paragraph':
        pdf.font('Helvetica').fontSize(10).fillColor(INK).text(block.text, MARGIN, pdf.y, { width }).moveDown(0.5);
        break;
      case 'table':
        if (block.table.only !== 'data') drawTable(pdf, block.table, width);
        break;
      case 'chart':
        keepRoom(pdf, 60);
        pdf.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(block.title, MARGIN, pdf.y, { width }).moveDown(0.2);
        pdf.font('Helvetica').fontSize(10).fillColor(INK).text(block.description, MARGIN, pdf.y, { width }).moveDown(0.8);
        break;
    }
  }

  const pages = pdf.bufferedPageRange();
  for (let i = pages.start; i < pages.start + pages.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - MARGIN - 6;
    pdf.moveTo(MARGIN, y - 6).lineTo(pdf.page.width - MARGIN, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    pdf.font('Helvetica').fontSize(8).fillColor(GREY);
    pdf.text(`${doc.council}: ${doc.title}, ${doc.period}`, MARGIN, y, { width: width - 80, lineBreak: false, ellipsis: true });
    pdf.text(`Page ${i - pages.start + 1} of ${pages.count}`, MARGIN, y, { width, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return finished;
}

function pageBottom(pdf: PDFKit.PDFDocument): number {
  return pdf.page.height - pdf.page.margins.bottom;
}

/** Starts a new page unless `height` points are left on this one. */
function keepRoom(pdf: PDFKit.PDFDocument, height: number) {
  if (pdf.y + height > pageBottom(pdf)) pdf.addPage();
}

function columnWidths(columns: readonly Column[], width: number): number[] {
  const weights = columns.map((c) => c.width ?? (c.kind === 'text' ? 3 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w / total) * width);
}

function drawTable(pdf: PDFKit.PDFDocument, table: Table, width: number) {
  keepRoom(pdf, 60);
  pdf.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(table.title, MARGIN, pdf.y, { width }).moveDown(0.3);
  if (table.rows.length === 0) {
    pdf.font('Helvetica').fontSize(10).fillColor(GREY).text(table.empty ?? 'None.', MARGIN, pdf.y, { width }).moveDown(0.8);
    return;
  }
  const widths = columnWidths(table.columns, width);
  const headers = table.columns.map((c) => c.header);
  const textOf = (row: readonly (string | number | null)[]) => table.columns.map((c, i) => cellText(row[i] ?? null, c.kind));

  const measure = (cells: readonly string[], bold: boolean) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_FONT_SIZE);
    return Math.max(...cells.map((text, i) => pdf.heightOfString(text || ' ', { width: widths[i]! - CELL_PADDING * 2 }))) + CELL_PADDING * 2;
  };
  const draw = (cells: readonly string[], y: number, height: number, bold: boolean) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(TABLE_FONT_SIZE).fillColor(INK);
    let x = MARGIN;
    cells.forEach((text, i) => {
      const kind = table.columns[i]!.kind;
      if (text) pdf.text(text, x + CELL_PADDING, y + CELL_PADDING, { width: widths[i]! - CELL_PADDING * 2, align: kind === 'text' ? 'left' : 'right' });
      x += widths[i]!;
    });
    pdf
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + width, y + height)
      .lineWidth(bold ? 1 : 0.5)
      .strokeColor(bold ? INK : RULE)
      .stroke();
  };

  const headerHeight = measure(headers, true);
  let y = pdf.y;
  draw(headers, y, headerHeight, true);
  y += headerHeight;
  for (const row of table.rows) {
    const cells = textOf(row);
    const height = measure(cells, false);
    if (y + height > pageBottom(pdf)) {
      pdf.addPage();
      y = pdf.page.margins.top;
      draw(headers, y, headerHeight, true);
      y += headerHeight;
    }
    draw(cells, y, height, false);
    y += height;
  }
  pdf.x = MARGIN;
  pdf.y = y;
  pdf.moveDown(0.8);
}
