import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { DEFAULT_MATRIX } from './matrix.ts';
import { matrixService } from './matrix.service.ts';
import { riskService } from './risk.service.ts';
import { addCqcRating, addIntelligence, makeCqcLocation, makeService, scoresOf } from './risk.test-support.ts';
import { workListService } from './work-list.service.ts';

const TODAY = '2026-11-23';

/**
 * The work list keeps each service's facts until that service's records change (store.keepByService), so a
 * view after someone else's commit derives only what changed. Kept facts must never be stale: after every
 * kind of change the list is compared with one derived wholly afresh, and the services derived again are
 * exactly those whose records changed.
 */
for (const database of testDatabases()) {
  describe(`the work list's facts kept by service (${database.name})`, () => {
    let store: Store;
    let derived: string[] = [];
    let kept: ReturnType<typeof workListService>;
    let fresh: ReturnType<typeof workListService>;
    let risk: ReturnType<typeof riskService> & ReturnType<typeof matrixService>;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      // the same database: one service notes which services it derives, the other keeps nothing at all
      kept = workListService({
        ...store,
        keepByService: (tx, scope, ids, derive) =>
          store.keepByService(tx, scope, ids, async (missing) => {
            derived.push(...missing);
            return derive(missing);
          }),
      });
      fresh = workListService({ ...store, remember: (_tx, _key, read) => read(), keepByService: async (_tx, _scope, ids, derive) => new Map(await derive(ids)) });
      risk = { ...riskService(store), ...matrixService(store) };
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('after each kind of change, only the services it touched are derived again, and the list is as if derived afresh', async () => {
      const council = await makeCouncil(store, 'Kept facts council');
      const other = await makeCouncil(store, 'Kept facts neighbour');
      const officer = council.officer.actor;
      const location = await makeCqcLocation(store, { overall: 'good', publishedOn: '2024-01-01' });
      const alder = await makeService(store, council.org.id, { name: 'Alder House', leadOfficerId: officer.userId, cqcLocationId: location });
      const birch = await makeService(store, council.org.id, { name: 'Birch Court', leadOfficerId: officer.userId, category: 'home_care' });
      const elsewhere = await makeService(store, other.org.id, { name: 'Elsewhere', leadOfficerId: other.officer.actor.userId });
      await risk.rate(officer, alder.id, { scores: scoresOf(), rationale: 'First' });
      await risk.rate(officer, birch.id, { scores: scoresOf({ complexity: 1 }), rationale: 'First' });

      const step = async (what: string, change: () => Promise<unknown>, expected: readonly { id: string }[]) => {
        await change();
        derived = [];
        const list = await kept.workList(officer);
        assert.deepEqual([...derived].sort(), expected.map((s) => s.id).sort(), `${what}: the services derived again`);
        assert.deepEqual(list, await fresh.workList(officer), `${what}: the list is as if derived afresh`);
        return list;
      };
      const alderOf = (list: Awaited<ReturnType<typeof kept.workList>>) => list.items.find((i) => i.serviceId === alder.id)!;

      await step('the first view', async () => undefined, [alder, birch]);
      await step('another council’s intelligence committed', () => addIntelligence(store, { councilId: other.org.id, serviceId: elsewhere.id, createdBy: other.officer.actor.userId, receivedOn: TODAY, source: 'complaint' }), []);
      const raised = await step(
        'a safeguarding alert about Alder House',
        () => addIntelligence(store, { councilId: council.org.id, serviceId: alder.id, createdBy: officer.userId, receivedOn: TODAY, source: 'safeguarding', severity: 'red' }),
        [alder],
      );
      assert.ok(alderOf(raised).changes.some((c) => c.area === 'safeguarding'), 'the alert shows as a change to re-rate');
      await step(
        'a visit to Alder House',
        () =>
          store.asSystem((tx) =>
            tx.insertInto('visits').values({ council_id: council.org.id, service_id: alder.id, kind: 'drop_in', created_by: officer.userId, visited_on: TODAY, outcome: 'Seen', recorded_by: officer.userId }).execute(),
          ),
        [alder],
      );
      const rerated = await step('Alder House rated again', () => risk.rate(officer, alder.id, { scores: scoresOf({ safeguarding: 4 }), rationale: 'After the alert' }), [alder]);
      assert.equal(alderOf(rerated).latest!.scores.safeguarding, 4);
      await step(
        'a suspension at Birch Court',
        () =>
          store.asSystem((tx) =>
            tx
              .insertInto('suspensions')
              .values({ council_id: council.org.id, service_id: birch.id, scope: 'full', reason: 'Safeguarding', starts_on: TODAY, scope_since: TODAY, created_by: council.commissioner.actor.userId } as never)
              .execute(),
          ),
        [birch],
      );
      let group = '';
      // a provider added to the register moves every service of the council (the services list offers it)
      await step('a provider added to the council', async () => (group = await store.asSystem(async (tx) => (await tx.insertInto('providers').values({ council_id: council.org.id, name: 'Group plc' }).returning('id').executeTakeFirstOrThrow()).id)), [alder, birch]);
      const alderProvider = await store.asSystem(async (tx) => (await tx.selectFrom('services').select('provider_id').where('id', '=', alder.id).executeTakeFirstOrThrow()).provider_id);
      await step('Alder House’s provider joins a group', () => store.asSystem((tx) => tx.updateTable('providers').set({ parent_provider_id: group }).where('id', '=', alderProvider).execute()), [alder]);
      const grouped = await step(
        'a concerns case on the group',
        () =>
          store.asSystem((tx) =>
            tx.insertInto('concerns_cases').values({ council_id: council.org.id, provider_id: group, stage: 3, reason: 'Group-wide staffing', opened_on: TODAY, opened_by: council.commissioner.actor.userId } as never).execute(),
          ),
        [alder],
      );
      assert.ok(alderOf(grouped).changes.some((c) => c.area === 'officer_intelligence'), 'the case reaches the group’s service');
      await step('Birch Court’s category corrected', () => store.asSystem((tx) => tx.updateTable('services').set({ category: 'supported_living' }).where('id', '=', birch.id).execute()), [birch]);
      const inspected = await step('CQC publishes a new rating (shared by every council)', () => addCqcRating(store, location, { overall: 'inadequate', publishedOn: '2026-11-01' }), [alder, birch]);
      assert.ok(alderOf(inspected).changes.some((c) => c.area === 'cqc_rating'));
      await step('a new matrix', () => risk.saveMatrix(council.admin.actor, { ...DEFAULT_MATRIX, selfAssessmentMonthsBefore: 2 }), [alder, birch]);
      setClock('2026-11-24');
      try {
        await step('the next day', async () => undefined, [alder, birch]);
      } finally {
        setClock(TODAY);
      }
    });

    test('a unit of work that has written derives afresh and keeps nothing', async () => {
      const council = await makeCouncil(store, 'Written council');
      const officer = council.officer.actor;
      const service = await makeService(store, council.org.id, { name: 'Cedar Lodge', leadOfficerId: officer.userId });
      const ids = [service.id];
      const calls: string[][] = [];
      const derive = async (missing: readonly string[]) => (calls.push([...missing]), new Map(missing.map((id) => [id, { id }])));
      await store.asUser(officer, (tx) => store.keepByService(tx, 'written-test', ids, derive));
      await store.asUser(officer, (tx) => store.keepByService(tx, 'written-test', ids, derive));
      assert.deepEqual(calls, [ids], 'kept after the first read');
      await assert.rejects(
        store.asUser(officer, async (tx) => {
          // as any write does, the unit of work takes a transaction id
          await sql`select pg_current_xact_id()`.execute(tx);
          await store.keepByService(tx, 'written-test', ids, derive);
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      assert.deepEqual(calls, [ids, ids], 'derived afresh after writing');
      await store.asUser(officer, (tx) => store.keepByService(tx, 'written-test', ids, derive));
      assert.deepEqual(calls, [ids, ids], 'what the rolled-back unit derived was not kept; the earlier answer still stands');
    });

    test('every table whose rows name a service either moves its version or is not one the kept answers come from', async () => {
      const { rows } = await sql<{ table_name: string; versioned: boolean }>`
        select c.table_name::text as table_name,
          exists (select 1 from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                   where t.tgrelid = (quote_ident(c.table_name))::regclass and p.proname like 'service_versions_%') as versioned
          from information_schema.columns c
         where c.table_schema = 'public' and c.column_name = 'service_id'`.execute(store.db);
      // what neither a service's risk facts nor what plans and visits make due read: each a deliberate choice,
      // revisited if that changes
      const notRiskFacts = new Set([
        'alerts',
        'assurance_requests',
        'assurance_statements',
        'concern_reports',
        'contingency_plan_services',
        'fee_band_overrides',
        'fee_band_schedule_items',
        'return_reminders_sent',
        'service_versions',
      ]);
      const unaccounted = rows.filter((r) => !r.versioned && !notRiskFacts.has(r.table_name)).map((r) => r.table_name);
      assert.deepEqual(unaccounted, []);
      const versioned = rows.filter((r) => r.versioned).map((r) => r.table_name).sort();
      // (contracts and the kept live status facts for the service page: service-page.kept.db.test.ts)
      assert.deepEqual(versioned, ['action_plans', 'assessments', 'concerns_cases', 'contract_processes', 'contracts', 'intelligence', 'returns', 'risk_ratings', 'service_status', 'suspensions', 'visits']);
      // and those that name their service through a plan, an action or an assessment (what plans and visits make
      // due), a risk rating, a suspension or a concerns case (the service page)
      const { rows: parts } = await sql<{ table_name: string }>`
        select distinct c.relname::text as table_name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
         where p.proname = 'service_versions_parts_changed' order by 1`.execute(store.db);
      assert.deepEqual(parts.map((r) => r.table_name), ['action_milestones', 'action_updates', 'actions', 'assessment_answers', 'assessment_comments', 'concerns_actions', 'risk_rating_approvals', 'suspension_events']);
    });
  });
}
