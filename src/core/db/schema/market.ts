import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateOnly, Timestamp } from './columns.ts';

/** Tables of the market capability (issue 18): fee bands, and provider failure contingency (market events, contingency plans and the assurance asked of providers). Only its repositories query them; others use its interface. */
export interface MarketTables {
  fee_band_schemes: FeeBandSchemesTable;
  fee_band_overrides: FeeBandOverridesTable;
  fee_band_schedules: FeeBandSchedulesTable;
  fee_band_schedule_items: FeeBandScheduleItemsTable;
  market_events: MarketEventsTable;
  contingency_plans: ContingencyPlansTable;
  contingency_plan_services: ContingencyPlanServicesTable;
  contingency_actions: ContingencyActionsTable;
  assurance_requests: AssuranceRequestsTable;
  assurance_statements: AssuranceStatementsTable;
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

export type MarketEventKind = 'company_voluntary_arrangement' | 'administration' | 'insolvency' | 'exit_notice' | 'registration_lost' | 'branch_closure';
export type ContingencyStatus = 'open' | 'monitoring' | 'closed';

export interface MarketEventsTable {
  id: Generated<string>;
  council_id: string;
  provider_id: string;
  kind: MarketEventKind;
  occurred_on: DateOnly;
  source: string;
  summary: string;
  intelligence_id: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ContingencyPlansTable {
  id: Generated<string>;
  council_id: string;
  provider_id: string;
  market_event_id: string;
  status: Generated<ContingencyStatus>;
  visit_every_days: number | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ContingencyPlanServicesTable {
  id: Generated<string>;
  plan_id: string;
  council_id: string;
  service_id: string;
  service_council_id: string;
  council_name: string;
  service_name: string;
  provider_name: string;
  category: string;
  not_commissioned: Generated<boolean>;
  people_funded: Generated<number>;
  beds: number | null;
  hours_per_week: number | null;
  updated_at: Timestamp;
}

export interface ContingencyActionsTable {
  id: Generated<string>;
  plan_id: string;
  council_id: string;
  description: string;
  owner_name: string;
  due_on: DateOnly;
  done_on: DateOnly | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AssuranceRequestsTable {
  id: Generated<string>;
  plan_id: string;
  council_id: string;
  service_id: string;
  from_on: DateOnly;
  until_on: DateOnly;
  created_at: CreatedAt;
}

export interface AssuranceStatementsTable {
  id: Generated<string>;
  request_id: string;
  council_id: string;
  service_id: string;
  statement_on: DateOnly;
  care_delivered: boolean;
  staffing_safe: boolean;
  missed_calls: number;
  concerns: string | null;
  submitted_by: string;
  submitted_at: CreatedAt;
}
