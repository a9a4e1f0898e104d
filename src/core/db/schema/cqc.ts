import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt, DateOnly } from './columns.ts';

/** Tables of CQC open data: imports, locations, ratings. Only this capability's repositories query them; others use its interface. */
export interface CqcTables {
  cqc_imports: CqcImportsTable;
  cqc_locations: CqcLocationsTable;
  cqc_ratings: CqcRatingsTable;
}

/** CQC's rating values as the API names them (see API.md). */
export type CqcRatingValue =
  | 'outstanding'
  | 'good'
  | 'requires_improvement'
  | 'inadequate'
  | 'insufficient_evidence'
  | 'inspected_not_rated'
  | 'no_published_rating';

export interface CqcImportsTable {
  id: Generated<string>;
  started_at: CreatedAt;
  finished_at: Date | null;
  source: string;
  format: string;
  keep_good_rows: boolean;
  council_id: string | null;
  local_authority: string | null;
  actor_user_id: string | null;
  outcome: 'imported' | 'refused';
  rows_read: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  skipped: Generated<number>;
  ratings_added: Generated<number>;
  ratings_changed: Generated<number>;
  services_created: Generated<number>;
  rejected_count: Generated<number>;
  rejected: ColumnType<unknown, string | undefined, string>;
  changes_until: Date | null;
}

export interface CqcLocationsTable {
  location_id: string;
  name: string;
  provider_id: string | null;
  provider_name: string | null;
  provider_company_number: string | null;
  brand_id: string | null;
  brand_name: string | null;
  address: string | null;
  town: string | null;
  postcode: string | null;
  local_authority: string | null;
  region: string | null;
  registration_status: 'registered' | 'deregistered';
  registered_on: DateOnly | null;
  deregistered_on: DateOnly | null;
  dormant: boolean | null;
  care_home: boolean | null;
  beds: number | null;
  service_types: string[];
  specialisms: string[];
  inspection_category: string | null;
  adult_social_care: boolean;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CqcRatingsTable {
  id: Generated<string>;
  seq: Generated<number>;
  location_id: string;
  published_on: DateOnly | null;
  first_seen_on: DateOnly;
  overall: CqcRatingValue | null;
  safe: CqcRatingValue | null;
  effective: CqcRatingValue | null;
  caring: CqcRatingValue | null;
  responsive: CqcRatingValue | null;
  well_led: CqcRatingValue | null;
  source: string;
  import_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
