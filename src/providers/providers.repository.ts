import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ServiceCategory } from './categories.ts';
import type { NamedRef, Provider, ProviderFields } from './register.ts';
import type { ProviderLink } from './providers.rules.ts';

/** All SQL about providers and provider groups. Row-level security confines every query to the actor's council. */

function providerQuery(tx: Tx) {
  return tx
    .selectFrom('providers as p')
    .leftJoin('providers as parent', 'parent.id', 'p.parent_provider_id')
    .leftJoin('organisations as o', 'o.id', 'p.org_id')
    .select([
      'p.id',
      'p.name',
      'p.company_number',
      'p.cqc_provider_id',
      'p.parent_provider_id',
      'parent.name as parent_name',
      'p.org_id',
      'o.name as org_name',
      'p.created_at',
      'p.updated_at',
    ]);
}

type ProviderRow = Awaited<ReturnType<ReturnType<typeof providerQuery>['executeTakeFirstOrThrow']>>;

function toProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    name: row.name,
    companyNumber: row.company_number,
    cqcProviderId: row.cqc_provider_id,
    // A parent the reader cannot see (RLS) comes back without a name; it is not shown at all.
    parent: row.parent_provider_id && row.parent_name ? { id: row.parent_provider_id, name: row.parent_name } : null,
    portalOrganisation: row.org_id && row.org_name ? { id: row.org_id, name: row.org_name } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findProvider(tx: Tx, id: string): Promise<Provider | undefined> {
  const row = await providerQuery(tx).where('p.id', '=', id).executeTakeFirst();
  return row && toProvider(row);
}

