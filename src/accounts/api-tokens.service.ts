import type { Actor, Store } from '../core/db/database.ts';
import type { OrgKind, Role } from '../core/db/schema.ts';
import { findApiToken, insertApiToken, listApiTokens, revokeApiToken } from '../core/auth/api-tokens.repository.ts';
import { newApiToken, sha256 } from '../core/auth/secrets.ts';
import { NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { apiTokenSchema } from './accounts.schemas.ts';
import * as repo from './accounts.repository.ts';
import { accountAuthMethod } from './sign-in.repository.ts';

interface ApiToken {
  readonly id: string;
  readonly label: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** Who the caller of the API is, as GET /api/v1/me returns it. */
interface Me {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly organisation: { readonly id: string; readonly code: string; readonly name: string; readonly kind: OrgKind };
  /** How the account signs in: its council's single sign-on, or a password with or without an authenticator. */
  readonly authMethod: 'password' | 'password+totp' | 'sso';
}

/**
 * Each person's own API tokens. Only a SHA-256 hash is stored: the token itself is shown once, when it is
 * created, and cannot be recovered afterwards. Row-level security keeps every user to their own tokens.
 */
export function apiTokensService(store: Store) {
  return {
    async list(actor: Actor): Promise<ApiToken[]> {
      const rows = await store.asUser(actor, (tx) => listApiTokens(tx, actor.userId));
      return rows.map((row) => ({
        id: row.id,
        label: row.label,
        createdAt: row.created_at,
        lastUsedAt: row.last_used_at,
        revokedAt: row.revoked_at,
      }));
    },

    async create(actor: Actor, input: unknown): Promise<{ id: string; label: string; token: string }> {
      const { label } = parse(apiTokenSchema, input);
      const token = newApiToken();
      const { id } = await store.asUser(actor, (tx) => insertApiToken(tx, actor.userId, sha256(token), label));
      return { id, label, token };
    },

    /** Revoking is final; revoking a token twice changes nothing. Another person's token is not found. */
    async revoke(actor: Actor, id: string): Promise<{ label: string }> {
      return store.asUser(actor, async (tx) => {
        const token = await findApiToken(tx, id);
        if (!token) throw new NotFound('API token');
        await revokeApiToken(tx, id);
        return { label: token.label };
      });
    },

    async me(actor: Actor): Promise<Me> {
      return store.asUser(actor, async (tx) => {
        const row = await repo.findUser(tx, actor.userId);
        if (!row) throw new NotFound('User');
        return {
          userId: row.id,
          name: row.name,
          email: row.email,
          role: row.role,
          organisation: { id: row.org_id, code: row.org_code, name: row.org_name, kind: row.org_kind },
          authMethod: await accountAuthMethod(tx, row.id),
        };
      });
    },
  };
}

export type ApiTokensService = ReturnType<typeof apiTokensService>;
