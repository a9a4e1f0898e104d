import type { Generated } from 'kysely';
import type { CreatedAt, DateOnly, Timestamp } from './columns.ts';

/** Tables of the market capability's provider failure contingency: market events, contingency plans and the assurance asked of providers. Only its repositories query them. */
export interface MarketTables {
  market_events: MarketEventsTable;
  contingency_plans: ContingencyPlansTable;
  contingency_plan_services: ContingencyPlanServicesTable;
  contingency_actions: ContingencyActionsTable;
  assurance_requests: AssuranceRequestsTable;
  assurance_statements: AssuranceStatementsTable;
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
