import type { Store } from '../core/db/database.ts';
import { hashPassword, randomSecret, sha256, verifyPassword } from '../core/auth/secrets.ts';
import { createSession, deleteSession, findLoginByEmail, sessionAuthMethod } from '../core/auth/identity.repository.ts';
import { recordSignIn } from '../core/auth/sign-in-audit.ts';
import { signInLimits, type SignInLimits } from '../core/auth/sign-in-limits.ts';
import * as signInRepo from './sign-in.repository.ts';

/**
 * What became of a sign-in: a session, a second factor to give (or set up) first, wrong details, a council
 * that signs its staff in with its own accounts only, or a limit that refused it before anything was checked.
 */
type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly sessionToken: string }
  | { readonly kind: 'second-factor'; readonly step: 'code' | 'enrol'; readonly challengeToken: string }
  | { readonly kind: 'refused' }
  | { readonly kind: 'use-sso' }
  | { readonly kind: 'too-many'; readonly limit: 'address' | 'account'; readonly retryInMs: number };

/**
 * Sign-in and sessions. Organisations, users and API tokens have their own services beside this one
 * (organisations.service.ts, users.service.ts, api-tokens.service.ts); second factors and single sign-on too
 * (second-factor.service.ts, sso.service.ts).
 */
export function accountsService(store: Store, options: { sessionHours: number; limits: SignInLimits }) {
  const limits = signInLimits(store, options.limits);
  return {
    /** `address` is the client's (for the per-address limit); the email tried is limited on its own too. */
    async signIn(email: string, password: string, address: string, returnTo = '/'): Promise<SignInOutcome> {
      const gate = await limits.begin(address, email);
      // A locked account is refused before its password is checked, the same way whether or not it exists.
      if (!gate.allowed) {
        await store.asSystem((tx) => recordSignIn(tx, { route: 'password', outcome: 'limited', detail: `${gate.limit} limit`, extra: { email: email.trim() } }));
        return { kind: 'too-many', limit: gate.limit, retryInMs: gate.retryInMs };
      }
      const login = await store.asSystem((tx) => findLoginByEmail(tx, email.trim()));
      // Verify even for unknown emails so response time does not reveal which emails have accounts.
      const ok = await verifyPassword(login?.password_hash ?? DUMMY_HASH, password);
      if (!login || !login.active || !ok) {
        const detail = !login ? 'unknown email' : !login.active ? 'account disabled' : 'wrong password';
        await store.asSystem((tx) => recordSignIn(tx, { route: 'password', outcome: 'refused', detail, userId: login?.id, orgId: login?.org_id, extra: { email: email.trim() } }));
        return { kind: 'refused' };
      }
      const policy = await store.asSystem((tx) => signInRepo.findSettingsForUser(tx, login.id));
      // A council that turned its staff's local passwords off signs them in through its own issuer only.
      if (policy?.local_passwords_off && policy.org_kind === 'council') {
        await store.asSystem((tx) => recordSignIn(tx, { route: 'password', outcome: 'refused', detail: 'local passwords are off for council staff', userId: login.id, orgId: login.org_id }));
        return { kind: 'use-sso' };
      }
      await limits.succeeded(address, email);
      const factor = await store.asSystem((tx) => signInRepo.findSecondFactor(tx, login.id));
      const step = factor?.confirmed_at ? 'code' : policy?.second_factor_required ? 'enrol' : undefined;
      if (step) {
        const challengeToken = randomSecret();
        await store.asSystem((tx) => signInRepo.createChallenge(tx, { idHash: sha256(challengeToken), userId: login.id, kind: step, returnTo }));
        return { kind: 'second-factor', step, challengeToken };
      }
      const sessionToken = randomSecret();
      await store.asSystem(async (tx) => {
        await createSession(tx, login.id, sha256(sessionToken), options.sessionHours, 'password');
        await recordSignIn(tx, { route: 'password', outcome: 'signed-in', userId: login.id, orgId: login.org_id });
      });
      return { kind: 'signed-in', sessionToken };
    },

    /** Ends the session; says how it was started, so a single sign-on session can end at the issuer too. */
    async signOut(sessionToken: string) {
      return store.asSystem(async (tx) => {
        const method = await sessionAuthMethod(tx, sha256(sessionToken));
        await deleteSession(tx, sha256(sessionToken));
        return method;
      });
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;

// A real argon2id hash of a random string, used to spend the same time on unknown emails.
const DUMMY_HASH = await hashPassword(randomSecret());
