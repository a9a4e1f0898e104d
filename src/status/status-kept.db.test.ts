import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../test/support/databases.ts';
import { addIntelligence, addPublishedAssessment, addRiskRating, makeStatusWorld, type StatusWorld } from '../../test/support/status-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store, Tx } from '../core/db/database.ts';
import { escalationServices, type EscalationService } from '../escalation/index.ts';
import { liveStatusService } from './status.service.ts';

/**
 * live_status() reads each service's facts from service_status, which the database keeps as the records they
 * come from change (migration 20261207T0100). These tests change every kind of record, one statement and one
 * transaction at a time, and after each change compare every row kept with the facts derived afresh from the
 * records by the statement live_status() used to run per search (service_status_derive).
 */
type Row = Record<string, unknown>;

const keptRows = async (tx: Tx) => (await sql<Row>`select * from service_status order by service_id`.execute(tx)).rows;
const derivedRows = async (tx: Tx) =>
  (await sql<Row>`select * from service_status_derive(array(select s.id from services s)) order by service_id`.execute(tx)).rows;

for (const database of testDatabases()) {
  describe(`each service's status facts, kept as its records change (${database.name})`, () => {
    let store: Store;
    let w: StatusWorld;
    let escalation: EscalationService;

    before(async () => {
      setClock('2026-03-10');
      store = await database.open();
      w = await makeStatusWorld(store);
      escalation = escalationServices(store, () => []).escalation;
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    /** Every service has its row, and every row holds what the records say now. */
    async function assertKept(step: string): Promise<void> {
      const { kept, derived, services } = await store.asSystem(async (tx) => ({
        kept: await keptRows(tx),
        derived: await derivedRows(tx),
        services: Number((await sql<{ n: string }>`select count(*) as n from services`.execute(tx)).rows[0]!.n),
      }));
      assert.equal(kept.length, services, `${step}: one row a service`);
      assert.deepEqual(kept, derived, step);
    }
    const keptOf = async (serviceId: string) =>
      store.asSystem(async (tx) => (await sql<Row>`select * from service_status where service_id = ${serviceId}`.execute(tx)).rows[0]!);
    const against = async (serviceId: string) => (await keptOf(serviceId)).against;
    const run = (statement: ReturnType<typeof sql>) => store.asSystem((tx) => statement.execute(tx));

    test('suspensions, concerns cases and contractual processes', async () => {
      await assertKept('the services as added');
      assert.equal(await against(w.oakHouseId), false);
      const commissioner = w.north.commissioner.actor;
      const s = await escalation.suspend(commissioner, w.oakHouseId, { scope: 'full', reason: 'Safeguarding', startsOn: '2026-01-05', reviewOn: '2026-04-05' });
      await assertKept('suspended');
      assert.equal(await against(w.oakHouseId), true);
      await escalation.lift(commissioner, s.id, { liftedOn: '2026-02-01', evidence: 'Better', partial: true, detail: 'Nursing beds only' });
      await assertKept('lifted in part');
      assert.equal((await keptOf(w.oakHouseId)).suspension_detail, 'Nursing beds only');
      await escalation.lift(commissioner, s.id, { liftedOn: '2026-03-01', evidence: 'Sustained', partial: false });
      await assertKept('lifted');
      assert.equal(await against(w.oakHouseId), false);

      const c = await escalation.openCase(commissioner, { serviceId: w.elmId }, { stage: 2, reason: 'Staffing', openedOn: '2026-03-02' });
      await assertKept('a case opened');
      await escalation.escalate(commissioner, c.id, { stage: 4, reason: 'No improvement', on: '2026-03-05' });
      await assertKept('the case escalated');
      assert.equal((await keptOf(w.elmId)).concerns_stage, 4);
      const p = await escalation.startProcess(commissioner, w.elmId, { kind: 'remedies_for_poor_performance', reason: 'Late calls', startedOn: '2026-03-03' });
      await escalation.closeCase(commissioner, c.id, { reason: 'Improved', closedOn: '2026-03-06' });
      await assertKept('a process started, the case closed');
      assert.deepEqual((await keptOf(w.elmId)).contract_processes, ['remedies_for_poor_performance']);
      await escalation.endProcess(commissioner, p.id, { endedOn: '2026-03-07', outcome: 'Met the plan' });
      await assertKept('the process ended');
      assert.equal(await against(w.elmId), false);
    });

    test('a provider group’s case reaches its subsidiaries’ services, and follows services and providers as they move', async () => {
      const commissioner = w.north.commissioner.actor;
      const c = await escalation.openCase(commissioner, { providerId: w.groupId }, { stage: 3, reason: 'Group-wide governance' });
      await assertKept('a group case opened');
      assert.deepEqual([await against(w.oakLodgeId), await against(w.groupHomeId), await against(w.elmId)], [true, true, false]);

      await run(sql`update providers set parent_provider_id = null where id = ${w.homesId}`);
      await assertKept('the subsidiary leaves the group');
      assert.deepEqual([await against(w.oakLodgeId), await against(w.groupHomeId)], [false, true]);
      await run(sql`update providers set parent_provider_id = ${w.groupId} where id = ${w.homesId}`);
      await assertKept('the subsidiary rejoins the group');
      assert.equal(await against(w.oakLodgeId), true);

      await run(sql`update services set provider_id = ${w.homesId} where id = ${w.elmId}`);
      await assertKept('a service moves into the group');
      assert.equal(await against(w.elmId), true);
      await run(sql`update services set provider_id = ${w.elmProviderId} where id = ${w.elmId}`);
      await assertKept('and back out');
      assert.equal(await against(w.elmId), false);

      const added = await store.asSystem(async (tx) => {
        const rows = await sql<{ id: string }>`insert into services (council_id, provider_id, name, category, postcode)
          values (${w.north.org.id}, ${w.homesId}, 'Oak Annexe', 'care_home_older_people', 'NS1 4AA'),
                 (${w.north.org.id}, ${w.elmProviderId}, 'Elm Annexe', 'care_home_older_people', 'NS9 8ZZ')
          returning id`.execute(tx);
        return rows.rows.map((r) => r.id);
      });
      await assertKept('two services added in one statement');
      assert.deepEqual([await against(added[0]!), await against(added[1]!)], [true, false]);

      await run(sql`update services set council_id = ${w.west.org.id} where id = ${added[1]!}`);
      await assertKept('a service moves to another council');
      assert.equal((await keptOf(added[1]!)).council_id, w.west.org.id);

      await escalation.closeCase(commissioner, c.id, { reason: 'Resolved' });
      await assertKept('the group case closed');
      assert.equal(await against(added[0]!), false);
    });

    test('assessments, risk ratings and safeguarding enquiries, added, changed and removed', async () => {
      const officer = w.north.officer.actor.userId;
      await addPublishedAssessment(store, w.north.org.id, w.oakLodgeId, officer, 'poor', '2026-01-15');
      await assertKept('an assessment published');
      assert.equal((await keptOf(w.oakLodgeId)).assessment_band, 'poor');
      await addRiskRating(store, w.north.org.id, w.oakLodgeId, officer, 'high', '2026-02-01');
      await assertKept('a risk rating');
      assert.equal((await keptOf(w.oakLodgeId)).risk_band, 'high');
      const enquiry = await addIntelligence(store, w.north.org.id, w.oakLodgeId, officer, 'open');
      await assertKept('a safeguarding enquiry opened');
      assert.equal((await keptOf(w.oakLodgeId)).safeguarding_enquiry_open, true);
      await run(sql`update intelligence set section42_status = 'concluded' where id = ${enquiry.id}`);
      await assertKept('the enquiry concluded');
      assert.equal((await keptOf(w.oakLodgeId)).safeguarding_enquiry_open, false);
      await run(sql`delete from intelligence where id = ${enquiry.id}`);
      await assertKept('the record removed');

      // one statement touching several services
      await run(sql`insert into risk_ratings (council_id, service_id, scores, rationale, proposals, prr, band_key, band_label, regime, rated_on, rated_by)
        select s.council_id, s.id, '{}', 'Annual review', '{}', 10, 'low', 'Low', '{}', '2026-03-09', ${officer}
          from services s where s.council_id = ${w.north.org.id}`);
      await assertKept('risk ratings for every service of a council in one statement');
      assert.equal((await keptOf(w.oakLodgeId)).risk_band, 'low');
      assert.equal((await keptOf(w.westHomeId)).risk_band, null, 'another council’s service is untouched');
    });

    test('the safety net finds the services whose kept facts drifted from their records, and refreshes them', async () => {
      assert.equal(await liveStatusService(store).repairKeptFacts(), 0, 'nothing to repair');
      // written by hand, as nothing in the product does
      await run(sql`update service_status set against = not against, risk_band = 'made_up' where service_id = ${w.elmId}`);
      await run(sql`delete from service_status where service_id = ${w.westHomeId}`);
      assert.equal(await liveStatusService(store).repairKeptFacts(), 2);
      await assertKept('after the repair');
      assert.equal(await liveStatusService(store).repairKeptFacts(), 0);
    });

    test('the application’s role can neither read the kept facts nor derive or refresh them', async () => {
      for (const statement of [
        sql`select * from service_status`,
        sql`select * from service_status_derive(array[${w.oakHouseId}]::uuid[])`,
        sql`select service_status_refresh(array[${w.oakHouseId}]::uuid[])`,
        sql`select service_status_repair()`,
        sql`select service_status_group_services(array[${w.groupId}]::uuid[])`,
      ]) {
        await assert.rejects(
          store.asSystem(async (tx) => {
            await sql`set local role care_app`.execute(tx);
            await statement.execute(tx);
          }),
          /permission denied/,
        );
      }
    });

    if (database.name === 'postgres') {
      test('two transactions changing one service at once: the facts kept have both changes', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let suspended!: () => void;
        const firstWrote = new Promise<void>((resolve) => (suspended = resolve));
        const first = store.asSystem(async (tx) => {
          await sql`insert into suspensions (council_id, service_id, scope, reason, starts_on, scope_since, created_by)
            values (${w.north.org.id}, ${w.groupHomeId}, 'full', 'Fire safety', '2026-03-10', '2026-03-10', ${w.north.commissioner.actor.userId})`.execute(tx);
          suspended();
          await gate;
        });
        await firstWrote;
        // the second derives the same service's facts while the first has not committed
        const second = addRiskRating(store, w.north.org.id, w.groupHomeId, w.north.officer.actor.userId, 'very_high', '2026-03-10');
        const waiting = async () =>
          store.asSystem(async (tx) => Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(tx)).rows[0]!.n));
        let blocked = 0;
        for (let i = 0; i < 200 && blocked === 0; i++) {
          blocked = await waiting();
          if (!blocked) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.equal(blocked, 1, 'the second waits for the first');
        release();
        await Promise.all([first, second]);
        await assertKept('after both committed');
        const row = await keptOf(w.groupHomeId);
        assert.deepEqual([row.suspension_scope, row.risk_band], ['full', 'very_high']);
      });
    }
  });
}
