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
