import { lastFullAssessments } from '../assessments/index.ts';
import type { Tx } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { serviceCqcFacts } from '../cqc/index.ts';
import { serviceEscalations } from '../escalation/index.ts';
import { intelligenceFacts } from '../intelligence/index.ts';
import { categoryLabel } from '../providers/index.ts';
import { returnFlagFacts } from '../returns/index.ts';
import { lastVisits } from '../visits/index.ts';
import { addMonths } from './dates.ts';
import { RISK_AREA_KEYS, type Regime, type RiskMatrix } from './matrix.ts';
import type { Scores } from './prr.ts';
import { careHomeProfile } from './proposals.ts';
import { DEFAULT_IN_USE, recordNow, type MatrixInUse, type Rating, type RatingBrief, type RecordNow, type RiskService, type ServiceRecord } from './risk.domain.ts';
import * as repo from './risk.repository.ts';
import { readStoredMatrix, readStoredProposals, readStoredProposedScores } from './risk.schemas.ts';

/**
 * The reads every risk unit of work shares. Each runs in the caller's transaction, as the caller, so
 * row-level security decides what it may see; what other capabilities know about a service comes from
 * the read models they publish.
 */

/** The council's current matrix: its own latest version, or the built-in default. */
export async function matrixIn(tx: Tx, councilId: string): Promise<MatrixInUse> {
  const row = await repo.currentMatrix(tx, councilId);
  if (!row) return DEFAULT_IN_USE;
  return { id: row.id, version: row.version, matrix: readStoredMatrix(row.definition), isDefault: false, savedAt: row.created_at, savedBy: row.created_by_name };
}

export async function serviceOrNotFound(tx: Tx, serviceId: string): Promise<RiskService> {
  // Row-level security hides other councils' services, so they are "not found", never "forbidden".
  const row = isUuid(serviceId) ? await repo.findService(tx, serviceId) : undefined;
  if (!row) throw new NotFound('Service');
  return { id: row.id, name: row.name, category: row.category, categoryLabel: categoryLabel(row.category), providerName: row.provider_name, leadOfficerId: row.lead_officer_id };
}

/** What a rating scored and set, as every reading of a rating gives it. */
function ratedOf(row: repo.RatingBriefRow | repo.RatingRow): Omit<RatingBrief, 'proposals'> {
  return {
    id: row.id,
    serviceId: row.service_id,
    prr: Number(row.prr),
    band: { key: row.band_key, label: row.band_label },
    regime: row.regime as Regime,
    ratedOn: row.rated_on,
    scores: row.scores as Scores,
  };
}

function toRating(row: repo.RatingRow, versions: ReadonlyMap<string, repo.MatrixRow>): Rating {
  return {
    ...ratedOf(row),
    ratedBy: { id: row.rated_by, name: row.rated_by_name },
    rationale: row.rationale,
    areaRationales: row.area_rationales ?? {},
    matrix: { id: row.matrix_id, version: row.matrix_id ? (versions.get(row.matrix_id)?.version ?? 0) : 0 },
    proposals: readStoredProposals(row.proposals),
    createdAt: row.created_at,
    approval: row.approved_by && row.approved_on ? { by: { id: row.approved_by, name: row.approved_by_name }, on: row.approved_on, note: row.approval_note } : null,
  };
}

/** The latest rating of each service given, without who made it, its rationale or the proposals' explanations. */
export async function latestRatingBriefs(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, RatingBrief>> {
  const rows = await repo.latestRatingBriefs(tx, serviceIds);
  return new Map(
    [...rows.values()].map((row) => [
      row.service_id,
      {
        ...ratedOf(row),
        proposals: readStoredProposedScores(
          Object.fromEntries(RISK_AREA_KEYS.map((key, i) => [key, { basis: row.proposed[2 * i], score: row.proposed[2 * i + 1] == null ? null : Number(row.proposed[2 * i + 1]) }])),
        ),
      },
    ]),
  );
}

export async function ratingsWithVersions(tx: Tx, rows: readonly repo.RatingRow[]): Promise<Rating[]> {
  const ids = [...new Set(rows.map((r) => r.matrix_id).filter((id): id is string => !!id))];
  const versions = await repo.matricesById(tx, ids);
  return rows.map((r) => toRating(r, versions));
}

/**
 * What the record says about each service on a day: CQC's latest rating and registration, the council's
 * last full assessment, intelligence of the six months before, visits, and the concerns procedure.
 */
async function serviceRecords(tx: Tx, serviceIds: readonly string[], on: string): Promise<Map<string, ServiceRecord>> {
  const cqc = await serviceCqcFacts(tx, serviceIds);
  const assessments = await lastFullAssessments(tx, serviceIds);
  const intelligence = await intelligenceFacts(tx, serviceIds, { from: addMonths(on, -6), to: on });
  const visits = await lastVisits(tx, serviceIds);
  const escalation = await serviceEscalations(tx, serviceIds);
  // Returns sent in the same six months, with figures flagged: seen only by those who may read returns.
  const returns = await returnFlagFacts(tx, serviceIds, { from: addMonths(on, -6), to: on });
  return new Map(
    serviceIds.map((id) => {
      const location = cqc.get(id);
      const assessment = assessments.get(id);
      const escalated = escalation.get(id);
      const record: ServiceRecord = {
        cqc: location?.rating ?? null,
        careHome: location ? careHomeProfile(location.careHome, location.serviceTypes, location.specialisms) : null,
        ownAssessment: assessment?.band ? { band: assessment.band, completedOn: assessment.completedOn } : null,
        intelligence: intelligence.get(id) ?? [],
        returns: returns.get(id) ?? null,
        escalation: escalated
          ? { concernsStage: escalated.openConcernsStage, suspended: escalated.suspension !== null, partialSuspension: escalated.suspension === 'partial' }
          : null,
        lastFullAssessmentOn: assessment?.completedOn ?? null,
        lastContactOn: visits.get(id)?.lastVisitOn ?? null,
        lastMonitoringMeetingOn: visits.get(id)?.lastFullVisitOn ?? null,
      };
      return [id, record];
    }),
  );
}

/** What the record proposes for each service today, given its last confirmed scores. */
export async function recordsNow(
  tx: Tx,
  matrix: RiskMatrix,
  services: readonly { id: string; category: string; previous: Scores | null }[],
  on: string,
): Promise<Map<string, RecordNow>> {
  const records = await serviceRecords(
    tx,
    services.map((s) => s.id),
    on,
  );
  return new Map(services.map((s) => [s.id, recordNow(matrix, s, records.get(s.id)!, on)]));
}
