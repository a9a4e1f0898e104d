import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import { RISK_AREA_KEYS } from './matrix.ts';

/**
 * The SQL of risk matrices, ratings and approvals. Functions take the caller's transaction, so row-level
 * security applies to every read. What other capabilities know about a service comes from their read models.
 */

export interface MatrixRow {
  id: string;
  version: number;
  definition: unknown;
  created_at: Date;
  created_by_name: string | null;
}

export async function currentMatrix(tx: Tx, councilId: string): Promise<MatrixRow | undefined> {
  return tx
    .selectFrom('risk_matrices as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .select(['m.id', 'm.version', 'm.definition', 'm.created_at', 'u.name as created_by_name'])
    .where('m.council_id', '=', councilId)
    .orderBy('m.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function matricesById(tx: Tx, ids: readonly string[]): Promise<Map<string, MatrixRow>> {
  if (!ids.length) return new Map();
  const rows = await tx
    .selectFrom('risk_matrices as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .select(['m.id', 'm.version', 'm.definition', 'm.created_at', 'u.name as created_by_name'])
    .where('m.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertMatrix(
  tx: Tx,
  councilId: string,
  definition: unknown,
  userId: string,
): Promise<{ id: string; version: number }> {
  // Versions are numbered per council; the unique key turns a race between two administrators into a conflict.
  const latest = await currentMatrix(tx, councilId);
  return tx
    .insertInto('risk_matrices')
    .values({ council_id: councilId, version: (latest?.version ?? 0) + 1, definition: JSON.stringify(definition), created_by: userId })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export interface RiskServiceRow {
  id: string;
  council_id: string;
  name: string;
  category: string;
  cqc_location_id: string | null;
  lead_officer_id: string | null;
  provider_name: string;
}

export async function findService(tx: Tx, serviceId: string): Promise<RiskServiceRow | undefined> {
  return tx
    .selectFrom('services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select(['s.id', 's.council_id', 's.name', 's.category', 's.cqc_location_id', 's.lead_officer_id', 'p.name as provider_name'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

export interface RatingRow {
  id: string;
  service_id: string;
  matrix_id: string | null;
  scores: unknown;
  rationale: string;
  area_rationales: unknown;
  proposals: unknown;
  prr: number;
  band_key: string;
  band_label: string;
  regime: unknown;
  rated_on: string;
  rated_by: string;
  rated_by_name: string | null;
  created_at: Date;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_on: string | null;
  approval_note: string | null;
}

const ratingColumns = [
  'r.id',
  'r.service_id',
  'r.matrix_id',
  'r.scores',
  'r.rationale',
  'r.area_rationales',
  'r.proposals',
  'r.prr',
  'r.band_key',
  'r.band_label',
  'r.regime',
  'r.rated_on',
  'r.rated_by',
  'u.name as rated_by_name',
  'r.created_at',
  'ap.approved_by',
  'au.name as approved_by_name',
  'ap.approved_on',
  'ap.note as approval_note',
] as const;

export interface NewRating {
  councilId: string;
  serviceId: string;
  matrixId: string | null;
  scores: Record<string, number>;
  rationale: string;
  areaRationales: Record<string, string>;
  proposals: unknown;
  prr: number;
  bandKey: string;
  bandLabel: string;
  regime: unknown;
  ratedOn: string;
  ratedBy: string;
}

export async function insertRating(tx: Tx, r: NewRating): Promise<string> {
  const row = await tx
    .insertInto('risk_ratings')
    .values({
      council_id: r.councilId,
      service_id: r.serviceId,
      matrix_id: r.matrixId,
      scores: JSON.stringify(r.scores),
      rationale: r.rationale,
      area_rationales: JSON.stringify(r.areaRationales),
      proposals: JSON.stringify(r.proposals),
      prr: r.prr,
      band_key: r.bandKey,
      band_label: r.bandLabel,
      regime: JSON.stringify(r.regime),
      rated_on: r.ratedOn,
      rated_by: r.ratedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every rating of a service, newest first. */
export async function ratingHistory(tx: Tx, serviceId: string): Promise<RatingRow[]> {
  return tx
    .selectFrom('risk_ratings as r')
    .leftJoin('users as u', 'u.id', 'r.rated_by')
    .leftJoin('risk_rating_approvals as ap', 'ap.rating_id', 'r.id')
    .leftJoin('users as au', 'au.id', 'ap.approved_by')
    .select(ratingColumns)
    .where('r.service_id', '=', serviceId)
    .orderBy('r.rated_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/**
 * The key of each service's latest rating, by one index probe a service, rather than every rating of its
 * history sorted. As `in (subquery)` the planner hashed every rating of the council, history and all (15 ms
 * for an officer's 190 services on PGlite); as `= any(array(…))` it looks each one up.
 */
function latestOf(serviceIds: readonly string[]) {
  return sql<string>`any(array(select (select x.id from risk_ratings x where x.service_id = s.id
    order by x.rated_on desc, x.created_at desc, x.id desc limit 1)
    from unnest(${[...serviceIds]}::uuid[]) as s(id)))`;
}

/** The latest rating of each service given. */
export async function latestRatings(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, RatingRow>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('risk_ratings as r')
    .leftJoin('users as u', 'u.id', 'r.rated_by')
    .leftJoin('risk_rating_approvals as ap', 'ap.rating_id', 'r.id')
    .leftJoin('users as au', 'au.id', 'ap.approved_by')
    .select(ratingColumns)
    .where('r.id', '=', latestOf(serviceIds))
    .execute();
  return new Map(rows.map((r) => [r.service_id, r]));
}

export interface RatingBriefRow {
  id: string;
  service_id: string;
  scores: unknown;
  /** The stored proposals' basis and score, area by area in RISK_AREA_KEYS' order, as text, without their explanations. */
  proposed: (string | null)[];
  prr: number;
  band_key: string;
  band_label: string;
  regime: unknown;
  rated_on: string;
}

/**
 * The latest rating of each service given, as the work list compares it: its scores, band and regime, and
 * what the record proposed when it was made, without the explanations (most of a rating's bytes), who rated
 * or approved it, or its rationale. The same rating as latestRatings chooses.
 */
export async function latestRatingBriefs(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, RatingBriefRow>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('risk_ratings as r')
    .select(['r.id', 'r.service_id', 'r.scores', 'r.prr', 'r.band_key', 'r.band_label', 'r.regime', 'r.rated_on'])
    // a text array rather than a smaller JSON object: building JSON costs PostgreSQL more than writing out the whole
    // proposals, and a text array of fourteen short values costs least to write and to read
    .select(sql<(string | null)[]>`array[${sql.raw(RISK_AREA_KEYS.map((k) => `r.proposals -> '${k}' ->> 'basis', r.proposals -> '${k}' ->> 'score'`).join(', '))}]`.as('proposed'))
    .where('r.id', '=', latestOf(serviceIds))
    .execute();
  return new Map(rows.map((r) => [r.service_id, r]));
}

export async function insertApproval(
  tx: Tx,
  a: { councilId: string; ratingId: string; approvedBy: string; approvedOn: string; note: string | null },
) {
  await tx
    .insertInto('risk_rating_approvals')
    .values({ council_id: a.councilId, rating_id: a.ratingId, approved_by: a.approvedBy, approved_on: a.approvedOn, note: a.note })
    .execute();
}

export interface LatestBandRow {
  service_id: string;
  prr: number;
  band_key: string;
  band_label: string;
  regime: unknown;
  rated_on: string;
}

/** The band, regime and date of each service's latest rating: what other capabilities read (risk.read.ts). */
export async function latestBands(tx: Tx, serviceIds: readonly string[]): Promise<LatestBandRow[]> {
  if (!serviceIds.length) return [];
  return tx
    .selectFrom('risk_ratings as r')
    .select(['r.service_id', 'r.prr', 'r.band_key', 'r.band_label', 'r.regime', 'r.rated_on'])
    .distinctOn('r.service_id')
    .where('r.service_id', 'in', serviceIds)
    .orderBy('r.service_id')
    .orderBy('r.rated_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}
