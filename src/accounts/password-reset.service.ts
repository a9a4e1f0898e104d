import type { Store } from '../core/db/database.ts';
import { findLoginByEmail } from '../core/auth/identity.repository.ts';
import { hashPassword, randomSecret, sha256 } from '../core/auth/secrets.ts';
import { recordSignIn } from '../core/auth/sign-in-audit.ts';
import { enqueueEmail } from '../core/email/outbox.ts';
import { Invalid, type FieldError } from '../core/errors.ts';
import { paths } from '../core/http/paths.ts';
import { passwordSchema } from './accounts.schemas.ts';
import * as repo from './sign-in.repository.ts';

/** How long a reset link works. */
export const RESET_MINUTES = 30;

/**
 * Forgotten passwords: a link by email (through the outbox) that works once, for 30 minutes. Asking says the
 * same whether or not the email has an account; council staff whose council turned local passwords off get
 * no link (they sign in with their council account). Setting the password ends the person's sessions.
 */
export function passwordResetService(store: Store, options: { publicBaseUrl: string }) {
  return {
    async request(email: string): Promise<void> {
      const login = await store.asSystem((tx) => findLoginByEmail(tx, email.trim()));
      if (!login?.active) return;
      const policy = await store.asSystem((tx) => repo.findSettingsForUser(tx, login.id));
      if (policy?.local_passwords_off && policy.org_kind === 'council') return;
      const token = randomSecret();
      const link = new URL(`${paths.resetPassword}?token=${token}`, options.publicBaseUrl).href;
      await store.asSystem(async (tx) => {
        await repo.createPasswordReset(tx, login.id, sha256(token), RESET_MINUTES);
        await enqueueEmail(tx, {
          to: email.trim(),
          subject: 'Set a new password for Care Oversight',
          body: [
            'Someone asked to set a new password for your Care Oversight account.',
            '',
            `Set your new password: ${link}`,
            '',
            `The link works once, for ${RESET_MINUTES} minutes. If you did not ask, you can ignore this email: your password stays as it is.`,
          ].join('\n'),
        });
        await recordSignIn(tx, { route: 'password', outcome: 'reset-requested', userId: login.id, orgId: login.org_id });
      });
    },

    /** Whether a link still works (for showing its form). */
    async valid(token: string): Promise<boolean> {
      return !!(await store.asSystem((tx) => repo.findPasswordReset(tx, sha256(token))));
    },

    /** Sets the new password with the link, which is then used up; 'expired' when it no longer works. */
    async complete(token: string, input: { password?: unknown; confirmPassword?: unknown }): Promise<'done' | 'expired'> {
      const errors: FieldError[] = [];
      const checked = passwordSchema.safeParse(typeof input.password === 'string' ? input.password : '');
      if (!checked.success) errors.push({ path: 'password', message: checked.error.issues[0]?.message ?? 'Enter a password' });
      const confirm = typeof input.confirmPassword === 'string' ? input.confirmPassword : '';
      if (!confirm) errors.push({ path: 'confirmPassword', message: 'Enter the password again' });
      else if (checked.success && confirm !== checked.data) errors.push({ path: 'confirmPassword', message: 'The passwords do not match' });
      const reset = await store.asSystem((tx) => repo.findPasswordReset(tx, sha256(token)));
      if (!reset) return 'expired';
      if (errors.length || !checked.success) throw new Invalid(errors);
      const passwordHash = await hashPassword(checked.data);
      return store.asSystem(async (tx) => {
        if (!(await repo.usePasswordReset(tx, sha256(token), reset.user_id))) return 'expired';
        // The database ends the person's sessions when their password changes.
        await repo.setPasswordHash(tx, reset.user_id, passwordHash);
        await recordSignIn(tx, { route: 'password', outcome: 'password-changed', userId: reset.user_id, orgId: reset.org_id });
        return 'done';
      });
    },
  };
}

export type PasswordResetService = ReturnType<typeof passwordResetService>;
