import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scoreAssessment, toScoringFramework, type Answer } from '../../assessments/index.ts';
import { bandFor, computePrr } from '../../risk/index.ts';
import { DEFAULT_MATRIX } from '../../risk/matrix.ts';
import { addMonths } from './calendar.ts';
import { aggregateCqc, type KeyQuestion } from './cqc.ts';
import { defaultFrameworks, demoWithHistory } from './history.test-support.ts';
import { storedScores } from './answers.ts';
import type { CqcValue } from './model.ts';

const TODAY = '2026-12-05';
const demo = demoWithHistory('council', TODAY);
const [northmoor, ravensdale] = demo.histories;
const all = demo.histories;
const categoryOf = new Map(demo.data.services.map((s) => [s.id, s.category]));
const share = <T>(items: readonly T[], test: (x: T) => boolean) => items.filter(test).length / items.length;

/** The financial quarter a day falls in ("2025-Q3": October to December 2025). */
function quarterOf(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month >= 4 ? `${year}-Q${Math.floor((month - 4) / 3) + 1}` : `${year - 1}-Q4`;
}

describe('demo history: determinism', () => {
  test('the same seed and day give the same history; another seed a different one', () => {
    const again = demoWithHistory('council', TODAY);
    assert.deepEqual(again.histories, demo.histories);
    const other = demoWithHistory('small', TODAY, 'another seed');
    const small = demoWithHistory('small', TODAY);
    assert.notDeepEqual(other.histories[0]!.assessments.map((a) => a.overallBand), small.histories[0]!.assessments.map((a) => a.overallBand));
  });
});

describe('demo history: CQC ratings', () => {
  const latest = (h: (typeof all)[number]) => [...new Map(h.cqcRatings.map((r) => [r.locationId, r])).values()];
  const current = all.flatMap(latest);

  test('most services are rated Good, some Requires improvement, a few Outstanding and Inadequate', () => {
    const of = (v: CqcValue) => share(current, (r) => r.overall === v);
    assert.ok(of('good') > 0.7 && of('good') < 0.88, `good ${of('good')}`);
    assert.ok(of('requires_improvement') > 0.06 && of('requires_improvement') < 0.25, `requires improvement ${of('requires_improvement')}`);
    assert.ok(of('outstanding') > 0.01 && of('outstanding') < 0.1, `outstanding ${of('outstanding')}`);
    assert.ok(of('inadequate') > 0 && of('inadequate') < 0.05, `inadequate ${of('inadequate')}`);
  });

  test('key questions agree with the overall rating by CQC’s rule', () => {
    for (const r of all.flatMap((h) => h.cqcRatings)) {
      const kq: Record<KeyQuestion, CqcValue> = { safe: r.safe, effective: r.effective, caring: r.caring, responsive: r.responsive, wellLed: r.wellLed };
      assert.equal(aggregateCqc(kq), r.overall, JSON.stringify(r));
    }
  });

  test('ratings change over time, and inspections are spread over every year', () => {
    const changed = [...Map.groupBy(northmoor!.cqcRatings, (r) => r.locationId).values()].filter((rs) => new Set(rs.map((r) => r.overall)).size > 1);
    assert.ok(changed.length >= 20, `${changed.length} locations changed rating`);
    for (let year = 2022; year <= 2026; year++) {
      assert.ok(northmoor!.cqcRatings.filter((r) => r.publishedOn.startsWith(String(year))).length >= 25, `ratings published in ${year}`);
    }
    assert.ok(northmoor!.cqcRatings.every((r) => r.publishedOn <= TODAY));
  });
});

describe('demo history: assessments', () => {
  const frameworks = new Map(all.map((h) => [h.councilId, defaultFrameworks(h.councilId)]));

  test('every stored score is the assessments capability’s scoring of the answers', () => {
    for (const h of all) {
      const versions = new Map(frameworks.get(h.councilId)!.map((v) => [v.id, toScoringFramework(v)]));
      for (const a of h.assessments) {
        const answers = new Map(a.answers.map((x) => [x.questionId, x.answer as Answer]));
        const expected = a.answers.length ? storedScores(scoreAssessment(versions.get(a.frameworkVersionId)!, answers)) : { overallBand: null, overallPercent: null, domainScores: [] };
        assert.deepEqual({ overallBand: a.overallBand, overallPercent: a.overallPercent, domainScores: a.domainScores }, expected, a.id);
      }
    }
  });

  test('published assessments are mostly Good, with realistic shares by category (seed 000)', () => {
    const published = all.flatMap((h) => h.assessments.filter((a) => a.status === 'published'));
    const good = (cat: string) => share(published.filter((a) => categoryOf.get(a.serviceId) === cat), (a) => a.overallBand === 'good' || a.overallBand === 'excellent');
    assert.ok(good('care_home_older_people') > 0.35 && good('care_home_older_people') < 0.65, `older people’s homes ${good('care_home_older_people')}`);
    assert.ok(good('care_home_adults_with_disabilities') > 0.75, `adults with disabilities ${good('care_home_adults_with_disabilities')}`);
    assert.ok(good('home_care') > 0.6 && good('home_care') < 0.92, `home care ${good('home_care')}`);
    for (const band of ['excellent', 'good', 'requires_improvement', 'poor'] as const) assert.ok(published.some((a) => a.overallBand === band), band);
  });

  test('full assessments come round on the regime: each service about every one to three years', () => {
    const assessable = demo.data.services.filter((s) => s.councilId === northmoor!.councilId && !s.category.startsWith('day_'));
    const full = northmoor!.assessments.filter((a) => a.kind === 'full' && a.version === 1 && a.visitedOn);
    const perService = full.length / assessable.length;
    assert.ok(perService > 1.8 && perService < 4.5, `${perService} full assessments per service in five years`);
  });

  test('drafts, completed reports awaiting publication, corrections and self-assessments are there', () => {
    const h = northmoor!;
    assert.ok(h.assessments.some((a) => a.kind === 'full' && a.status === 'draft'));
    assert.ok(h.assessments.some((a) => a.kind === 'full' && a.status === 'completed' && a.version === 1));
    const corrections = h.assessments.filter((a) => a.supersedesId !== null);
    assert.ok(corrections.length >= 3, `${corrections.length} corrections`);
    for (const c of corrections) {
      const original = h.assessments.find((a) => a.id === c.supersedesId)!;
      assert.equal(original.status, 'published');
      assert.ok(c.createdAt.slice(0, 10) > original.publishedOn!);
    }
    const self = h.assessments.filter((a) => a.kind === 'self');
    assert.ok(self.length >= 10 && self.every((a) => a.status !== 'published' && a.createdByOrgId !== h.councilId));
  });

  test('dates follow each other: visit, completion, publication, none after today', () => {
    for (const a of all.flatMap((h) => h.assessments)) {
      if (a.completedOn) assert.ok(a.completedOn <= TODAY && (!a.visitedOn || a.visitedOn <= a.completedOn), a.id);
      if (a.publishedOn) assert.ok(a.publishedOn <= TODAY && a.publishedOn >= a.completedOn!, a.id);
    }
  });
});

