import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt, DateOnly } from './columns.ts';

/** Tables of escalation: concerns procedure cases, suspensions, contractual processes. Only this capability's repositories query them; others use its interface. */
export interface EscalationTables {
  concerns_cases: ConcernsCasesTable;
  concerns_case_events: ConcernsCaseEventsTable;
  concerns_case_evidence: ConcernsCaseEvidenceTable;
  concerns_meetings: ConcernsMeetingsTable;
  concerns_decisions: ConcernsDecisionsTable;
  concerns_actions: ConcernsActionsTable;
  suspensions: SuspensionsTable;
  suspension_events: SuspensionEventsTable;
  contract_processes: ContractProcessesTable;
}

export interface ConcernsCasesTable {
  id: Generated<string>;
  council_id: string;
  service_id: string | null;
  provider_id: string | null;
  stage: number;
  status: Generated<'open' | 'closed'>;
  reason: string;
  opened_on: DateOnly;
  opened_by: string;
  closed_on: DateOnly | null;
  closed_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ConcernsCaseEventsTable {
  id: Generated<string>;
  council_id: string;
  case_id: string;
  kind: 'opened' | 'escalated' | 'de_escalated' | 'closed';
  from_stage: number | null;
  to_stage: number | null;
  reason: string;
  occurred_on: DateOnly;
  recorded_by: string;
  created_at: CreatedAt;
}

export interface ConcernsCaseEvidenceTable {
  id: Generated<string>;
  council_id: string;
  case_id: string;
  kind: string;
  record_id: string;
  occurred_on: DateOnly;
  summary: string;
  href: string | null;
  created_at: CreatedAt;
}

export interface ConcernsMeetingsTable {
  id: Generated<string>;
  council_id: string;
  case_id: string;
  held_on: DateOnly;
  attendees: ColumnType<unknown, string, string>;
  notes: string | null;
  recorded_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ConcernsDecisionsTable {
  id: Generated<string>;
  council_id: string;
  case_id: string;
  meeting_id: string | null;
  decided_on: DateOnly;
  decision: string;
  recorded_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ConcernsActionsTable {
  id: Generated<string>;
  council_id: string;
  case_id: string;
  meeting_id: string | null;
  description: string;
  owner_name: string;
  owner_organisation_type: 'council' | 'provider' | 'cqc' | 'health' | 'placing_council' | 'other';
  due_on: DateOnly;
  status: Generated<'open' | 'done'>;
  completed_on: DateOnly | null;
  recorded_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SuspensionsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  scope: 'full' | 'partial';
  detail: string | null;
  reason: string;
  starts_on: DateOnly;
  review_on: DateOnly | null;
  scope_since: DateOnly;
  status: Generated<'active' | 'lifted'>;
  lifted_on: DateOnly | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SuspensionEventsTable {
  id: Generated<string>;
  council_id: string;
  suspension_id: string;
  kind: 'started' | 'partially_lifted' | 'lifted' | 'reinstated' | 'review_date_changed';
  occurred_on: DateOnly;
  scope_after: 'full' | 'partial' | null;
  detail_after: string | null;
  reason: string;
  recorded_by: string;
  created_at: CreatedAt;
}

export interface ContractProcessesTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  kind: 'remedies_for_poor_performance' | 'failure_to_perform';
  reason: string;
  started_on: DateOnly;
  review_on: DateOnly | null;
  status: Generated<'open' | 'ended'>;
  ended_on: DateOnly | null;
  outcome: string | null;
  started_by: string;
  ended_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
