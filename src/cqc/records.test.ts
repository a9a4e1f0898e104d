import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CQC_ID } from './records.ts';

test('every id form CQC uses is a CQC id; numbers, words and codes in lower case are not', () => {
  for (const id of ['1-1000210669', '1-101641234', '1-11177962695', 'RX3LD', 'RX3', '5J501', '5J5', 'Y02344', 'NWX01']) assert.ok(CQC_ID.test(id), id);
  for (const id of ['12345', 'abc', 'rx3ld', 'not-an-id', '1-12', '1-', '', 'RX3 LD', 'ABCDEFGHIJK']) assert.ok(!CQC_ID.test(id), id);
});
