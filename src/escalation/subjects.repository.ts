import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';

/**
 * What escalation is about: services and provider groups (the shared register tables, read only). Like all
 * of escalation's SQL, these rely on row-level security to confine them to the acting council's records.
 */

export async function findService(tx: Tx, serviceId: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.council_id', 's.provider_id', 'p.name as provider_name', 's.postcode'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

export async function findProvider(tx: Tx, providerId: string) {
  return tx.selectFrom('providers').select(['id', 'name', 'council_id', 'parent_provider_id']).where('id', '=', providerId).executeTakeFirst();
}

/** The provider and every provider above it: a group case on any of them covers the service. */
export async function providerAncestors(tx: Tx, providerId: string): Promise<string[]> {
  const rows = await tx
    .withRecursive('chain(id, parent_provider_id, depth)', (db) =>
      db
        .selectFrom('providers')
        .select(['id', 'parent_provider_id', sql<number>`0`.as('depth')])
        .where('id', '=', providerId)
        .unionAll(
          db
            .selectFrom('providers as p')
            .innerJoin('chain', 'chain.parent_provider_id', 'p.id')
            .select(['p.id', 'p.parent_provider_id', sql<number>`chain.depth + 1`.as('depth')])
            .where(sql<boolean>`chain.depth < 50`),
        ),
    )
    .selectFrom('chain')
    .select('id')
    .execute();
  return rows.map((r) => r.id);
}

/** A provider and its subsidiaries at any depth. */
export function groupProviderIds(tx: Tx, providerId: string) {
  return tx.withRecursive('grp(id)', (db) =>
    db
      .selectFrom('providers')
      .select('id')
      .where('id', '=', providerId)
      .union(db.selectFrom('providers as p').innerJoin('grp', 'grp.id', 'p.parent_provider_id').select('p.id')),
  );
}

export async function groupServiceCount(tx: Tx, providerId: string): Promise<number> {
  const row = await groupProviderIds(tx, providerId)
    .selectFrom('services as s')
    .innerJoin('grp', 'grp.id', 's.provider_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
