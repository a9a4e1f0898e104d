import type { Store } from '../core/db/database.ts';
import { hashPassword, randomSecret, sha256, verifyPassword } from '../core/auth/secrets.ts';
import { createSession, deleteSession, findLoginByEmail } from '../core/auth/identity.repository.ts';
import { signInLimits, type SignInLimits } from '../core/auth/sign-in-limits.ts';

/** What became of a sign-in: a session, wrong details, or a limit that refused it before anything was checked. */
type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly sessionToken: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'too-many'; readonly limit: 'address' | 'account'; readonly retryInMs: number };

/**
 * Sign-in and sessions. Organisations, users and API tokens have their own services beside this one
 * (organisations.service.ts, users.service.ts, api-tokens.service.ts).
 */
export function accountsService(store: Store, options: { sessionHours: number; limits: SignInLimits }) {
  const limits = signInLimits(store, options.limits);
  return {
    /** `address` is the client's (for the per-address limit); the email tried is limited on its own too. */
    async signIn(email: string, password: string, address: string): Promise<SignInOutcome> {
      const gate = await limits.begin(address, email);
      // A locked account is refused before its password is checked, the same way whether or not it exists.
      if (!gate.allowed) return { kind: 'too-many', limit: gate.limit, retryInMs: gate.retryInMs };
      const login = await store.asSystem((tx) => findLoginByEmail(tx, email.trim()));
      // Verify even for unknown emails so response time does not reveal which emails have accounts.
      const ok = await verifyPassword(login?.password_hash ?? DUMMY_HASH, password);
      if (!login || !login.active || !ok) return { kind: 'refused' };
      const sessionToken = randomSecret();
      await store.asSystem((tx) => createSession(tx, login.id, sha256(sessionToken), options.sessionHours));
      await limits.succeeded(address, email);
      return { kind: 'signed-in', sessionToken };
    },

    signOut(sessionToken: string) {
      return store.asSystem((tx) => deleteSession(tx, sha256(sessionToken)));
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;

// A real argon2id hash of a random string, used to spend the same time on unknown emails.
const DUMMY_HASH = await hashPassword(randomSecret());
