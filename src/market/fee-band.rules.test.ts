import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bandForPercent, careHomeType, checkBands, financialYearOf, proposeBand, weeklyFeeOf, type FeeBand, type FeeBandScheme, type HomeFacts } from './fee-band.rules.ts';

const bands: FeeBand[] = [
  { key: '1', label: 'Band 1', weeklyFee: 520, minPercent: 0 },
  { key: '2', label: 'Band 2', weeklyFee: 560, minPercent: 55 },
  { key: '3', label: 'Band 3', weeklyFee: 600, minPercent: 65 },
  { key: '4', label: 'Band 4', weeklyFee: 640, minPercent: 78 },
  { key: '5', label: 'Band 5', weeklyFee: 690, minPercent: 90, weeklyFees: { nursing: 820 } },
];
const scheme: FeeBandScheme = { year: 2026, bands, gates: { suspendedCapsAtLowest: true, cqcInadequateCapsAtLowest: true, noAuditKeepsLastYear: true } };
const home = (facts: Partial<HomeFacts> = {}): HomeFacts => ({ type: 'residential', audits: [], suspended: false, cqcInadequate: false, lastYearBandKey: null, ...facts });

describe('the band an audit percent earns', () => {
  const cases: [number, string][] = [
    [0, '1'],
    [54.9, '1'],
    [55, '2'],
    [77.99, '3'],
    [78, '4'],
    [89, '4'],
    [90, '5'],
    [100, '5'],
  ];
  for (const [percent, key] of cases) test(`${percent}% → band ${key}`, () => assert.equal(bandForPercent(bands, percent).key, key));
});

describe('checking a scheme’s bands', () => {
  const cases: { name: string; bands: FeeBand[]; problems: string[] }[] = [
    { name: 'rising from 0 is fine', bands, problems: [] },
    { name: 'the first must start at 0', bands: [{ ...bands[0]!, minPercent: 10 }, bands[1]!], problems: ['0.minPercent'] },
    { name: 'each must start above the one before', bands: [bands[0]!, bands[2]!, bands[1]!], problems: ['2.minPercent'] },
    { name: 'equal starts are refused', bands: [bands[0]!, bands[1]!, { ...bands[2]!, minPercent: 55 }], problems: ['2.minPercent'] },
    { name: 'keys are unique', bands: [bands[0]!, { ...bands[1]!, key: '1' }], problems: ['1.key'] },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(checkBands(c.bands).map((p) => `${p.index}.${p.field}`), c.problems));
  }
});

describe('financial years and care-home types', () => {
  const years: [string, number][] = [
    ['2026-04-01', 2026],
    ['2027-03-31', 2026],
    ['2026-03-31', 2025],
  ];
  for (const [day, year] of years) test(`${day} is in ${year}`, () => assert.equal(financialYearOf(day), year));

  const types: [string, string[], string[], string | null][] = [
    ['care_home_older_people', ['Care home service without nursing'], [], 'residential'],
    ['care_home_older_people', ['Care home service without nursing'], ['Dementia'], 'residential_dementia'],
    ['care_home_older_people', ['Care home service with nursing'], ['Caring for adults over 65 yrs'], 'nursing'],
    ['care_home_older_people', ['Care home service with nursing'], ['Dementia'], 'nursing_dementia'],
    ['care_home_adults_with_disabilities', ['Care home service with nursing'], [], 'younger_adults'],
    ['home_care', ['Domiciliary care service'], [], null],
  ];
  for (const [category, serviceTypes, specialisms, expected] of types) {
    test(`${category} ${serviceTypes.join()} ${specialisms.join()} → ${expected}`, () => assert.equal(careHomeType(category, { serviceTypes, specialisms }), expected));
  }
  test('a care home CQC does not know is residential', () => assert.equal(careHomeType('care_home_older_people', null), 'residential'));
  test('a type’s own fee wins over the band’s', () => {
    assert.equal(weeklyFeeOf(bands[4]!, 'nursing'), 820);
    assert.equal(weeklyFeeOf(bands[4]!, 'residential'), 690);
  });
});

