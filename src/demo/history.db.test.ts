import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadVersion, scoreAssessment, toScoringFramework, type Answer } from '../assessments/index.ts';
import { setClock } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { marketServices } from '../market/index.ts';
import { liveStatusService } from '../status/status.service.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { loadDemo } from './demo.ts';
import { storedScores } from './history/answers.ts';
import { demoWithHistory } from './history/history.test-support.ts';

/** The demo's history as loaded: what the generator made, accepted by every guard, read back as the product reads it. */

const TODAY = '2026-12-05';
const expected = demoWithHistory('small', TODAY).histories[0]!;

for (const database of testDatabases()) {
  describe(`the demo's five years of history (${database.name})`, () => {
    let store: Store;
    before(async () => {
      setClock(TODAY);
      store = await database.open();
      await loadDemo(store, 'small');
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    const actorFor = (email: string): Promise<Actor> =>
      store.asSystem((tx) =>
        tx
          .selectFrom('users as u')
          .innerJoin('organisations as o', 'o.id', 'u.org_id')
          .select(['u.id as userId', 'u.org_id as orgId', 'o.kind as orgKind', 'u.role', 'u.name', 'o.name as orgName'])
          .where('u.email', '=', email)
          .executeTakeFirstOrThrow(),
      );

    test('writes exactly the history the generator makes for that day', async () => {
      const rows = await store.asSystem(async (tx) => ({
        assessments: await tx.selectFrom('assessments').select(['id', 'status', 'overall_band', 'published_on', 'completed_on']).orderBy('id').execute(),
        visits: await tx.selectFrom('visits').select(['id', 'kind', 'visited_on']).orderBy('id').execute(),
        ratings: await tx.selectFrom('risk_ratings').select(['id', 'band_key', 'rated_on']).orderBy('id').execute(),
        plans: await tx.selectFrom('action_plans').select(['id', 'status']).orderBy('id').execute(),
        suspensions: await tx.selectFrom('suspensions').select(['id', 'status', 'scope']).orderBy('id').execute(),
      }));
      const byId = <T extends { id: string }>(list: readonly T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
      assert.deepEqual(
        rows.assessments.map((a) => [a.id, a.status, a.overall_band, a.published_on, a.completed_on]),
        byId(expected.assessments).map((a) => [a.id, a.status, a.overallBand, a.publishedOn, a.completedOn]),
      );
      assert.deepEqual(rows.visits.map((v) => [v.id, v.kind, v.visited_on]), byId(expected.visits).map((v) => [v.id, v.kind, v.visitedOn]));
      assert.deepEqual(rows.ratings.map((r) => [r.id, r.band_key, r.rated_on]), byId(expected.ratings).map((r) => [r.id, r.bandKey, r.ratedOn]));
      assert.deepEqual(rows.plans.map((p) => [p.id, p.status]), byId(expected.plans).map((p) => [p.id, p.status]));
      assert.deepEqual(rows.suspensions.map((s) => [s.id, s.status, s.scope]), byId(expected.suspensions).map((s) => [s.id, s.liftedOn ? 'lifted' : 'active', s.scope]));
    });

    test('every assessment’s stored band, percent and domain scores are the product’s scoring of its answers', async () => {
      await store.asSystem(async (tx) => {
        const assessments = await tx.selectFrom('assessments').select(['id', 'framework_version_id', 'overall_band', 'overall_percent', 'domain_scores']).execute();
        const answers = Map.groupBy(await tx.selectFrom('assessment_answers').select(['assessment_id', 'question_id', 'answer']).execute(), (a) => a.assessment_id);
        const versions = new Map<string, Awaited<ReturnType<typeof loadVersion>>>();
        let scored = 0;
        for (const a of assessments) {
          if (!versions.has(a.framework_version_id)) versions.set(a.framework_version_id, await loadVersion(tx, a.framework_version_id));
          const given = answers.get(a.id) ?? [];
          if (given.length === 0) continue;
          const scores = scoreAssessment(toScoringFramework(versions.get(a.framework_version_id)!), new Map(given.map((x) => [x.question_id, x.answer as Answer])));
          const stored = storedScores(scores);
          assert.deepEqual([a.overall_band, a.overall_percent, a.domain_scores], [stored.overallBand, stored.overallPercent, stored.domainScores], a.id);
          scored++;
        }
        assert.ok(scored > 50, `${scored} assessments scored`);
      });
    });

    test('every service with a suspension in force shows as suspended on the live status, to the council and to Healthwatch', async () => {
      const active = await store.asSystem((tx) => tx.selectFrom('suspensions').select(['service_id', 'scope']).where('status', '=', 'active').execute());
      assert.ok(active.length >= 2, `${active.length} suspensions in force`);
      const scopes = new Map(active.map((s) => [s.service_id, s.scope]));
      for (const email of ['placing.officer@northmoor.example.gov.uk', 'enter.and.view@healthwatchnorthmoor.example.org.uk']) {
        const entries = await liveStatusService(store).csv(await actorFor(email), {});
        assert.equal(entries.length, 60, email);
        for (const e of entries) {
          const scope = scopes.get(e.serviceId);
          if (scope === 'full') assert.equal(e.status, 'suspended', e.name);
          else if (scope === 'partial') assert.equal(e.status, 'suspended_partial', e.name);
          else assert.ok(e.status !== 'suspended' && e.status !== 'suspended_partial', e.name);
        }
        assert.ok(entries.some((e) => e.concerns !== null) && entries.some((e) => e.cqc !== null) && entries.some((e) => e.assessment !== null) && entries.some((e) => e.riskBand !== null));
      }
    });

    test('alerts carry the day of their event; the old ones have been read, and Healthwatch has Northmoor’s', async () => {
      const alerts = await store.asSystem((tx) => tx.selectFrom('alerts as a').innerJoin('organisations as o', 'o.id', 'a.recipient_org_id').select(['a.created_at', 'a.read_at', 'o.kind', 'a.event']).execute());
      assert.ok(alerts.length >= 10, `${alerts.length} alerts`);
      const days = new Set(alerts.map((a) => a.created_at.toISOString().slice(0, 10)));
      assert.ok(days.size >= alerts.length / 4, 'spread over many days, not all written today');
      assert.ok(alerts.every((a) => a.created_at.toISOString().slice(0, 10) <= TODAY));
      assert.ok(alerts.some((a) => a.read_at !== null) && alerts.some((a) => a.read_at === null));
      assert.ok(alerts.some((a) => a.kind === 'partner'));
      assert.ok(new Set(alerts.map((a) => a.event)).size >= 4);
    });

    test('the provider’s portal user sees its assessments and plans, never the council’s visits', async () => {
      const provider = await actorFor('quality.lead@oakleaf.example.co.uk');
      const seen = await store.asUser(provider, async (tx) => ({
        assessments: await tx.selectFrom('assessments').select(['kind', 'status']).execute(),
        plans: await tx.selectFrom('action_plans').select(['status']).execute(),
        actions: await tx.selectFrom('actions').select(['status']).execute(),
        visits: await tx.selectFrom('visits').select('id').execute(),
      }));
      assert.ok(seen.assessments.some((a) => a.kind === 'full' && a.status === 'published'));
      assert.ok(seen.assessments.every((a) => a.kind === 'self' || a.status !== 'draft'));
      assert.ok(seen.plans.length > 0 && seen.plans.every((p) => p.status !== 'draft'));
      assert.ok(seen.actions.length > 0);
      assert.equal(seen.visits.length, 0);
    });

    test('the public form numbers on from the demo’s concern references', async () => {
      await store.asSystem(async (tx) => {
        const counters = await tx.selectFrom('concern_reference_counters').selectAll().execute();
        const highest = await sql<{ year: number; n: number }>`select substr(reference, 4, 4)::int as year, max(substr(reference, 9)::int) as n from concern_reports group by 1`.execute(tx);
        assert.deepEqual(
          counters.map((c) => [c.year, c.last_number]).sort(),
          highest.rows.map((r) => [Number(r.year), Number(r.n)]).sort(),
        );
      });
    });

    test('each council has this year’s fee-band scheme, and its commissioner sees a proposal for every care home', async () => {
      const commissioner = await store.asSystem((tx) => tx.selectFrom('users').select('email').where('role', '=', 'commissioner').orderBy('email').executeTakeFirstOrThrow());
      const schedule = await marketServices(store).feeBands.schedule(await actorFor(commissioner.email), 2026);
      assert.equal(schedule.scheme?.bands.length, 5);
      const careHomes = await store.asSystem((tx) =>
        tx.selectFrom('services').select('id').where('council_id', '=', expected.councilId).where('category', 'in', ['care_home_older_people', 'care_home_adults_with_disabilities']).where('not_commissioned', '=', false).execute(),
      );
      assert.ok(careHomes.length > 0);
      assert.deepEqual(schedule.items.map((i) => i.serviceId).sort(), careHomes.map((h) => h.id).sort());
      // The audits of the round give most homes a band from their percent.
      assert.ok(schedule.items.filter((i) => /^(Annual audit|Re-audit) on .* scored \d+(\.\d)?%/.test(i.reason)).length > careHomes.length / 2, JSON.stringify(schedule.items.map((i) => i.reason)));
    });

    test('one market event with an open contingency plan over the branches of a subsidiary of the Oakleaf group, with assurance received', async () => {
      await store.asSystem(async (tx) => {
        const plans = await tx.selectFrom('contingency_plans as c').innerJoin('market_events as e', 'e.id', 'c.market_event_id').select(['c.id', 'c.status', 'e.kind', 'e.occurred_on', 'e.provider_id']).execute();
        assert.equal(plans.length, 1);
        assert.deepEqual([plans[0]!.status, plans[0]!.kind, plans[0]!.occurred_on], ['open', 'company_voluntary_arrangement', '2026-11-25']);
        const services = await tx.selectFrom('contingency_plan_services as ps').innerJoin('services as s', 's.id', 'ps.service_id').select(['s.provider_id']).where('ps.plan_id', '=', plans[0]!.id).execute();
        assert.ok(services.length >= 2 && services.every((s) => s.provider_id === plans[0]!.provider_id), `${services.length} branches`);
        const statements = await tx.selectFrom('assurance_statements').select('id').execute();
        assert.ok(statements.length > 0);
        const alert = await tx.selectFrom('alerts').select('created_at').where('event', '=', 'market_event').execute();
        assert.ok(alert.length >= 2 && alert.every((a) => a.created_at.toISOString().startsWith('2026-11-25')), 'the council and those it shares alerts with');
      });
    });
  });
}
