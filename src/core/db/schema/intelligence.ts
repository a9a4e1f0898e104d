import type { Generated, ColumnType } from 'kysely';
import type { Timestamp, CreatedAt, DateOnly } from './columns.ts';

/** Tables of intelligence and the public concern form. Only this capability's repositories query them; others use its interface. */
export interface IntelligenceTables {
  concern_reports: ConcernReportsTable;
  concern_reference_counters: ConcernReferenceCountersTable;
  intelligence: IntelligenceTable;
}

export interface ConcernReportsTable {
  id: Generated<string>;
  reference: string;
  council_id: string;
  route: 'care_service' | 'self_neglect' | 'abuse_or_neglect';
  service_id: string | null;
  service_name: string | null;
  what_happened: string;
  happened_when: string | null;
  person_name: string | null;
  person_address: string | null;
  consent: 'yes' | 'no' | 'not_sure' | null;
  reporter_name: string | null;
  reporter_email: string | null;
  reporter_phone: string | null;
  reporter_relationship: string | null;
  status: Generated<'new' | 'linked' | 'routed_onward' | 'closed'>;
  routed_to: 'safeguarding' | 'adult_social_care' | null;
  triage_notes: string | null;
  triaged_by: string | null;
  triaged_at: Date | null;
  submitted_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ConcernReferenceCountersTable {
  year: number;
  last_number: number;
}

export interface IntelligenceTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  received_on: DateOnly;
  source: string;
  summary: string;
  detail: string | null;
  themes: ColumnType<string[], string[] | undefined, string[]>;
  severity: 'red' | 'amber' | 'green' | null;
  substantiated: Generated<'yes' | 'no' | 'unknown'>;
  safeguarding: Generated<boolean>;
  section42_status: 'open' | 'concluded' | null;
  status: Generated<'open' | 'under_review' | 'closed'>;
  concern_report_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
