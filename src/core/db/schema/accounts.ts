import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt } from './columns.ts';

/** Tables of accounts: organisations and users. Any capability may read them (they name and scope everything); only accounts writes them. */
export interface AccountsTables {
  organisations: OrganisationsTable;
  users: UsersTable;
}

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

