import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCqcDate } from './dates.ts';

test('dates in every form CQC publishes them', () => {
  const cases: [string, string | null][] = [
    ['2025-01-02', '2025-01-02'],
    ['2024-05-10 10:20:30', '2024-05-10'],
    ['2024-05-10T10:20:30Z', '2024-05-10'],
    // .NET timestamps in the directory export are month first
    ['1/2/2025 12:00:00 AM', '2025-01-02'],
    ['6/26/2025 12:00:00 AM', '2025-06-26'],
    ['12/20/2010 12:00:00 AM', '2010-12-20'],
    // CQC's ratings files are day first
    ['13/11/2019', '2019-11-13'],
    ['01/07/2023', '2023-07-01'],
    ['12/02/2022', '2022-02-12'],
    // the 2016 directory
    ['16/11/2015 - 00:00', '2015-11-16'],
    // a part above 12 settles the order
    ['7/30/2021', '2021-07-30'],
    ['30/7/2021', '2021-07-30'],
    ['13-Nov-2019', '2019-11-13'],
    ['2 March 2024', '2024-03-02'],
    ['13-Nov-19', '2019-11-13'],
    // a spreadsheet day number
    ['45000', '2023-03-15'],
    ['', null],
  ];
  for (const [text, expected] of cases) {
    const reading = readCqcDate(text);
    assert.ok(reading.ok, text);
    assert.equal(reading.value, expected, text);
  }
});

test('impossible or unreadable dates are errors', () => {
  for (const text of ['31/02/2024', '2024-13-01', '13/13/2024', 'yesterday', '1/2/25', '00/01/2020', '1850-01-01']) {
    assert.equal(readCqcDate(text).ok, false, text);
  }
});
