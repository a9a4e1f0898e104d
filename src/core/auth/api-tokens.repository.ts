import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

/**
 * API tokens, stored as SHA-256 hashes (the core holds authentication: see identity.repository.ts for how a
 * token becomes an actor). Accounts manages each person's tokens through these functions; row-level
 * security keeps every user to their own.
 */

export async function insertApiToken(tx: Tx, userId: string, tokenHash: string, label: string) {
  return tx.insertInto('api_tokens').values({ user_id: userId, token_hash: tokenHash, label }).returning(['id']).executeTakeFirstOrThrow();
}

export async function listApiTokens(tx: Tx, userId: string) {
  return tx
    .selectFrom('api_tokens')
    .select(['id', 'label', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy(sql`revoked_at is null`, 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function findApiToken(tx: Tx, id: string) {
  return tx.selectFrom('api_tokens').select(['id', 'label', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

/** Revoking is final (a trigger refuses to restore a token); revoking twice changes nothing. */
export async function revokeApiToken(tx: Tx, id: string) {
  await tx.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
