import type { Store } from '../core/db/database.ts';

/** Test data the risk tests need beyond test/support/fixtures.ts: services with a CQC location, intelligence, teams. */

let counter = 0;

export async function makeService(
  store: Store,
  councilId: string,
  options: { name?: string; category?: string; leadOfficerId?: string; providerOrgId?: string; cqcLocationId?: string } = {},
) {
  counter += 1;
  return store.asSystem(async (tx) => {
    const provider = await tx
      .insertInto('providers')
      .values({ council_id: councilId, name: `Provider ${counter}`, org_id: options.providerOrgId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return tx
      .insertInto('services')
      .values({
        council_id: councilId,
        provider_id: provider.id,
        name: options.name ?? `Service ${counter}`,
        category: options.category ?? 'care_home_older_people',
        postcode: 'HP19 8FF',
        lead_officer_id: options.leadOfficerId ?? null,
        cqc_location_id: options.cqcLocationId ?? null,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  });
}

/** A CQC location with one rating publication; `nursing`/`dementia` set what CQC registers it for. */
export async function makeCqcLocation(
  store: Store,
  rating: { overall: string; safe?: string; publishedOn: string },
  profile: { nursing?: boolean; dementia?: boolean } = {},
) {
  counter += 1;
  const locationId = `1-${String(900000000 + counter * 7919 + Math.floor(Math.random() * 1000))}`;
  await store.asSystem(async (tx) => {
    await tx
      .insertInto('cqc_locations')
      .values({
        location_id: locationId,
        name: `Location ${counter}`,
        care_home: true,
        service_types: [profile.nursing ? 'Care home service with nursing' : 'Care home service without nursing'],
        specialisms: profile.dementia ? ['Dementia'] : [],
        adult_social_care: true,
      } as never)
      .execute();
    await addCqcRating(store, locationId, rating, tx);
  });
  return locationId;
}

export async function addCqcRating(store: Store, locationId: string, rating: { overall: string; safe?: string; publishedOn: string }, tx?: Parameters<Parameters<Store['asSystem']>[0]>[0]) {
  const insert = (t: NonNullable<typeof tx>) =>
    t
      .insertInto('cqc_ratings')
      .values({
        location_id: locationId,
        published_on: rating.publishedOn,
        first_seen_on: rating.publishedOn,
        overall: rating.overall,
        safe: rating.safe ?? rating.overall,
        source: 'test',
      } as never)
      .execute();
  if (tx) await insert(tx);
  else await store.asSystem(insert);
}

export async function addIntelligence(
  store: Store,
  entry: { councilId: string; serviceId: string; createdBy: string; receivedOn: string; source: string; severity?: 'red' | 'amber' | 'green'; safeguarding?: boolean },
) {
  await store.asSystem((tx) =>
    tx
      .insertInto('intelligence')
      .values({
        council_id: entry.councilId,
        service_id: entry.serviceId,
        created_by: entry.createdBy,
        received_on: entry.receivedOn,
        source: entry.source,
        summary: 'Test entry',
        severity: entry.severity ?? (entry.source === 'complaint' ? 'green' : null),
        safeguarding: entry.safeguarding ?? entry.source === 'safeguarding',
      })
      .execute(),
  );
}

export async function setTeam(store: Store, userId: string, team: string) {
  await store.asSystem((tx) => tx.updateTable('users').set({ team }).where('id', '=', userId).execute());
}

/** Scores for every area at once, overriding some. */
export function scoresOf(overrides: Partial<Record<string, number>> = {}) {
  return { cqc_rating: 2, other_sources: 1, safeguarding: 2, complaints: 1, financial_viability: 2, complexity: 4, officer_intelligence: 1, ...overrides };
}
