import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { mapRow, ratingDate, recogniseDirectory2016, recogniseHeader } from './layouts.ts';
import { matchKey, splitList } from './records.ts';
import { DATA } from './cqc.test-support.ts';

const directory = parse(readFileSync(`${DATA}/directory-with-ratings-2025-08-head.csv`), { bom: true }) as string[][];
const header2025 = directory[0]!;
const layout2025 = recogniseHeader(header2025)!;

/** A 2025-layout row built from the header, so every case states only what it is about. */
function row2025(values: Record<string, string>): string[] {
  const base: Record<string, string> = {
    'Location Name': 'Oak House',
    'Location ID': '1-123456789',
    'Location Local Authority': 'Rutland',
    'Location ADASS Region': 'East Midlands (ADASS Region)',
    'Primary inspection category': 'Residential social care',
    'Service Types': 'Care home service without nursing',
    'Care homes beds': '30',
    'Location HSCA start date': '2011-01-19',
    Dormant: 'N',
    'Publication Date': '1/19/2011 12:00:00 AM',
    'Provider Name': 'Oak Care Ltd',
    'Provider ID': '1-987654321',
  };
  const merged = { ...base, ...values };
  return header2025.map((h) => merged[h] ?? '');
}

test('the 2025 directory header is recognised, and so is a reordered copy of it', () => {
  assert.equal(layout2025.name, 'directory');
  assert.equal(layout2025.columns.locationId, 1);
  assert.equal(layout2025.columns.overall, 15);
  assert.equal(layout2025.columns.wellLed, 24);
  const reordered = [...header2025].reverse();
  const layout = recogniseHeader(reordered)!;
  const item = mapRow(layout, [...row2025({ 'Location safe rating': 'Good' })].reverse(), 2);
  assert.equal(item.kind, 'location');
  assert.equal(item.kind === 'location' && item.location.locationId, '1-123456789');
  assert.deepEqual(item.kind === 'location' && item.publications[0]?.values, { safe: 'good' });
});

test('older and long-format headers, with their own column names', () => {
  const hsca = recogniseHeader(['Location ID', 'Location HSCA start date', 'Dormant (Y/N)', 'Care home?', 'Location Name', 'Location Postal Code', 'Location Latest Overall Rating', 'Publication Date']);
  assert.equal(hsca?.name, 'directory');
  assert.equal(hsca?.columns.careHome, 3);
  assert.equal(hsca?.columns.dormant, 2);
  const dudley = recogniseHeader(['Location Name', 'Location Post Code', 'Domain', 'Latest Rating', 'Publication Date', 'Inherited Rating (Y/N)']);
  assert.equal(dudley?.name, 'long-ratings');
  assert.equal(recogniseHeader(['Provider ID', 'Provider Name', 'Domain', 'Latest Rating']), undefined);
  assert.equal(recogniseHeader(['Name', 'Address', 'Phone']), undefined);
});

