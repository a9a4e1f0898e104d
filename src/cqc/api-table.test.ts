import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapApiTableRow, recogniseApiTable } from './api-table.ts';
import { recogniseLayout } from './layouts.ts';

const header = ['', 'locationId', 'name', 'inspectionDirectorate', 'localAuthority', 'providerId', 'careHome', 'numberOfBeds', 'gacServiceTypes', 'currentRatings.overall.rating', 'currentRatings.overall.keyQuestionRatings'];
const layout = recogniseApiTable(header)!;

test("a header in the API's own names is an API table; CQC's own headers are not", () => {
  assert.equal(layout.name, 'api-table');
  assert.deepEqual([...layout.fields].sort(), ['careHome', 'currentRatings', 'gacServiceTypes', 'inspectionDirectorate', 'localAuthority', 'locationId', 'name', 'numberOfBeds', 'providerId']);
  assert.equal(recogniseLayout(header)?.name, 'api-table');
  assert.equal(recogniseApiTable(['Location ID', 'Location Name', 'Location Local Authority']), undefined);
  assert.equal(recogniseApiTable(['LocationID', 'Location Name', 'Postcode']), undefined, 'a plain id column with CQC-style names is a directory');
  assert.equal(recogniseLayout(['LocationID', 'Location Name', 'Postcode'])?.name, 'directory');
  assert.equal(recogniseApiTable(['locationId', 'currentRatings.overall.rating'])?.name, 'api-table');
});

test('a row is put back together as the record it flattens, nested values read as Python literals or JSON', () => {
  const item = mapApiTableRow(
    layout,
    ['0', '1-1000210669', 'Kingswood House', 'Adult social care', 'East Sussex', '1-877912132', 'Y', '28.0', "[{'name': 'Nursing homes', 'description': None}]", 'Good', '[{"name": "Safe", "rating": "Requires improvement"}]'],
    2,
  );
  assert.equal(item.kind, 'location', JSON.stringify(item));
  if (item.kind !== 'location') return;
  assert.deepEqual(item.location, {
    locationId: '1-1000210669',
    name: 'Kingswood House',
    providerId: '1-877912132',
    localAuthority: 'East Sussex',
    careHome: true,
    beds: 28,
    serviceTypes: ['Nursing homes'],
    adultSocialCare: true,
  });
  assert.deepEqual(item.publications, [{ publishedOn: null, values: { overall: 'good', safe: 'requires_improvement' } }]);
});

test('blank cells are no value; a field without a column is left as stored', () => {
  const item = mapApiTableRow(layout, ['1', '1-105862743', 'Warren Drive', 'Adult social care', '', '', 'N', 'nan', '', '', ''], 3);
  assert.equal(item.kind, 'location');
  if (item.kind !== 'location') return;
  assert.equal(item.location.localAuthority, null);
  assert.equal(item.location.providerId, null);
  assert.equal(item.location.beds, null);
  assert.equal('postcode' in item.location, false, 'no postalCode column');
  assert.equal('address' in item.location, false);
});

test('an id of an NHS site is taken; a broken nested cell or a missing id is the row\'s reason', () => {
  const nhs = mapApiTableRow(layout, ['2', '5J501', 'NHS site', 'Hospitals', '', '5J5', '', '', '', '', ''], 4);
  assert.deepEqual(nhs, { kind: 'skip', row: 4, reason: 'not an adult social care location' });
  const broken = mapApiTableRow(layout, ['3', '1-1', 'X', 'Adult social care', '', '', '', '', "[{'name': 'Nursing homes'", '', ''], 5);
  assert.equal(broken.kind, 'reject');
  assert.match(broken.kind === 'reject' ? broken.reason : '', /^gacServiceTypes: not JSON or a Python literal/);
  const noId = mapApiTableRow(layout, ['4', '', 'X', 'Adult social care', '', '', '', '', '', '', ''], 6);
  assert.deepEqual(noId, { kind: 'reject', row: 6, reason: 'no locationId' });
});

test('a header that would reach into objects themselves is left out', () => {
  const unsafe = recogniseApiTable(['locationId', 'name', '__proto__.polluted', 'inspectionDirectorate'])!;
  const item = mapApiTableRow(unsafe, ['1-123456', 'Oak House', 'yes', 'Adult social care'], 2);
  assert.equal(item.kind, 'location');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
