import type { Store } from '../core/db/database.ts';

/** Builders for the intelligence tests: a provider and a service in a council's register. */
export async function makeService(store: Store, councilId: string, name: string, options: { providerOrgId?: string; postcode?: string; town?: string } = {}) {
  return store.asSystem(async (tx) => {
    const provider = await tx
      .insertInto('providers')
      .values({ council_id: councilId, name: `${name} Ltd`, org_id: options.providerOrgId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return tx
      .insertInto('services')
      .values({
        council_id: councilId,
        provider_id: provider.id,
        name,
        category: 'care_home_older_people',
        postcode: options.postcode ?? 'SG1 1AA',
        town: options.town ?? 'Stevenage',
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  });
}
