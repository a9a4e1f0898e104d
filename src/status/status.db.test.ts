import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { addCqcRating, addIntelligence, addPublishedAssessment, addRiskRating, makeStatusWorld, revoke, share, type StatusWorld } from '../../test/support/status-world.ts';
import { setClock } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Forbidden } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { escalationServices, type EscalationService } from '../escalation/index.ts';
import { searchSchema } from './status.schemas.ts';
import { liveStatusService, type LiveStatusEntry } from './status.service.ts';

const TODAY = '2026-03-10';

for (const database of testDatabases()) {
  describe(`live status derived from the records (${database.name})`, () => {
    let store: Store;
    let w: StatusWorld;
    let status: ReturnType<typeof liveStatusService>;
    let escalation: EscalationService;
    // A search as the list and the API take it: query parameters, checked by their schema.
    const search = async (actor: Actor, query: Record<string, string>) => status.search(actor, parse(searchSchema, query));

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      w = await makeStatusWorld(store);
      status = liveStatusService(store);
      escalation = escalationServices(store, () => []).escalation;
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    const entry = async (actor: Actor, serviceId: string) => status.entry(actor, serviceId);
    const find = async (actor: Actor, query: Record<string, string>) => (await search(actor, query)).items;
    const statusOf = async (serviceId: string) => (await entry(w.north.placer.actor, serviceId))?.status;

    test('a service with nothing against it has no known concerns', async () => {
      const found = (await entry(w.north.placer.actor, w.elmId))!;
      assert.equal(found.status, 'no_known_concerns');
      assert.equal(found.suspension, null);
      assert.equal(found.concerns, null);
      assert.equal(found.contractProcesses, null);
      assert.equal(found.safeguardingEnquiryOpen, false);
    });

    test('each record changes the status, and the list follows at once', async () => {
      const commissioner = w.north.commissioner.actor;
      const suspension = await escalation.suspend(commissioner, w.oakHouseId, { scope: 'full', reason: 'Safeguarding concerns', startsOn: '2026-01-05', reviewOn: '2026-04-05' });
      assert.equal(await statusOf(w.oakHouseId), 'suspended');
      const [listed] = await find(w.north.placer.actor, { q: 'oak house' });
      assert.equal(listed!.status, 'suspended');
      const { scope, since, reviewOn } = listed!.suspension!;
      assert.deepEqual({ scope, since, reviewOn }, { scope: 'full', since: '2026-01-05', reviewOn: '2026-04-05' });

      await escalation.lift(commissioner, suspension.id, { liftedOn: '2026-02-01', evidence: 'Two good visits', partial: true, detail: 'Nursing beds only' });
      const partly = (await entry(w.north.placer.actor, w.oakHouseId))!;
      assert.equal(partly.status, 'suspended_partial');
      assert.equal(partly.suspension?.detail, 'Nursing beds only');
      assert.equal(partly.suspension?.since, '2026-02-01');

      await escalation.reinstate(commissioner, suspension.id, { reinstatedOn: '2026-02-20', reason: 'Rated poor at the next visit', scope: 'full' });
      assert.equal(await statusOf(w.oakHouseId), 'suspended');

      await escalation.lift(commissioner, suspension.id, { liftedOn: '2026-03-01', evidence: 'Sustained for three months', partial: false });
      assert.equal(await statusOf(w.oakHouseId), 'no_known_concerns');

      const c = await escalation.openCase(commissioner, { serviceId: w.oakHouseId }, { stage: 2, reason: 'Staffing', openedOn: '2026-03-02' });
      assert.equal(await statusOf(w.oakHouseId), 'concerns_procedure');
      await escalation.escalate(commissioner, c.id, { stage: 4, reason: 'No improvement', on: '2026-03-05' });
      assert.equal((await entry(w.north.placer.actor, w.oakHouseId))!.concerns?.stage, 4);

      const process = await escalation.startProcess(commissioner, w.oakHouseId, { kind: 'remedies_for_poor_performance', reason: 'Late calls', startedOn: '2026-03-03' });
      assert.equal(await statusOf(w.oakHouseId), 'concerns_procedure', 'a case is more severe than a contractual process');
      await escalation.closeCase(commissioner, c.id, { reason: 'Improved', closedOn: '2026-03-06' });
      assert.equal(await statusOf(w.oakHouseId), 'contract_remedies');
      await escalation.endProcess(commissioner, process.id, { endedOn: '2026-03-07', outcome: 'Met the plan' });
      assert.equal(await statusOf(w.oakHouseId), 'no_known_concerns');
    });

    test('a case on a provider group covers every service of the group and its subsidiaries, and no other', async () => {
      const commissioner = w.north.commissioner.actor;
      const c = await escalation.openCase(commissioner, { providerId: w.groupId }, { stage: 3, reason: 'Group-wide governance failings' });
      assert.equal(await statusOf(w.oakLodgeId), 'concerns_procedure', 'a subsidiary’s service');
      assert.equal(await statusOf(w.groupHomeId), 'concerns_procedure', 'the group’s own service');
      assert.equal(await statusOf(w.elmId), 'no_known_concerns', 'another provider');
      assert.equal((await entry(w.north.placer.actor, w.oakLodgeId))!.concerns?.stage, 3);
      await escalation.closeCase(commissioner, c.id, { reason: 'Resolved' });
      assert.equal(await statusOf(w.oakLodgeId), 'no_known_concerns');
    });

    test('the latest CQC overall rating, assessment band, risk band and open safeguarding enquiry show, with no detail', async () => {
      await addCqcRating(store, '1-100000003', 'good', '2024-05-01');
      await addCqcRating(store, '1-100000003', 'requires_improvement', '2025-09-01');
      await addPublishedAssessment(store, w.north.org.id, w.elmId, w.north.officer.actor.userId, 'poor', '2026-01-15');
      await addRiskRating(store, w.north.org.id, w.elmId, w.north.officer.actor.userId, 'medium', '2025-12-01');
      await addRiskRating(store, w.north.org.id, w.elmId, w.north.officer.actor.userId, 'high', '2026-02-01');
      const before = (await entry(w.north.placer.actor, w.elmId))!;
      const enquiry = await addIntelligence(store, w.north.org.id, w.elmId, w.north.officer.actor.userId, 'open');
      const found = (await entry(w.north.placer.actor, w.elmId))!;
      assert.deepEqual(found.cqc, { overall: 'requires_improvement', ratedOn: '2025-09-01' });
      assert.deepEqual(found.assessment, { band: 'poor', publishedOn: '2026-01-15' });
      assert.equal(found.riskBand, 'high');
      assert.equal(found.safeguardingEnquiryOpen, true);
      assert.equal(found.status, 'no_known_concerns', 'ratings and enquiries inform, they do not set the status');
      assert.ok(found.updatedAt.getTime() >= before.updatedAt.getTime(), 'the entry’s last change moves with the enquiry');
      assert.doesNotMatch(JSON.stringify(found), /Jones|bruising|room 12/, 'no intelligence text');
      await store.asSystem((tx) => tx.updateTable('intelligence').set({ section42_status: 'concluded' }).where('id', '=', enquiry.id).execute());
      assert.equal((await entry(w.north.placer.actor, w.elmId))!.safeguardingEnquiryOpen, false);
    });

    test('search by name (service or provider), postcode start, CQC location id; wildcards are literal', async () => {
      const names = async (q: Record<string, string>) => (await find(w.north.placer.actor, q)).map((e) => e.name);
      assert.deepEqual(await names({ q: 'oak' }), ['Oak House', 'Oak Lodge', 'Oakleaf Court']);
      assert.deepEqual(await names({ q: 'ELM CARE' }), ['Elm View'], 'by provider name');
      assert.deepEqual(await names({ postcode: 'ns1' }), ['Oak House', 'Oak Lodge']);
      assert.deepEqual(await names({ postcode: 'NS1 2' }), ['Oak Lodge']);
      assert.deepEqual(await names({ cqcLocationId: '1-100000002' }), ['Oak Lodge']);
      assert.deepEqual(await names({ q: '%' }), []);
      assert.deepEqual(await names({ q: 'o_k' }), []);
    });

    test('pages follow each other by name without gaps or repeats', async () => {
      const first = await search(w.north.placer.actor, { limit: '2' });
      assert.deepEqual(first.items.map((e) => e.name), ['Elm View', 'Oak House']);
      assert.ok(first.nextCursor);
      const second = await search(w.north.placer.actor, { limit: '2', cursor: first.nextCursor });
      assert.deepEqual(second.items.map((e) => e.name), ['Oak Lodge', 'Oakleaf Court']);
      assert.equal(second.nextCursor, null);
      await assert.rejects(search(w.north.placer.actor, { cursor: 'not-a-cursor' }), /cursor/);
    });

    test('"concerns only" lists exactly the services whose status is not "no known concerns"', async () => {
      const s = await escalation.suspend(w.north.commissioner.actor, w.oakLodgeId, { scope: 'partial', detail: 'Nursing beds', reason: 'x', startsOn: '2026-03-01' });
      const all = await find(w.north.placer.actor, {});
      const concerns = await find(w.north.placer.actor, { concernsOnly: 'true' });
      assert.deepEqual(
        concerns.map((e) => e.serviceId),
        all.filter((e) => e.status !== 'no_known_concerns').map((e) => e.serviceId),
      );
      assert.deepEqual(concerns.map((e) => e.name), ['Oak Lodge']);
      await escalation.lift(w.north.commissioner.actor, s.id, { liftedOn: '2026-03-02', evidence: 'x', partial: false });
    });
  });

  describe(`live status sharing and tenancy (${database.name})`, () => {
    let store: Store;
    let w: StatusWorld;
    let status: ReturnType<typeof liveStatusService>;
    const search = async (actor: Actor, query: Record<string, string>) => status.search(actor, parse(searchSchema, query));

    before(async () => {
      store = await database.open();
      w = await makeStatusWorld(store);
      status = liveStatusService(store);
    });
    after(() => store.close());

    const visibleNames = async (actor: Actor, query: Record<string, string> = {}) => (await search(actor, query)).items.map((e: LiveStatusEntry) => e.name).sort();
    const everyWay = async (actor: Actor, serviceId: string, cqcLocationId: string, name: string) => ({
      byName: (await search(actor, { q: name })).items.length,
      byCqc: (await search(actor, { cqcLocationId })).items.length,
      byId: (await status.entry(actor, serviceId)) ? 1 : 0,
      enterAndView: (await status.enterAndView(actor).catch((e: unknown) => (e instanceof Forbidden ? [] : Promise.reject(e as Error)))).length,
    });

    test('a council sees its own services only until someone shares', async () => {
      assert.deepEqual(await visibleNames(w.west.placer.actor), ['Western Rise']);
      assert.deepEqual(await everyWay(w.west.placer.actor, w.oakHouseId, '1-100000001', 'Oak House'), { byName: 0, byCqc: 0, byId: 0, enterAndView: 0 });
      assert.deepEqual(await everyWay(w.healthwatch.actor, w.oakHouseId, '1-100000001', 'Oak House'), { byName: 0, byCqc: 0, byId: 0, enterAndView: 0 });
    });

    test('sharing with a council shows the owner’s services to every staff role there, and to no one else', async () => {
      const agreement = await share(store, w.north.org.id, w.west.org.id);
      for (const user of [w.west.placer, w.west.officer, w.west.commissioner, w.west.admin]) {
        assert.deepEqual(await visibleNames(user.actor), ['Elm View', 'Oak House', 'Oak Lodge', 'Oakleaf Court', 'Western Rise'], user.actor.role);
      }
      assert.equal((await status.entry(w.west.placer.actor, w.oakHouseId))?.council.name, 'Northshire County Council');
      // Sharing is one way: Northshire does not see Westshire, and Eastshire sees neither.
      assert.deepEqual(await visibleNames(w.north.placer.actor), ['Elm View', 'Oak House', 'Oak Lodge', 'Oakleaf Court']);
      assert.deepEqual(await visibleNames(w.east.placer.actor), ['Eastern Vale']);
      assert.deepEqual(await everyWay(w.east.officer.actor, w.oakHouseId, '1-100000001', 'Oak House'), { byName: 0, byCqc: 0, byId: 0, enterAndView: 0 });
      await revoke(store, agreement.id);
      assert.deepEqual(await visibleNames(w.west.placer.actor), ['Western Rise'], 'a revoked share shows nothing again');
      assert.equal(await status.entry(w.west.placer.actor, w.oakHouseId), undefined);
    });

    test('a partner sees only what is shared with it', async () => {
      await addCqcRating(store, '1-100000002', 'inadequate', '2025-11-01');
      const liveOnly = await share(store, w.north.org.id, w.cqcOrg.id, { liveStatus: true, alerts: false, enterAndView: false });
      assert.deepEqual(await visibleNames(w.cqcPartner.actor), ['Elm View', 'Oak House', 'Oak Lodge', 'Oakleaf Court']);
      assert.deepEqual(await status.enterAndView(w.cqcPartner.actor), [], 'the Enter and View list is not shared with it');
      const eav = await share(store, w.north.org.id, w.healthwatchOrg.id, { liveStatus: false, alerts: false, enterAndView: true });
      assert.deepEqual(await visibleNames(w.healthwatch.actor), [], 'Healthwatch has the Enter and View list, not the live status');
      assert.deepEqual((await status.enterAndView(w.healthwatch.actor)).map((e) => [e.entry.name, e.reasons]), [['Oak Lodge', ['CQC rated Inadequate']]]);
      await revoke(store, liveOnly.id);
      await revoke(store, eav.id);
      assert.deepEqual(await visibleNames(w.cqcPartner.actor), []);
      assert.deepEqual(await status.enterAndView(w.healthwatch.actor), []);
    });

    test('the owner council’s own Enter and View list, and who may read it', async () => {
      assert.deepEqual((await status.enterAndView(w.north.officer.actor)).map((e) => e.entry.name), ['Oak Lodge']);
      await assert.rejects(status.enterAndView(w.north.placer.actor), Forbidden);
      await assert.rejects(status.enterAndView(w.providerUser.actor), Forbidden);
    });

    test('a provider’s user sees the status of its own services only, and cannot search the list', async () => {
      assert.equal((await status.entry(w.providerUser.actor, w.oakHouseId))?.name, 'Oak House');
      assert.equal(await status.entry(w.providerUser.actor, w.elmId), undefined, 'another provider’s service');
      assert.equal(await status.entry(w.providerUser.actor, w.groupHomeId), undefined, 'the parent company’s own service');
      await assert.rejects(status.search(w.providerUser.actor, {}), Forbidden);
    });

    test('a provider’s user never reads the council’s risk band of its own service', async () => {
      await addRiskRating(store, w.north.org.id, w.oakHouseId, w.north.officer.actor.userId, 'very_high', '2026-03-01');
      assert.equal((await status.entry(w.north.placer.actor, w.oakHouseId))?.riskBand, 'very_high', 'the council reads it');
      const own = await status.entry(w.providerUser.actor, w.oakHouseId);
      assert.equal(own?.name, 'Oak House');
      assert.equal(own?.riskBand, null);
    });

    test('live_status() keeps one generic plan for the facts of a page (planned for its ids, a whole list took seconds)', async () => {
      // "create or replace function live_status" drops this setting: a new version must set it again.
      const config = await store.asSystem(async (tx) => {
        const { sql } = await import('kysely');
        return (await sql<{ proconfig: string[] | null }>`select proconfig from pg_proc where proname = 'live_status'`.execute(tx)).rows;
      });
      assert.equal(config.length, 1);
      assert.ok(config[0]!.proconfig?.includes('plan_cache_mode=force_generic_plan'), `live_status() settings: ${JSON.stringify(config[0]!.proconfig)}`);
    });

    test('the live_status() function refuses callers without a role and reads nothing for them', async () => {
      const rows = await store.asSystem(async (tx) => {
        const { sql } = await import('kysely');
        await sql`set local role care_app`.execute(tx);
        return (await sql`select * from live_status(null, null, null, null, 'live_status', false, null, null, 100)`.execute(tx)).rows;
      });
      assert.deepEqual(rows, []);
    });
  });
}
