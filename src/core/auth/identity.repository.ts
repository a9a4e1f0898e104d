import { sql } from 'kysely';
import type { Actor, Db, Tx } from '../db/database.ts';
import type { AuthMethod } from '../db/schema.ts';

/** Looks up who a session cookie or API token belongs to. Runs as the system: nobody is signed in yet. */
const actorColumns = ['u.id as userId', 'u.org_id as orgId', 'o.kind as orgKind', 'u.role', 'u.name', 'o.name as orgName'] as const;

/**
 * The actor of a session that has neither expired nor been idle for `idleMinutes` (by default none: only its
 * expiry counts). Using it counts as activity, recorded at most every 15 seconds so a page's requests do not
 * each write. One statement (the look-up and the touch together), so it needs no transaction: every page
 * request makes it, and it takes the database itself as well as a unit of work.
 */
export async function findActorBySession(tx: Tx | Db, idHash: string, idleMinutes = 0): Promise<Actor | undefined> {
  const notIdle = idleMinutes > 0 ? sql`and s.last_seen_at > now() - make_interval(mins => ${idleMinutes})` : sql``;
  const result = await sql<Actor>`
    with found as (
      select u.id as "userId", u.org_id as "orgId", o.kind as "orgKind", u.role, u.name, o.name as "orgName"
      from sessions s
      join users u on u.id = s.user_id
      join organisations o on o.id = u.org_id
      where s.id_hash = ${idHash} and s.expires_at > now() and u.active ${notIdle}
    ), touched as (
      update sessions set last_seen_at = now()
      where id_hash = ${idHash} and last_seen_at < now() - interval '15 seconds' and exists (select 1 from found)
    )
    select "userId", "orgId", "orgKind", role, name, "orgName" from found`.execute(tx);
  return result.rows[0];
}

export async function findActorByToken(tx: Tx, tokenHash: string): Promise<Actor | undefined> {
  const actor = await tx
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(actorColumns)
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (actor) {
    await tx.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('token_hash', '=', tokenHash).execute();
  }
  return actor;
}

export async function createSession(tx: Tx, userId: string, idHash: string, hours: number, authMethod: AuthMethod = 'password'): Promise<void> {
  await tx.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).execute();
  await tx
    .insertInto('sessions')
    .values({ id_hash: idHash, user_id: userId, expires_at: sql<Date>`now() + make_interval(hours => ${hours})` as never, auth_method: authMethod })
    .execute();
}

/** How a session was started (single sign-on sessions also end at the issuer on sign-out). */
export async function sessionAuthMethod(tx: Tx, idHash: string): Promise<AuthMethod | undefined> {
  const row = await tx.selectFrom('sessions').select('auth_method').where('id_hash', '=', idHash).executeTakeFirst();
  return row?.auth_method;
}

export async function deleteSession(tx: Tx, idHash: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function findLoginByEmail(tx: Tx, email: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'password_hash', 'active', 'org_id'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}
