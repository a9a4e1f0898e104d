import type { Store } from '../../src/core/db/database.ts';
import type { FeeBandScheme } from '../../src/market/index.ts';
import { makeAssessmentWorld } from './assessment-world.ts';
import { makeOrganisation, makeUser } from './fixtures.ts';

/**
 * Test data for fee bands: the assessment world (Northshire, whose provider Oakwood Care runs Oakwood House
 * and whose rival Elm Homes runs Elm Lodge; Southshire), plus Birch Court (a nursing home for people with
 * dementia run by Oakwood Care, never audited) and a care home in Southshire with a provider user of its own.
 *
 * Oakwood House scored 82% at its annual audit on 14 January 2026; Elm Lodge 91% on 1 February 2026, but its
 * new placements are suspended.
 */
export async function makeFeeBandsWorld(store: Store) {
  const world = await makeAssessmentWorld(store);
  const council = world.council.org.id;
  const farOrg = await makeOrganisation(store, 'provider', { managedBy: world.other.org.id, name: 'Southern Homes Ltd' });
  const farProvider = await makeUser(store, farOrg, 'provider', 'Sam South');
  const ids = await store.asSystem(async (tx) => {
    const oakwood = await tx.selectFrom('services').select('provider_id').where('id', '=', world.careHomeId).executeTakeFirstOrThrow();
    await tx
      .insertInto('cqc_locations')
      .values({ location_id: '1-300000001', name: 'Birch Court', service_types: ['Care home service with nursing'], specialisms: ['Dementia'], adult_social_care: true, care_home: true } as never)
      .onConflict((oc) => oc.column('location_id').doNothing())
      .execute();
    const birch = await tx
      .insertInto('services')
      .values({ council_id: council, provider_id: oakwood.provider_id, name: 'Birch Court', category: 'care_home_older_people', postcode: 'NS3 3AA', cqc_location_id: '1-300000001' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = await tx.insertInto('providers').values({ council_id: world.other.org.id, name: 'Southern Homes Ltd', org_id: farOrg.id }).returning('id').executeTakeFirstOrThrow();
    const far = await tx
      .insertInto('services')
      .values({ council_id: world.other.org.id, provider_id: p.id, name: 'South View', category: 'care_home_older_people', postcode: 'SS1 1AA' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('suspensions')
      .values({ council_id: council, service_id: world.elmLodgeId, scope: 'full', reason: 'Test', starts_on: '2026-10-01', scope_since: '2026-10-01', created_by: world.council.commissioner.actor.userId })
      .execute();
    // A home the council does not commission (self-funded residents only): no fee, so no band.
    const selfFunded = await tx
      .insertInto('services')
      .values({ council_id: council, provider_id: oakwood.provider_id, name: 'Hazel House', category: 'care_home_older_people', postcode: 'NS3 3AB', not_commissioned: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { birchCourtId: birch.id, farHomeId: far.id, selfFundedHomeId: selfFunded.id };
  });
  await addAudit(store, council, world.careHomeId, world.council.officer.actor.userId, '2026-01-14', 82);
  await addAudit(store, council, world.elmLodgeId, world.council.officer.actor.userId, '2026-02-01', 91);
  return { ...world, ...ids, farProvider };
}

/** A completed full assessment with the given overall percent, stored as the assessments capability stores one. */
export async function addAudit(store: Store, councilId: string, serviceId: string, by: string, on: string, percent: number) {
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
      .values({ council_id: councilId, service_id: serviceId, framework_version_id: version.id, kind: 'full', created_by: by, created_by_org_id: councilId, visited_on: on, domain_scores: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('assessments')
      .set({ status: 'completed', completed_at: new Date(), completed_on: on, completed_by: by, overall_percent: percent, overall_band: percent >= 78 ? 'good' : 'requires_improvement' })
      .where('id', '=', id)
      .execute();
  });
}

/** Five bands as Nottinghamshire might set them, with a higher fee for nursing homes in the top band. */
export const SCHEME: Omit<FeeBandScheme, 'year'> = {
  bands: [
    { key: '1', label: 'Band 1', weeklyFee: 520, minPercent: 0 },
    { key: '2', label: 'Band 2', weeklyFee: 560, minPercent: 55 },
    { key: '3', label: 'Band 3', weeklyFee: 600, minPercent: 65 },
    { key: '4', label: 'Band 4', weeklyFee: 640, minPercent: 78, weeklyFees: { nursing_dementia: 810 } },
    { key: '5', label: 'Band 5', weeklyFee: 690, minPercent: 90 },
  ],
  gates: { suspendedCapsAtLowest: true, cqcInadequateCapsAtLowest: true, noAuditKeepsLastYear: true },
};
