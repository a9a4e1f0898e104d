import type { Generated } from 'kysely';
import type { CreatedAt, DateOnly } from './columns.ts';

/** Tables of the Provider Risk Rating: matrices, ratings, approvals. Only this capability's repositories query them; others use its interface. */
export interface RiskTables {
  risk_matrices: RiskMatricesTable;
  risk_ratings: RiskRatingsTable;
  risk_rating_approvals: RiskRatingApprovalsTable;
}

export interface RiskMatricesTable {
  id: Generated<string>;
  council_id: string;
  version: number;
  definition: unknown;
  created_by: string;
  created_at: CreatedAt;
}

export interface RiskRatingApprovalsTable {
  id: Generated<string>;
  council_id: string;
  rating_id: string;
  approved_by: string;
  approved_on: DateOnly;
  note: string | null;
  created_at: CreatedAt;
}

export interface RiskRatingsTable {
  id: Generated<string>;
  council_id: string;
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
  rated_on: DateOnly;
  rated_by: string;
  created_at: CreatedAt;
}
