import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('keyset cursors', () => {
  test('round-trip for the same ordering', () => {
    const cursor = { sort: 'name', key: ['oak house', 'f5b0c0de-0000-4000-8000-000000000001'] };
    const text = encodeCursor(cursor);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(text, 'name', 2), cursor);
  });

  test('numbers and accents survive', () => {
    const cursor = { sort: 'fundedPeople', key: [12, 'Café Ñ', 'id'] };
    assert.deepEqual(decodeCursor(encodeCursor(cursor), 'fundedPeople', 3), cursor);
  });

  const refused: [string, string, string, number][] = [
    ['another ordering', encodeCursor({ sort: 'name', key: ['a', 'b'] }), 'postcode', 2],
    ['wrong key length', encodeCursor({ sort: 'name', key: ['a'] }), 'name', 2],
    ['not base64url', 'abc+/=', 'name', 2],
    ['empty', '', 'name', 2],
    ['not JSON', Buffer.from('{oops').toString('base64url'), 'name', 2],
    ['an object', Buffer.from('{"sort":"name"}').toString('base64url'), 'name', 2],
    ['nested values', Buffer.from('["name",{"x":1},"b"]').toString('base64url'), 'name', 2],
    ['null value', Buffer.from('["name",null,"b"]').toString('base64url'), 'name', 2],
    ['too long', 'a'.repeat(2001), 'name', 2],
  ];
  for (const [name, text, sort, length] of refused) {
    test(`refuses ${name}`, () => assert.equal(decodeCursor(text, sort, length), undefined));
  }
});
