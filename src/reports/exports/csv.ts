import type { Cell, Table } from './document.ts';

/**
 * A table as CSV (RFC 4180: quoted where needed, CRLF line ends), with a byte order mark so that Excel reads
 * it as UTF-8. Text a spreadsheet would run as a formula (starting =, +, - or @, or a tab or carriage return
 * that hides one) is prefixed with an apostrophe; numbers are written as numbers, negative ones included.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== String(value) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvCell(c.header)), ...table.rows.map((row) => table.columns.map((_, i) => csvCell(row[i] ?? null)))];
  return `\uFEFF${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}
