import type { Store } from '../core/db/database.ts';
import { hashPassword, randomSecret, sha256, verifyPassword } from '../core/auth/secrets.ts';
import { createSession, deleteSession, findLoginByEmail } from '../core/auth/identity.repository.ts';

export interface SignInResult {
  sessionToken: string;
}

/**
 * Sign-in and sessions. Organisations, users and API tokens have their own services beside this one
 * (organisations.service.ts, users.service.ts, api-tokens.service.ts).
 */
export function accountsService(store: Store, options: { sessionHours: number }) {
  return {
    async signIn(email: string, password: string): Promise<SignInResult | undefined> {
      const login = await store.asSystem((tx) => findLoginByEmail(tx, email.trim()));
      // Verify even for unknown emails so response time does not reveal which emails have accounts.
      const ok = await verifyPassword(login?.password_hash ?? DUMMY_HASH, password);
      if (!login || !login.active || !ok) return undefined;
      const sessionToken = randomSecret();
      await store.asSystem((tx) => createSession(tx, login.id, sha256(sessionToken), options.sessionHours));
      return { sessionToken };
    },

    signOut(sessionToken: string) {
      return store.asSystem((tx) => deleteSession(tx, sha256(sessionToken)));
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;

// A real argon2id hash of a random string, used to spend the same time on unknown emails.
const DUMMY_HASH = await hashPassword(randomSecret());
