import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt } from './columns.ts';

/** Tables of accounts: organisations and users. Any capability may read them (they name and scope everything); only accounts writes them. */
export interface AccountsTables {
  organisations: OrganisationsTable;
  users: UsersTable;
  sign_in_settings: SignInSettingsTable;
  sso_role_mappings: SsoRoleMappingsTable;
  second_factors: SecondFactorsTable;
  sign_in_challenges: SignInChallengesTable;
  sso_sign_ins: SsoSignInsTable;
  password_resets: PasswordResetsTable;
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
  /** The council's identity provider's id for the person (`sub`), once they have signed in with it. */
  sso_subject: Generated<string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A council's sign-in rules and its OpenID Connect client (issue 19). */
export interface SignInSettingsTable {
  id: Generated<string>;
  org_id: string;
  issuer: string | null;
  client_id: string | null;
  client_secret: string | null;
  email_domains: Generated<string[]>;
  create_users: Generated<boolean>;
  local_passwords_off: Generated<boolean>;
  second_factor_required: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A group or app-role claim value of a council's identity provider, and the role it gives. */
export interface SsoRoleMappingsTable {
  id: Generated<string>;
  org_id: string;
  claim_value: string;
  role: Role;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A person's authenticator (TOTP) and recovery codes. */
export interface SecondFactorsTable {
  id: Generated<string>;
  user_id: string;
  org_id: string;
  totp_secret: string;
  confirmed_at: Date | null;
  last_time_step: number | string | null;
  recovery_code_hashes: Generated<string[]>;
  recovery_codes_left: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A password sign-in waiting for its second factor (a code, or setting one up). */
export interface SignInChallengesTable {
  id_hash: string;
  user_id: string;
  kind: 'code' | 'enrol';
  return_to: string;
  expires_at: Timestamp;
}

/** A single sign-on in progress: what the callback must find (PKCE verifier, nonce) for its `state`. */
export interface SsoSignInsTable {
  state_hash: string;
  org_id: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: Timestamp;
}


/** A link to set a new password, sent by email: single use, and it expires. */
export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: Date | null;
}
