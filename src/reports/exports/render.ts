import type { FastifyReply } from 'fastify';
import { tableCsv } from './csv.ts';
import { fileSlug, FORMATS, tablesOf, type ExportDocument, type ExportFormat } from './document.ts';
import { documentPdf } from './pdf.ts';
import { documentXlsx } from './xlsx.ts';

/** A document written as a file of the format asked for; CSV holds the document's first (main) table. */
export async function renderDocument(doc: ExportDocument, format: ExportFormat): Promise<Buffer | string> {
  switch (format) {
    case 'csv': {
      const main = tablesOf(doc)[0];
      return main ? tableCsv(main) : '\uFEFF';
    }
    case 'xlsx':
      return documentXlsx(doc);
    case 'pdf':
      return documentPdf(doc);
  }
}

/** Sends a document as a download named from its words (`quality-monitoring-summary-q4-2017-18.pdf`). */
export async function sendDocument(reply: FastifyReply, doc: ExportDocument, format: ExportFormat, ...name: readonly string[]) {
  const body = await renderDocument(doc, format);
  return reply
    .header('content-type', FORMATS[format].type)
    .header('content-disposition', `attachment; filename="${fileSlug(...name)}.${FORMATS[format].extension}"`)
    .header('cache-control', 'no-store')
    .send(body);
}
