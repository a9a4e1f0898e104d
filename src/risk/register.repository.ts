import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../core/db/database.ts';

/** The SQL behind the risk register, the work list and the ratings audit: one council at a time. */

export interface RegisterFilters {
  readonly category?: string | undefined;
  /** A band key, or 'unrated' for services with no rating yet. */
  readonly band?: string | undefined;
  readonly team?: string | undefined;
  readonly officerId?: string | undefined;
}

export interface RegisterRow {
  id: string;
  name: string;
  category: string;
  provider_name: string;
  lead_officer_id: string | null;
  officer_name: string | null;
  team: string | null;
  prr: number | null;
  band_key: string | null;
  band_label: string | null;
  rated_on: string | null;
}

/** Each service's latest rating, as a lateral join. */
const latestRating = sql`left join lateral (
    select r.prr, r.band_key, r.band_label, r.rated_on from risk_ratings r where r.service_id = s.id
    order by r.rated_on desc, r.created_at desc, r.id desc limit 1
  ) r on true`;

function where(councilId: string, f: RegisterFilters): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`s.council_id = ${councilId}`];
  if (f.category) conditions.push(sql`s.category = ${f.category}`);
  if (f.band === 'unrated') conditions.push(sql`r.band_key is null`);
  else if (f.band) conditions.push(sql`r.band_key = ${f.band}`);
  if (f.team) conditions.push(sql`u.team = ${f.team}`);
  if (f.officerId) conditions.push(sql`s.lead_officer_id = ${f.officerId}`);
  return sql.join(conditions, sql` and `);
}

/** What the register may be sorted by, as SQL: only these, never text from the query. */
const REGISTER_ORDER: Record<string, RawBuilder<unknown>> = {
  service: sql`lower(s.name)`,
  category: sql`s.category`,
  prr: sql`r.prr`,
  rated: sql`r.rated_on`,
  officer: sql`lower(u.name)`,
  team: sql`lower(u.team)`,
};

export interface RegisterOrder {
  /** A key of REGISTER_ORDER; anything else is PRR. */
  readonly sort: string;
  readonly order: 'asc' | 'desc';
}

/**
 * How many services the filters match. The count joins only what the filters name: the latest-rating lookup
 * for every service of the council (a left join of at most one row) changes no count unless a band is chosen,
 * nor the officer's unless a team is.
 */
export async function registerCount(tx: Tx, councilId: string, f: RegisterFilters): Promise<number> {
  const countFrom = sql`from services s join providers p on p.id = s.provider_id
    ${f.team ? sql`left join users u on u.id = s.lead_officer_id` : sql``} ${f.band ? latestRating : sql``}`;
  const total = await sql<{ n: number }>`select count(*)::int as n ${countFrom} where ${where(councilId, f)}`.execute(tx);
  return Number(total.rows[0]?.n ?? 0);
}

/**
 * Services in the order asked (by default PRR, highest first), blanks last either way, then by name; a page
 * of them (`limit`/`offset`) or, for a download, all of them.
 */
export async function registerRows(tx: Tx, councilId: string, f: RegisterFilters, by: RegisterOrder = { sort: 'prr', order: 'desc' }, page?: { limit: number; offset: number }): Promise<RegisterRow[]> {
  const column = REGISTER_ORDER[by.sort] ?? REGISTER_ORDER.prr!;
  const direction = by.order === 'asc' ? sql`asc` : sql`desc`;
  // The page is chosen from the services and their latest ratings; only its rows are joined to their provider's
  // name and their officer (unless a team is filtered on, or the order is by officer or team). Each join checks
  // the joined row's policy, so joining every service of the council cost 2–3 times the page (national demo).
  // The inner join to providers still decides which services are listed: `exists` keeps the same ones.
  const officerFirst = !!f.team || by.sort === 'officer' || by.sort === 'team';
  const rows = await sql<RegisterRow>`
    select x.id, x.name, x.category, p.name as provider_name, x.lead_officer_id, u.name as officer_name, u.team,
      x.prr, x.band_key, x.band_label, x.rated_on::text as rated_on
    from (
      select s.id, s.name, s.category, s.provider_id, s.lead_officer_id, r.prr, r.band_key, r.band_label, r.rated_on,
        ${column} as sort_value, lower(s.name) as name_key
      from services s ${officerFirst ? sql`left join users u on u.id = s.lead_officer_id` : sql``} ${latestRating}
      where ${where(councilId, f)} and exists (select from providers p where p.id = s.provider_id)
      order by sort_value ${direction} nulls last, name_key, s.id
      ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}
    ) x
    join providers p on p.id = x.provider_id left join users u on u.id = x.lead_officer_id
    order by x.sort_value ${direction} nulls last, x.name_key, x.id`.execute(tx);
  return rows.rows.map((r) => ({ ...r, prr: r.prr === null ? null : Number(r.prr) }));
}

/** The people and teams services are led by, for the register's filters. */
export async function leadOfficers(tx: Tx, councilId: string) {
  return tx
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.team'])
    .where('u.org_id', '=', councilId)
    .where((eb) => eb.exists(eb.selectFrom('services as s').select('s.id').whereRef('s.lead_officer_id', '=', 'u.id')))
    .orderBy('u.name')
    .execute();
}

export async function teams(tx: Tx, councilId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('users')
    .select('team')
    .distinct()
    .where('org_id', '=', councilId)
    .where('team', 'is not', null)
    .orderBy('team')
    .execute();
  return rows.map((r) => r.team!).filter(Boolean);
}

export interface LedServiceRow {
  id: string;
  name: string;
  category: string;
  provider_name: string;
}

/** The services an officer leads. */
export async function servicesLedBy(tx: Tx, userId: string): Promise<LedServiceRow[]> {
  return tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.category', 'p.name as provider_name'])
    .where('s.lead_officer_id', '=', userId)
    .orderBy(sql`lower(s.name)`)
    .orderBy('s.id')
    .execute();
}

export interface AuditRow {
  service_id: string;
  service_name: string;
  category: string;
  cqc_location_id: string | null;
  team: string | null;
  officer_name: string | null;
  rating_id: string | null;
  prr: number | null;
  band_key: string | null;
  band_label: string | null;
  rated_on: string | null;
  cqc_score: number | null;
  rated_by_name: string | null;
  approved: boolean;
}

/** Every service of the council with its latest rating, for the ratings audit. */
export async function servicesWithLatestRating(tx: Tx, councilId: string): Promise<AuditRow[]> {
  const rows = await sql<AuditRow>`
    select s.id as service_id, s.name as service_name, s.category, s.cqc_location_id, u.team, u.name as officer_name,
      r.id as rating_id, r.prr, r.band_key, r.band_label, r.rated_on::text as rated_on,
      (r.scores ->> 'cqc_rating')::int as cqc_score, rb.name as rated_by_name,
      exists (select 1 from risk_rating_approvals ap where ap.rating_id = r.id) as approved
    from services s
    left join users u on u.id = s.lead_officer_id
    left join lateral (
      select x.id, x.prr, x.band_key, x.band_label, x.rated_on, x.scores, x.rated_by from risk_ratings x where x.service_id = s.id
      order by x.rated_on desc, x.created_at desc, x.id desc limit 1
    ) r on true
    left join users rb on rb.id = r.rated_by
    where s.council_id = ${councilId}
    order by lower(s.name), s.id`.execute(tx);
  return rows.rows.map((r) => ({ ...r, prr: r.prr === null ? null : Number(r.prr), cqc_score: r.cqc_score === null ? null : Number(r.cqc_score) }));
}
