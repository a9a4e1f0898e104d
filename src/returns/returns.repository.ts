import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ReturnsTable } from '../core/db/schema.ts';

/** All SQL about return templates and returns. Row-level security confines every query to what the actor may see. */

/** A council's templates, or (without one) every template the actor may read. */
export async function listTemplates(tx: Tx, councilId?: string) {
  let query = tx
    .selectFrom('return_templates')
    .select(['id', 'template_key', 'version', 'name', 'categories', 'sections', 'applies_from_year', 'applies_from_quarter']);
  if (councilId) query = query.where('council_id', '=', councilId);
  return query
    .orderBy('template_key')
    .orderBy('version', 'desc')
    .execute();
}
export type TemplateRow = Awaited<ReturnType<typeof listTemplates>>[number];

export async function findTemplate(tx: Tx, id: string) {
  return tx
    .selectFrom('return_templates')
    .select(['id', 'template_key', 'version', 'name', 'categories', 'sections', 'applies_from_year', 'applies_from_quarter'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The service as the actor may see it (row-level security hides other councils' and other providers' services). */
export async function findService(tx: Tx, id: string) {
  return tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.council_id', 's.category', 's.not_commissioned', 'p.name as provider_name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

/** Every service the actor sees (a council's whole register; a provider's own services), by name. */
export async function visibleServices(tx: Tx, councilId?: string) {
  let query = tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.name', 's.council_id', 's.category', 's.not_commissioned', 'p.name as provider_name']);
  if (councilId) query = query.where('s.council_id', '=', councilId);
  return query.orderBy(sql`lower(s.name)`).orderBy('s.id').execute();
}

const RETURN_COLUMNS = [
  'r.id',
  'r.council_id',
  'r.service_id',
  's.name as service_name',
  'r.template_id',
  'r.year',
  'r.quarter',
  'r.version',
  'r.status',
  'r.answers',
  'r.flags',
  'r.submitted_by_name',
  'r.submitted_at',
  'r.query_message',
  'r.queried_by_name',
  'r.queried_at',
  'r.accepted_by_name',
  'r.accepted_at',
  'r.created_at',
  'r.updated_at',
] as const;

function returns(tx: Tx) {
  return tx.selectFrom('returns as r').innerJoin('services as s', 's.id', 'r.service_id').select(RETURN_COLUMNS);
}
export type ReturnRow = NonNullable<Awaited<ReturnType<typeof findReturn>>>;

export async function findReturn(tx: Tx, id: string) {
  return returns(tx).where('r.id', '=', id).executeTakeFirst();
}

/** A service's returns, newest period and version first (optionally one period's versions). */
export async function serviceReturns(tx: Tx, serviceId: string, period?: { year: number; quarter: number }) {
  let query = returns(tx).where('r.service_id', '=', serviceId);
  if (period) query = query.where('r.year', '=', period.year).where('r.quarter', '=', period.quarter);
  return query.orderBy('r.year', 'desc').orderBy('r.quarter', 'desc').orderBy('r.version', 'desc').execute();
}

/** The newest version of each service's return for one period, among the services given. */
export async function newestForPeriod(tx: Tx, serviceIds: readonly string[], period: { year: number; quarter: number }) {
  if (!serviceIds.length) return [];
  return returns(tx)
    .distinctOn('r.service_id')
    .where('r.service_id', 'in', serviceIds)
    .where('r.year', '=', period.year)
    .where('r.quarter', '=', period.quarter)
    .orderBy('r.service_id')
    .orderBy('r.version', 'desc')
    .execute();
}

export async function insertReturn(
  tx: Tx,
  values: Pick<ReturnsTable, 'council_id' | 'service_id' | 'template_id' | 'year' | 'quarter' | 'version' | 'status' | 'created_by'> & {
    answers: unknown;
    flags: unknown;
    submitted_by: string | null;
    submitted_by_name: string | null;
    submitted_at: Date | null;
  },
) {
  const row = await tx
    .insertInto('returns')
    .values({ ...values, answers: JSON.stringify(values.answers), flags: JSON.stringify(values.flags) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDraft(
  tx: Tx,
  id: string,
  values: { answers: unknown; flags: unknown; status: 'draft' | 'submitted'; submitted_by: string | null; submitted_by_name: string | null; submitted_at: Date | null },
) {
  const result = await tx
    .updateTable('returns')
    .set({ ...values, answers: JSON.stringify(values.answers), flags: JSON.stringify(values.flags) })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function recordDecision(
  tx: Tx,
  id: string,
  decision: { status: 'queried'; query_message: string; queried_by: string; queried_by_name: string; queried_at: Date } | { status: 'accepted'; accepted_by: string; accepted_by_name: string; accepted_at: Date },
) {
  const result = await tx.updateTable('returns').set(decision).where('id', '=', id).where('status', '=', 'submitted').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether the council has received any return for the period (it is collecting them that quarter). */
export async function councilCollects(tx: Tx, councilId: string, period: { year: number; quarter: number }) {
  const row = await tx
    .selectFrom('returns')
    .select('id')
    .where('council_id', '=', councilId)
    .where('year', '=', period.year)
    .where('quarter', '=', period.quarter)
    .where('status', '<>', 'draft')
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/** The returns standing for their quarter (sent, not queried) sent in a window, newest quarter first. */
export async function flaggedReturns(tx: Tx, serviceIds: readonly string[], sent: { from: string; to: string }) {
  if (!serviceIds.length) return [];
  return tx
    .selectFrom('returns')
    .select(['service_id', 'year', 'quarter', 'flags', 'submitted_at'])
    .where('service_id', 'in', serviceIds)
    .where('status', 'in', ['submitted', 'accepted'])
    .where(sql<boolean>`submitted_at::date between ${sent.from}::date and ${sent.to}::date`)
    .orderBy('year', 'desc')
    .orderBy('quarter', 'desc')
    .execute();
}
