import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { addAudit, makeFeeBandsWorld, SCHEME } from '../../test/support/fee-bands-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Conflict, Forbidden, NotFound } from '../core/errors.ts';
import { feeBandsService } from './fee-bands.service.ts';

for (const database of testDatabases()) {
  describe(`fee bands (${database.name})`, () => {
    let store: Store;
    let w: Awaited<ReturnType<typeof makeFeeBandsWorld>>;
    let feeBands: ReturnType<typeof feeBandsService>;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      w = await makeFeeBandsWorld(store);
      feeBands = feeBandsService(store);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    const commissioner = () => w.council.commissioner.actor;
    const byService = async (year: number) => new Map((await feeBands.schedule(commissioner(), year)).items.map((i) => [i.serviceId, i]));

    test('without a scheme the schedule is empty and approval is refused', async () => {
      const schedule = await feeBands.schedule(commissioner(), 2026);
      assert.equal(schedule.scheme, null);
      assert.deepEqual(schedule.items, []);
      await assert.rejects(feeBands.approve(commissioner(), 2026), Conflict);
    });

    test('only a commissioner sets the scheme; bands that do not rise from 0% are refused', async () => {
      await assert.rejects(feeBands.saveScheme(w.council.officer.actor, 2026, SCHEME), Forbidden);
      const falling = { ...SCHEME, bands: [SCHEME.bands[0]!, { ...SCHEME.bands[2]!, minPercent: 50 }, { ...SCHEME.bands[1]!, minPercent: 40 }] };
      await assert.rejects(feeBands.saveScheme(commissioner(), 2026, falling), (e: { errors?: { path: string }[] }) => e.errors?.[0]?.path === 'bands.2.minPercent');
      await feeBands.saveScheme(commissioner(), 2026, SCHEME);
      assert.deepEqual((await feeBands.scheme(w.council.officer.actor, 2026))?.bands, SCHEME.bands);
    });

    test('every care home the council commissions gets a proposal with its reason; other services, councils and homes not commissioned are left out', async () => {
      const items = await byService(2026);
      assert.deepEqual([...items.keys()].sort(), [w.careHomeId, w.elmLodgeId, w.birchCourtId].sort());
      assert.ok(!items.has(w.selfFundedHomeId), 'a home held as not commissioned has no fee band');
      const oak = items.get(w.careHomeId)!;
      assert.deepEqual([oak.type, oak.proposedBand, oak.band, oak.weeklyFee, oak.effectiveFrom, oak.capped, oak.flagged, oak.approved], ['residential', '4', '4', 640, '2026-04-01', false, false, false]);
      assert.equal(oak.reason, 'Annual audit on 14 January 2026 scored 82%: band 4 (from 78%)');
      const elm = items.get(w.elmLodgeId)!;
      assert.deepEqual([elm.proposedBand, elm.weeklyFee, elm.capped], ['1', 520, true]);
      assert.match(elm.reason, /scored 91%: band 5 .*capped at the lowest band, band 1, because new placements are suspended/);
      const birch = items.get(w.birchCourtId)!;
      assert.deepEqual([birch.type, birch.proposedBand, birch.band, birch.flagged], ['nursing_dementia', null, null, true]);
    });

    test('approval waits until every home has a band; an override needs one of the year’s bands', async () => {
      await assert.rejects(feeBands.approve(commissioner(), 2026), (e: Conflict) => e instanceof Conflict && /Birch Court/.test(e.message));
      await assert.rejects(feeBands.override(commissioner(), w.birchCourtId, { year: 2026, band: '9', reason: 'No such band' }), (e: { errors?: { path: string }[] }) => e.errors?.[0]?.path === 'band');
      const birch = await feeBands.override(commissioner(), w.birchCourtId, { year: 2026, band: '4', reason: 'Audit postponed by an outbreak; good CQC report in May' });
      // The nursing dementia fee of band 4.
      assert.deepEqual([birch.band, birch.weeklyFee, birch.overridden, birch.proposedBand], ['4', 810, true, null]);
    });

    test('approving makes version 1; approving again unchanged keeps it; a re-audit makes version 2', async () => {
      const first = await feeBands.approve(commissioner(), 2026);
      assert.equal(first.version, 1);
      assert.ok([...(await byService(2026)).values()].every((i) => i.approved));
      assert.equal((await feeBands.approve(commissioner(), 2026)).version, 1);

      await addAudit(store, w.council.org.id, w.careHomeId, w.council.officer.actor.userId, '2026-09-03', 60);
      const oak = (await byService(2026)).get(w.careHomeId)!;
      assert.deepEqual([oak.band, oak.effectiveFrom, oak.approved], ['2', '2026-09-03', false]);
      assert.match(oak.reason, /^Re-audit on 3 September 2026 scored 60%: band 2 .*; the annual audit on 14 January 2026 gave band 4$/);
      const second = await feeBands.approve(commissioner(), 2026);
      assert.equal(second.version, 2);
      assert.equal((await feeBands.schedule(commissioner(), 2026)).approval?.version, 2);
      const audited = await store.asSystem((tx) => tx.selectFrom('audit_events').select(['action']).where('table_name', '=', 'fee_band_schedules').where('council_id', '=', w.council.org.id).execute());
      assert.equal(audited.length, 2);
    });

    test('a provider sees its own homes’ approved bands and reasons, never another’s', async () => {
      const own = await feeBands.providerSchedule(w.provider.actor, 2026);
      assert.deepEqual(own.map((i) => i.serviceName), ['Birch Court', 'Oakwood House']);
      assert.deepEqual(own.map((i) => i.band), ['4', '2']);
      assert.equal(own[0]!.overrideReason, 'Audit postponed by an outbreak; good CQC report in May');
      const rival = await feeBands.providerSchedule(w.rival.actor, 2026);
      assert.deepEqual(rival.map((i) => i.serviceName), ['Elm Lodge']);
      assert.deepEqual(await feeBands.providerSchedule(w.farProvider.actor, 2026), []);
      await assert.rejects(feeBands.schedule(w.provider.actor, 2026), Forbidden);
    });

    test('a provider reads which version is the latest, but none of the council’s drafts', async () => {
      const versions = await store.asUser(w.provider.actor, (tx) => tx.selectFrom('fee_band_schedules').select('version').where('year', '=', 2026).orderBy('version').execute());
      assert.deepEqual(versions.map((v) => v.version), [1, 2]);
      const far = await store.asUser(w.farProvider.actor, (tx) => tx.selectFrom('fee_band_schedules').select('version').execute());
      assert.deepEqual(far, []);
    });

    test('another council sees nothing of this one’s, and cannot override its homes', async () => {
      const them = w.other.commissioner.actor;
      assert.equal(await feeBands.scheme(them, 2026), null);
      assert.deepEqual((await feeBands.schedule(them, 2026)).items, []);
      await assert.rejects(feeBands.override(them, w.careHomeId, { year: 2026, band: '1', reason: 'Probe' }), NotFound);
      const rows = await store.asUser(them, (tx) => tx.selectFrom('fee_band_schedule_items').select('service_id').execute());
      assert.deepEqual(rows, []);
    });

    test('row-level security refuses an officer’s write and a provider’s read of the council’s drafts', async () => {
      await assert.rejects(
        store.asUser(w.council.officer.actor, (tx) =>
          tx.insertInto('fee_band_overrides').values({ council_id: w.council.org.id, service_id: w.careHomeId, year: 2026, band_key: '5', reason: 'Probe', decided_by: w.council.officer.actor.userId }).execute(),
        ),
      );
      const seen = await store.asUser(w.provider.actor, (tx) => tx.selectFrom('fee_band_overrides').select('id').execute());
      assert.deepEqual(seen, []);
      const schemes = await store.asUser(w.provider.actor, (tx) => tx.selectFrom('fee_band_schemes').select('id').execute());
      assert.deepEqual(schemes, []);
    });

    test('next year: a home without an audit keeps last year’s band, flagged, and is unchanged since last year', async () => {
      await feeBands.saveScheme(commissioner(), 2027, SCHEME);
      const items = await byService(2027);
      const birch = items.get(w.birchCourtId)!;
      assert.deepEqual([birch.proposedBand, birch.flagged, birch.lastYearBand, birch.changedSinceLastYear], ['4', true, '4', false]);
      assert.equal(birch.reason, 'No audit since 1 April 2026: keeps last year’s band 4');
      // Oakwood House's re-audit of September 2026 is in the 2027 round: band 2, as last year.
      const oak = items.get(w.careHomeId)!;
      assert.deepEqual([oak.band, oak.effectiveFrom, oak.changedSinceLastYear], ['2', '2027-04-01', false]);
    });
  });
}
