import type { Store } from '../db/database.ts';
import { clearAttempts, countAttempt, pruneAttempts, uncountAttempt } from './rate-limits.repository.ts';
import { sha256 } from './secrets.ts';

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export interface SignInLimits {
  /** Failed sign-ins allowed per client address in the window. */
  readonly perAddress: number;
  /** Failed sign-ins allowed per account (the email address tried, whether or not it has an account). */
  readonly perAccount: number;
}

/** Whether a sign-in may be tried now, and if not, which limit refused it and when it lifts. */
type SignInGate = { readonly allowed: true } | { readonly allowed: false; readonly limit: 'address' | 'account'; readonly retryInMs: number };

const addressKey = (address: string) => `sign-in:address:${address}`;
// The email is hashed, so the counters hold no address a person typed.
const accountKey = (email: string) => `sign-in:account:${sha256(email.trim().toLowerCase())}`;

/**
 * The limits on guessing passwords. Every attempt is counted before its password is checked, so attempts
 * made in parallel cannot slip past a limit; one that succeeds is then taken back, so successful sign-ins
 * never count against an address (an office of many people), and it clears its account's failures.
 * Failures count per address and per account: guessing one person's password from many addresses is
 * limited too. Counters live in the database (rate_limits), shared by every instance.
 */
export function signInLimits(store: Store, limits: SignInLimits) {
  return {
    async begin(address: string, email: string): Promise<SignInGate> {
      return store.asSystem(async (tx) => {
        const byAddress = await countAttempt(tx, addressKey(address), SIGN_IN_WINDOW_MS);
        if (byAddress.hits > limits.perAddress) return { allowed: false, limit: 'address', retryInMs: byAddress.resetsInMs };
        const byAccount = await countAttempt(tx, accountKey(email), SIGN_IN_WINDOW_MS);
        if (byAccount.hits > limits.perAccount) return { allowed: false, limit: 'account', retryInMs: byAccount.resetsInMs };
        return { allowed: true };
      });
    },

    async succeeded(address: string, email: string): Promise<void> {
      await store.asSystem(async (tx) => {
        await uncountAttempt(tx, addressKey(address));
        await clearAttempts(tx, accountKey(email));
        // Every counter, of every route, that ended long ago: a sign-in is a frequent enough moment to tidy.
        await pruneAttempts(tx);
      });
    },
  };
}

