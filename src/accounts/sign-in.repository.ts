import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { Role } from '../core/db/schema.ts';

/** The tables of sign-in (issue 19): a council's settings and role table, second factors, sign-ins in progress. */

const settingsColumns = [
  'id',
  'org_id',
  'issuer',
  'client_id',
  'client_secret',
  'email_domains',
  'create_users',
  'local_passwords_off',
  'second_factor_required',
] as const;

export async function findSettings(tx: Tx, orgId: string) {
  return tx.selectFrom('sign_in_settings').select(settingsColumns).where('org_id', '=', orgId).executeTakeFirst();
}

/** Every council's single sign-on client (for the sign-in page's CSP). */
export async function listSsoClients(tx: Tx) {
  return tx.selectFrom('sign_in_settings').select(settingsColumns).where('issuer', 'is not', null).execute();
}

export type SettingsRow = NonNullable<Awaited<ReturnType<typeof findSettings>>>;

/** The settings that govern a person's sign-in: their council's, or that of the council managing their organisation. */
export async function findSettingsForUser(tx: Tx, userId: string) {
  return tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .innerJoin('sign_in_settings as s', (join) => join.on(sql`s.org_id`, '=', sql`coalesce(o.managed_by_org_id, o.id)`))
    .select(['s.issuer', 's.local_passwords_off', 's.second_factor_required', 'o.kind as org_kind'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** The council whose staff use the email's domain, when it signs them in with its own identity provider. */
export async function findSsoCouncilForDomain(tx: Tx, domain: string, deploymentIssuer: boolean) {
  return tx
    .selectFrom('sign_in_settings as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .select(['s.org_id'])
    .where('o.kind', '=', 'council')
    .where((eb) => (deploymentIssuer ? eb.lit(true) : eb('s.issuer', 'is not', null)))
    .where(sql<boolean>`${domain.toLowerCase()} = any(s.email_domains)`)
    .executeTakeFirst();
}

export interface SettingsChanges {
  issuer?: string | null;
  clientId?: string | null;
  /** Left as it is when undefined (an administrator need not type it again). */
  clientSecret?: string | null | undefined;
  emailDomains?: string[];
  createUsers?: boolean;
  localPasswordsOff?: boolean;
  secondFactorRequired?: boolean;
}

export async function saveSettings(tx: Tx, orgId: string, changes: SettingsChanges) {
  const values = {
    ...(changes.issuer !== undefined ? { issuer: changes.issuer } : {}),
    ...(changes.clientId !== undefined ? { client_id: changes.clientId } : {}),
    ...(changes.clientSecret !== undefined ? { client_secret: changes.clientSecret } : {}),
    ...(changes.emailDomains !== undefined ? { email_domains: changes.emailDomains } : {}),
    ...(changes.createUsers !== undefined ? { create_users: changes.createUsers } : {}),
    ...(changes.localPasswordsOff !== undefined ? { local_passwords_off: changes.localPasswordsOff } : {}),
    ...(changes.secondFactorRequired !== undefined ? { second_factor_required: changes.secondFactorRequired } : {}),
  };
  await tx
    .insertInto('sign_in_settings')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute();
}

export async function listRoleMappings(tx: Tx, orgId: string) {
  return tx.selectFrom('sso_role_mappings').select(['id', 'claim_value', 'role']).where('org_id', '=', orgId).orderBy('claim_value').execute();
}

export async function addRoleMapping(tx: Tx, orgId: string, claimValue: string, role: Role) {
  await tx
    .insertInto('sso_role_mappings')
    .values({ org_id: orgId, claim_value: claimValue, role })
    .onConflict((oc) => oc.columns(['org_id', 'claim_value']).doUpdateSet({ role }))
    .execute();
}

export async function removeRoleMapping(tx: Tx, orgId: string, id: string) {
  const result = await tx.deleteFrom('sso_role_mappings').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findUserBySubject(tx: Tx, orgId: string, subject: string) {
  return tx.selectFrom('users').select(['id', 'org_id', 'role', 'active', 'email']).where('org_id', '=', orgId).where('sso_subject', '=', subject).executeTakeFirst();
}

export async function findUserByEmail(tx: Tx, email: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'org_id', 'role', 'active', 'email', 'sso_subject'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function linkSubject(tx: Tx, userId: string, subject: string) {
  await tx.updateTable('users').set({ sso_subject: subject }).where('id', '=', userId).execute();
}

export async function setRole(tx: Tx, userId: string, role: Role) {
  await tx.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function insertSsoUser(tx: Tx, user: { orgId: string; email: string; name: string; role: Role; subject: string }) {
  return tx
    .insertInto('users')
    .values({ org_id: user.orgId, email: user.email, name: user.name, role: user.role, password_hash: null, sso_subject: user.subject })
    .returning('id')
    .executeTakeFirstOrThrow();
}

// Second factors.

export async function findSecondFactor(tx: Tx, userId: string) {
  return tx
    .selectFrom('second_factors')
    .select(['id', 'totp_secret', 'confirmed_at', 'last_time_step', 'recovery_code_hashes', 'recovery_codes_left'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Starts (or restarts) setting up an authenticator: a new secret, not yet confirmed. */
export async function startSecondFactor(tx: Tx, userId: string, orgId: string, secret: string) {
  await tx
    .insertInto('second_factors')
    .values({ user_id: userId, org_id: orgId, totp_secret: secret })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ totp_secret: secret, confirmed_at: null, last_time_step: null, recovery_code_hashes: [], recovery_codes_left: 0 }))
    .execute();
}

export async function confirmSecondFactor(tx: Tx, userId: string, timeStep: number, recoveryCodeHashes: string[]) {
  await tx
    .updateTable('second_factors')
    .set({ confirmed_at: sql<Date>`now()`, last_time_step: timeStep, recovery_code_hashes: recoveryCodeHashes, recovery_codes_left: recoveryCodeHashes.length })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .execute();
}

/** Records the time step of an accepted code; false when it (or a later one) was used already (a replay). */
export async function useTimeStep(tx: Tx, userId: string, timeStep: number): Promise<boolean> {
  const result = await tx
    .updateTable('second_factors')
    .set({ last_time_step: timeStep })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', timeStep)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Takes one recovery code (by its hash) out; false when another request took it first. */
export async function useRecoveryCode(tx: Tx, userId: string, codeHash: string): Promise<boolean> {
  const result = await tx
    .updateTable('second_factors')
    .set({ recovery_code_hashes: sql<string[]>`array_remove(recovery_code_hashes, ${codeHash})`, recovery_codes_left: sql<number>`recovery_codes_left - 1` })
    .where('user_id', '=', userId)
    .where(sql<boolean>`${codeHash} = any(recovery_code_hashes)`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteSecondFactor(tx: Tx, userId: string) {
  const result = await tx.deleteFrom('second_factors').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Sign-ins in progress.

export async function createChallenge(tx: Tx, challenge: { idHash: string; userId: string; kind: 'code' | 'enrol'; returnTo: string }) {
  await tx.deleteFrom('sign_in_challenges').where('expires_at', '<', sql<Date>`now()`).execute();
  await tx
    .insertInto('sign_in_challenges')
    .values({ id_hash: challenge.idHash, user_id: challenge.userId, kind: challenge.kind, return_to: challenge.returnTo, expires_at: sql<Date>`now() + interval '10 minutes'` as never })
    .execute();
}

export async function findChallenge(tx: Tx, idHash: string) {
  return tx
    .selectFrom('sign_in_challenges as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.user_id', 'c.kind', 'c.return_to', 'u.org_id', 'u.email'])
    .where('c.id_hash', '=', idHash)
    .where('c.expires_at', '>', sql<Date>`now()`)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

export async function deleteChallenge(tx: Tx, idHash: string) {
  await tx.deleteFrom('sign_in_challenges').where('id_hash', '=', idHash).execute();
}

export async function createSsoSignIn(tx: Tx, row: { stateHash: string; orgId: string; nonce: string; codeVerifier: string; returnTo: string }) {
  await tx.deleteFrom('sso_sign_ins').where('expires_at', '<', sql<Date>`now()`).execute();
  await tx
    .insertInto('sso_sign_ins')
    .values({ state_hash: row.stateHash, org_id: row.orgId, nonce: row.nonce, code_verifier: row.codeVerifier, return_to: row.returnTo, expires_at: sql<Date>`now() + interval '10 minutes'` as never })
    .execute();
}

/** Takes a sign-in in progress (single use: a replayed callback finds nothing). */
export async function takeSsoSignIn(tx: Tx, stateHash: string) {
  return tx
    .deleteFrom('sso_sign_ins')
    .where('state_hash', '=', stateHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['org_id', 'nonce', 'code_verifier', 'return_to'])
    .executeTakeFirst();
}

/** How the person's account signs in, for GET /api/v1/me. */
export async function accountAuthMethod(tx: Tx, userId: string): Promise<'password' | 'password+totp' | 'sso'> {
  const row = await tx
    .selectFrom('users as u')
    .leftJoin('second_factors as f', (join) => join.onRef('f.user_id', '=', 'u.id').on('f.confirmed_at', 'is not', null))
    .select(['u.sso_subject', 'f.id as factor'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (row?.sso_subject) return 'sso';
  return row?.factor ? 'password+totp' : 'password';
}

// Password resets by email.

export async function createPasswordReset(tx: Tx, userId: string, tokenHash: string, minutes: number) {
  await tx.deleteFrom('password_resets').where('expires_at', '<', sql<Date>`now()`).execute();
  await tx
    .insertInto('password_resets')
    .values({ token_hash: tokenHash, user_id: userId, expires_at: sql<Date>`now() + make_interval(mins => ${minutes})` as never })
    .execute();
}

/** The person a reset link is for, while it is unused and unexpired. */
export async function findPasswordReset(tx: Tx, tokenHash: string) {
  return tx
    .selectFrom('password_resets as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id as user_id', 'u.org_id', 'u.email'])
    .where('r.token_hash', '=', tokenHash)
    .where('r.used_at', 'is', null)
    .where('r.expires_at', '>', sql<Date>`now()`)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/** Uses a reset link up (false when another request used it first), and every other link of the person with it. */
export async function usePasswordReset(tx: Tx, tokenHash: string, userId: string): Promise<boolean> {
  const result = await tx
    .updateTable('password_resets')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await tx.updateTable('password_resets').set({ used_at: sql<Date>`now()` }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  return true;
}

export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string) {
  await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}
