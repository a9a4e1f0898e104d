import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { OrgKind, Role } from '../core/db/schema.ts';

interface NewOrganisationRow {
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

/** The organisation itself and those it manages: where its administrators may add and change users. */
export async function listManageableOrganisations(tx: Tx, orgId: string) {
  return tx
    .selectFrom('organisations')
    .select(['id', 'code', 'name', 'kind', 'managed_by_org_id'])
    .where((eb) => eb.or([eb('id', '=', orgId), eb('managed_by_org_id', '=', orgId)]))
    .orderBy(sql`id = ${orgId}`, 'desc')
    .orderBy('name')
    .execute();
}

export async function updateOrganisationName(tx: Tx, id: string, name: string) {
  const result = await tx.updateTable('organisations').set({ name }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

interface NewUserRow {
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

/** Whether any user of the deployment has the email address, including users the caller cannot read. */
export async function emailTaken(tx: Tx, email: string, exceptUserId?: string) {
  const { rows } = await sql<{ taken: boolean }>`select user_email_in_use(${email}, ${exceptUserId ?? null}::uuid) as taken`.execute(tx);
  return rows[0]?.taken === true;
}

const userColumns = [
  'u.id',
  'u.name',
  'u.email',
  'u.role',
  'u.team',
  'u.active',
  'u.created_at',
  'u.updated_at',
  'o.id as org_id',
  'o.code as org_code',
  'o.name as org_name',
  'o.kind as org_kind',
] as const;

export async function listUsers(tx: Tx, filter: { orgId?: string | undefined; limit: number; offset: number }) {
  let query = tx.selectFrom('users as u').innerJoin('organisations as o', 'o.id', 'u.org_id');
  if (filter.orgId) query = query.where('u.org_id', '=', filter.orgId);
  const rows = await query
    .select([...userColumns, sql<boolean>`u.password_hash is not null`.as('has_password')])
    .orderBy('o.name')
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  const total = await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return { rows, total: Number(total.count) };
}

export async function findUser(tx: Tx, id: string) {
  return tx
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select([...userColumns, sql<boolean>`u.password_hash is not null`.as('has_password')])
    .where('u.id', '=', id)
    .executeTakeFirst();
}

export interface UserChanges {
  name?: string;
  role?: Role;
  team?: string | null;
  active?: boolean;
  passwordHash?: string;
}

export async function updateUser(tx: Tx, id: string, changes: UserChanges) {
  const result = await tx
    .updateTable('users')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.team !== undefined ? { team: changes.team } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