describe('demo history: risk ratings', () => {
  test('scores, PRR and band are what the risk capability’s rules give', () => {
    for (const r of all.flatMap((h) => h.ratings)) {
      assert.equal(r.prr, computePrr(DEFAULT_MATRIX, r.scores));
      assert.equal(r.bandKey, bandFor(DEFAULT_MATRIX, r.prr).key);
      assert.deepEqual(r.regime, bandFor(DEFAULT_MATRIX, r.prr).regime);
      for (const [area, proposal] of Object.entries(r.proposals)) {
        if (proposal.score !== null && !r.areaRationales[area]) assert.equal(r.scores[area as keyof typeof r.scores], proposal.score, `${r.id} ${area}`);
      }
    }
  });

  test('ratings move over time, most are approved by the commissioner, never by whoever rated', () => {
    const h = northmoor!;
    const bands = Map.groupBy(h.ratings, (r) => r.serviceId);
    const moved = [...bands.values()].filter((rs) => new Set(rs.map((r) => r.bandKey)).size > 1).length;
    assert.ok(moved >= 20, `${moved} services changed band`);
    assert.ok(share(h.ratings, (r) => r.approval !== null) > 0.4);
    for (const r of h.ratings) if (r.approval) assert.ok(r.approval.approvedBy !== r.ratedBy && r.approval.approvedOn > r.ratedOn && r.approval.approvedOn <= TODAY);
    assert.ok(new Set(h.ratings.map((r) => r.bandKey)).size >= 4, 'several bands in use');
  });
});

describe('demo history: each quarter looks like a council’s', () => {
  test('every quarter of the last two years has published assessments and visits in several categories', () => {
    const quarters = Array.from({ length: 8 }, (_, i) => quarterOf(addMonths(TODAY, -3 * (i + 1))));
    for (const q of quarters) {
      const published = northmoor!.assessments.filter((a) => a.publishedOn && quarterOf(a.publishedOn) === q);
      assert.ok(new Set(published.map((a) => categoryOf.get(a.serviceId))).size >= 3, `${q}: published in ${new Set(published.map((a) => categoryOf.get(a.serviceId))).size} categories`);
      const visits = northmoor!.visits.filter((v) => v.visitedOn && quarterOf(v.visitedOn) === q);
      assert.ok(new Set(visits.map((v) => categoryOf.get(v.serviceId))).size >= 4, `${q}: visits in several categories`);
      assert.ok(new Set(visits.map((v) => v.kind)).size >= 4, `${q}: visits of ${new Set(visits.map((v) => v.kind)).size} kinds`);
    }
  });

  test('each officer makes about 250 to 300 visits a year (seed 001)', () => {
    for (const h of [northmoor!, ravensdale!]) {
      const lastYear = h.visits.filter((v) => v.visitedOn && v.visitedOn > addMonths(TODAY, -12));
      for (const [officer, visits] of Map.groupBy(lastYear, (v) => v.officerId)) {
        assert.ok(visits.length >= 250 && visits.length <= 300, `${officer}: ${visits.length}`);
      }
    }
  });

  test('visits of every kind, planned and recorded', () => {
    const kinds = new Set(northmoor!.visits.filter((v) => v.visitedOn).map((v) => v.kind));
    assert.deepEqual([...kinds].sort(), ['drop_in', 'follow_up', 'full', 'joint', 'relatives_surgery', 'support']);
    assert.ok(northmoor!.visits.some((v) => !v.visitedOn && !v.cancelledOn && v.plannedOn && v.plannedOn > TODAY), 'planned visits to come');
    assert.ok(northmoor!.visits.some((v) => v.kind === 'follow_up' && !v.visitedOn && v.dueBy), 'update visits due');
  });
});
