import { z } from 'zod';
import type { Actor, Store } from '../core/db/database.js';
import type { OrgKind, Role } from '../core/db/schema.js';
import { ROLE_ORG_KIND, ROLES } from '../core/auth/permissions.js';
import { hashPassword, newApiToken, randomSecret, sha256, verifyPassword } from '../core/auth/secrets.js';
import { createSession, deleteSession, findLoginByEmail } from '../core/auth/identity.repository.js';
import { Conflict, Invalid, NotFound } from '../core/errors.js';
import { parse, requiredText } from '../core/forms.js';
import * as repo from './accounts.repository.js';

export const organisationSchema = z.object({
  code: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.string({ error: 'Enter a code' }).regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, {
      error: 'Code must be 2 to 32 capital letters, numbers or hyphens, like HERTS or E10000015',
    }),
  ),
  name: requiredText('Enter the organisation name'),
  kind: z.enum(['council', 'provider', 'partner'], { error: 'Select the kind of organisation' }),
});

export const newUserSchema = z.object({
  email: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string({ error: 'Enter an email address' }).min(1, { error: 'Enter an email address' }).email({ error: 'Enter an email address in the correct format, like name@example.gov.uk' }),
  ),
  name: requiredText('Enter the person’s full name'),
  role: z.enum(ROLES as [Role, ...Role[]], { error: 'Select a role' }),
  team: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().max(100).optional()),
});

export const passwordSchema = z
  .string({ error: 'Enter a password' })
  .min(12, { error: 'Password must be 12 characters or more' })
  .max(200, { error: 'Password must be 200 characters or fewer' });

export interface SignInResult {
  sessionToken: string;
}

/** Accounts: organisations, users, sign-in sessions and API tokens. */
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

    /** Used by the command line, which acts as the system. */
    async addOrganisationAsSystem(input: { code: string; name: string; kind: OrgKind }) {
      const org = parse(organisationSchema, input);
      return store.asSystem(async (tx) => {
        if (await repo.findOrganisationByCode(tx, org.code)) throw new Conflict(`An organisation with code ${org.code} already exists`, 'code');
        return repo.insertOrganisation(tx, { ...org, managedByOrgId: null });
      });
    },

    /** An administrator adds a provider or partner organisation that their council then manages. */
    async addOrganisation(actor: Actor, input: unknown) {
      const org = parse(organisationSchema, input);
      if (org.kind === 'council') {
        throw new Invalid([{ path: 'kind', message: 'Councils are added by the system operator with the command line' }]);
      }
      return store.asUser(actor, async (tx) => {
        if (await repo.findOrganisationByCode(tx, org.code)) throw new Conflict(`An organisation with code ${org.code} already exists`, 'code');
        return repo.insertOrganisation(tx, { ...org, managedByOrgId: actor.orgId });
      });
    },

    /** Command line: creates a user, with a password if given, and returns an API token for it. */
    async addUserAsSystem(input: { email: string; name: string; orgCode: string; role: string; password?: string | undefined }) {
      const user = parse(newUserSchema, input);
      const password = input.password === undefined ? undefined : parse(passwordSchema, input.password);
      const passwordHash = password ? await hashPassword(password) : null;
      const apiToken = newApiToken();
      const userId = await store.asSystem(async (tx) => {
        const org = await repo.findOrganisationByCode(tx, input.orgCode.toUpperCase());
        if (!org) throw new NotFound(`Organisation ${input.orgCode}`);
        checkRoleFitsOrganisation(user.role, org.kind);
        if (await repo.emailTaken(tx, user.email)) throw new Conflict('A user with that email address already exists', 'email');
        const { id } = await repo.insertUser(tx, { ...user, orgId: org.id, passwordHash });
        await repo.insertApiToken(tx, id, sha256(apiToken), 'Created on the command line');
        return id;
      });
      return { userId, apiToken };
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;

export function checkRoleFitsOrganisation(role: Role, kind: OrgKind) {
  if (ROLE_ORG_KIND[role] !== kind) {
    throw new Invalid([{ path: 'role', message: `A ${kind} organisation cannot have users with the ${role} role` }]);
  }
}

// A real argon2id hash of a random string, used to spend the same time on unknown emails.
const DUMMY_HASH = await hashPassword(randomSecret());
