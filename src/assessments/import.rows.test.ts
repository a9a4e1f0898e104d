import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { duplicateRows, isoDateOf, readHeader, readRow, type ImportRow } from './import.rows.ts';

const TODAY = '2026-12-05';

describe('reading a past result’s row', () => {
  const dates: [unknown, string | undefined][] = [
    ['2018-03-27', '2018-03-27'],
    ['27/03/2018', '2018-03-27'],
    ['7/3/2018', '2018-03-07'],
    [new Date(Date.UTC(2018, 2, 27)), '2018-03-27'],
    ['31/02/2018', undefined],
    ['2018-13-01', undefined],
    ['03/27/2018', undefined],
    ['27 March 2018', undefined],
    [43186, undefined],
  ];
  for (const [given, expected] of dates) {
    test(`the date ${given instanceof Date ? 'a workbook date' : JSON.stringify(given)} is ${expected ?? 'not a date'}`, () => assert.equal(isoDateOf(given), expected));
  }

  test('column names are matched without case, spaces or punctuation; a file without the columns it needs is refused', () => {
    const header = readHeader(['cqc_location_id', 'Visit date', 'DATE PUBLISHED', 'Overall rating', 'Domain 2', 'Domain 2 percent', 'Notes']);
    assert.ok(!('missing' in header));
    assert.deepEqual(header.columns, { cqcLocationId: 'cqc_location_id', visitedOn: 'Visit date', publishedOn: 'DATE PUBLISHED', overallBand: 'Overall rating' });
    assert.deepEqual([...header.domains], [[2, { band: 'Domain 2', percent: 'Domain 2 percent' }]]);
    assert.deepEqual(readHeader(['Name', 'Visited']), { missing: ['CQC location ID or service ID', 'published', 'overall band'] });
  });

  const header = readHeader(['CQC location ID', 'Visited', 'Completed', 'Published', 'Overall band', 'Overall percent', 'Domain 1']);
  if ('missing' in header) throw new Error('header');
  const base = { 'CQC location ID': '1-101', Visited: '2018-01-05', Completed: '', Published: '2018-02-01', 'Overall band': 'Good', 'Overall percent': '', 'Domain 1': '' };
  const cases: { name: string; cells: Partial<typeof base>; errors?: string[]; check?: (r: ImportRow) => void }[] = [
    { name: 'no completion date: completed the day it was published', cells: {}, check: (r) => assert.deepEqual([r.visitedOn, r.completedOn, r.publishedOn], ['2018-01-05', '2018-02-01', '2018-02-01']) },
    { name: 'the council’s and CQC’s words for bands', cells: { 'Overall band': 'Adequate', 'Domain 1': 'inadequate' }, check: (r) => assert.deepEqual([r.overallBand, r.domains.get(1)?.band], ['requires_improvement', 'poor']) },
    { name: 'a percent with its sign', cells: { 'Overall percent': '81.5%' }, check: (r) => assert.equal(r.overallPercent, 81.5) },
    { name: 'a visit in the future', cells: { Visited: '2027-01-01', Published: '2027-01-02' }, errors: ['the date of the visit must be today or in the past', 'the date the report was published must be today or in the past'] },
    { name: 'completed before the visit', cells: { Completed: '2018-01-04' }, errors: ['the date the assessment was completed must be the same as or after the date of the visit (5 January 2018)'] },
    { name: 'published before it was completed', cells: { Completed: '2018-02-02' }, errors: ['the date the report was published must be the same as or after the date the assessment was completed (2 February 2018)'] },
    { name: 'no service and no band', cells: { 'CQC location ID': '', 'Overall band': '' }, errors: ['give the service’s CQC location ID or its Care Oversight service ID', 'enter the overall band'] },
    { name: 'a percent over 100', cells: { 'Overall percent': '101' }, errors: ['the overall percent must be a number from 0 to 100'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const read = readRow(2, { ...base, ...c.cells }, header, TODAY);
      if ('errors' in read) assert.deepEqual(read.errors.map((e) => e.reason), c.errors ?? []);
      else {
        assert.equal(c.errors, undefined, 'expected errors');
        c.check?.(read.result);
      }
    });
  }

  test('the same service and publication date twice in one file: the later row is the error', () => {
    const row = (n: number, publishedOn: string) => ({ row: n, publishedOn, cqcLocationId: '1-101' }) as unknown as ImportRow;
    assert.deepEqual(duplicateRows([row(2, '2018-02-01'), row(3, '2018-03-01'), row(4, '2018-02-01')], () => 'service'), [
      { row: 4, reason: 'the same service’s result published on 2018-02-01 is already in row 2' },
    ]);
  });
});
