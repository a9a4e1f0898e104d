import type { Store } from '../../src/core/db/database.ts';
import { makeCouncil, makeOrganisation, makeUser } from './fixtures.ts';

/**
 * Test data for live status and escalation: a council (Northshire) with a provider group (Oakleaf Group
 * and its subsidiary Oakleaf Homes), a provider organisation whose users see Oakleaf Homes' services,
 * a neighbouring council (Westshire) with a service of its own, a council that shares nothing
 * (Eastshire), and two partners (Healthwatch and CQC). Nothing is shared until a test shares it.
 */
export async function makeStatusWorld(store: Store) {
  const north = await makeCouncil(store, 'Northshire County Council');
  const west = await makeCouncil(store, 'Westshire Council');
  const east = await makeCouncil(store, 'Eastshire Council');
  const healthwatchOrg = await makeOrganisation(store, 'partner', { managedBy: north.org.id, name: 'Healthwatch Northshire' });
  const cqcOrg = await makeOrganisation(store, 'partner', { managedBy: north.org.id, name: 'CQC North' });
  const healthwatch = await makeUser(store, healthwatchOrg, 'partner', 'Hana Healthwatch');
  const cqcPartner = await makeUser(store, cqcOrg, 'partner', 'Carl CQC');
  const providerOrg = await makeOrganisation(store, 'provider', { managedBy: north.org.id, name: 'Oakleaf Homes Ltd' });
  const providerUser = await makeUser(store, providerOrg, 'provider', 'Pat Provider');
  const ids = await store.asSystem(async (tx) => {
    const group = await tx.insertInto('providers').values({ council_id: north.org.id, name: 'Oakleaf Group' }).returning('id').executeTakeFirstOrThrow();
    const homes = await tx
      .insertInto('providers')
      .values({ council_id: north.org.id, name: 'Oakleaf Homes Ltd', parent_provider_id: group.id, org_id: providerOrg.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const elm = await tx.insertInto('providers').values({ council_id: north.org.id, name: 'Elm Care' }).returning('id').executeTakeFirstOrThrow();
    const westProvider = await tx.insertInto('providers').values({ council_id: west.org.id, name: 'Westward Care' }).returning('id').executeTakeFirstOrThrow();
    const eastProvider = await tx.insertInto('providers').values({ council_id: east.org.id, name: 'Eastern Care' }).returning('id').executeTakeFirstOrThrow();
    const service = (councilId: string, providerId: string, name: string, postcode: string, cqcLocationId: string | null = null) =>
      tx
        .insertInto('services')
        .values({ council_id: councilId, provider_id: providerId, name, category: 'care_home_older_people', postcode, cqc_location_id: cqcLocationId })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((r) => r.id);
    return {
      groupId: group.id,
      homesId: homes.id,
      elmProviderId: elm.id,
      oakHouseId: await service(north.org.id, homes.id, 'Oak House', 'NS1 1AA', '1-100000001'),
      oakLodgeId: await service(north.org.id, homes.id, 'Oak Lodge', 'NS1 2AB', '1-100000002'),
      groupHomeId: await service(north.org.id, group.id, 'Oakleaf Court', 'NS3 3CC'),
      elmId: await service(north.org.id, elm.id, 'Elm View', 'NS9 9ZZ', '1-100000003'),
      westHomeId: await service(west.org.id, westProvider.id, 'Western Rise', 'WS1 1AA', '1-200000001'),
      eastHomeId: await service(east.org.id, eastProvider.id, 'Eastern Vale', 'ES1 1AA', '1-300000001'),
    };
  });
  return { north, west, east, healthwatch, healthwatchOrg, cqcPartner, cqcOrg, providerUser, providerOrg, ...ids };
}

export type StatusWorld = Awaited<ReturnType<typeof makeStatusWorld>>;

/** Shares a council's records as its administrator would, straight into the table. */
export async function share(store: Store, councilId: string, withOrgId: string, what: { liveStatus?: boolean; alerts?: boolean; enterAndView?: boolean } = {}) {
  return store.asSystem((tx) =>
    tx
      .insertInto('sharing_agreements')
      .values({
        council_id: councilId,
        with_org_id: withOrgId,
        live_status: what.liveStatus ?? true,
        alerts: what.alerts ?? true,
        enter_and_view: what.enterAndView ?? false,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

export async function revoke(store: Store, agreementId: string) {
  await store.asSystem((tx) => tx.updateTable('sharing_agreements').set({ revoked_at: new Date() }).where('id', '=', agreementId).execute());
}

export async function addCqcRating(store: Store, locationId: string, overall: string, publishedOn: string) {
  await store.asSystem(async (tx) => {
    await tx
      .insertInto('cqc_locations')
      .values({ location_id: locationId, name: `Location ${locationId}`, adult_social_care: true } as never)
      .onConflict((oc) => oc.column('location_id').doNothing())
      .execute();
    await tx.insertInto('cqc_ratings').values({ location_id: locationId, published_on: publishedOn, first_seen_on: publishedOn, overall, source: 'test' } as never).execute();
  });
}

/** A published full assessment with the given overall band, made the way the assessments capability stores one. */
export async function addPublishedAssessment(store: Store, councilId: string, serviceId: string, createdBy: string, band: string, publishedOn: string) {
  await store.asSystem(async (tx) => {
    const version = await tx
      .selectFrom('framework_versions as v')
      .innerJoin('frameworks as f', 'f.id', 'v.framework_id')
      .select('v.id')
      .where('f.council_id', '=', councilId)
      .where('v.status', '=', 'published')
      .executeTakeFirstOrThrow();
    const { id } = await tx
      .insertInto('assessments')
      .values({ council_id: councilId, service_id: serviceId, framework_version_id: version.id, kind: 'full', created_by: createdBy, created_by_org_id: councilId, visited_on: publishedOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('assessments')
      .set({ status: 'completed', completed_at: new Date(), completed_on: publishedOn, completed_by: createdBy, overall_band: band as 'good' })
      .where('id', '=', id)
      .execute();
    await tx
      .updateTable('assessments')
      .set({
        status: 'published',
        published_at: new Date(),
        published_on: publishedOn,
        published_by: createdBy,
      })
      .where('id', '=', id)
      .execute();
  });
}

export async function addRiskRating(store: Store, councilId: string, serviceId: string, ratedBy: string, bandKey: string, ratedOn: string) {
  await store.asSystem((tx) =>
    tx
      .insertInto('risk_ratings')
      .values({
        council_id: councilId,
        service_id: serviceId,
        scores: JSON.stringify({}),
        rationale: 'Test rating',
        proposals: JSON.stringify({}),
        prr: 30,
        band_key: bandKey as 'medium',
        band_label: bandKey,
        regime: JSON.stringify({}),
        rated_on: ratedOn,
        rated_by: ratedBy,
      })
      .execute(),
  );
}

export async function addIntelligence(store: Store, councilId: string, serviceId: string, createdBy: string, section42: 'open' | 'concluded' | null) {
  return store.asSystem((tx) =>
    tx
      .insertInto('intelligence')
      .values({
        council_id: councilId,
        service_id: serviceId,
        received_on: '2026-01-10',
        source: 'safeguarding',
        summary: 'Mrs Jones was found with unexplained bruising',
        detail: 'Named resident, room 12',
        safeguarding: true,
        section42_status: section42,
        created_by: createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}
