import { inflateSync } from 'node:zlib';

/**
 * Test helper: the text of a PDF that pdfkit wrote with its standard fonts, one string per text object.
 * Content streams are inflated when compressed; each TJ array's hex strings are joined and decoded.
 */
export function pdfText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let match = streams.exec(raw); match; match = streams.exec(raw)) {
    const bytes = Buffer.from(match[1]!, 'latin1');
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = bytes.toString('latin1');
    }
    for (const block of content.match(/BT[\s\S]*?ET/g) ?? []) {
      const hex = [...block.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]).join('');
      if (hex) lines.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return lines;
}
