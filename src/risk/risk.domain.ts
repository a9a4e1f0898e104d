import { DEFAULT_MATRIX, type Regime, type RiskAreaKey, type RiskMatrix } from './matrix.ts';
import type { Scores } from './prr.ts';
import { proposeScores, type Proposals, type RiskFacts } from './proposals.ts';

/** The domain objects of risk rating, and what the record proposes for a service: pure, no I/O. */

/** The matrix a council works with now: its own latest version, or the built-in default. */
export interface MatrixInUse {
  readonly id: string | null;
  readonly version: number;
  readonly matrix: RiskMatrix;
  readonly isDefault: boolean;
  readonly savedAt: Date | null;
  readonly savedBy: string | null;
}

export const DEFAULT_IN_USE: MatrixInUse = { id: null, version: 0, matrix: DEFAULT_MATRIX, isDefault: true, savedAt: null, savedBy: null };

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

/** A rating as the work list reads it: what it scored and set, and what the record proposed then (scores only). */
export type RatingBrief = Pick<Rating, 'id' | 'serviceId' | 'prr' | 'band' | 'regime' | 'ratedOn' | 'scores' | 'proposals'>;

export interface RiskService {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly categoryLabel: string;
  readonly providerName: string;
  readonly leadOfficerId: string | null;
}

/** What the record says about a service, beyond its category and last confirmed scores. */
export interface ServiceRecord extends Omit<RiskFacts, 'category' | 'previous'> {
  readonly lastFullAssessmentOn: string | null;
  /** The latest visit of any kind: contact with the provider. */
  readonly lastContactOn: string | null;
  /** The latest full monitoring visit: a monitoring meeting. */
  readonly lastMonitoringMeetingOn: string | null;
}

export interface RecordNow {
  readonly proposals: Proposals;
  readonly lastFullAssessmentOn: string | null;
  /** The latest visit of any kind: contact with the provider. */
  readonly lastContactOn: string | null;
  /** The latest full monitoring visit: a monitoring meeting. */
  readonly lastMonitoringMeetingOn: string | null;
}

/** What the record proposes for a service on a day, given its category and last confirmed scores. */
export function recordNow(matrix: RiskMatrix, service: { readonly category: string; readonly previous: Scores | null }, record: ServiceRecord, on: string): RecordNow {
  const facts: RiskFacts = {
    category: service.category,
    cqc: record.cqc,
    careHome: record.careHome,
    ownAssessment: record.ownAssessment,
    intelligence: record.intelligence,
    escalation: record.escalation,
    previous: service.previous,
    returns: record.returns ?? null,
  };
  return {
    proposals: proposeScores(matrix, facts, on),
    lastFullAssessmentOn: record.lastFullAssessmentOn,
    lastContactOn: record.lastContactOn,
    lastMonitoringMeetingOn: record.lastMonitoringMeetingOn,
  };
}
