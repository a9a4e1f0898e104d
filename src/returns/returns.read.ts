import type { Tx } from '../core/db/database.ts';

/** One service's beds occupied, from its newest return sent to the council that answers it. */
export interface Occupancy {
  readonly serviceId: string;
  readonly bedsOccupied: number;
  readonly year: number;
  readonly quarter: number;
}

/**
 * Beds occupied at the end of each service's latest quarter returned (submitted or accepted: never a draft or a
 * version queried), for capacity elsewhere when a provider fails (issue 18). Under the caller's row-level security.
 */
export async function latestOccupancy(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, Occupancy>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('returns')
    .distinctOn('service_id')
    .select(['service_id', 'year', 'quarter', 'answers'])
    .where('service_id', 'in', serviceIds)
    .where('status', 'in', ['submitted', 'accepted'])
    .orderBy('service_id')
    .orderBy('year', 'desc')
    .orderBy('quarter', 'desc')
    .orderBy('version', 'desc')
    .execute();
  const out = new Map<string, Occupancy>();
  for (const row of rows) {
    const value = (row.answers as Record<string, unknown>)['beds_occupied'];
    const beds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
    if (beds !== undefined) out.set(row.service_id, { serviceId: row.service_id, bedsOccupied: beds, year: row.year, quarter: row.quarter });
  }
  return out;
}
