import type { Store } from '../../src/core/db/database.ts';
import { makeStatusWorld, share } from './status-world.ts';

/**
 * Test data for market events and contingency plans: the status world (Northshire's Oakleaf Group and its
 * subsidiary Oakleaf Homes, whose provider users run Oak House and Oak Lodge; Elm Care; Westshire; Eastshire;
 * two partners), with figures on the group's services, a home Northshire does not commission, and the same
 * company (by company number) running services in Westshire, which shares its live status with Northshire,
 * and in Eastshire, which shares nothing. Northshire shares its alerts with Westshire and Healthwatch.
 */
export async function makeMarketWorld(store: Store) {
  const w = await makeStatusWorld(store);
  const extra = await store.asSystem(async (tx) => {
    await tx.updateTable('providers').set({ company_number: '01234567' }).where('id', '=', w.groupId).execute();
    await tx.updateTable('services').set({ funded_people: 12, beds: 40 }).where('id', '=', w.oakHouseId).execute();
    await tx.updateTable('services').set({ funded_people: 8, beds: 30 }).where('id', '=', w.oakLodgeId).execute();
    await tx.updateTable('services').set({ funded_people: 5, beds: 20 }).where('id', '=', w.groupHomeId).execute();
    await tx.updateTable('services').set({ beds: 50 }).where('id', '=', w.elmId).execute();
    const selfFunded = await tx
      .insertInto('services')
      .values({ council_id: w.north.org.id, provider_id: w.homesId, name: 'Oak Manor', category: 'care_home_older_people', postcode: 'NS4 4DD', beds: 60, not_commissioned: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const westOak = await tx.insertInto('providers').values({ council_id: w.west.org.id, name: 'Oakleaf Care (West)', company_number: '01234567' }).returning('id').executeTakeFirstOrThrow();
    const westBranch = await tx
      .insertInto('services')
      .values({ council_id: w.west.org.id, provider_id: westOak.id, name: 'Oakleaf Home Care West', category: 'home_care', postcode: 'WS2 2BB', hours_per_week: 900, funded_people: 31 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const eastOak = await tx.insertInto('providers').values({ council_id: w.east.org.id, name: 'Oakleaf Care (East)', company_number: '01234567' }).returning('id').executeTakeFirstOrThrow();
    const eastBranch = await tx
      .insertInto('services')
      .values({ council_id: w.east.org.id, provider_id: eastOak.id, name: 'Oakleaf Home Care East', category: 'home_care', postcode: 'ES2 2BB', hours_per_week: 500, funded_people: 17 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { selfFundedId: selfFunded.id, westBranchId: westBranch.id, eastBranchId: eastBranch.id };
  });
  await share(store, w.west.org.id, w.north.org.id, { liveStatus: true, alerts: false });
  await share(store, w.north.org.id, w.west.org.id, { liveStatus: false, alerts: true });
  await share(store, w.north.org.id, w.healthwatchOrg.id, { liveStatus: false, alerts: true });
  return { ...w, ...extra };
}

export type MarketWorld = Awaited<ReturnType<typeof makeMarketWorld>>;

export const CVA = { kind: 'company_voluntary_arrangement', occurredOn: '2026-03-02', source: 'Companies House', summary: 'The parent company applied for a Company Voluntary Arrangement.' } as const;
