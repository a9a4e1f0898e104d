import assert from 'node:assert/strict';
import { test } from 'node:test';
import { beforeAndAfter, reportCsv, type ReportService } from './before-after.ts';
import type { StoredPublication } from './history.ts';
import type { RatingValue } from './ratings.ts';

/** Rutland's Appendix A (seed 002): care homes' ratings before May 2016 and after, with the inspection dates. */
const G: RatingValue = 'good';
const R: RatingValue = 'requires_improvement';
const O: RatingValue = 'outstanding';
type Five = [RatingValue, RatingValue, RatingValue, RatingValue, RatingValue];
const appendixA: [string, Five, string, Five][] = [
  ['Belton House', [R, R, R, R, R], '2016-09-13', [G, G, G, G, G]],
  ['Chater Lodge', [R, R, G, G, G], '2016-12-17', [G, G, G, G, G]],
  ['Crown House', [G, G, G, G, G], '2016-07-02', [G, G, G, G, G]],
  ['Manton Hall', [R, R, R, R, G], '2016-10-21', [R, G, G, G, G]],
  ['Willowbrook', [G, G, G, G, G], '2016-08-17', [G, R, G, G, G]],
];
const notSince: [string, string, Five][] = [
  ['Aberdeen House', '2015-10-05', [G, G, G, G, G]],
  ['Rutland Care Village', '2015-07-16', [G, G, G, R, G]],
  ['Bluebird Care', '2015-09-28', [G, G, G, G, O]],
];

const values = ([safe, effective, caring, responsive, wellLed]: Five) => ({ safe, effective, caring, responsive, wellLed });
let seq = 0;
const pub = (publishedOn: string, five: Five): StoredPublication => ({ id: `p${++seq}`, seq, publishedOn, firstSeenOn: '2017-04-06', values: values(five) });

const services: ReportService[] = [];
const histories = new Map<string, StoredPublication[]>();
for (const [name, before, on, after] of appendixA) {
  const id = `1-${services.length + 100}`;
  services.push({ id: name, name, category: 'care_home_older_people', categoryLabel: 'Care homes (older people)', cqcLocationId: id });
  histories.set(id, [pub('2015-03-01', before), pub(on, after)]);
}
for (const [name, on, five] of notSince) {
  const id = `1-${services.length + 100}`;
  services.push({ id: name, name, category: name === 'Bluebird Care' ? 'home_care' : 'care_home_older_people', categoryLabel: name === 'Bluebird Care' ? 'Home care' : 'Care homes (older people)', cqcLocationId: id });
  histories.set(id, [pub(on, five)]);
}
services.push({ id: 'A&R Guardian', name: 'A&R Guardian', category: 'home_care', categoryLabel: 'Home care', cqcLocationId: null });

test('Appendix A: before and after May 2016, counts of Requires improvement, and who was not inspected since', () => {
  const report = beforeAndAfter(services, histories, '2016-05-01');
  const homes = report.groups.find((g) => g.category === 'care_home_older_people')!;
  assert.deepEqual(homes.rated.map((r) => r.service.name), ['Belton House', 'Chater Lodge', 'Crown House', 'Manton Hall', 'Willowbrook']);
  assert.deepEqual(homes.notRatedSince.map((r) => [r.service.name, r.beforeOn]), [['Aberdeen House', '2015-10-05'], ['Rutland Care Village', '2015-07-16']]);
  assert.deepEqual(homes.counts, {
    requiresImprovementBefore: 11,
    requiresImprovementAfter: 2,
    servicesRequiringImprovementBefore: 3,
    servicesRequiringImprovementAfter: 2,
    inadequateBefore: 0,
    inadequateAfter: 0,
  });
  const manton = homes.rated.find((r) => r.service.name === 'Manton Hall')!;
  assert.equal(manton.afterOn, '2016-10-21');
  assert.deepEqual(manton.before, { safe: R, effective: R, caring: R, responsive: R, wellLed: G });
  const home = report.groups.find((g) => g.category === 'home_care')!;
  assert.deepEqual(home.notRatedSince.map((r) => r.service.name), ['Bluebird Care']);
  assert.deepEqual(home.neverRated.map((r) => r.service.name), ['A&R Guardian']);
  assert.deepEqual(
    { services: report.totals.services, ratedSince: report.totals.ratedSince, notRatedSince: report.totals.notRatedSince, neverRated: report.totals.neverRated },
    { services: 9, ratedSince: 5, notRatedSince: 3, neverRated: 1 },
  );
});

test('the date splits on publication: on the date counts as after; an undated publication counts from when first seen', () => {
  const h = new Map([['1-1', [pub('2016-05-01', [G, G, G, G, G]), { id: 'u', seq: 99, publishedOn: null, firstSeenOn: '2016-04-01', values: { overall: R } }]]]);
  const report = beforeAndAfter([{ id: 's', name: 'S', category: 'home_care', categoryLabel: 'Home care', cqcLocationId: '1-1' }], h, '2016-05-01');
  const row = report.groups[0]!.rated[0]!;
  assert.deepEqual(row.before, { overall: R });
  assert.equal(row.beforeUndated, true);
  assert.equal(row.afterOn, '2016-05-01');
});

test('the CSV has one line per service with both sides, and is safe to open in a spreadsheet', () => {
  const csv = reportCsv(beforeAndAfter(services, histories, '2016-05-01'));
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 1 + services.length);
  assert.match(lines[0]!, /^Service,Category,CQC location ID,Status,Before: Overall,Before: Safe,/);
  assert.ok(lines.includes('Manton Hall,Care homes (older people),1-103,Rated since,,Requires improvement,Requires improvement,Requires improvement,Requires improvement,Good,2015-03-01,,Requires improvement,Good,Good,Good,Good,2016-10-21'), lines.join('\n'));
  assert.ok(lines.includes('A&R Guardian,Home care,,No CQC rating,,,,,,,,,,,,,,'));
  const hostile = reportCsv(beforeAndAfter([{ id: 'x', name: '=HYPERLINK("x")', category: 'home_care', categoryLabel: 'Home care', cqcLocationId: null }], new Map(), '2016-05-01'));
  assert.match(hostile, /^"'=HYPERLINK\(""x""\)",/m);
});
