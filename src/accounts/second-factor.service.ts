import type { Actor, Store } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { countAttempt, clearAttempts } from '../core/auth/rate-limits.repository.ts';
import { createSession } from '../core/auth/identity.repository.ts';
import { randomSecret, sha256 } from '../core/auth/secrets.ts';
import { recordSignIn } from '../core/auth/sign-in-audit.ts';
import { NotFound } from '../core/errors.ts';
import { enrolment, looksLikeRecoveryCode, matchCode, matchRecoveryCode, newRecoveryCodes, newTotpSecret } from './second-factor.ts';
import * as repo from './sign-in.repository.ts';
import { findUser } from './accounts.repository.ts';

const CODE_WINDOW_MS = 15 * 60 * 1000;

export type CodeOutcome =
  | { readonly kind: 'signed-in'; readonly sessionToken: string; readonly returnTo: string }
  | { readonly kind: 'wrong' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'too-many'; readonly retryInMs: number };

export type EnrolOutcome =
  | { readonly kind: 'enrolled'; readonly recoveryCodes: string[]; readonly sessionToken?: string | undefined; readonly returnTo?: string | undefined }
  | { readonly kind: 'wrong' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'too-many'; readonly retryInMs: number };

/**
 * Second factors: authenticator codes at sign-in (after the password), setting one up (at sign-in when the
 * council requires it, or from the account page), recovery codes, and an administrator's reset. Codes are
 * limited per person like passwords are (`codeAttempts` in 15 minutes), a code is never accepted twice, and
 * a recovery code works once.
 */
