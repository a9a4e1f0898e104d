import { z } from 'zod';
import { ROLES } from '../core/auth/permissions.ts';
import type { Role } from '../core/db/schema.ts';
import { optionalText, requiredText, text, uuid } from '../core/forms.ts';
import { paths } from '../core/http/paths.ts';

/** Forms and command-line input of account administration, with GOV.UK-worded messages. */

export const organisationCode = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z
    .string({ error: 'Enter a code' })
    .min(1, { error: 'Enter a code' })
    .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, {
      error: 'Code must be 2 to 32 capital letters, numbers or hyphens, like HERTS or E10000015',
    }),
);

export const organisationSchema = z.object({
  code: organisationCode,
  name: requiredText('Enter the organisation name'),
  kind: z.enum(['council', 'provider', 'partner'], { error: 'Select the kind of organisation' }),
});

export const organisationNameSchema = z.object({
  name: requiredText('Enter the organisation name'),
});

const emailAddress = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z
    .string({ error: 'Enter an email address' })
    .min(1, { error: 'Enter an email address' })
    .max(254, { error: 'Email address must be 254 characters or fewer' })
    .email({ error: 'Enter an email address in the correct format, like name@example.gov.uk' }),
);

const role = z.enum(ROLES as [Role, ...Role[]], { error: 'Select a role' });

export const newUserSchema = z.object({
  email: emailAddress,
  name: requiredText('Enter the person’s full name'),
  role,
  team: optionalText('Team', 100),
});

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(1, { error: 'Enter a password' })
  .min(12, { error: 'Password must be 12 characters or more' })
  .max(200, { error: 'Password must be 200 characters or fewer' });

/** The add-user form: where the person works, and whether they get a password now or later. */
export const newUserFormSchema = newUserSchema.extend({
  orgId: uuid('Select an organisation'),
  passwordChoice: z.enum(['set', 'none'], { error: 'Select whether to set a password now' }),
});

export const editUserSchema = z.object({
  name: requiredText('Enter the person’s full name'),
  role,
  team: optionalText('Team', 100),
  active: z.enum(['yes', 'no'], { error: 'Select whether the account is active' }),
});

export const apiTokenSchema = z.object({
  label: requiredText('Enter a label', 100),
});

/** Only same-site relative paths are followed after sign-in, so the form cannot be used to redirect elsewhere. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : paths.home;
}

export const signInSchema = z.object({
  email: z.preprocess((v) => text(v).trim(), z.string().min(1, { error: 'Enter your email address' })),
  password: z.preprocess(text, z.string().min(1, { error: 'Enter your password' })),
  returnTo: z.preprocess(safeReturnPath, z.string()),
});

/**
 * Forms whose checks need the database: the service checks every field and reports all the errors at once, in
 * the order of the form. The route reads each field as the text typed; unknown fields are dropped.
 */
const typed = (...fields: string[]) => z.object(Object.fromEntries(fields.map((name) => [name, z.preprocess(text, z.string())])));

export const newUserFields = typed('name', 'email', 'orgId', 'role', 'team', 'passwordChoice', 'password');
export const checkedUserFields = newUserFields.extend({ action: z.preprocess(text, z.string()) });
export const editUserFields = typed('name', 'role', 'team', 'active');
export const passwordFields = typed('password', 'confirmPassword');
