import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { Database } from '../core/db/schema.ts';
import type { ServiceCategory } from './categories.ts';
import type { NamedRef, Service, ServiceFields, ServiceSummary } from './register.ts';
import type { ServiceFilters, ServiceSort, SortOrder } from './services.search.ts';

/** All SQL about services. Row-level security confines every query to what the actor may see. */

export interface ServiceSearchCriteria extends ServiceFilters {
  /**
   * The council whose register to search. Row-level security already confines the rows; naming the
   * council as well lets the planner go straight to that council's slice of each index.
   */
  readonly councilId?: string | undefined;
  readonly sort?: ServiceSort | undefined;
  readonly order?: SortOrder | undefined;
  readonly limit: number;
  /** Keyset position from a previous page's `nextKey` (API); or `offset` for numbered pages. */
  readonly after?: readonly string[] | undefined;
  readonly offset?: number | undefined;
}

interface ServiceSearchPage {
  readonly items: ServiceSummary[];
  /** The key of the last item, present only when there are more items after it. */
  readonly nextKey?: string[];
}

type FromServices = ExpressionBuilder<Database & { s: Database['services'] }, 's'>;

/** The ordering of each sort: expressions and their types, always ending with the id to break ties. */
const SORT_KEYS: Record<ServiceSort, readonly (readonly [RawBuilder<unknown>, string])[]> = {
  name: [[sql`lower(s.name)`, 'text'], [sql`s.id`, 'uuid']],
  category: [[sql`s.category`, 'text'], [sql`lower(s.name)`, 'text'], [sql`s.id`, 'uuid']],
  postcode: [[sql`s.postcode`, 'text'], [sql`s.id`, 'uuid']],
  fundedPeople: [[sql`s.funded_people`, 'integer'], [sql`s.id`, 'uuid']],
  updatedAt: [[sql`s.updated_at`, 'timestamptz'], [sql`s.id`, 'uuid']],
};

