import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../../test/support/databases.ts';
import { TODAY, addNotCommissionedHome, makeDashboardsWorld, type DashboardsWorld } from '../../../test/support/dashboards-world.ts';
import { setClock } from '../../core/clock.ts';
import type { Store } from '../../core/db/database.ts';
import { Forbidden, Invalid } from '../../core/errors.ts';
import { dashboardsService, type DashboardsService } from './dashboards.service.ts';

/** The dashboards read from the records through each capability's read models, on both databases. */
for (const database of testDatabases()) {
  describe(`dashboards from the records (${database.name})`, () => {
    let store: Store;
    let w: DashboardsWorld;
    let dashboards: DashboardsService;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      w = await makeDashboardsWorld(store);
      dashboards = dashboardsService(store);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('care homes: ratings, bands, escalation, eight quarters and rating changes of the council’s care homes', async () => {
      const d = await dashboards.careHomes(w.north.commissioner.actor, {});
      const f = d.figures;
      assert.equal(d.period.label, '2025/26');
      assert.equal(f.services, 4, 'the four care homes; home care is not a care home');
      assert.deepEqual(Object.fromEntries(f.byCqcRating.map((c) => [c.key, c.count])), { outstanding: 1, good: 1, requires_improvement: 1, inadequate: 0, not_rated: 1 });
      const bands = Object.fromEntries(f.byRiskBand.map((c) => [c.key, c.count]));
      assert.deepEqual([bands.low, bands.medium, bands.high, bands.not_rated], [1, 1, 1, 1]);
      assert.deepEqual(f.suspended, { services: 2, full: 1, partial: 1, beds: 60 });
      assert.equal(f.inConcerns, 1);
      assert.equal(f.underContractRemedies, 1);
      assert.deepEqual(
        f.goodOrBetterByQuarter.map((q) => [q.label, q.oursPercent, q.cqcPercent]),
        [
          ['Q1 2024/25', null, 100],
          ['Q2 2024/25', null, 100],
          ['Q3 2024/25', null, 100],
          ['Q4 2024/25', null, 66.7],
          ['Q1 2025/26', 50, 66.7],
          ['Q2 2025/26', null, 66.7],
          ['Q3 2025/26', 100, 100],
          ['Q4 2025/26', null, 66.7],
        ],
      );
      assert.deepEqual(
        f.cqcChanges.map((c) => [c.name, c.from, c.to, c.on, c.direction]),
        [
          ['Oak House', 'good', 'requires_improvement', '2026-02-10', 'worse'],
          ['Elm View', 'inadequate', 'good', '2025-11-20', 'better'],
        ],
      );
    });

    test('care homes filtered by team: the services its officers lead', async () => {
      const f = (await dashboards.careHomes(w.north.officer.actor, { team: 'North team' })).figures;
      assert.equal(f.services, 2);
      assert.deepEqual(f.suspended, { services: 1, full: 1, partial: 0, beds: 40 });
      assert.deepEqual(
        f.cqcChanges.map((c) => c.name),
        ['Oak House'],
      );
    });

    test('performance: visits per officer against 300 a year, work overdue, days to triage', async () => {
      const d = await dashboards.performance(w.north.commissioner.actor, {});
      const f = d.figures;
      assert.equal(f.visitsTargetPerYear, 300);
      assert.equal(f.targetPerOfficer, 291);
      assert.deepEqual(
        f.visits.map((v) => [v.name, v.made, v.percentOfTarget]),
        [
          ['Ann North', 3, 1],
          ['Bob South', 1, 0.3],
          ['Test officer', 0, 0],
        ],
      );
      assert.deepEqual(
        f.fullAssessmentsOverdue.map((a) => [a.name, a.dueOn, a.daysOverdue]),
        [['Elm View', '2025-11-20', 120]],
      );
      assert.equal(f.actionPlansOverdue, 1);
      assert.equal(f.actionsOverdue, 1);
      assert.equal(f.suspensionReviewsOverdue, 1);
      assert.equal(f.processReviewsOverdue, 1);
      assert.deepEqual(
        { received: f.triage.received, triaged: f.triage.triaged, waiting: f.triage.waiting, median: f.triage.medianDays, mean: f.triage.meanDays, longest: f.triage.longestDays, oldest: f.triage.oldestWaitingDays },
        { received: 4, triaged: 3, waiting: 1, median: 3, mean: 4.3, longest: 10, oldest: 10 },
      );
    });

    test('performance filtered by lead officer: the services Bob leads, whoever visited them', async () => {
      const f = (await dashboards.performance(w.north.commissioner.actor, { leadOfficer: w.bob.actor.userId })).figures;
      assert.deepEqual(
        f.visits.map((v) => [v.name, v.made]),
        [
          ['Ann North', 1],
          ['Bob South', 1],
        ],
      );
      assert.equal(f.triage.received, 1, 'only the report naming Elm View');
      assert.equal(f.processReviewsOverdue, 0);
    });

    test('performance for one category and one quarter', async () => {
      const f = (await dashboards.performance(w.north.commissioner.actor, { category: 'home_care', period: '2025-q4' })).figures;
      assert.equal(f.targetPerOfficer, 65, '300 a year over 79 days of 365 (1 January to 20 March)');
      assert.deepEqual(
        f.visits.map((v) => [v.name, v.made]),
        [
          ['Ann North', 1],
          ['Bob South', 0],
          ['Test officer', 0],
        ],
      );
      assert.equal(f.triage.received, 0);
    });

    test('a yearly target the council set replaces the default', async () => {
      await dashboards.saveVisitsTarget(w.north.admin.actor, 250);
      try {
        const f = (await dashboards.performance(w.north.officer.actor, {})).figures;
        assert.equal(f.visitsTargetPerYear, 250);
        assert.equal(f.targetPerOfficer, 242);
        assert.equal((await dashboards.performance(w.west.commissioner.actor, {})).figures.visitsTargetPerYear, 300, 'another council keeps its own');
      } finally {
        await dashboards.saveVisitsTarget(w.north.commissioner.actor, 300);
      }
      await assert.rejects(dashboards.saveVisitsTarget(w.north.officer.actor, 100), Forbidden);
    });

    test('another council sees only its own services', async () => {
      const f = (await dashboards.careHomes(w.west.commissioner.actor, {})).figures;
      assert.equal(f.services, 1);
      assert.deepEqual(f.suspended, { services: 1, full: 1, partial: 0, beds: 0 });
      assert.deepEqual(
        f.cqcChanges.map((c) => c.name),
        ['Western Rise'],
      );
      const p = (await dashboards.performance(w.west.commissioner.actor, { leadOfficer: w.ann.actor.userId })).figures;
      assert.deepEqual(p.visits, [], 'our officer asked for by id: none of our records');
      assert.equal((await dashboards.performance(w.west.commissioner.actor, {})).figures.triage.received, 1);
    });

    test('placing officers, providers and partners are refused; a filter not offered is invalid', async () => {
      await assert.rejects(dashboards.careHomes(w.north.placer.actor, {}), Forbidden);
      await assert.rejects(dashboards.performance(w.providerUser.actor, {}), Forbidden);
      await assert.rejects(dashboards.careHomes(w.healthwatch.actor, {}), Forbidden);
      await assert.rejects(dashboards.careHomes(w.north.officer.actor, { category: 'home_care' }), Invalid);
      await assert.rejects(dashboards.careHomes(w.north.officer.actor, { period: '2025-q9' }), Invalid);
    });

    test('a home the council does not commission: in no commissioned figure, counted apart with its beds and CQC rating; visits and overdue work are the commissioned services’', async () => {
      const careHomes = (await dashboards.careHomes(w.north.commissioner.actor, {})).figures;
      const performance = (await dashboards.performance(w.north.commissioner.actor, {})).figures;
      assert.deepEqual([careHomes.notCommissioned.services, careHomes.notCommissioned.beds], [0, 0]);
      const { notCommissioned: _none, ...commissionedBefore } = careHomes;
      await addNotCommissionedHome(store, w);
      const after = (await dashboards.careHomes(w.north.commissioner.actor, {})).figures;
      const { notCommissioned, ...commissioned } = after;
      assert.deepEqual(commissioned, commissionedBefore, 'rated Inadequate, it lowers no CQC percent and changes no count');
      assert.deepEqual([notCommissioned.services, notCommissioned.beds], [1, 50]);
      assert.deepEqual(Object.fromEntries(notCommissioned.byCqcRating.map((c) => [c.key, c.count])), { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 1, not_rated: 0 });
      const byTeam = (await dashboards.careHomes(w.north.officer.actor, { team: 'North team' })).figures;
      assert.equal(byTeam.notCommissioned.services, 1, 'the filters narrow it as any home');
      assert.equal((await dashboards.careHomes(w.north.officer.actor, { team: 'South team' })).figures.notCommissioned.services, 0);

      const p = (await dashboards.performance(w.north.commissioner.actor, {})).figures;
      assert.deepEqual(p.visits, performance.visits, 'a visit to it is not against the target');
      assert.deepEqual([p.fullAssessmentsOverdue, p.suspensionReviewsOverdue, p.processReviewsOverdue], [performance.fullAssessmentsOverdue, performance.suspensionReviewsOverdue, performance.processReviewsOverdue]);
      assert.equal(p.triage.received, performance.triage.received + 1, 'a report from the public about it is intelligence, and counts');

      const west = (await dashboards.careHomes(w.west.commissioner.actor, {})).figures;
      assert.equal(west.notCommissioned.services, 0, 'another council sees none of ours');
      assert.equal(west.services, 1);
    });
  });
}
