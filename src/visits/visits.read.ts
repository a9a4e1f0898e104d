import { sql } from 'kysely';
import { today } from '../core/clock.ts';
import type { Tx } from '../core/db/database.ts';
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