export function secondFactorService(store: Store, options: { sessionHours: number; codeAttempts: number }) {
  const attemptKey = (userId: string) => `second-factor:user:${userId}`;

  /** Counts a code attempt; the time it lifts when over the limit. */
  async function gate(userId: string): Promise<number | undefined> {
    const count = await store.asSystem((tx) => countAttempt(tx, attemptKey(userId), CODE_WINDOW_MS));
    return count.hits > options.codeAttempts ? count.resetsInMs : undefined;
  }

  async function startSession(userId: string, orgId: string, route: 'authenticator-code' | 'recovery-code' | 'second-factor') {
    const sessionToken = randomSecret();
    await store.asSystem(async (tx) => {
      await createSession(tx, userId, sha256(sessionToken), options.sessionHours, 'password+totp');
      await clearAttempts(tx, attemptKey(userId));
      await recordSignIn(tx, { route, outcome: 'signed-in', userId, orgId });
    });
    return sessionToken;
  }

  /** Sets up (or shows again) an unconfirmed authenticator: the QR code and key for the page. */
  async function pendingEnrolment(userId: string, orgId: string, email: string) {
    const secret = await store.asSystem(async (tx) => {
      const factor = await repo.findSecondFactor(tx, userId);
      if (factor && !factor.confirmed_at) return factor.totp_secret;
      const fresh = newTotpSecret();
      await repo.startSecondFactor(tx, userId, orgId, fresh);
      return fresh;
    });
    return enrolment(secret, email);
  }

  /** Confirms the unconfirmed authenticator with a code from it; the recovery codes to show once. */
  async function confirm(userId: string, orgId: string, code: string): Promise<{ recoveryCodes: string[] } | 'wrong'> {
    const factor = await store.asSystem((tx) => repo.findSecondFactor(tx, userId));
    if (!factor || factor.confirmed_at) return 'wrong';
    const step = await matchCode(factor.totp_secret, code);
    if (step === undefined) {
      await store.asSystem((tx) => recordSignIn(tx, { route: 'second-factor', outcome: 'refused', detail: 'wrong code while setting up', userId, orgId }));
      return 'wrong';
    }
    const { codes, hashes } = await newRecoveryCodes();
    await store.asSystem(async (tx) => {
      await repo.confirmSecondFactor(tx, userId, step, hashes);
      await recordSignIn(tx, { route: 'second-factor', outcome: 'enrolled', userId, orgId });
    });
    return { recoveryCodes: codes };
  }

  return {
    /** The sign-in waiting for a second factor that this browser's challenge cookie names, if still open. */
    challenge(token: string | undefined) {
      return token ? store.asSystem((tx) => repo.findChallenge(tx, sha256(token))) : Promise.resolve(undefined);
    },

    /** The code step of a password sign-in: an authenticator code, or a recovery code (which then is used up). */
    async verifyCode(token: string | undefined, code: string): Promise<CodeOutcome> {
      const challenge = token ? await store.asSystem((tx) => repo.findChallenge(tx, sha256(token))) : undefined;
      if (!challenge || challenge.kind !== 'code') return { kind: 'expired' };
      const { user_id: userId, org_id: orgId } = challenge;
      const retryInMs = await gate(userId);
      if (retryInMs !== undefined) {
        await store.asSystem((tx) => recordSignIn(tx, { route: 'authenticator-code', outcome: 'limited', userId, orgId }));
        return { kind: 'too-many', retryInMs };
      }
      const factor = await store.asSystem((tx) => repo.findSecondFactor(tx, userId));
      if (!factor?.confirmed_at) return { kind: 'expired' };
      const recovery = looksLikeRecoveryCode(code);
      const accepted = await store.asSystem(async (tx) => {
        if (recovery) {
          const hash = await matchRecoveryCode(factor.recovery_code_hashes, code);
          return !!hash && (await repo.useRecoveryCode(tx, userId, hash));
        }
        const step = await matchCode(factor.totp_secret, code);
        // A code (or an earlier one) already used is refused: a code seen over someone's shoulder is worth nothing.
        return step !== undefined && (await repo.useTimeStep(tx, userId, step));
      });
      const route = recovery ? 'recovery-code' : 'authenticator-code';
      if (!accepted) {
        await store.asSystem((tx) => recordSignIn(tx, { route, outcome: 'refused', detail: 'wrong or used code', userId, orgId }));
        return { kind: 'wrong' };
      }
      await store.asSystem((tx) => repo.deleteChallenge(tx, sha256(token!)));
      return { kind: 'signed-in', sessionToken: await startSession(userId, orgId, route), returnTo: challenge.return_to };
    },

    /** Setting up an authenticator at sign-in (the council requires one): the page's QR code and key. */
    async enrolmentAtSignIn(token: string | undefined) {
      const challenge = token ? await store.asSystem((tx) => repo.findChallenge(tx, sha256(token))) : undefined;
      if (!challenge || challenge.kind !== 'enrol') return undefined;
      return pendingEnrolment(challenge.user_id, challenge.org_id, challenge.email);
    },

    async confirmAtSignIn(token: string | undefined, code: string): Promise<EnrolOutcome> {
      const challenge = token ? await store.asSystem((tx) => repo.findChallenge(tx, sha256(token))) : undefined;
      if (!challenge || challenge.kind !== 'enrol') return { kind: 'expired' };
      const retryInMs = await gate(challenge.user_id);
      if (retryInMs !== undefined) return { kind: 'too-many', retryInMs };
      const result = await confirm(challenge.user_id, challenge.org_id, code);
      if (result === 'wrong') return { kind: 'wrong' };
      await store.asSystem((tx) => repo.deleteChallenge(tx, sha256(token!)));
      const sessionToken = await startSession(challenge.user_id, challenge.org_id, 'second-factor');
      return { kind: 'enrolled', recoveryCodes: result.recoveryCodes, sessionToken, returnTo: challenge.return_to };
    },

    /** The signed-in person's own authenticator: whether it is set up (and how many recovery codes are left), or the set-up page. */
    async ownStatus(actor: Actor) {
      const factor = await store.asSystem((tx) => repo.findSecondFactor(tx, actor.userId));
      if (factor?.confirmed_at) return { enrolled: true as const, recoveryCodesLeft: factor.recovery_codes_left };
      const user = await store.asUser(actor, (tx) => findUser(tx, actor.userId));
      if (!user) throw new NotFound('User');
      return { enrolled: false as const, setup: await pendingEnrolment(actor.userId, actor.orgId, user.email) };
    },

    async confirmOwn(actor: Actor, code: string): Promise<EnrolOutcome> {
      const retryInMs = await gate(actor.userId);
      if (retryInMs !== undefined) return { kind: 'too-many', retryInMs };
      const result = await confirm(actor.userId, actor.orgId, code);
      return result === 'wrong' ? { kind: 'wrong' } : { kind: 'enrolled', recoveryCodes: result.recoveryCodes };
    },

    /** An administrator resets a person's second factor (a lost phone): they set one up again at their next sign-in. */
    async reset(actor: Actor, userId: string): Promise<void> {
      authorise(actor, 'accounts.manage');
      const orgId = await store.asUser(actor, async (tx) => {
        const user = await findUser(tx, userId);
        if (!user) throw new NotFound('User');
        await repo.deleteSecondFactor(tx, userId);
        return user.org_id;
      });
      await store.asSystem((tx) => recordSignIn(tx, { route: 'second-factor', outcome: 'reset', userId, orgId, extra: { by: actor.userId } }));
    },
  };
}

export type SecondFactorService = ReturnType<typeof secondFactorService>;
