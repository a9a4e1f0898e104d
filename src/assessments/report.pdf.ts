import type PDFDocument from 'pdfkit';
import { ukDate } from '../core/http/views.ts';
import type { ReportModel } from './assessments.view.ts';
import { lazyRequire } from '../core/lazy.ts';

const pdfkit = lazyRequire<typeof PDFDocument>('pdfkit');

const INK = '#0b0c0c';
const GREY = '#505a5f';

/**
 * The assessment report as a PDF: the same content as the printable page. Confidential evidence is left
 * out, as on the page, because reports leave the council. `compress: false` keeps the text readable in tests.
 */
export function reportPdf(report: ReportModel, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new (pdfkit())({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    info: { Title: `Quality assessment report: ${report.serviceName}`, Author: 'Care Oversight', Subject: report.frameworkName },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string, size: number) => doc.font('Helvetica-Bold').fontSize(size).fillColor(INK).text(text).moveDown(0.4);
  const line = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(`${label}: `, { continued: true });
    doc.font('Helvetica').text(value);
  };

  if (report.draft) {
    doc.font('Helvetica-Bold').fontSize(10).fillColor('#d4351c').text(`${report.status.toUpperCase()}: NOT A PUBLISHED REPORT`).moveDown(0.5);
  }
  if (report.superseded) {
    doc.font('Helvetica-Bold').fontSize(10).fillColor('#d4351c').text('THIS REPORT HAS BEEN CORRECTED BY A LATER VERSION').moveDown(0.5);
  }
  heading('Quality assessment report', 20);
  heading(report.serviceName, 16);
  line('Provider', report.providerName);
  line('Type of service', report.category);
  line('Assessment', `${report.kind}, ${report.frameworkName}`);
  if (report.visitedOn) line('Date of visit', ukDate(report.visitedOn));
  if (report.completedOn) line('Completed', ukDate(report.completedOn));
  if (report.publishedOn) line('Published', ukDate(report.publishedOn));
  if (report.version > 1) {
    line('Version', String(report.version));
    line('Reason for correction', report.correctionReason ?? '');
  }
  doc.moveDown();

  heading('Overall result', 14);
  doc.font('Helvetica-Bold').fontSize(12).text(report.scores.overall.rated ? report.scores.overall.text : 'Not rated: no question has an answer other than not applicable');
  doc.moveDown(0.6);
  heading('Results by domain', 14);
  for (const d of report.scores.domains) {
    const result = d.rated ? `${d.bandText}${d.percent === undefined ? '' : ` (${d.percent}%)`}` : `Not rated (${d.notRatedReason.toLowerCase()})`;
    doc.font('Helvetica').fontSize(10).fillColor(INK).text(`${d.number}. ${d.name}: `, { continued: true }).font('Helvetica-Bold').text(result);
  }

  for (const domain of report.domains) {
    doc.addPage();
    heading(`${domain.number}. ${domain.name}`, 14);
    for (const q of domain.questions) {
      doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(`${q.number}  ${q.text}`);
      doc.font('Helvetica').fontSize(10).fillColor(q.belowStandard ? '#d4351c' : INK).text(`Answer: ${q.answer ?? 'Not answered'}`);
      if (q.evidence && !q.confidential) {
        doc.fillColor(GREY).text(`Evidence${q.source ? ` (${q.source})` : ''}: ${q.evidence}`);
      }
      doc.moveDown(0.6);
    }
  }
  doc.end();
  return finished;
}
