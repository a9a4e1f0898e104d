import type { ColumnType, Generated } from 'kysely';

/** Row types of every table: the one file that says what the database holds. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** `date` columns travel as ISO strings (yyyy-mm-dd) on both drivers. */
type DateOnly = string;

export type OrgKind = 'council' | 'provider' | 'partner';
export type Role = 'admin' | 'commissioner' | 'officer' | 'placer' | 'provider' | 'partner';

export interface OrganisationsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: OrgKind;
  managed_by_org_id: string | null;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  name: string;
  role: Role;
  team: string | null;
  password_hash: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface RateLimitsTable {
  key: string;
  window_started_at: Timestamp;
  hits: number;
}

export interface SettingsTable {
  key: string;
  value: unknown;
}

export interface ProvidersTable {
  id: Generated<string>;
  council_id: string;
  name: string;
  company_number: string | null;
  cqc_provider_id: string | null;
  parent_provider_id: string | null;
  org_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ServicesTable {
  id: Generated<string>;
  council_id: string;
  provider_id: string;
  name: string;
  category: string;
  cqc_location_id: string | null;
  address_line1: string | null;
  address_line2: string | null;
  town: string | null;
  postcode: string;
  beds: number | null;
  hours_per_week: number | null;
  funded_people: Generated<number>;
  in_county: Generated<boolean>;
  lead_officer_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ContractsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  kind: 'block' | 'spot' | 'framework';
  reference: string | null;
  annual_value: number | null;
  starts_on: DateOnly;
  ends_on: DateOnly | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: CreatedAt;
  actor_user_id: string | null;
  actor_org_id: string | null;
  council_id: string | null;
  table_name: string;
  record_id: string;
  action: 'insert' | 'update' | 'delete';
  before: unknown;
  after: unknown;
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

export interface OutgoingEmailsTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body: string;
  created_at: CreatedAt;
  next_attempt_at: Timestamp;
  sent_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
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

// Quality assessments (src/assessments): frameworks, their immutable versions, and assessments against them.
export interface FrameworksTable {
  id: Generated<string>;
  /** null for the built-in templates copied to every new council. */
  council_id: string | null;
  template_key: string | null;
  based_on_template: string | null;
  scoring: 'percentage' | 'rating';
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FrameworkVersionsTable {
  id: Generated<string>;
  council_id: string | null;
  framework_id: string;
  version: number;
  name: string;
  description: string | null;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  requires_improvement_label: Generated<'Requires improvement' | 'Adequate'>;
  status: Generated<'draft' | 'published'>;
  change_note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  published_at: Date | null;
  published_by: string | null;
}

export interface FrameworkDomainsTable {
  id: Generated<string>;
  council_id: string | null;
  version_id: string;
  lineage_id: Generated<string>;
  position: number;
  name: string;
  description: string | null;
}

export interface FrameworkStandardsTable {
  id: Generated<string>;
  council_id: string | null;
  version_id: string;
  domain_id: string;
  position: number;
  name: string;
}

export interface FrameworkQuestionsTable {
  id: Generated<string>;
  council_id: string | null;
  version_id: string;
  domain_id: string;
  standard_id: string;
  lineage_id: Generated<string>;
  position: number;
  text: string;
  guidance: string | null;
  weight: ColumnType<number, number | undefined, number>;
}

export interface AssessmentSettingsTable {
  id: Generated<string>;
  council_id: string;
  factual_accuracy_days: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface AssessmentsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  framework_version_id: string;
  kind: 'full' | 'self';
  status: Generated<'draft' | 'completed' | 'published'>;
  visited_on: DateOnly | null;
  created_by: string;
  created_by_org_id: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Date | null;
  completed_by: string | null;
  completed_on: DateOnly | null;
  review_ends_on: DateOnly | null;
  published_at: Date | null;
  published_by: string | null;
  published_on: DateOnly | null;
  published_during_review: Generated<boolean>;
  version: Generated<number>;
  supersedes_id: string | null;
  correction_reason: string | null;
  overall_band: 'excellent' | 'good' | 'requires_improvement' | 'poor' | null;
  overall_percent: number | null;
  domain_scores: ColumnType<unknown, string | undefined, string>;
}

export interface AssessmentAnswersTable {
  id: Generated<string>;
  council_id: string;
  assessment_id: string;
  question_id: string;
  answer: string;
  answered_by: string | null;
  updated_at: Timestamp;
}

export interface AssessmentEvidenceTable {
  id: Generated<string>;
  council_id: string;
  assessment_id: string;
  question_id: string;
  body: string | null;
  source: string | null;
  confidential: Generated<boolean>;
  recorded_by: string | null;
  updated_at: Timestamp;
}

export interface AssessmentCommentsTable {
  id: Generated<string>;
  council_id: string;
  assessment_id: string;
  author_user_id: string;
  author_org_id: string;
  kind: Generated<'comment' | 'accuracy_confirmed'>;
  domain_id: string | null;
  body: string | null;
  created_at: CreatedAt;
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

export interface ActionPlansTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  assessment_id: string;
  status: Generated<'draft' | 'shared' | 'agreed' | 'in_progress' | 'completed' | 'closed'>;
  assessed_on: DateOnly;
  shared_on: DateOnly | null;
  shared_by: string | null;
  agreed_on: DateOnly | null;
  agreed_by: string | null;
  agreed_by_name: string | null;
  change_request: string | null;
  change_requested_by: string | null;
  change_requested_by_name: string | null;
  change_requested_at: Date | null;
  completed_on: DateOnly | null;
  closed_on: DateOnly | null;
  closed_by: string | null;
  close_reason: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ActionsTable {
  id: Generated<string>;
  council_id: string;
  plan_id: string;
  position: number;
  question_id: string | null;
  domain_id: string;
  description: string;
  owner_org: Generated<'provider' | 'council'>;
  owner_name: string | null;
  due_on: DateOnly;
  status: Generated<'open' | 'in_progress' | 'done' | 'verified' | 'rejected'>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ActionMilestonesTable {
  id: Generated<string>;
  council_id: string;
  action_id: string;
  description: string;
  due_on: DateOnly;
  done_on: DateOnly | null;
  done_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ActionUpdatesTable {
  id: Generated<string>;
  council_id: string;
  action_id: string;
  author_user_id: string;
  author_org_id: string;
  author_name: string;
  body: string;
  reported_status: 'in_progress' | 'done';
  created_at: CreatedAt;
  decision: 'verified' | 'rejected' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
}

export interface VisitsTable {
  id: Generated<string>;
  council_id: string;
  service_id: string;
  kind: 'full' | 'drop_in' | 'support' | 'follow_up' | 'joint' | 'relatives_surgery';
  joint_with: ColumnType<string[], string[] | undefined, string[]>;
  joint_detail: string | null;
  purpose: string | null;
  due_by: DateOnly | null;
  planned_on: DateOnly | null;
  visited_on: DateOnly | null;
  officer_id: string | null;
  outcome: string | null;
  assessment_id: string | null;
  action_plan_id: string | null;
  cancelled_on: DateOnly | null;
  cancel_reason: string | null;
  created_by: string;
  recorded_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SharingAgreementsTable {
  id: Generated<string>;
  council_id: string;
  with_org_id: string;
  live_status: boolean;
  alerts: boolean;
  enter_and_view: boolean;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_by: string | null;
  revoked_at: Date | null;
  updated_at: Timestamp;
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

export interface AlertsTable {
  id: Generated<string>;
  recipient_org_id: string;
  council_id: string;
  service_id: string | null;
  provider_id: string | null;
  event: string;
  summary: string;
  created_at: CreatedAt;
  read_at: Date | null;
  read_by: string | null;
}

export interface AlertSubscriptionsTable {
  user_id: string;
  created_at: CreatedAt;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  settings: SettingsTable;
  providers: ProvidersTable;
  services: ServicesTable;
  contracts: ContractsTable;
  audit_events: AuditEventsTable;
  cqc_imports: CqcImportsTable;
  cqc_locations: CqcLocationsTable;
  cqc_ratings: CqcRatingsTable;
  concern_reports: ConcernReportsTable;
  concern_reference_counters: ConcernReferenceCountersTable;
  intelligence: IntelligenceTable;
  outgoing_emails: OutgoingEmailsTable;
  frameworks: FrameworksTable;
  framework_versions: FrameworkVersionsTable;
  framework_domains: FrameworkDomainsTable;
  framework_standards: FrameworkStandardsTable;
  framework_questions: FrameworkQuestionsTable;
  assessment_settings: AssessmentSettingsTable;
  assessments: AssessmentsTable;
  assessment_answers: AssessmentAnswersTable;
  assessment_evidence: AssessmentEvidenceTable;
  assessment_comments: AssessmentCommentsTable;
  risk_matrices: RiskMatricesTable;
  risk_ratings: RiskRatingsTable;
  risk_rating_approvals: RiskRatingApprovalsTable;
  action_plans: ActionPlansTable;
  actions: ActionsTable;
  action_milestones: ActionMilestonesTable;
  action_updates: ActionUpdatesTable;
  visits: VisitsTable;
  sharing_agreements: SharingAgreementsTable;
  concerns_cases: ConcernsCasesTable;
  concerns_case_events: ConcernsCaseEventsTable;
  concerns_case_evidence: ConcernsCaseEvidenceTable;
  concerns_meetings: ConcernsMeetingsTable;
  concerns_decisions: ConcernsDecisionsTable;
  concerns_actions: ConcernsActionsTable;
  suspensions: SuspensionsTable;
  suspension_events: SuspensionEventsTable;
  contract_processes: ContractProcessesTable;
  alerts: AlertsTable;
  alert_subscriptions: AlertSubscriptionsTable;
}
