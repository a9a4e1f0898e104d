import type { Store } from '../core/db/database.ts';
import type { ServiceCategory } from './categories.ts';

/** Test builders for the register, written as the system (no row-level security, no acting user). */

export async function makeProvider(store: Store, councilId: string, options: { name?: string; parentId?: string; orgId?: string } = {}) {
  return store.asSystem((tx) =>
    tx
      .insertInto('providers')
      .values({
        council_id: councilId,
        name: options.name ?? `Provider ${Math.random().toString(36).slice(2, 8)}`,
        parent_provider_id: options.parentId ?? null,
        org_id: options.orgId ?? null,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow(),
  );
}

interface ServiceOverrides {
  name?: string;
  category?: ServiceCategory;
  postcode?: string;
  cqcLocationId?: string | null;
  fundedPeople?: number;
  inCounty?: boolean;
  leadOfficerId?: string | null;
  town?: string | null;
}

export async function makeService(store: Store, councilId: string, providerId: string, overrides: ServiceOverrides = {}) {
  return store.asSystem((tx) =>
    tx
      .insertInto('services')
      .values({
        council_id: councilId,
        provider_id: providerId,
        name: overrides.name ?? `Service ${Math.random().toString(36).slice(2, 8)}`,
        category: overrides.category ?? 'care_home_older_people',
        postcode: overrides.postcode ?? 'SG13 8DQ',
        cqc_location_id: overrides.cqcLocationId ?? null,
        funded_people: overrides.fundedPeople ?? 0,
        in_county: overrides.inCounty ?? true,
        lead_officer_id: overrides.leadOfficerId ?? null,
        town: overrides.town ?? null,
      })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow(),
  );
}