describe('proposing a home’s band', () => {
  const cases: { name: string; home: HomeFacts; gates?: Partial<FeeBandScheme['gates']>; band: string | null; from: string; capped: boolean; flagged: boolean; reason: string }[] = [
    {
      name: 'the annual audit of the year before sets the band',
      home: home({ audits: [{ assessedOn: '2026-01-14', percent: 82 }] }),
      band: '4',
      from: '2026-04-01',
      capped: false,
      flagged: false,
      reason: 'Annual audit on 14 January 2026 scored 82%: band 4 (from 78%)',
    },
    {
      name: 'the latest audit of the round counts, older ones are ignored',
      home: home({ audits: [{ assessedOn: '2025-05-01', percent: 95 }, { assessedOn: '2025-11-20', percent: 60 }, { assessedOn: '2024-12-01', percent: 99 }] }),
      band: '2',
      from: '2026-04-01',
      capped: false,
      flagged: false,
      reason: 'Annual audit on 20 November 2025 scored 60%: band 2 (from 55%)',
    },
    {
      name: 'a re-audit during the year proposes a change from its date',
      home: home({ audits: [{ assessedOn: '2026-01-14', percent: 82 }, { assessedOn: '2026-09-03', percent: 62 }] }),
      band: '2',
      from: '2026-09-03',
      capped: false,
      flagged: false,
      reason: 'Re-audit on 3 September 2026 scored 62%: band 2 (from 55%), from 3 September 2026; the annual audit on 14 January 2026 gave band 4',
    },
    {
      name: 'a home first audited during the year gets its band from that day; its percent is rounded in the reason',
      home: home({ audits: [{ assessedOn: '2026-07-02', percent: 89.28571428571429 }], lastYearBandKey: '2' }),
      band: '4',
      from: '2026-07-02',
      capped: false,
      flagged: false,
      reason: 'Annual audit on 2 July 2026 scored 89.3%: band 4 (from 78%), from 2 July 2026',
    },
    {
      name: 'a suspended home is capped at the lowest band',
      home: home({ audits: [{ assessedOn: '2026-02-01', percent: 91 }], suspended: true }),
      band: '1',
      from: '2026-04-01',
      capped: true,
      flagged: false,
      reason: 'Annual audit on 1 February 2026 scored 91%: band 5 (from 90%); capped at the lowest band, band 1, because new placements are suspended',
    },
    {
      name: 'a home CQC rates Inadequate is capped at the lowest band',
      home: home({ audits: [{ assessedOn: '2026-02-01', percent: 70 }], cqcInadequate: true }),
      band: '1',
      from: '2026-04-01',
      capped: true,
      flagged: false,
      reason: 'Annual audit on 1 February 2026 scored 70%: band 3 (from 65%); capped at the lowest band, band 1, because CQC rates it Inadequate',
    },
    {
      name: 'the caps are gates the council may switch off',
      home: home({ audits: [{ assessedOn: '2026-02-01', percent: 70 }], cqcInadequate: true, suspended: true }),
      gates: { suspendedCapsAtLowest: false, cqcInadequateCapsAtLowest: false },
      band: '3',
      from: '2026-04-01',
      capped: false,
      flagged: false,
      reason: 'Annual audit on 1 February 2026 scored 70%: band 3 (from 65%)',
    },
    {
      name: 'a home already in the lowest band is not "capped"',
      home: home({ audits: [{ assessedOn: '2026-02-01', percent: 40 }], suspended: true }),
      band: '1',
      from: '2026-04-01',
      capped: false,
      flagged: false,
      reason: 'Annual audit on 1 February 2026 scored 40%: band 1 (from 0%)',
    },
    {
      name: 'no audit this round keeps last year’s band, flagged',
      home: home({ audits: [{ assessedOn: '2025-03-01', percent: 99 }], lastYearBandKey: '3' }),
      band: '3',
      from: '2026-04-01',
      capped: false,
      flagged: true,
      reason: 'No audit since 1 April 2025: keeps last year’s band 3',
    },
    {
      name: 'no audit and the gate switched off: a person chooses',
      home: home({ lastYearBandKey: '3' }),
      gates: { noAuditKeepsLastYear: false },
      band: null,
      from: '2026-04-01',
      capped: false,
      flagged: true,
      reason: 'No audit since 1 April 2025: choose a band',
    },
    {
      name: 'no audit and no band last year: a person chooses',
      home: home(),
      band: null,
      from: '2026-04-01',
      capped: false,
      flagged: true,
      reason: 'No audit since 1 April 2025 and no band last year: choose a band',
    },
    {
      name: 'an imported audit with a band but no percent counts as the lowest percent of its band',
      home: home({ audits: [{ assessedOn: '2026-01-10', percent: null, band: 'good' }] }),
      band: '4',
      from: '2026-04-01',
      capped: false,
      flagged: false,
      reason: 'Annual audit on 10 January 2026 was rated Good, counted as 78%: band 4 (from 78%)',
    },
    {
      name: 'an audit without an overall percent or band does not count',
      home: home({ audits: [{ assessedOn: '2026-01-10', percent: null, band: null }], lastYearBandKey: '2' }),
      band: '2',
      from: '2026-04-01',
      capped: false,
      flagged: true,
      reason: 'No audit since 1 April 2025: keeps last year’s band 2',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const p = proposeBand({ ...scheme, gates: { ...scheme.gates, ...c.gates } }, c.home);
      assert.deepEqual({ band: p.bandKey, from: p.effectiveFrom, capped: p.capped, flagged: p.flagged, reason: p.reason }, { band: c.band, from: c.from, capped: c.capped, flagged: c.flagged, reason: c.reason });
    });
  }
});
