import { sql } from 'kysely';
import { today } from '../core/clock.ts';
import type { Tx } from '../core/db/database.ts';
import type { VisitKind } from './visit.rules.ts';
import { toVisit, type Visit } from './visit.model.ts';
import * as repo from './visits.repository.ts';

/** What other capabilities read of visits to the council's services, in their own unit of work. */

export interface LastVisits {
  /** The latest visit that took place, of any kind (not cancelled): contact with the provider. */
  readonly lastVisitOn: string | null;
  /** The latest full monitoring visit that took place: a monitoring meeting. */
  readonly lastFullVisitOn: string | null;
}

/** The latest visits that took place at each service; services never visited are left out. */
export async function lastVisits(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, LastVisits>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('visits')
    .select([
      'service_id',
      sql<string | null>`max(visited_on)::text`.as('last_visit_on'),
      sql<string | null>`max(visited_on) filter (where kind = 'full')::text`.as('last_full_visit_on'),
    ])
    .where('service_id', 'in', serviceIds)
    .where('visited_on', 'is not', null)
    .where('cancelled_on', 'is', null)
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, { lastVisitOn: r.last_visit_on, lastFullVisitOn: r.last_full_visit_on }]));
}

/** The council's visits still to happen, soonest first, each with where it stands today. */
export async function openVisits(tx: Tx): Promise<Visit[]> {
  const on = today();
  return (await repo.openVisits(tx)).map((row) => toVisit(row, on));
}

/** How many visits of a kind an officer made. */
export interface OfficerVisits {
  /** Who made them; null for visits recorded without an officer. */
  readonly officerId: string | null;
  readonly kind: VisitKind;
  readonly count: number;
}

/**
 * The visits the council made from `from` to `to` (both included; cancelled visits never took place),
 * counted by the officer who made them and by kind; only to services of the given categories, when given.
 */
export async function visitsMadeByOfficer(
  tx: Tx,
  councilId: string,
  made: { readonly from: string; readonly to: string },
  categories?: readonly string[],
): Promise<OfficerVisits[]> {
  let query = tx
    .selectFrom('visits as v')
    .select(['v.officer_id', 'v.kind', sql<number>`count(*)::int`.as('n')])
    .where('v.council_id', '=', councilId)
    .where('v.visited_on', '>=', made.from)
    .where('v.visited_on', '<=', made.to)
    .where('v.cancelled_on', 'is', null)
    .groupBy(['v.officer_id', 'v.kind']);
  if (categories?.length) {
    query = query.where((eb) => eb.exists(eb.selectFrom('services as s').select('s.id').whereRef('s.id', '=', 'v.service_id').where('s.category', 'in', categories)));
  }
  const rows = await query.execute();
  return rows.map((r) => ({ officerId: r.officer_id, kind: r.kind, count: Number(r.n) }));
}

/** A visit made (not cancelled), reduced to what the quarterly summary counts. */
export interface VisitMade {
  readonly id: string;
  readonly serviceId: string;
  readonly kind: VisitKind;
  readonly visitedOn: string;
}

/** The council's visits made from `from` to `to` (both included); cancelled visits never took place. */
export async function visitsMade(tx: Tx, councilId: string, made: { readonly from: string; readonly to: string }): Promise<VisitMade[]> {
  const rows = await tx
    .selectFrom('visits')
    .select(['id', 'service_id', 'kind', sql<string>`visited_on::text`.as('visited_on')])
    .where('council_id', '=', councilId)
    .where('visited_on', '>=', made.from)
    .where('visited_on', '<=', made.to)
    .where('cancelled_on', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id, kind: r.kind, visitedOn: r.visited_on }));
}

/**
 * The visits made from `from` to `to` (both included; cancelled visits never took place) to the services
 * given, counted by the officer who made them: what a dashboard filtered by team or lead officer reads.
 */
export async function visitsMadeToServices(
  tx: Tx,
  serviceIds: readonly string[],
  made: { readonly from: string; readonly to: string },
): Promise<{ readonly officerId: string | null; readonly count: number }[]> {
  if (!serviceIds.length) return [];
  const rows = await tx
    .selectFrom('visits as v')
    .select(['v.officer_id', sql<number>`count(*)::int`.as('n')])
    .where('v.service_id', 'in', serviceIds)
    .where('v.visited_on', '>=', made.from)
    .where('v.visited_on', '<=', made.to)
    .where('v.cancelled_on', 'is', null)
    .groupBy('v.officer_id')
    .execute();
  return rows.map((r) => ({ officerId: r.officer_id, count: Number(r.n) }));
}
