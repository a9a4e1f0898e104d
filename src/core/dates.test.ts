import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, addMonths, daysBetween } from './dates.ts';

describe('date arithmetic', () => {
  test('addMonths backwards clamps too', () => assert.equal(addMonths('2027-03-31', -1), '2027-02-28'));
  test('addDays across a month and a year', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  });
  test('daysBetween is signed', () => {
    assert.equal(daysBetween('2026-11-01', '2026-11-15'), 14);
    assert.equal(daysBetween('2026-11-15', '2026-11-01'), -14);
  });
});
