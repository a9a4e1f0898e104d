import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt } from './columns.ts';

/** Tables of the core: audit trail, rate limits, settings, the email outbox, sign-in sessions and API tokens. Only the core's own modules query them; capabilities use the core's functions. */
export interface CoreTables {
  audit_events: AuditEventsTable;
  rate_limits: RateLimitsTable;
  settings: SettingsTable;
  outgoing_emails: OutgoingEmailsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  council_brands: CouncilBrandsTable;
  jobs: JobsTable;
}

export interface RateLimitsTable {
  key: string;
  /** When the counter's window ends: fixed when it starts, so each counter keeps its own window. */
  resets_at: Timestamp;
  hits: number;
}

export interface SettingsTable {
  key: string;
  value: unknown;
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

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  /** The last request made with it: a session idle longer than SESSION_IDLE_MINUTES has ended. */
  last_seen_at: Timestamp;
  /** How the session was started. */
  auth_method: Generated<AuthMethod>;
}

export type AuthMethod = 'password' | 'password+totp' | 'sso';

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** A council's own brand: its footer links (empty for the defaults) and its logo (sanitised when stored). */
export interface CouncilBrandsTable {
  council_id: string;
  privacy_url: string | null;
  accessibility_url: string | null;
  contact_url: string | null;
  logo: Buffer | null;
  logo_type: 'image/png' | 'image/svg+xml' | null;
  logo_alt: string | null;
  updated_at: Timestamp;
}

/** Long work queued by a request and run by any instance (src/core/jobs). */
export interface JobsTable {
  id: Generated<string>;
  kind: string;
  council_id: string;
  created_by: string;
  state: Generated<'queued' | 'running' | 'done' | 'failed'>;
  input: Generated<unknown>;
  /** An uploaded file the job reads; emptied when the job finishes. */
  upload: Uint8Array | null;
  upload_name: string | null;
  progress_done: Generated<number>;
  progress_total: number | null;
  progress_message: string | null;
  result: unknown;
  error: string | null;
  attempts: Generated<number>;
  claimed_by: string | null;
  heartbeat_at: Date | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
}
