import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import { addMonths } from './dates.ts';
import type { AssessmentFact, CareHomeProfile, CqcFact, EscalationFact, IntelligenceFact } from './proposals.ts';

/**
 * All the SQL of the risk capability. Functions take the caller's transaction, so row-level security
 * applies to every read; the facts loaders read other capabilities' tables (CQC, intelligence,
 * assessments) for many services at once, so lists such as the work list need a handful of queries.
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

export async function insertMatrix(tx: Tx, councilId: string, definition: unknown, userId: string): Promise<{ id: string; version: number }> {
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

/** The latest rating of each service given. */
export async function latestRatings(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, RatingRow>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('risk_ratings as r')
    .leftJoin('users as u', 'u.id', 'r.rated_by')
    .leftJoin('risk_rating_approvals as ap', 'ap.rating_id', 'r.id')
    .leftJoin('users as au', 'au.id', 'ap.approved_by')
    .select(ratingColumns)
    .distinctOn('r.service_id')
    .where('r.service_id', 'in', serviceIds)
    .orderBy('r.service_id')
    .orderBy('r.rated_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.service_id, r]));
}

export interface CqcFactsRow {
  cqc: CqcFact | null;
  careHome: CareHomeProfile | null;
}

/** The latest CQC rating of each service's location, and what CQC registers it for. */
export async function cqcFacts(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, CqcFactsRow>> {
  const facts = new Map<string, CqcFactsRow>();
  if (!serviceIds.length) return facts;
  const result = await sql<{
    service_id: string;
    overall: CqcFact['overall'];
    safe: CqcFact['safe'];
    effective: CqcFact['effective'];
    caring: CqcFact['caring'];
    responsive: CqcFact['responsive'];
    well_led: CqcFact['wellLed'];
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
    where s.id in (${sql.join(serviceIds)})`.execute(tx);
  for (const row of result.rows) {
    const rated = row.overall || row.safe || row.effective || row.caring || row.responsive || row.well_led;
    facts.set(row.service_id, {
      cqc: rated
        ? { overall: row.overall, safe: row.safe, effective: row.effective, caring: row.caring, responsive: row.responsive, wellLed: row.well_led, publishedOn: row.published_on }
        : null,
      careHome: careHomeProfile(row.care_home, row.service_types ?? [], row.specialisms ?? []),
    });
  }
  return facts;
}

/** Each service's latest completed or published full assessment: its date and overall band. */
export async function lastFullAssessments(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, { band: AssessmentFact['band'] | null; completedOn: string }>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('assessments')
    .select(['service_id', 'overall_band', sql<string>`coalesce(visited_on, completed_on)::text`.as('assessed_on')])
    .distinctOn('service_id')
    .where('service_id', 'in', serviceIds)
    .where('kind', '=', 'full')
    .where('status', 'in', ['completed', 'published'])
    .orderBy('service_id')
    .orderBy(sql`coalesce(visited_on, completed_on)`, 'desc')
    .orderBy('version', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.service_id, { band: r.overall_band, completedOn: r.assessed_on }]));
}

/** Intelligence of the six months before today, and any Section 42 enquiry still open, reduced to what scoring needs. */
export async function intelligenceFacts(tx: Tx, serviceIds: readonly string[], today: string): Promise<Map<string, IntelligenceFact[]>> {
  const facts = new Map<string, IntelligenceFact[]>(serviceIds.map((id) => [id, []]));
  if (!serviceIds.length) return facts;
  const since = addMonths(today, -6);
  const rows = await tx
    .selectFrom('intelligence')
    .select(['service_id', 'received_on', 'source', 'severity', 'substantiated', 'safeguarding', 'section42_status', 'status'])
    .where('service_id', 'in', serviceIds)
    .where((eb) => eb.or([eb.and([eb('received_on', '>=', since), eb('received_on', '<=', today)]), eb('section42_status', '=', 'open')]))
    .execute();
  for (const row of rows) {
    facts.get(row.service_id)?.push({
      receivedOn: row.received_on,
      source: row.source,
      severity: row.severity,
      substantiated: row.substantiated,
      safeguarding: row.safeguarding,
      section42Status: row.section42_status,
      status: row.status,
    });
  }
  return facts;
}

/** Nursing and dementia, as CQC's service types and specialisms name them (current and 2016 wording). */
export function careHomeProfile(careHome: boolean | null, serviceTypes: readonly string[], specialisms: readonly string[]): CareHomeProfile | null {
  const types = serviceTypes.map((t) => t.toLowerCase());
  const isCareHome = careHome === true || types.some((t) => t.includes('care home') || t.includes('nursing home') || t.includes('residential home'));
  if (!isCareHome) return null;
  const nursing = types.some((t) => (t.includes('with nursing') && !t.includes('without nursing')) || t === 'nursing homes');
  const dementia = specialisms.some((s) => /dementia/i.test(s));
  return { nursing, dementia };
}

/**
 * The latest visit that took place at each service (any kind, not cancelled), which counts as contact with
 * the provider, and the latest full monitoring visit, which counts as a monitoring meeting.
 */
export async function lastVisits(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, { lastVisitOn: string | null; lastFullVisitOn: string | null }>> {
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

/**
 * Open concerns procedure cases (about the service, its provider or any provider above it in the group)
 * and active suspensions, for the officer intelligence proposal.
 */
export async function escalationFacts(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, EscalationFact>> {
  if (!serviceIds.length) return new Map();
  const rows = await sql<{ service_id: string; stage: number | null; scope: 'full' | 'partial' | null }>`
    with recursive chain (service_id, provider_id) as (
      select s.id, s.provider_id from services s where s.id in (${sql.join(serviceIds)})
      union
      select c.service_id, p.parent_provider_id from chain c join providers p on p.id = c.provider_id
      where p.parent_provider_id is not null
    )
    select s.id as service_id,
      (select max(cc.stage) from concerns_cases cc where cc.status = 'open'
        and (cc.service_id = s.id or cc.provider_id in (select ch.provider_id from chain ch where ch.service_id = s.id))) as stage,
      (select su.scope from suspensions su where su.service_id = s.id and su.status = 'active' limit 1) as scope
    from services s where s.id in (${sql.join(serviceIds)})`.execute(tx);
  return new Map(
    rows.rows.map((r) => [r.service_id, { concernsStage: r.stage === null ? null : Number(r.stage), suspended: r.scope !== null, partialSuspension: r.scope === 'partial' }]),
  );
}

export async function insertApproval(tx: Tx, a: { councilId: string; ratingId: string; approvedBy: string; approvedOn: string; note: string | null }) {
  await tx
    .insertInto('risk_rating_approvals')
    .values({ council_id: a.councilId, rating_id: a.ratingId, approved_by: a.approvedBy, approved_on: a.approvedOn, note: a.note })
    .execute();
}
