import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateOnly, Timestamp } from './columns.ts';

/** Tables of the market capability (issue 18). Only its repositories query them; others use its interface. */
export interface MarketTables {
  fee_band_schemes: FeeBandSchemesTable;
  fee_band_overrides: FeeBandOverridesTable;
  fee_band_schedules: FeeBandSchedulesTable;
  fee_band_schedule_items: FeeBandScheduleItemsTable;
}

/** jsonb: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** A council's banding scheme for a financial year: its bands and fees, and the gates it switches on. */
export interface FeeBandSchemesTable {
  id: Generated<string>;
  council_id: string;
  year: number;
  bands: Json<unknown>;
  gates: Json<unknown>;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A commissioner's band for one home for one year, in place of the proposal, with the reason. */
export interface FeeBandOverridesTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  year: number;
  band_key: string;
  reason: string;
  decided_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** One approved version of a council's schedule for a year. */
export interface FeeBandSchedulesTable {
  id: Generated<string>;
  council_id: string;
  year: number;
  version: number;
  approved_by: string | null;
  approved_by_name: string | null;
  approved_at: Generated<Date>;
}

/** A home's band in an approved version, frozen as approved. */
export interface FeeBandScheduleItemsTable {
  schedule_id: string;
  council_id: string;
  year: number;
  version: number;
  service_id: string;
  care_home_type: string;
  proposed_band_key: string | null;
  band_key: string;
  band_label: string;
  weekly_fee: number;
  effective_from: DateOnly;
  reason: string;
  overridden: boolean;
  override_reason: string | null;
  changed_since_last_year: boolean;
}
