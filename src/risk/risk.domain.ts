import type { Tx } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { categoryLabel } from '../providers/categories.ts';
import { DEFAULT_MATRIX, type Regime, type RiskAreaKey, type RiskMatrix } from './matrix.ts';
import type { Scores } from './prr.ts';
import { proposeScores, type Proposals, type RiskFacts } from './proposals.ts';
import * as repo from './risk.repository.ts';
import { readStoredMatrix, readStoredProposals } from './risk.schemas.ts';

/**
 * The domain objects of risk rating and the steps every risk unit of work shares. Each function runs in
 * the caller's transaction, as the caller, so row-level security decides what it may see.
 */

/** The matrix a council works with now: its own latest version, or the built-in default. */
export interface MatrixInUse {
  readonly id: string | null;
  readonly version: number;
  readonly matrix: RiskMatrix;
  readonly isDefault: boolean;
  readonly savedAt: Date | null;
  readonly savedBy: string | null;
}

export interface Rating {
  readonly id: string;
  readonly serviceId: string;
  readonly prr: number;
  readonly band: { readonly key: string; readonly label: string };
  readonly regime: Regime;
  readonly ratedOn: string;
  readonly ratedBy: { readonly id: string; readonly name: string | null };
  readonly scores: Scores;
  readonly rationale: string;
  readonly areaRationales: Partial<Record<RiskAreaKey, string>>;
  readonly matrix: { readonly id: string | null; readonly version: number };
  readonly proposals: Proposals | null;
  readonly createdAt: Date;
  /** A commissioner's approval, where given. */
  readonly approval: { readonly by: { readonly id: string; readonly name: string | null }; readonly on: string; readonly note: string | null } | null;
}

export interface RiskService {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly categoryLabel: string;
  readonly providerName: string;
  readonly leadOfficerId: string | null;
}

const DEFAULT_IN_USE: MatrixInUse = { id: null, version: 0, matrix: DEFAULT_MATRIX, isDefault: true, savedAt: null, savedBy: null };

export function toRating(row: repo.RatingRow, versions: ReadonlyMap<string, repo.MatrixRow>): Rating {
  const scores = row.scores as Scores;
  return {
    id: row.id,
    serviceId: row.service_id,
    prr: Number(row.prr),
    band: { key: row.band_key, label: row.band_label },
    regime: row.regime as Regime,
    ratedOn: row.rated_on,
    ratedBy: { id: row.rated_by, name: row.rated_by_name },
    scores,
    rationale: row.rationale,
    areaRationales: (row.area_rationales ?? {}),
    matrix: { id: row.matrix_id, version: row.matrix_id ? (versions.get(row.matrix_id)?.version ?? 0) : 0 },
    proposals: readStoredProposals(row.proposals),
    createdAt: row.created_at,
    approval: row.approved_by && row.approved_on ? { by: { id: row.approved_by, name: row.approved_by_name }, on: row.approved_on, note: row.approval_note } : null,
  };
}


/** The council's current matrix: its own latest version, or the built-in default. */
export async function matrixIn(tx: Tx, councilId: string): Promise<MatrixInUse> {
  const row = await repo.currentMatrix(tx, councilId);
  if (!row) return DEFAULT_IN_USE;
  return { id: row.id, version: row.version, matrix: readStoredMatrix(row.definition), isDefault: false, savedAt: row.created_at, savedBy: row.created_by_name };
}

export async function serviceOrNotFound(tx: Tx, serviceId: string): Promise<RiskService> {
  // Row-level security hides other councils' services, so they are "not found", never "forbidden".
  const row = UUID.test(serviceId) ? await repo.findService(tx, serviceId) : undefined;
  if (!row) throw new NotFound('Service');
  return { id: row.id, name: row.name, category: row.category, categoryLabel: categoryLabel(row.category), providerName: row.provider_name, leadOfficerId: row.lead_officer_id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function ratingsWithVersions(tx: Tx, rows: readonly repo.RatingRow[]): Promise<Rating[]> {
  const ids = [...new Set(rows.map((r) => r.matrix_id).filter((id): id is string => !!id))];
  const versions = await repo.matricesById(tx, ids);
  return rows.map((r) => toRating(r, versions));
}

export interface RecordNow {
  readonly proposals: Proposals;
  readonly lastFullAssessmentOn: string | null;
  /** The latest visit of any kind: contact with the provider. */
  readonly lastContactOn: string | null;
  /** The latest full monitoring visit: a monitoring meeting. */
  readonly lastMonitoringMeetingOn: string | null;
}

/** What the record proposes for each service today, given its last confirmed scores. */
export async function recordNow(
  tx: Tx,
  matrix: RiskMatrix,
  services: readonly { id: string; category: string; previous: Scores | null }[],
  on: string,
): Promise<Map<string, RecordNow>> {
  const ids = services.map((s) => s.id);
  const cqc = await repo.cqcFacts(tx, ids);
  const assessments = await repo.lastFullAssessments(tx, ids);
  const intelligence = await repo.intelligenceFacts(tx, ids, on);
  const visits = await repo.lastVisits(tx, ids);
  const escalation = await repo.escalationFacts(tx, ids);
  const result = new Map<string, RecordNow>();
  for (const s of services) {
    const assessment = assessments.get(s.id);
    const facts: RiskFacts = {
      category: s.category,
      cqc: cqc.get(s.id)?.cqc ?? null,
      careHome: cqc.get(s.id)?.careHome ?? null,
      ownAssessment: assessment?.band ? { band: assessment.band, completedOn: assessment.completedOn } : null,
      intelligence: intelligence.get(s.id) ?? [],
      escalation: escalation.get(s.id) ?? null,
      previous: s.previous,
    };
    result.set(s.id, {
      proposals: proposeScores(matrix, facts, on),
      lastFullAssessmentOn: assessment?.completedOn ?? null,
      lastContactOn: visits.get(s.id)?.lastVisitOn ?? null,
      lastMonitoringMeetingOn: visits.get(s.id)?.lastFullVisitOn ?? null,
    });
  }
  return result;
}
