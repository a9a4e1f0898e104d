import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { JsonSplitter, jsonItems, jsonLinesItems } from './source-json.ts';
import { detectFormat } from './source.ts';
import { realFile } from './cqc.test-support.ts';

function split(text: string, chunkSize = text.length): [string | undefined, number][] {
  const out: [string | undefined, number][] = [];
  const splitter = new JsonSplitter((t, unit) => out.push([t, unit]));
  for (let i = 0; i < text.length; i += chunkSize) splitter.push(text.slice(i, i + chunkSize));
  splitter.end();
  return out;
}

const parsed = (units: [string | undefined, number][]) => units.map(([t, unit]) => [t === undefined ? undefined : JSON.parse(t), unit]);

test('the units of every JSON shape the API and its publishers produce, cut at any chunk boundary', () => {
  const a = { locationId: '1-1', name: 'A "quoted" {brace} [bracket] \\ name', locations: undefined };
  const b = { locationId: '1-2', nested: { locations: 'not a list' }, list: [{ x: 1 }] };
  const cases: [string, unknown[][]][] = [
    [JSON.stringify(a), [[JSON.parse(JSON.stringify(a)), 1]]],
    [JSON.stringify([a, b]), [[JSON.parse(JSON.stringify(a)), 1], [b, 2]]],
    [JSON.stringify({ total: 2, page: 1, locations: [a, b], nextPageUri: null }), [[JSON.parse(JSON.stringify(a)), 1], [b, 2]]],
    [JSON.stringify({ locations: [{ total: 2, page: 1, locations: [a, b] }] }), [[JSON.parse(JSON.stringify(a)), 1], [b, 2]]],
    [`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`, [[JSON.parse(JSON.stringify(a)), 1], [b, 2]]],
    ['[]', []],
    ['{"locations": []}', []],
  ];
  for (const [text, expected] of cases) {
    for (const size of [text.length, 1, 2, 7]) assert.deepEqual(parsed(split(text, size)), expected, `${text} in chunks of ${size}`);
  }
});

test('a value that is not an object, and a document cut short, are reported as units', () => {
  assert.deepEqual(split('[{"locationId":"1-1"}, "text", 5, [1], {"locationId":"1-2"}]').map(([t, u]) => [t && JSON.parse(t), u]), [
    [{ locationId: '1-1' }, 1],
    [null, 2],
    [null, 3],
    [null, 4],
    [{ locationId: '1-2' }, 5],
  ]);
  assert.deepEqual(split('[{"locationId":"1-1"}, {"locationId":"1-2", "na'), [['{"locationId":"1-1"}', 1], [undefined, 2]]);
});

test('the real list page streams its 1,000 entries', async () => {
  const items = [];
  for await (const item of jsonItems(Readable.from([readFileSync(realFile('api-locations-list-page-2018.json'))]))) items.push(item);
  assert.equal(items.length, 1000);
  assert.deepEqual(items[0], { kind: 'location', row: 1, location: { locationId: '1-1000210669', name: 'Kingswood House Nursing Home', postcode: 'TN37 6HR' }, publications: [] });
  assert.equal(items[999]?.row, 1000);
});

test('one object per line: a broken line is that row only', async () => {
  const text = '{"locationId":"1-101","locationName":"A","postalCode":"SG1 1AA"}\n{"locationId":"1-102", "locationName": \n\n{"locationId":"1-103","locationName":"C"}\n';
  const items = [];
  for await (const item of jsonLinesItems(Readable.from([text]))) items.push(item);
  assert.deepEqual(items.map((i) => [i.kind, i.row]), [['location', 1], ['reject', 2], ['location', 4]]);
});

test('the format is told from the content', () => {
  const cases: [string | Buffer, string][] = [
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]), 'xlsx'],
    ['[{"locationId":"1-1"}]', 'json'],
    ['\uFEFF  {\n  "locationId": "1-1"\n}', 'json'],
    ['{"locationId":"1-1"}', 'json'],
    ['{"locationId":"1-1"}\n{"locationId":"1-2"}', 'json-lines'],
    ['"Location Name","Location ID"\n', 'csv'],
    ['Kingswood House,,"21 Road",TN37 6HR', 'csv'],
  ];
  for (const [head, expected] of cases) assert.equal(detectFormat(Buffer.isBuffer(head) ? head : Buffer.from(head)), expected, String(head));
});
