import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mapApiLocation, publicationsOf } from './api-json.ts';
import { realFile } from './cqc.test-support.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/api/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const real = JSON.parse(readFileSync(realFile('api-location-2025.json'), 'utf8')) as Record<string, unknown>;

test('the real API location (a dentist) is not adult social care', () => {
  assert.deepEqual(mapApiLocation(real, 1), { kind: 'skip', row: 1, reason: 'not an adult social care location' });
});

test('a care home: its details, and its history from historicRatings and currentRatings', () => {
  const item = mapApiLocation(fixture('location-1-1000210669'), 3);
  assert.equal(item.kind, 'location');
  if (item.kind !== 'location') return;
  assert.equal(item.row, 3);
  assert.equal(item.location.name, 'Kingswood House Nursing Home');
  assert.equal(item.location.postcode, 'TN37 6HR');
  assert.equal(item.location.careHome, true);
  assert.equal(item.location.beds, 28);
  assert.equal(item.location.localAuthority, 'East Sussex');
  assert.equal(item.location.registrationStatus, 'registered');
  assert.equal(item.location.inspectionCategory, 'Residential social care');
  assert.equal(item.location.adultSocialCare, true);
  assert.deepEqual(item.publications, [
    { publishedOn: '2019-06-12', values: { overall: 'good', safe: 'good', wellLed: 'good', caring: 'good', responsive: 'good', effective: 'good' } },
    {
      publishedOn: '2024-03-14',
      values: { overall: 'requires_improvement', safe: 'requires_improvement', wellLed: 'requires_improvement', caring: 'good', responsive: 'good', effective: 'good' },
    },
  ]);
});

test('a single-assessment rating newer than currentRatings is the newest publication, percentage scores aside', () => {
  const item = mapApiLocation(fixture('location-1-1000270393'), 1);
  assert.equal(item.kind, 'location');
  if (item.kind !== 'location') return;
  const last = item.publications.at(-1)!;
  assert.equal(last.publishedOn, '2025-02-20');
  assert.deepEqual(last.values, { overall: 'good', safe: 'good', effective: 'good', caring: 'good', responsive: 'insufficient_evidence', wellLed: 'requires_improvement' });
  assert.equal(item.publications[0]?.publishedOn, '2022-08-01');
});

test('a key question published earlier than the overall rating keeps its own date', () => {
  const publications = publicationsOf({
    currentRatings: {
      overall: {
        rating: 'Good',
        reportDate: '2024-03-14',
        keyQuestionRatings: [
          { name: 'Safe', rating: 'Good', reportDate: '2024-03-14' },
          { name: 'Caring', rating: 'Outstanding', reportDate: '2019-02-01' },
        ],
      },
    },
  });
  assert.deepEqual(publications, [
    { publishedOn: '2019-02-01', values: { caring: 'outstanding' } },
    { publishedOn: '2024-03-14', values: { overall: 'good', safe: 'good' } },
  ]);
});

test('assessment blocks: a location-level rating wins over service groups, the current group over others', () => {
  const assessment = (ratings: unknown) => publicationsOf({ assessment: [{ assessmentPlanPublishedDateTime: '2025-05-01 10:00:00', ratings }] });
  assert.deepEqual(
    assessment({ overall: [{ rating: 'Outstanding', keyQuestionRatings: [] }], asgRatings: [{ rating: 'Good', status: 'Current', keyQuestionRatings: [] }] }),
    [{ publishedOn: '2025-05-01', values: { overall: 'outstanding' } }],
  );
  assert.deepEqual(
    assessment({ overall: [], asgRatings: [{ rating: 'Inadequate', status: 'Previous' }, { rating: 'Good', status: 'Current' }] }),
    [{ publishedOn: '2025-05-01', values: { overall: 'good' } }],
  );
  assert.deepEqual(publicationsOf({ assessment: [{ assessmentDate: '2025-01-10', ratings: { asgRatings: [{ rating: 'Good' }] } }] }), [
    { publishedOn: '2025-01-10', values: { overall: 'good' } },
  ]);
  assert.deepEqual(assessment({ overall: [], asgRatings: [] }), []);
});

test('a deregistered location still carries its ratings, and says it is deregistered', () => {
  const item = mapApiLocation(fixture('location-1-1000312641'), 1);
  assert.equal(item.kind === 'location' && item.location.registrationStatus, 'deregistered');
  assert.equal(item.kind === 'location' && item.location.deregisteredOn, '2023-11-30');
  assert.equal(item.kind === 'location' && item.publications.length, 1);
});

test('"No published rating" without a date is kept as what it is', () => {
  const item = mapApiLocation(fixture('location-1-1001764404'), 1);
  assert.deepEqual(item.kind === 'location' && item.publications, [{ publishedOn: null, values: { overall: 'no_published_rating' } }]);
});

test('a list entry gives only id, name and postcode, and cannot say whether it is adult social care', () => {
  const item = mapApiLocation({ locationId: '1-1000210669', locationName: 'Kingswood House Nursing Home', postalCode: 'tn37 6hr' }, 4);
  assert.deepEqual(item, { kind: 'location', row: 4, location: { locationId: '1-1000210669', name: 'Kingswood House Nursing Home', postcode: 'TN37 6HR' }, publications: [] });
});

test('broken objects are rejected with a reason', () => {
  const cases: [unknown, RegExp][] = [
    [null, /not a JSON object/],
    [[1, 2], /not a JSON object/],
    [{ name: 'No id' }, /no locationId/],
    [{ locationId: 'abc', name: 'x' }, /not a CQC location ID/],
    [{ locationId: '1-123456', inspectionDirectorate: 'Adult social care' }, /no location name/],
    [{ locationId: '1-123456', name: 'L'.repeat(301), inspectionDirectorate: 'Adult social care' }, /location name is 301 characters long/],
    [{ locationId: '1-123456', name: 'x', inspectionDirectorate: 'Adult social care', currentRatings: { overall: { rating: 'Superb' } } }, /not a CQC rating/],
    [{ locationId: '1-123456', name: 'x', inspectionDirectorate: 'Adult social care', registrationDate: 'soon' }, /registrationDate: "soon" is not a date/],
  ];
  for (const [value, reason] of cases) {
    const item = mapApiLocation(value, 2);
    assert.equal(item.kind, 'reject', JSON.stringify(value));
    assert.match(item.kind === 'reject' ? item.reason : '', reason);
  }
});
