import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MATRIX, RISK_AREA_KEYS, type RiskAreaKey } from './matrix.ts';
import { changedProposals, hasPattern, proposeScores, type CqcFact, type IntelligenceFact, type Proposals, type RiskFacts } from './proposals.ts';

const TODAY = '2026-11-23';
const noFacts: RiskFacts = { category: 'home_care', cqc: null, careHome: null, ownAssessment: null, intelligence: [], escalation: null, previous: null };
const propose = (facts: Partial<RiskFacts>) => proposeScores(DEFAULT_MATRIX, { ...noFacts, ...facts }, TODAY);
const entry = (e: Partial<IntelligenceFact>): IntelligenceFact => ({
  receivedOn: '2026-10-01',
  source: 'people_and_families',
  severity: null,
  substantiated: 'unknown',
  safeguarding: false,
  section42Status: null,
  status: 'open',
  ...e,
});
const many = (n: number, e: Partial<IntelligenceFact>) => Array.from({ length: n }, (_, i) => entry({ receivedOn: `2026-1${i % 2}-0${(i % 9) + 1}`, ...e }));
const cqc = (overall: CqcFact['overall'], rest: Partial<CqcFact> = {}): CqcFact => ({
  overall,
  safe: overall,
  effective: overall,
  caring: overall,
  responsive: overall,
  wellLed: overall,
  publishedOn: '2026-03-03',
  ...rest,
});