test('quirks of the 2025 directory rows', async (t) => {
  const map = (values: Record<string, string>) => mapRow(layout2025, row2025(values), 7);
  const location = (values: Record<string, string>) => {
    const item = map(values);
    assert.equal(item.kind, 'location', JSON.stringify(item));
    return item;
  };

  await t.test('leading and double spaces in names are tidied', () => {
    assert.equal(location({ 'Location Name': ' AbilityAvenue Care' }).location.name, 'AbilityAvenue Care');
    assert.equal(location({ 'Location Name': '247 Somerset Care  Services Ltd' }).location.name, '247 Somerset Care Services Ltd');
  });

  await t.test('both capitalisations of Requires improvement', () => {
    const item = location({ 'Location Latest Overall Rating': 'Requires Improvement', 'Location safe rating': 'Requires improvement' });
    assert.deepEqual(item.publications[0]?.values, { overall: 'requires_improvement', safe: 'requires_improvement' });
  });

  await t.test('blank ratings are no rating, and the non-ratings stay what they are', () => {
    assert.deepEqual(location({}).publications, []);
    const item = location({ 'Location safe rating': 'Inspected but not rated', 'Location caring rating': 'No published rating' });
    assert.deepEqual(item.publications[0]?.values, { safe: 'inspected_not_rated', caring: 'no_published_rating' });
  });

  await t.test('the Publication Date repeating the registration date does not date the rating', () => {
    const item = location({ 'Location Latest Overall Rating': 'Good' });
    assert.equal(item.publications[0]?.publishedOn, null);
    const dated = location({ 'Location Latest Overall Rating': 'Good', 'Publication Date': '3/14/2024 12:00:00 AM' });
    assert.equal(dated.publications[0]?.publishedOn, '2024-03-14');
  });

  await t.test('registration, dormancy, beds, lists and the ADASS region', () => {
    const item = location({ 'Service users supported': 'Caring for adults over 65 yrs, Dementia, Dementia', Dormant: 'Y' }).location;
    assert.equal(item.registeredOn, '2011-01-19');
    assert.equal(item.registrationStatus, 'registered');
    assert.equal(item.dormant, true);
    assert.equal(item.beds, 30);
    assert.equal(item.careHome, true);
    assert.equal(item.region, 'East Midlands');
    assert.deepEqual(item.specialisms, ['Caring for adults over 65 yrs', 'Dementia']);
    assert.equal(location({ 'Location HSCA end date': '2025-03-01' }).location.registrationStatus, 'deregistered');
  });

  await t.test('locations that are not adult social care are skipped, a blank category falls back to service types', () => {
    assert.equal(map({ 'Primary inspection category': 'Independent consulting doctors', 'Service Types': 'Doctors treatment service' }).kind, 'skip');
    assert.equal(map({ 'Primary inspection category': '', 'Service Types': 'Domiciliary care service' }).kind, 'location');
  });

  await t.test('an NHS body location keeps its ODS code as its id', () => {
    assert.equal(location({ 'Location ID': 'RX3LD' }).location.locationId, 'RX3LD');
  });

  await t.test('broken rows are rejected with a reason naming the column', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'Location ID': '' }, /no CQC location ID/],
      [{ 'Location ID': '12345' }, /not a CQC location ID/],
      [{ 'Location Name': '' }, /no location name/],
      [{ 'Location safe rating': 'Requires improvment' }, /Location safe rating: "Requires improvment" is not a CQC rating/],
      [{ 'Location HSCA start date': '2011-02-30' }, /Location hsca start date: "2011-02-30" is not a date/],
      [{ 'Care homes beds': 'thirty' }, /is not a whole number/],
      [{ Dormant: 'maybe' }, /is not Y or N/],
    ];
    for (const [values, reason] of cases) {
      const item = map(values);
      assert.equal(item.kind, 'reject', JSON.stringify(values));
      assert.match(item.kind === 'reject' ? item.reason : '', reason);
      assert.equal(item.row, 7);
    }
  });

  await t.test('a row with a different number of values than the header is rejected', () => {
    const item = mapRow(layout2025, row2025({}).slice(0, 40), 9);
    assert.equal(item.kind, 'reject');
    assert.match(item.kind === 'reject' ? item.reason : '', /40 values but the header has 45 columns/);
  });

  await t.test('a blank line is skipped', () => {
    assert.equal(mapRow(layout2025, header2025.map(() => ''), 3).kind, 'skip');
  });
});

test('every row of the real 2025 sample maps without a rejection', () => {
  const kinds: Record<string, number> = {};
  directory.slice(1).forEach((cells, i) => {
    const item = mapRow(layout2025, cells, i + 2);
    kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
  });
  assert.deepEqual(kinds, { location: 991, skip: 8 });
});

test('the 2016 directory without a header is known by its content', () => {
  const rows = parse(readFileSync(`${DATA}/directory-2016-02-noheader.csv`), { bom: true, to: 3 }) as string[][];
  const layout = recogniseDirectory2016(rows[0]!)!;
  assert.equal(layout.name, 'directory-2016');
  assert.equal(recogniseHeader(rows[0]!), undefined);
  const item = mapRow(layout, rows[1]!, 2);
  assert.equal(item.kind, 'location');
  if (item.kind !== 'location') return;
  assert.equal(item.location.locationId, '1-1000270393');
  assert.equal(item.location.name, 'Red Kite Home Care');
  assert.equal(item.location.postcode, 'SL1 7JZ');
  assert.equal(item.location.providerId, '1-189974057');
  assert.deepEqual(item.location.serviceTypes, ['Homecare agencies']);
  assert.equal(item.location.adultSocialCare, true);
  assert.deepEqual(item.publications, []);
  assert.equal(recogniseDirectory2016(['a', 'b']), undefined);
  assert.equal(recogniseDirectory2016(header2025.slice(0, 15)), undefined);
});