export function sortKeyLength(sort: ServiceSort): number {
  return SORT_KEYS[sort].length;
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const POSTCODE_START = /^[A-Z]{1,2}[0-9]/;
const CQC_ID = /^1-\d+$/;

type Scope = ServiceFilters & { councilId?: string | undefined };

/**
 * One free-text box finds a service by its name, its provider's name, its postcode or its CQC location
 * id. The provider names are matched in an uncorrelated subquery (hashed once) so that the services
 * table alone drives the search, in index order, and providers are joined only for the rows shown.
 */
function textMatch(eb: FromServices, q: string, councilId: string | undefined): Expression<SqlBool> {
  const lower = `%${escapeLike(q.toLowerCase())}%`;
  let providersNamed = eb.selectFrom('providers as pn').select('pn.id').where(sql<string>`lower(pn.name)`, 'like', lower);
  if (councilId) providersNamed = providersNamed.where('pn.council_id', '=', councilId);
  const alternatives: Expression<SqlBool>[] = [eb(sql`lower(s.name)`, 'like', lower), eb('s.provider_id', 'in', providersNamed)];
  const compact = q.toUpperCase().replace(/\s+/g, '');
  if (POSTCODE_START.test(compact)) alternatives.push(eb(sql`replace(s.postcode, ' ', '')`, 'like', `${escapeLike(compact)}%`));
  if (CQC_ID.test(q)) alternatives.push(eb('s.cqc_location_id', '=', q));
  return eb.or(alternatives);
}

/** The services matching the filters, from the services table alone. */
function matching(tx: Tx, criteria: Scope) {
  let query = tx.selectFrom('services as s');
  if (criteria.councilId) query = query.where('s.council_id', '=', criteria.councilId);
  if (criteria.category) query = query.where('s.category', '=', criteria.category);
  if (criteria.inCounty !== undefined) query = query.where('s.in_county', '=', criteria.inCounty);
  if (criteria.leadOfficerId) query = query.where('s.lead_officer_id', '=', criteria.leadOfficerId);
  if (criteria.providerId) query = query.where('s.provider_id', '=', criteria.providerId);
  if (criteria.cqcLocationId) query = query.where('s.cqc_location_id', '=', criteria.cqcLocationId);
  const q = criteria.q;
  if (q) query = query.where((eb) => textMatch(eb, q, criteria.councilId));
  return query;
}

const SUMMARY_COLUMNS = [
  's.id',
  's.name',
  's.category',
  's.cqc_location_id',
  's.town',
  's.postcode',
  's.provider_id',
  'p.name as provider_name',
  's.beds',
  's.hours_per_week',
  's.funded_people',
  's.in_county',
  's.not_commissioned',
  's.lead_officer_id',
  'u.name as lead_officer_name',
  's.updated_at',
] as const;

interface SummaryRow {
  id: string;
  name: string;
  category: string;
  cqc_location_id: string | null;
  town: string | null;
  postcode: string;
  provider_id: string;
  provider_name: string;
  beds: number | null;
  hours_per_week: number | null;
  funded_people: number;
  in_county: boolean;
  not_commissioned: boolean;
  lead_officer_id: string | null;
  lead_officer_name: string | null;
  updated_at: Date;
}

function toSummary(row: SummaryRow): ServiceSummary {
  return {
    id: row.id,
    name: row.name,
    category: row.category as ServiceCategory,
    cqcLocationId: row.cqc_location_id,
    town: row.town,
    postcode: row.postcode,
    provider: { id: row.provider_id, name: row.provider_name },
    beds: row.beds,
    hoursPerWeek: row.hours_per_week === null ? null : Number(row.hours_per_week),
    fundedPeople: row.funded_people,
    inCounty: row.in_county,
    notCommissioned: row.not_commissioned,
    leadOfficer: row.lead_officer_id && row.lead_officer_name ? { id: row.lead_officer_id, name: row.lead_officer_name } : null,
    updatedAt: row.updated_at,
  };
}

/**
 * Searches the service register: free text, filters, one of the sort orders, a page at a time. Paging by
 * key (`after`) stays fast however deep it goes, because each sort order has a matching index that
 * starts with council_id; numbered pages use `offset` and `countServices`. The page is chosen from the
 * services table first, and only its rows are joined to their providers and lead officers.
 */
export async function searchServices(tx: Tx, criteria: ServiceSearchCriteria): Promise<ServiceSearchPage> {
  const sort = criteria.sort ?? 'name';
  const direction = (criteria.order ?? 'asc') === 'desc' ? 'desc' : 'asc';
  const keys = SORT_KEYS[sort];
  let page = matching(tx, criteria)
    .selectAll('s')
    .select(sql<string[]>`array[${sql.join(keys.map(([expr]) => sql`${expr}::text`))}]`.as('sort_key'));
  if (criteria.after) {
    if (criteria.after.length !== keys.length) throw new Error('cursor key does not fit the sort order');
    const left = sql`(${sql.join(keys.map(([expr]) => expr))})`;
    const right = sql`(${sql.join(keys.map(([, type], i) => sql`cast(${criteria.after![i]} as ${sql.raw(type)})`))})`;
    page = page.where(direction === 'desc' ? sql<boolean>`${left} < ${right}` : sql<boolean>`${left} > ${right}`);
  }
  for (const [expr] of keys) page = page.orderBy(expr, direction);
  page = page.limit(criteria.limit + 1);
  if (criteria.offset) page = page.offset(criteria.offset);

  let query = tx
    .selectFrom(page.as('s'))
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('users as u', 'u.id', 's.lead_officer_id')
    .select([...SUMMARY_COLUMNS, 's.sort_key']);
  for (const [expr] of keys) query = query.orderBy(expr, direction);
  const rows = await query.execute();
  const items = rows.slice(0, criteria.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((row) => toSummary(row as SummaryRow)),
    ...(rows.length > criteria.limit && last ? { nextKey: last.sort_key } : {}),
  };
}

export async function countServices(tx: Tx, criteria: Scope): Promise<number> {
  const row = await matching(tx, criteria)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findService(tx: Tx, id: string): Promise<Service | undefined> {
  const row = await tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .leftJoin('users as u', 'u.id', 's.lead_officer_id')
    .leftJoin('providers as parent', 'parent.id', 'p.parent_provider_id')
    .select([...SUMMARY_COLUMNS, 's.address_line1', 's.address_line2', 's.created_at', 'p.parent_provider_id', 'parent.name as parent_name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toSummary(row),
    addressLine1: row.address_line1,
    addressLine2: row.address_line2,
    providerParent: row.parent_provider_id && row.parent_name ? { id: row.parent_provider_id, name: row.parent_name } : null,
    createdAt: row.created_at,
  };
}

function columns(fields: ServiceFields) {
  return {
    name: fields.name,
    provider_id: fields.providerId,
    category: fields.category,
    cqc_location_id: fields.cqcLocationId,
    address_line1: fields.addressLine1,
    address_line2: fields.addressLine2,
    town: fields.town,
    postcode: fields.postcode,
    beds: fields.beds,
    hours_per_week: fields.hoursPerWeek,
    funded_people: fields.fundedPeople,
    in_county: fields.inCounty,
    not_commissioned: fields.notCommissioned,
    lead_officer_id: fields.leadOfficerId,
  };
}

export async function insertService(tx: Tx, councilId: string, fields: ServiceFields): Promise<string> {
  const row = await tx
    .insertInto('services')
    .values({ council_id: councilId, ...columns(fields) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateService(tx: Tx, id: string, fields: ServiceFields): Promise<boolean> {
  const result = await tx.updateTable('services').set(columns(fields)).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The service already registered under a CQC location id in the actor's council, other than `exceptId`. */
export async function findByCqcLocationId(tx: Tx, councilId: string, cqcLocationId: string, exceptId?: string): Promise<NamedRef | undefined> {
  let query = tx
    .selectFrom('services')
    .select(['id', 'name'])
    .where('council_id', '=', councilId)
    .where('cqc_location_id', '=', cqcLocationId);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return query.executeTakeFirst();
}

/** People who can lead on a service: active officers and commissioners of the council. */
export async function leadOfficerChoices(tx: Tx, councilId: string): Promise<NamedRef[]> {
  return tx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('org_id', '=', councilId)
    .where('role', 'in', ['officer', 'commissioner'])
    .where('active', '=', true)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export async function userNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