describe('CQC rating proposal', () => {
  const cases: [string, Partial<RiskFacts>, number | null, RegExp][] = [
    ['Outstanding', { cqc: cqc('outstanding') }, 1, /Outstanding overall \(published 3 March 2026\)/],
    ['Good', { cqc: cqc('good') }, 2, /Good overall \(published/],
    ['Good with Safe Requires improvement', { cqc: cqc('good', { safe: 'requires_improvement' }) }, 3, /Good overall, but Safe Requires improvement/],
    ['Good with two below', { cqc: cqc('good', { safe: 'inadequate', wellLed: 'requires_improvement' }) }, 3, /but Safe Inadequate and Well-led Requires improvement/],
    ['Requires improvement', { cqc: cqc('requires_improvement') }, 4, /Requires improvement overall/],
    ['Inadequate', { cqc: cqc('inadequate') }, 5, /Inadequate overall/],
    ['not rated, own assessment Good', { cqc: cqc('no_published_rating'), ownAssessment: { band: 'good', completedOn: '2026-05-01' } }, 2, /CQC has not rated .* Good \(completed 1 May 2026\)/],
    ['unregistered, own assessment Poor', { ownAssessment: { band: 'poor', completedOn: '2026-05-01' } }, 5, /no CQC rating, so the council’s own assessment is used: Poor/],
    ['unregistered, own assessment Excellent', { ownAssessment: { band: 'excellent', completedOn: '2026-05-01' } }, 1, /Excellent/],
    ['unregistered, own assessment Requires improvement', { ownAssessment: { band: 'requires_improvement', completedOn: '2026-05-01' } }, 4, /Requires improvement/],
    ['nothing on record', {}, null, /No CQC rating or council assessment is on record\. Choose a score\./],
    ['nothing on record, rated before', { previous: { ...allOnes(), cqc_rating: 3 } }, 3, /last confirmed rating scored 3/],
  ];
  for (const [name, facts, score, explanation] of cases) {
    test(name, () => {
      const p = propose(facts).cqc_rating;
      assert.equal(p.score, score);
      assert.match(p.explanation, explanation);
    });
  }
});

function allOnes() {
  return Object.fromEntries(RISK_AREA_KEYS.map((k) => [k, 1])) as Record<RiskAreaKey, 1>;
}

describe('safeguarding proposal (last 6 months)', () => {
  const alert = (e: Partial<IntelligenceFact> = {}) => entry({ source: 'safeguarding', safeguarding: true, ...e });
  const cases: [string, IntelligenceFact[], number, RegExp][] = [
    ['none', [], 1, /0 safeguarding alerts in the last 6 months: a low number/],
    ['one', [alert()], 1, /1 safeguarding alert in/],
    ['one from before the window', [alert({ receivedOn: '2026-05-22' }), alert({ receivedOn: '2026-05-23' })], 1, /^1 safeguarding alert/],
    ['two apart', [alert({ receivedOn: '2026-06-01' }), alert({ receivedOn: '2026-09-01' })], 2, /no pattern/],
    ['three within four weeks', [alert({ receivedOn: '2026-09-01' }), alert({ receivedOn: '2026-09-10' }), alert({ receivedOn: '2026-09-28' })], 3, /within 4 weeks: a pattern/],
    ['three over 28 days', [alert({ receivedOn: '2026-09-01' }), alert({ receivedOn: '2026-09-10' }), alert({ receivedOn: '2026-09-29' })], 2, /no pattern/],
    ['an open Section 42 enquiry, even from long ago', [alert({ receivedOn: '2025-01-01', section42Status: 'open' })], 3, /1 Section 42 enquiry still open/],
    ['a concluded Section 42 enquiry', [alert({ section42Status: 'concluded' })], 1, /low number/],
    ['a red alert', [alert({ severity: 'red' })], 4, /1 rated red \(serious concern\)\. Score 5 if/],
    ['a safeguarding flag on another source counts', [entry({ source: 'other_council', safeguarding: true }), entry({ source: 'gp_and_district_nurse', safeguarding: true })], 2, /2 safeguarding alerts/],
  ];
  for (const [name, intelligence, score, explanation] of cases) {
    test(name, () => {
      const p = propose({ intelligence }).safeguarding;
      assert.equal(p.score, score);
      assert.equal(p.basis, 'record');
      assert.match(p.explanation, explanation);
    });
  }

  test('pattern edges', () => {
    assert.equal(hasPattern(['2026-01-01', '2026-01-28', '2026-01-10']), true);
    assert.equal(hasPattern(['2026-01-01', '2026-01-29', '2026-01-10']), false);
    assert.equal(hasPattern(['2026-01-01', '2026-01-02']), false);
    assert.equal(hasPattern(['2026-01-01', '2026-03-01', '2026-03-02', '2026-03-03']), true);
  });
});

describe('complaints proposal (last 6 months)', () => {
  const complaint = (e: Partial<IntelligenceFact> = {}) => entry({ source: 'complaint', severity: 'green', ...e });
  const cases: [string, IntelligenceFact[], number, RegExp][] = [
    ['none', [], 1, /0 complaints and 0 whistle-blowing reports/],
    ['one', [complaint()], 2, /1 complaint and 0 whistle-blowing reports in the last 6 months, with no pattern/],
    ['two', [complaint(), complaint({ severity: 'amber' })], 2, /no pattern/],
    ['three: a pattern', many(3, { source: 'complaint', severity: 'green' }), 3, /3 complaints .* 0 substantiated: a pattern/],
    ['two substantiated', [complaint({ substantiated: 'yes' }), complaint({ substantiated: 'yes' })], 3, /2 substantiated/],
    ['one whistle-blowing report', [entry({ source: 'whistleblowing' })], 3, /1 whistle-blowing report/],
    ['two whistle-blowing reports', [entry({ source: 'whistleblowing' }), entry({ source: 'whistleblowing' })], 4, /2 whistle-blowing reports/],
    ['a red complaint', [complaint({ severity: 'red' })], 4, /1 rated red \(higher level\)/],
    ['old complaints do not count', many(5, { source: 'complaint', severity: 'red', receivedOn: '2026-05-01' }), 1, /0 complaints/],
  ];
  for (const [name, intelligence, score, explanation] of cases) {
    test(name, () => {
      const p = propose({ intelligence }).complaints;
      assert.equal(p.score, score);
      assert.match(p.explanation, explanation);
    });
  }
});

describe('financial viability proposal', () => {
  const check = (severity: IntelligenceFact['severity']) => entry({ source: 'financial_check', severity });
  const cases: [string, IntelligenceFact[], number][] = [
    ['none', [], 1],
    ['unrated', [check(null)], 2],
    ['green', [check('green')], 2],
    ['amber', [check('green'), check('amber')], 3],
    ['red', [check('amber'), check('red')], 4],
  ];
  for (const [name, intelligence, score] of cases) test(name, () => assert.equal(propose({ intelligence }).financial_viability.score, score));
});

describe('information from other sources', () => {
  const cases: [string, IntelligenceFact[], number, RegExp][] = [
    ['none', [], 1, /No intelligence from other sources/],
    ['own-area sources are not counted here', [entry({ source: 'complaint', severity: 'red' }), entry({ source: 'officer' }), entry({ source: 'cqc' })], 1, /No intelligence/],
    ['some, being addressed', [entry({ status: 'under_review' }), entry({ status: 'closed' })], 2, /2 entries .* none rated red, all under review or closed/],
    ['some, not addressed', [entry({ status: 'under_review' }), entry({ status: 'open', source: 'healthwatch' })], 3, /1 still open/],
    ['significant, addressed', [entry({ severity: 'red', status: 'closed' }), entry({})], 4, /1 rated red \(significant\), none of them still open/],
    ['significant, not addressed', [entry({ severity: 'red', status: 'open', source: 'other_council' })], 5, /1 entry from other sources .*1 of them still open/],
  ];
  for (const [name, intelligence, score, explanation] of cases) {
    test(name, () => {
      const p = propose({ intelligence }).other_sources;
      assert.equal(p.score, score);
      assert.match(p.explanation, explanation);
    });
  }
});

describe('complexity proposal, from the row for the category', () => {
  const cases: [string, Partial<RiskFacts>, number | null, RegExp][] = [
    ['extra care', { category: 'extra_care' }, 1, /extra care housing: “Extra care” on the care homes and extra care row/],
    ['residential', { category: 'care_home_older_people', careHome: { nursing: false, dementia: false } }, 2, /without nursing: “Residential”/],
    ['residential with dementia', { category: 'care_home_older_people', careHome: { nursing: false, dementia: true } }, 3, /specialising in dementia/],
    ['nursing', { category: 'care_home_adults_with_disabilities', careHome: { nursing: true, dementia: false } }, 4, /with nursing: “Nursing”/],
    ['nursing with dementia', { category: 'care_home_older_people', careHome: { nursing: true, dementia: true } }, 5, /EMI nursing/],
    ['a care home CQC does not describe', { category: 'care_home_older_people' }, null, /does not say how complex/],
    ['home care', { category: 'home_care' }, null, /Choose a score/],
    ['supported living rated before', { category: 'supported_living', previous: { ...allOnes(), complexity: 4 } }, 4, /last confirmed rating scored 4/],
  ];
  for (const [name, facts, score, explanation] of cases) {
    test(name, () => {
      const p = propose(facts).complexity;
      assert.equal(p.score, score);
      assert.match(p.explanation, explanation);
    });
  }
});

describe('officer intelligence proposal', () => {
  const cases: [string, Partial<RiskFacts>, number | null, string][] = [
    ['suspended', { escalation: { suspended: true, concernsStage: 2 } }, 5, 'record'],
    ['partly suspended', { escalation: { suspended: true, partialSuspension: true, concernsStage: null } }, 5, 'record'],
    ['stage 3', { escalation: { suspended: false, concernsStage: 3 } }, 4, 'record'],
    ['stage 5', { escalation: { suspended: false, concernsStage: 5 } }, 4, 'record'],
    ['stage 2 is the officer’s judgement', { escalation: { suspended: false, concernsStage: 2 } }, null, 'none'],
    ['no escalation record', {}, null, 'none'],
    ['rated before', { previous: { ...allOnes(), officer_intelligence: 2 } }, 2, 'previous'],
  ];
  for (const [name, facts, score, basis] of cases) {
    test(name, () => {
      const p = propose(facts).officer_intelligence;
      assert.equal(p.score, score);
      assert.equal(p.basis, basis);
    });
  }
});

describe('re-rating when the record changes a proposal', () => {
  const base = propose({ cqc: cqc('good'), category: 'extra_care' });

  test('nothing new, nothing to re-rate', () => assert.deepEqual(changedProposals(base, propose({ cqc: cqc('good'), category: 'extra_care' })), []));

  test('a new red complaint changes the complaints proposal', () => {
    const now = propose({ cqc: cqc('good'), category: 'extra_care', intelligence: [entry({ source: 'complaint', severity: 'red' })] });
    const changes = changedProposals(base, now);
    assert.deepEqual(changes.map((c) => [c.area, c.was, c.now]), [['complaints', 1, 4]]);
  });

  test('a new entry that leaves every proposal the same flags nothing', () => {
    const now = propose({ cqc: cqc('good'), category: 'extra_care', intelligence: [entry({ source: 'safeguarding', safeguarding: true })] });
    assert.deepEqual(changedProposals(base, now), []);
  });

  test('a new CQC rating where there was none', () => {
    const before = propose({ category: 'extra_care' });
    assert.deepEqual(changedProposals(before, base).map((c) => [c.area, c.was, c.now]), [['cqc_rating', null, 2]]);
  });

  test('the last confirmed score offered back is not a change', () => {
    const previous = { ...allOnes(), officer_intelligence: 3 } as const;
    const before: Proposals = propose({ category: 'home_care' });
    assert.deepEqual(changedProposals(before, propose({ category: 'home_care', previous })), []);
  });

  test('with no rating yet, every record-based proposal counts as new', () => {
    assert.equal(changedProposals(null, base).length, 6);
  });
});

describe('flagged figures in the provider’s quarterly returns, as information from other sources', () => {
  const flaggedQ2 = { period: 'Q2 2026/27', flags: [{ key: 'agency_hours_percent', message: 'Agency staff worked more than 20% of hours' }] };
  const flaggedQ1 = { period: 'Q1 2026/27', flags: [{ key: 'registered_manager_in_post', message: 'No registered manager in post' }] };

  test('a flagged newest return proposes 3, saying which figures', () => {
    const p = propose({ returns: { flagged: [flaggedQ2, flaggedQ1], newestFlagged: true } }).other_sources;
    assert.deepEqual([p.score, p.basis], [3, 'record']);
    assert.equal(p.explanation, 'Quarterly returns flagged in the last 6 months: Q2 2026/27 (Agency staff worked more than 20% of hours), Q1 2026/27 (No registered manager in post); the newest, Q2 2026/27, is flagged.');
  });

  test('flags only in an earlier return, the newest clean, propose 2', () => {
    const p = propose({ returns: { flagged: [flaggedQ1], newestFlagged: false } }).other_sources;
    assert.equal(p.score, 2);
    assert.match(p.explanation, /the newest return since has nothing flagged/);
  });

  test('higher intelligence keeps its score, with the returns named too; none leaves the proposal as it was', () => {
    const red = propose({ intelligence: [entry({ severity: 'red' })], returns: { flagged: [flaggedQ2], newestFlagged: true } }).other_sources;
    assert.equal(red.score, 5);
    assert.match(red.explanation, /rated red .*Quarterly returns flagged in the last 6 months: Q2 2026\/27/);
    assert.deepEqual(propose({ returns: null }).other_sources, propose({}).other_sources);
    assert.equal(propose({}).other_sources.score, 1);
  });
});
