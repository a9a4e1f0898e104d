import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { compareValues, csvCell, csvDocument, listQueryShape, orderOf, pageOf, pageWindow, paginationView, sortHeaders } from './lists.ts';

describe('CSV cells', () => {
  const cases: [string, string | number | boolean | null | undefined, string][] = [
    ['plain text as it is', 'Oak House', 'Oak House'],
    ['a formula (=) is defused', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a leading + is defused', '+44 1234', `"'+44 1234"`],
    ['a leading - is defused', '-2+3', `"'-2+3"`],
    ['a leading @ is defused', '@SUM(A1)', `"'@SUM(A1)"`],
    ['a leading tab is defused', '\t=1', `"'\t=1"`],
    ['a leading carriage return is defused', '\r=1', `"'\r=1"`],
    ['a comma is quoted', 'Smith, J', '"Smith, J"'],
    ['a quote is doubled', 'The "Oaks"', '"The ""Oaks"""'],
    ['a line break is quoted', 'a\nb', '"a\nb"'],
    ['a negative number stays a number', -5, '-5'],
    ['null is empty', null, ''],
    ['undefined is empty', undefined, ''],
    ['a boolean', true, 'true'],
  ];
  for (const [name, value, expected] of cases) test(name, () => assert.equal(csvCell(value), expected));
  test('a document: a header, rows, CRLF line ends', () => assert.equal(csvDocument(['A', 'B'], [['=1', 2]]), `A,B\r\n"'=1",2\r\n`));
});

describe('paging', () => {
  test('a window: limit and offset, a page past the end is the last, nothing is one page', () => {
    assert.deepEqual(pageWindow(120, 2, 50), { page: 2, pageCount: 3, pageSize: 50, limit: 50, offset: 50 });
    assert.deepEqual(pageWindow(120, 9, 50), { page: 3, pageCount: 3, pageSize: 50, limit: 50, offset: 100 });
    assert.deepEqual(pageWindow(0, 4, 50), { page: 1, pageCount: 1, pageSize: 50, limit: 50, offset: 0 });
  });
  test('a page of a whole list', () => {
    const page = pageOf([1, 2, 3, 4, 5], 2, 2);
    assert.deepEqual(page, { items: [3, 4], total: 5, page: 2, pageSize: 2, pageCount: 3 });
  });
  test('pagination: none for one page; numbers around the current with gaps', () => {
    assert.equal(paginationView({ page: 1, pageCount: 1 }, String), undefined);
    const view = paginationView({ page: 5, pageCount: 10 }, (n) => `?page=${n}`, 'Pages of things')!;
    assert.equal(view.landmarkLabel, 'Pages of things');
    assert.deepEqual(view.previous, { href: '?page=4' });
    assert.deepEqual(view.next, { href: '?page=6' });
    assert.deepEqual(view.items.map((i) => ('ellipsis' in i ? '…' : i.number)), [1, '…', 3, 4, 5, 6, 7, '…', 10]);
  });
});

describe('sorting', () => {
  const schema = z.object(listQueryShape(['name', 'prr'] as const, { sort: 'prr', order: 'desc' }));
  test('unknown columns and orders fall back to the default', () => {
    assert.deepEqual(schema.parse({ sort: 'drop table', order: 'up', page: 'x' }), { sort: 'prr', order: undefined, page: 1 });
    assert.deepEqual(schema.parse({ sort: 'name', order: 'desc', page: '3' }), { sort: 'name', order: 'desc', page: 3 });
  });
  test('the order: asked for, else the default column’s own, else ascending', () => {
    const defaults = { sort: 'prr', order: 'desc' } as const;
    assert.equal(orderOf({ sort: 'prr' as 'prr' | 'name', order: undefined }, defaults), 'desc');
    assert.equal(orderOf({ sort: 'name' as 'prr' | 'name', order: undefined }, defaults), 'asc');
    assert.equal(orderOf({ sort: 'name' as 'prr' | 'name', order: 'desc' }, defaults), 'desc');
  });
  test('blanks last either way; text without regard to case', () => {
    assert.deepEqual(['b', null, 'A', 'c'].sort((x, y) => compareValues(x, y, 'asc')), ['A', 'b', 'c', null]);
    assert.deepEqual([1, null, 3, 2].sort((x, y) => compareValues(x, y, 'desc')), [3, 2, 1, null]);
  });
  test('headers: the current column says its order and links to the other; others sort their natural way first', () => {
    const headers = sortHeaders([{ key: 'name', text: 'Name' }, { key: 'prr', text: 'PRR', numeric: true }, { text: 'Band' }], { sort: 'name', order: 'asc' }, (s, o) => `?sort=${s}&order=${o}`);
    assert.deepEqual(headers, [
      { text: 'Name', numeric: false, href: '?sort=name&order=desc', ariaSort: 'ascending' },
      { text: 'PRR', numeric: true, href: '?sort=prr&order=desc', ariaSort: 'none' },
      { text: 'Band', numeric: false },
    ]);
  });
});
