import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanSearchText, pageCount, pageNumbers, parseServiceListQuery, serviceListQueryString } from './services.search.ts';

const OFFICER = '3f2a8c1e-1111-4222-8333-444455556666';

describe('reading the services list query', () => {
  test('no query gives the default view', () => {
    assert.deepEqual(parseServiceListQuery({}), {
      q: undefined,
      category: undefined,
      inCounty: undefined,
      leadOfficerId: undefined,
      providerId: undefined,
      sort: 'name',
      order: 'asc',
      page: 1,
    });
  });

  test('every recognised value is kept', () => {
    const parsed = parseServiceListQuery({
      q: '  Oak   House ',
      category: 'home_care',
      inCounty: 'no',
      leadOfficerId: OFFICER,
      providerId: OFFICER,
      sort: 'postcode',
      order: 'desc',
      page: '3',
    });
    assert.deepEqual(parsed, { q: 'Oak House', category: 'home_care', inCounty: false, leadOfficerId: OFFICER, providerId: OFFICER, sort: 'postcode', order: 'desc', page: 3 });
  });

  const fallbacks: [string, Record<string, unknown>, Partial<ReturnType<typeof parseServiceListQuery>>][] = [
    ['unknown category', { category: 'hospital' }, { category: undefined }],
    ['in county yes', { inCounty: 'yes' }, { inCounty: true }],
    ['in county anything else', { inCounty: 'maybe' }, { inCounty: undefined }],
    ['officer that is not an id', { leadOfficerId: 'bob' }, { leadOfficerId: undefined }],
    ['unknown sort', { sort: 'cost' }, { sort: 'name', order: 'asc' }],
    ['last updated sorts newest first by default', { sort: 'updatedAt' }, { sort: 'updatedAt', order: 'desc' }],
    ['funded people sorts most first by default', { sort: 'fundedPeople' }, { sort: 'fundedPeople', order: 'desc' }],
    ['explicit ascending wins', { sort: 'updatedAt', order: 'asc' }, { order: 'asc' }],
    ['unknown order', { order: 'sideways' }, { order: 'asc' }],
    ['page zero', { page: '0' }, { page: 1 }],
    ['negative page', { page: '-2' }, { page: 1 }],
    ['page with text', { page: '2abc' }, { page: 1 }],
    ['huge page', { page: '999999' }, { page: 10000 }],
    ['repeated parameter takes the first', { q: ['one', 'two'] }, { q: 'one' }],
    ['blank search', { q: '   ' }, { q: undefined }],
  ];
  for (const [name, input, expected] of fallbacks) {
    test(name, () => {
      const parsed = parseServiceListQuery(input);
      for (const [key, value] of Object.entries(expected)) assert.equal(parsed[key as keyof typeof parsed], value, key);
    });
  }

  test('long search text is cut to 100 characters', () => {
    assert.equal(cleanSearchText('x'.repeat(500))?.length, 100);
  });

  test('the query string leaves out defaults and round-trips', () => {
    const query = parseServiceListQuery({ q: 'oak', sort: 'updatedAt', page: '2', inCounty: 'no' });
    const qs = serviceListQueryString(query);
    assert.deepEqual(qs, { q: 'oak', category: undefined, inCounty: 'no', leadOfficerId: undefined, providerId: undefined, sort: 'updatedAt', order: undefined, page: '2' });
    assert.deepEqual(parseServiceListQuery(qs), query);
    assert.equal(serviceListQueryString(query, { page: 1 }).page, undefined);
  });
});

describe('page numbers', () => {
  const cases: [number, number, (number | 'gap')[]][] = [
    [1, 1, []],
    [1, 2, [1, 2]],
    [1, 5, [1, 2, 'gap', 5]],
    [3, 5, [1, 2, 3, 4, 5]],
    [5, 10, [1, 'gap', 4, 5, 6, 'gap', 10]],
    [10, 10, [1, 'gap', 9, 10]],
    [3, 10, [1, 2, 3, 4, 'gap', 10]],
  ];
  for (const [current, total, expected] of cases) {
    test(`page ${current} of ${total}`, () => assert.deepEqual(pageNumbers(current, total), expected));
  }
  test('page count', () => {
    assert.equal(pageCount(0, 25), 1);
    assert.equal(pageCount(25, 25), 1);
    assert.equal(pageCount(26, 25), 2);
  });
});