test('the long-format ratings file: one key question per row, matched by name and postcode', () => {
  const rows = parse(readFileSync(`${DATA}/latest-ratings-long-2024-dudley.csv`), { bom: true }) as string[][];
  const layout = recogniseHeader(rows[0]!)!;
  const item = mapRow(layout, rows[1]!, 2);
  assert.deepEqual(item, { kind: 'rating', row: 2, match: { name: 'Cygnet House', postcode: 'DY8 3UU' }, publication: { publishedOn: '2019-11-13', values: { overall: 'good' } } });
  const cases: [string[], string][] = [
    [['Cygnet House', 'DY8 3UU', 'Safe', 'Requires improvement', '01/07/2023', 'N'], 'rating'],
    [['Cygnet House', 'DY8 3UU', 'Use of resources', 'Good', '01/07/2023', 'N'], 'skip'],
    [['Cygnet House', 'DY8 3UU', 'Overall', '', '01/07/2023', 'N'], 'skip'],
    [['Cygnet House', '', 'Overall', 'Good', '01/07/2023', 'N'], 'reject'],
    [['Cygnet House', 'DY8 3UU', 'Overall', 'Good', '', 'N'], 'reject'],
    [['Cygnet House', 'DY8 3UU', 'Overall', 'Good', '31/31/2023', 'N'], 'reject'],
  ];
  for (const [cells, kind] of cases) assert.equal(mapRow(layout, cells, 5).kind, kind, cells.join());
  const withId = recogniseHeader(['Location ID', 'Location Name', 'Location Post Code', 'Location Primary Inspection Category', 'Service / Population Group', 'Domain', 'Latest Rating', 'Publication Date'])!;
  const full = mapRow(withId, ['1-111', 'Cygnet House', 'DY8 3UU', 'Residential social care', 'Overall', 'Well-led', 'Good', '13/11/2019'], 4);
  assert.equal(full.kind, 'location');
  assert.deepEqual(full.kind === 'location' && full.publications, [{ publishedOn: '2019-11-13', values: { wellLed: 'good' } }]);
  assert.equal(mapRow(withId, ['1-111', 'Cygnet House', 'DY8 3UU', 'Hospitals', 'Maternity', 'Safe', 'Good', '13/11/2019'], 4).kind, 'skip');
});

test('ratingDate ignores a publication date equal to the registration date', () => {
  assert.equal(ratingDate('2011-01-19', '2011-01-19'), null);
  assert.equal(ratingDate('2024-03-14', '2011-01-19'), '2024-03-14');
  assert.equal(ratingDate(null, '2011-01-19'), null);
  assert.equal(ratingDate('2024-03-14', undefined), '2024-03-14');
});

test('lists split on pipes (2016) or commas (since), without duplicates or blanks', () => {
  assert.deepEqual(splitList('Dementia|Mental health conditions|Dementia||'), ['Dementia', 'Mental health conditions']);
  assert.deepEqual(splitList('Treatment of disease, disorder or injury|Personal care'), ['Treatment of disease, disorder or injury', 'Personal care']);
  assert.deepEqual(splitList('Domiciliary care service, Supported living service'), ['Domiciliary care service', 'Supported living service']);
  assert.deepEqual(splitList(''), []);
});

test('matching by name and postcode ignores case, spacing and punctuation', () => {
  assert.equal(matchKey('Safeharbour (260 Hagley Road)', 'DY9 0RW'), matchKey('SAFEHARBOUR 260 Hagley Road', 'dy90rw'));
  assert.equal(matchKey('A & T Caring', 'B1 1AA'), matchKey('A and T Caring', 'B1 1AA'));
  assert.notEqual(matchKey('Safeharbour (260 Hagley Road)', 'DY9 0RW'), matchKey('Safeharbour (254 Hagley Road)', 'DY9 0RW'));
});