export async function insertProvider(tx: Tx, councilId: string, fields: ProviderFields): Promise<string> {
  const row = await tx
    .insertInto('providers')
    .values({
      council_id: councilId,
      name: fields.name,
      company_number: fields.companyNumber,
      cqc_provider_id: fields.cqcProviderId,
      parent_provider_id: fields.parentProviderId,
      org_id: fields.portalOrganisationId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProvider(tx: Tx, id: string, fields: ProviderFields): Promise<boolean> {
  const result = await tx
    .updateTable('providers')
    .set({
      name: fields.name,
      company_number: fields.companyNumber,
      cqc_provider_id: fields.cqcProviderId,
      parent_provider_id: fields.parentProviderId,
      org_id: fields.portalOrganisationId,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Serialises changes to one council's provider groups, so two people re-parenting at the same moment
 * cannot together make a loop that each change alone would not.
 */
export async function lockProviderGroups(tx: Tx, councilId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`provider-groups:${councilId}`}))`.execute(tx);
}

/** The provider and every provider above it, nearest first; `union` stops at a loop instead of following it. */
export async function ancestorLinks(tx: Tx, providerId: string): Promise<ProviderLink[]> {
  const rows = await tx
    .withRecursive('chain(id, name, parent_provider_id)', (db) =>
      db
        .selectFrom('providers')
        .select(['id', 'name', 'parent_provider_id'])
        .where('id', '=', providerId)
        .union(
          db
            .selectFrom('providers as p')
            .innerJoin('chain', 'chain.parent_provider_id', 'p.id')
            .select(['p.id', 'p.name', 'p.parent_provider_id']),
        ),
    )
    .selectFrom('chain')
    .selectAll()
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, parentProviderId: r.parent_provider_id }));
}

/** The ids of a provider and all of its subsidiaries, at any depth. */
function groupIds(tx: Tx, providerId: string) {
  return tx.withRecursive('grp(id)', (db) =>
    db
      .selectFrom('providers')
      .select('id')
      .where('id', '=', providerId)
      .union(db.selectFrom('providers as p').innerJoin('grp', 'grp.id', 'p.parent_provider_id').select('p.id')),
  );
}

export async function subsidiaries(tx: Tx, providerId: string): Promise<NamedRef[]> {
  return tx
    .selectFrom('providers')
    .select(['id', 'name'])
    .where('parent_provider_id', '=', providerId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export interface GroupService {
  readonly id: string;
  readonly name: string;
  readonly category: ServiceCategory;
  readonly postcode: string;
  readonly cqcLocationId: string | null;
  readonly provider: NamedRef;
  readonly fundedPeople: number;
}

/** Every service of the provider and its subsidiaries at any depth, so a group is seen as one. */
export async function groupServices(tx: Tx, providerId: string): Promise<GroupService[]> {
  const rows = await groupIds(tx, providerId)
    .selectFrom('services as s')
    .innerJoin('grp', 'grp.id', 's.provider_id')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.category', 's.postcode', 's.cqc_location_id', 's.funded_people', 'p.id as provider_id', 'p.name as provider_name'])
    .orderBy(sql`lower(s.name)`)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category as ServiceCategory,
    postcode: r.postcode,
    cqcLocationId: r.cqc_location_id,
    provider: { id: r.provider_id, name: r.provider_name },
    fundedPeople: r.funded_people,
  }));
}

export interface ProviderListItem extends NamedRef {
  readonly companyNumber: string | null;
  readonly cqcProviderId: string | null;
  readonly parent: NamedRef | null;
  readonly serviceCount: number;
  readonly updatedAt: Date;
}

interface ProviderSearch {
  /** The council's own providers, for its staff: by its index, whatever else the database holds (otherwise what row-level security shows). */
  readonly councilId?: string | undefined;
  readonly q?: string | undefined;
  /** Keyset position: the lower-cased name and id of the last provider already seen. */
  readonly after?: readonly [string, string] | undefined;
  readonly offset?: number | undefined;
  readonly limit: number;
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function providerSearchBase(tx: Tx, q: string | undefined, councilId: string | undefined) {
  let query = tx.selectFrom('providers as p');
  if (councilId) query = query.where('p.council_id', '=', councilId);
  if (q) {
    const pattern = `%${escapeLike(q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(p.name)`, 'like', pattern),
        eb('p.company_number', '=', q.toUpperCase()),
        eb('p.cqc_provider_id', '=', q.toUpperCase()),
      ]),
    );
  }
  return query;
}

/** Providers in name order, a page at a time (by offset for numbered pages, or after a key for the API). */
export async function searchProviders(tx: Tx, search: ProviderSearch): Promise<{ items: ProviderListItem[]; nextKey?: [string, string] }> {
  let query = providerSearchBase(tx, search.q, search.councilId)
    .leftJoin('providers as parent', 'parent.id', 'p.parent_provider_id')
    .select((eb) => [
      'p.id',
      'p.name',
      'p.company_number',
      'p.cqc_provider_id',
      'p.parent_provider_id',
      'parent.name as parent_name',
      'p.updated_at',
      sql<string>`lower(p.name)`.as('sort_name'),
      eb.selectFrom('services as s').whereRef('s.provider_id', '=', 'p.id').select(eb.fn.countAll<number>().as('n')).as('service_count'),
    ])
    .orderBy(sql`lower(p.name)`)
    .orderBy('p.id')
    .limit(search.limit + 1);
  if (search.after) query = query.where(sql<boolean>`(lower(p.name), p.id) > (${search.after[0]}, ${search.after[1]}::uuid)`);
  if (search.offset) query = query.offset(search.offset);
  const rows = await query.execute();
  const page = rows.slice(0, search.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      name: r.name,
      companyNumber: r.company_number,
      cqcProviderId: r.cqc_provider_id,
      parent: r.parent_provider_id && r.parent_name ? { id: r.parent_provider_id, name: r.parent_name } : null,
      serviceCount: Number(r.service_count ?? 0),
      updatedAt: r.updated_at,
    })),
    ...(rows.length > search.limit && last ? { nextKey: [last.sort_name, last.id] as [string, string] } : {}),
  };
}

export async function countProviders(tx: Tx, q: string | undefined, councilId: string | undefined): Promise<number> {
  const row = await providerSearchBase(tx, q, councilId).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every provider the actor can see, for choosing a provider or parent in a form. */
/**
 * The providers a person may choose from, in name order: the council's own when it is named (by its
 * (council_id, lower(name), id) index, whatever else the database holds), otherwise what row-level
 * security shows (a provider user's own).
 */
export async function providerChoices(tx: Tx, councilId: string | undefined): Promise<NamedRef[]> {
  let query = tx.selectFrom('providers').select(['id', 'name']);
  if (councilId) query = query.where('council_id', '=', councilId);
  return query.orderBy(sql`lower(name)`).orderBy('id').execute();
}

/** Provider organisations this council manages: their users become the provider's portal users. */
export async function portalOrganisationChoices(tx: Tx, councilId: string): Promise<NamedRef[]> {
  return tx
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('kind', '=', 'provider')
    .where('managed_by_org_id', '=', councilId)
    .orderBy(sql`lower(name)`)
    .execute();
}

export async function providerNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('providers').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function organisationNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
