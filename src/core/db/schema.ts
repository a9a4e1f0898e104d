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
}
