import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { pdfText } from '../../assessments/pdf-text.test-support.ts';
import { csvCell, tableCsv } from './csv.ts';
import { cellText, fileSlug, type ExportDocument, type Table } from './document.ts';
import { documentPdf } from './pdf.ts';
import { documentXlsx, uniqueSheetName } from './xlsx.ts';

const figures: Table = {
  title: 'Assessments published by band',
  sheetName: 'Assessments',
  columns: [
    { header: 'Service category', kind: 'text' },
    { header: 'Good', kind: 'number' },
    { header: 'Percent good or better', kind: 'percent' },
    { header: 'Change', kind: 'percent' },
    { header: 'Last published', kind: 'date' },
  ],
  rows: [
    ['Care homes (older people)', 13, 46.4, 3, '2018-03-29'],
    ['=HYPERLINK("http://evil")', 0, null, null, null],
    ['Home care, “Support at Home”', 11, 76.5, -2.5, '2018-01-02'],
  ],
};

const doc: ExportDocument = {
  council: 'Northshire County Council',
  title: 'Quality monitoring summary',
  period: 'Q4 2017/18: 1 January to 31 March 2018',
  madeOn: '2018-04-16',
  blocks: [
    { kind: 'heading', text: 'Care homes (older people)' },
    { kind: 'paragraph', text: 'In Q4 46.4% were rated good or excellent.' },
    { kind: 'chart', title: 'Good or better by quarter', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', description: 'Rising from 43.4% in Q3 to 46.4% in Q4.' },
    { kind: 'table', table: figures },
    { kind: 'table', table: { title: 'Suspensions', columns: [{ header: 'Service', kind: 'text' }], rows: [], empty: 'No services were suspended.' } },
    { kind: 'table', table: { title: 'On paper only', columns: [{ header: 'Figure', kind: 'text' }], rows: [['Narrow']], only: 'paper' } },
    { kind: 'table', table: { title: 'In the workbook only', sheetName: 'Data', columns: [{ header: 'Wide', kind: 'text' }], rows: [['Every figure']], only: 'data' } },
  ],
};

describe('CSV', () => {
  const cases: [string | number | null, string][] = [
    ['plain', 'plain'],
    ['with, comma', '"with, comma"'],
    ['with "quotes"', '"with ""quotes"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+44 1234', `"'+44 1234"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
    [-2.5, '-2.5'],
    [46.4, '46.4'],
    [0, '0'],
    [null, ''],
  ];
  for (const [value, expected] of cases) test(`cell ${JSON.stringify(value)}`, () => assert.equal(csvCell(value), expected));

  test('a table: byte order mark, header row, CRLF line ends, numbers as numbers, formulas defused', () => {
    const text = tableCsv(figures);
    assert.ok(text.startsWith('\uFEFF'));
    assert.deepEqual(text.slice(1).split('\r\n'), [
      'Service category,Good,Percent good or better,Change,Last published',
      'Care homes (older people),13,46.4,3,2018-03-29',
      `"'=HYPERLINK(""http://evil"")",0,,,`,
      'Home care,“Support at Home”,11,76.5,-2.5,2018-01-02'.replace('Home care,“Support at Home”', '"Home care, “Support at Home”"'),
      '',
    ]);
  });
});

describe('document helpers', () => {
  test('cells read as people expect', () => {
    const cases: [string | number | null, Parameters<typeof cellText>[1], string][] = [
      [46.4, 'percent', '46.4%'],
      [90, 'percent', '90.0%'],
      [-3, 'percent', '-3.0%'],
      ['2018-03-31', 'date', '31 March 2018'],
      [13, 'number', '13'],
      [null, 'number', ''],
      ['text', 'text', 'text'],
    ];
    for (const [value, kind, expected] of cases) assert.equal(cellText(value, kind), expected);
  });

  test('file names and sheet names', () => {
    assert.equal(fileSlug('Quality monitoring summary', 'Q4 2017/18'), 'quality-monitoring-summary-q4-2017-18');
    const taken = new Set<string>();
    assert.equal(uniqueSheetName('Care homes: older people [Q4]', taken), 'Care homes older people Q4');
    assert.equal(uniqueSheetName('care homes older people q4', taken), 'care homes older people q4 2');
    assert.equal(uniqueSheetName('A very long table title that goes on and on', taken), 'A very long table title that go');
    assert.equal(uniqueSheetName('A very long table title that goes on and on', taken), 'A very long table title that 2');
  });
});

describe('XLSX', () => {
  test('an About sheet, then a sheet per table: header row bold and frozen, numbers as numbers, days as dates', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await documentXlsx(doc)) as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['About', 'Assessments', 'Suspensions', 'Data'],
    );
    const about = workbook.getWorksheet('About')!;
    const aboutRows = about.getSheetValues().slice(2).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    assert.deepEqual(aboutRows.slice(0, 4), [
      ['Council', 'Northshire County Council'],
      ['Title', 'Quality monitoring summary'],
      ['Period', 'Q4 2017/18: 1 January to 31 March 2018'],
      ['Made on', '16 April 2018'],
    ]);
    assert.ok(aboutRows.some((r) => r[1] === 'In Q4 46.4% were rated good or excellent.'));
    assert.ok(aboutRows.some((r) => r[0] === 'Chart' && r[1] === 'Good or better by quarter: Rising from 43.4% in Q3 to 46.4% in Q4.'));

    const sheet = workbook.getWorksheet('Assessments')!;
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.equal(sheet.getRow(1).font?.bold, true);
    assert.deepEqual((sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1), ['Service category', 'Good', 'Percent good or better', 'Change', 'Last published']);
    const first = sheet.getRow(2);
    assert.equal(first.getCell(2).value, 13);
    assert.equal(first.getCell(3).value, 46.4);
    assert.equal(first.getCell(3).numFmt, '0.0');
    assert.ok(first.getCell(5).value instanceof Date);
    assert.equal((first.getCell(5).value as Date).toISOString().slice(0, 10), '2018-03-29');
    // Text stays text: a formula typed into a record is never a formula in the workbook.
    assert.equal(sheet.getRow(3).getCell(1).value, '=HYPERLINK("http://evil")');
    assert.equal(sheet.getRow(3).getCell(1).formula, undefined);
    assert.equal(sheet.getRow(3).getCell(3).value, null);
    assert.equal(sheet.getRow(4).getCell(4).value, -2.5);
    assert.equal(workbook.getWorksheet('Suspensions')!.rowCount, 1);
  });
});

describe('PDF', () => {
  test('A4, with council, title, period, the day made, tables and page numbers, as text', async () => {
    const pdf = await documentPdf(doc, { compress: false });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /\/MediaBox \[0 0 595\.28 841\.89\]/);
    // A header may wrap onto two lines of its cell: the words are read in order.
    const text = pdfText(pdf)
      .map((t) => t.trim())
      .join(' ');
    for (const expected of [
      'Northshire County Council',
      'Quality monitoring summary',
      'Q4 2017/18: 1 January to 31 March 2018',
      'Made on 16 April 2018',
      'Assessments published by band',
      'Percent good or better',
      '46.4%',
      '-2.5%',
      '29 March 2018',
      'No services were suspended.',
      'Good or better by quarter',
      'Rising from 43.4% in Q3 to 46.4% in Q4.',
      'Page 1 of 1',
      'On paper only',
    ]) {
      assert.ok(text.includes(expected), `the PDF says ${expected}`);
    }
    assert.ok(!text.includes('In the workbook only'), 'a data-only table stays out of the PDF');
  });

  test('a long table runs onto more pages, its header row repeated, every page numbered', async () => {
    const long: Table = { ...figures, rows: Array.from({ length: 120 }, (_, i) => [`Service ${i + 1}`, i, 50, 0, '2018-01-01']) };
    const pdf = await documentPdf({ ...doc, blocks: [{ kind: 'table', table: long }] }, { compress: false });
    const text = pdfText(pdf);
    const pages = Number(/Page 1 of (\d+)/.exec(text.join('\n'))?.[1]);
    assert.ok(pages >= 3, `${pages} pages`);
    for (let n = 1; n <= pages; n++) assert.ok(text.includes(`Page ${n} of ${pages}`));
    assert.equal(text.filter((t) => t === 'Service category').length, pages);
    assert.ok(text.includes('Service 120'));
  });
});
