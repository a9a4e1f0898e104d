import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { CqcRatingValue } from '../core/db/schema.ts';

/**
 * What other capabilities read of CQC's data about the council's services, in their own unit of work
 * (row-level security decides which services the reader sees).
 */

/** A location's latest published rating: the overall rating and the five key questions. */
export interface LatestCqcRating {
  readonly overall: CqcRatingValue | null;
  readonly safe: CqcRatingValue | null;
  readonly effective: CqcRatingValue | null;
  readonly caring: CqcRatingValue | null;
  readonly responsive: CqcRatingValue | null;
  readonly wellLed: CqcRatingValue | null;
  /** When CQC published it (or first showed it, where the publication date is unknown). */
  readonly publishedOn: string | null;
}

export interface ServiceCqcFacts {
  /** Null where CQC has rated nothing at the location yet. */
  readonly rating: LatestCqcRating | null;
  /** What CQC registers the location as and for. */
  readonly careHome: boolean | null;
  readonly serviceTypes: readonly string[];
  readonly specialisms: readonly string[];
}

/** The latest CQC rating of each service's location, and what CQC registers it for; services without a location are left out. */
export async function serviceCqcFacts(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, ServiceCqcFacts>> {
  const facts = new Map<string, ServiceCqcFacts>();
  if (!serviceIds.length) return facts;
  const result = await sql<{
    service_id: string;
    overall: CqcRatingValue | null;
    safe: CqcRatingValue | null;
    effective: CqcRatingValue | null;
    caring: CqcRatingValue | null;
    responsive: CqcRatingValue | null;
    well_led: CqcRatingValue | null;
    published_on: string | null;
    care_home: boolean | null;
    service_types: string[] | null;
    specialisms: string[] | null;
  }>`
    select s.id as service_id, r.overall, r.safe, r.effective, r.caring, r.responsive, r.well_led,
      coalesce(r.published_on, r.first_seen_on)::text as published_on, l.care_home, l.service_types, l.specialisms
    from services s
    join cqc_locations l on l.location_id = s.cqc_location_id
    left join lateral (
      select * from cqc_ratings cr where cr.location_id = l.location_id
      order by coalesce(cr.published_on, cr.first_seen_on) desc, cr.seq desc limit 1
    ) r on true
    where s.id = any(${[...serviceIds]}::uuid[])`.execute(tx);
  for (const row of result.rows) {
    const rated = row.overall || row.safe || row.effective || row.caring || row.responsive || row.well_led;
    facts.set(row.service_id, {
      rating: rated
        ? { overall: row.overall, safe: row.safe, effective: row.effective, caring: row.caring, responsive: row.responsive, wellLed: row.well_led, publishedOn: row.published_on }
        : null,
      careHome: row.care_home,
      serviceTypes: row.service_types ?? [],
      specialisms: row.specialisms ?? [],
    });
  }
  return facts;
}

/** One of CQC's overall ratings of a location, dated by its publication (or first sight, where unknown). */
export interface CqcOverallRating {
  readonly overall: CqcRatingValue;
  readonly publishedOn: string;
}

/**
 * Every overall rating CQC has given each service's location, oldest first (services without a location or
 * a rating are left out): what a report needs to know a service's rating on any day and when it changed.
 */
export async function cqcOverallHistory(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, CqcOverallRating[]>> {
  const history = new Map<string, CqcOverallRating[]>();
  if (!serviceIds.length) return history;
  const result = await sql<{ service_id: string; overall: CqcRatingValue; published_on: string }>`
    select s.id as service_id, r.overall, coalesce(r.published_on, r.first_seen_on)::text as published_on
    from services s
    join cqc_ratings r on r.location_id = s.cqc_location_id
    where s.id = any(${[...serviceIds]}::uuid[]) and r.overall is not null
    order by s.id, coalesce(r.published_on, r.first_seen_on), r.seq`.execute(tx);
  for (const row of result.rows) {
    const list = history.get(row.service_id) ?? [];
    list.push({ overall: row.overall, publishedOn: row.published_on });
    history.set(row.service_id, list);
  }
  return history;
}
