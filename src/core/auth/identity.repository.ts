import { sql } from 'kysely';
import type { Actor, Db, Tx } from '../db/database.ts';
import type { AuthMethod } from '../db/schema.ts';

/** Looks up who a session cookie or API token belongs to. Runs as the system: nobody is signed in yet. */

/** The actor's columns, from `users u` joined to `organisations o`. */
const ACTOR = sql.raw(`u.id as "userId", u.org_id as "orgId", o.kind as "orgKind", u.role, u.name, o.name as "orgName"`);
/** Use of a session or token is recorded at most this often, so a burst of requests does not each write. */
const TOUCHED_EVERY = sql.raw(`interval '15 seconds'`);

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
      select ${ACTOR}
      from sessions s
      join users u on u.id = s.user_id
      join organisations o on o.id = u.org_id
      where s.id_hash = ${idHash} and s.expires_at > now() and u.active ${notIdle}
    ), touched as (
      update sessions set last_seen_at = now()
      where id_hash = ${idHash} and last_seen_at < now() - ${TOUCHED_EVERY} and exists (select 1 from found)
    )
    select "userId", "orgId", "orgKind", role, name, "orgName" from found`.execute(tx);
  return result.rows[0];
}

/**
 * The actor of an API token neither revoked nor of a deactivated user. Using it counts as use, recorded at
 * most every 15 seconds so a client's calls do not each write. One statement, like the session's: an API
 * request makes it before its own unit of work, so it needs no transaction of its own.
 */
export async function findActorByToken(tx: Tx | Db, tokenHash: string): Promise<Actor | undefined> {
  const result = await sql<Actor>`
    with found as (
      select ${ACTOR}
      from api_tokens t
      join users u on u.id = t.user_id
      join organisations o on o.id = u.org_id
      where t.token_hash = ${tokenHash} and t.revoked_at is null and u.active
    ), touched as (
      update api_tokens set last_used_at = now()
      where token_hash = ${tokenHash} and (last_used_at is null or last_used_at < now() - ${TOUCHED_EVERY}) and exists (select 1 from found)
    )
    select "userId", "orgId", "orgKind", role, name, "orgName" from found`.execute(tx);
  return result.rows[0];
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
