import { sql } from 'kysely';
import type { Tx } from '../core/db/database.js';
import type { OrgKind, Role } from '../core/db/schema.js';

export interface NewOrganisationRow {
  code: string;
  name: string;
  kind: OrgKind;
  managedByOrgId: string | null;
}

export async function insertOrganisation(tx: Tx, org: NewOrganisationRow) {
  return tx
    .insertInto('organisations')
    .values({ code: org.code, name: org.name, kind: org.kind, managed_by_org_id: org.managedByOrgId })
    .returning(['id', 'code', 'name', 'kind'])
    .executeTakeFirstOrThrow();
}

export async function findOrganisationByCode(tx: Tx, code: string) {
  return tx.selectFrom('organisations').select(['id', 'code', 'name', 'kind', 'managed_by_org_id']).where('code', '=', code).executeTakeFirst();
}

export async function findOrganisation(tx: Tx, id: string) {
  return tx.selectFrom('organisations').select(['id', 'code', 'name', 'kind', 'managed_by_org_id']).where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(tx: Tx) {
  return tx
    .selectFrom('organisations as o')
    .leftJoin('organisations as m', 'm.id', 'o.managed_by_org_id')
    .select(['o.id', 'o.code', 'o.name', 'o.kind', 'o.managed_by_org_id', 'm.name as managed_by_name'])
    .orderBy('o.kind')
    .orderBy('o.name')
    .execute();
}

export interface NewUserRow {
  orgId: string;
  email: string;
  name: string;
  role: Role;
  team?: string | null;
  passwordHash: string | null;
}

export async function insertUser(tx: Tx, user: NewUserRow) {
  return tx
    .insertInto('users')
    .values({
      org_id: user.orgId,
      email: user.email,
      name: user.name,
      role: user.role,
      team: user.team ?? null,
      password_hash: user.passwordHash,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function emailTaken(tx: Tx, email: string, exceptUserId?: string) {
  let query = tx.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase());
  if (exceptUserId) query = query.where('id', '<>', exceptUserId);
  // Runs as the system when checking uniqueness across organisations the actor cannot see.
  return !!(await query.executeTakeFirst());
}

export async function insertApiToken(tx: Tx, userId: string, tokenHash: string, label: string) {
  return tx.insertInto('api_tokens').values({ user_id: userId, token_hash: tokenHash, label }).returning(['id']).executeTakeFirstOrThrow();
}
