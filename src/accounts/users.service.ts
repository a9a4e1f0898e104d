import type { Actor, Store, Tx } from '../core/db/database.ts';
import type { OrgKind, Role } from '../core/db/schema.ts';
import { authorise } from '../core/auth/permissions.ts';
import { insertApiToken } from '../core/auth/api-tokens.repository.ts';
import { hashPassword, newApiToken, sha256 } from '../core/auth/secrets.ts';
import { Conflict, Invalid, NotFound, type FieldError } from '../core/errors.ts';
import { parse, toFieldErrors } from '../core/forms.ts';
import { editUserSchema, newUserFormSchema, newUserSchema, organisationCode, passwordSchema } from './accounts.schemas.ts';
import { isRoleMismatch, isUniqueViolation } from './database-errors.ts';
import { inFormOrder, roleMismatch, selfLockoutErrors, teamMisplaced } from './roles.ts';
import * as repo from './accounts.repository.ts';

interface UserOrganisation {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly kind: OrgKind;
}

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly team: string | null;
  readonly active: boolean;
  readonly hasPassword: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly organisation: UserOrganisation;
}

/** A new user that has passed every check, as shown on the check-your-answers page. */
interface NewUser {
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly team: string | null;
  readonly organisation: UserOrganisation;
  readonly password: string | null;
}

export const USERS_PER_PAGE = 50;
const DUPLICATE_EMAIL = 'A user with that email address already exists';
const NEW_USER_FIELDS = ['name', 'email', 'orgId', 'role', 'team', 'passwordChoice', 'password'];
const EDIT_USER_FIELDS = ['name', 'role', 'team', 'active'];

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    team: row.team,
    active: row.active,
    hasPassword: row.has_password,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    organisation: { id: row.org_id, code: row.org_code, name: row.org_name, kind: row.org_kind },
  };
}

/** Users: administrators manage the people of their council and of the organisations it manages. */
export function usersService(store: Store) {
  /** Every check of a new user, reported together so the form can show them all at once. */
  async function validateNewUser(tx: Tx, actor: Actor, input: unknown): Promise<NewUser> {
    const body = (input ?? {}) as Record<string, unknown>;
    const errors: FieldError[] = [];
    const parsed = newUserFormSchema.safeParse(body);
    if (!parsed.success) errors.push(...toFieldErrors(parsed.error));
    let password: string | null = null;
    if (parsed.success && parsed.data.passwordChoice === 'set') {
      const checked = passwordSchema.safeParse(body.password ?? '');
      if (checked.success) password = checked.data;
      else errors.push(...toFieldErrors(checked.error).map((e) => ({ ...e, path: 'password' })));
    }
    const orgId = parsed.success ? parsed.data.orgId : typeof body.orgId === 'string' ? body.orgId : '';
    const manageable = await repo.listManageableOrganisations(tx, actor.orgId);
    const org = manageable.find((o) => o.id === orgId);
    if (orgId && !org && !errors.some((e) => e.path === 'orgId')) {
      errors.push({ path: 'orgId', message: 'Select your council or an organisation it manages' });
    }
    if (parsed.success && org) {
      const mismatch = roleMismatch(parsed.data.role, org.kind);
      if (mismatch) errors.push({ path: 'role', message: mismatch });
      const misplaced = teamMisplaced(parsed.data.team, org.kind);
      if (misplaced) errors.push({ path: 'team', message: misplaced });
    }
    if (parsed.success && (await repo.emailTaken(tx, parsed.data.email))) errors.push({ path: 'email', message: DUPLICATE_EMAIL });
    if (errors.length || !parsed.success || !org) throw new Invalid(inFormOrder(errors, NEW_USER_FIELDS));
    const { name, email, role, team } = parsed.data;
    return { name, email, role, team: team ?? null, password, organisation: { id: org.id, code: org.code, name: org.name, kind: org.kind } };
  }

  async function findVisible(tx: Tx, id: string): Promise<UserRow> {
    const row = await repo.findUser(tx, id);
    if (!row) throw new NotFound('User');
    return row;
  }

  return {
    async list(actor: Actor, filter: { orgId?: string | undefined; page?: number | undefined }) {
      authorise(actor, 'accounts.manage');
      const page = Math.max(1, Math.floor(filter.page ?? 1));
      const { rows, total } = await store.asUser(actor, (tx) =>
        repo.listUsers(tx, { orgId: filter.orgId, limit: USERS_PER_PAGE, offset: (page - 1) * USERS_PER_PAGE }),
      );
      return { users: rows.map(toUser), total, page, pages: Math.max(1, Math.ceil(total / USERS_PER_PAGE)) };
    },

    /** Checks a new user without storing anything, for the check-your-answers page. */
    async check(actor: Actor, input: unknown): Promise<NewUser> {
      authorise(actor, 'accounts.manage');
      return store.asUser(actor, (tx) => validateNewUser(tx, actor, input));
    },

    async add(actor: Actor, input: unknown): Promise<{ id: string }> {
      authorise(actor, 'accounts.manage');
      try {
        return await store.asUser(actor, async (tx) => {
          const user = await validateNewUser(tx, actor, input);
          const passwordHash = user.password ? await hashPassword(user.password) : null;
          return repo.insertUser(tx, { ...user, orgId: user.organisation.id, passwordHash });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new Invalid([{ path: 'email', message: DUPLICATE_EMAIL }]);
        throw error;
      }
    },

    async get(actor: Actor, id: string): Promise<User> {
      authorise(actor, 'accounts.manage');
      return toUser(await store.asUser(actor, (tx) => findVisible(tx, id)));
    },

    async update(actor: Actor, id: string, input: unknown): Promise<void> {
      authorise(actor, 'accounts.manage');
      await store.asUser(actor, async (tx) => {
        const current = await findVisible(tx, id);
        const parsed = editUserSchema.safeParse(input);
        const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error);
        if (parsed.success) {
          const { role, team, active } = parsed.data;
          const mismatch = roleMismatch(role, current.org_kind);
          if (mismatch) errors.push({ path: 'role', message: mismatch });
          const misplaced = teamMisplaced(team, current.org_kind);
          if (misplaced) errors.push({ path: 'team', message: misplaced });
          errors.push(...selfLockoutErrors({ actorUserId: actor.userId, userId: id, role, active: active === 'yes' }));
        }
        if (errors.length || !parsed.success) throw new Invalid(inFormOrder(errors, EDIT_USER_FIELDS));
        const { name, role, team, active } = parsed.data;
        await updateGuarded(tx, id, { name, role, team: team ?? null, active: active === 'yes' });
      });
    },

    /** Deactivating ends the person's sessions and revokes their API tokens (a database trigger does it). */
    async setActive(actor: Actor, id: string, active: boolean): Promise<void> {
      authorise(actor, 'accounts.manage');
      await store.asUser(actor, async (tx) => {
        const current = await findVisible(tx, id);
        const errors = selfLockoutErrors({ actorUserId: actor.userId, userId: id, role: current.role, active });
        if (errors.length) throw new Invalid(errors);
        await updateGuarded(tx, id, { active });
      });
    },

    /** Sets a new password; the person's existing sessions end (a database trigger does it). */
    async resetPassword(actor: Actor, id: string, input: unknown): Promise<void> {
      authorise(actor, 'accounts.manage');
      const body = (input ?? {}) as Record<string, unknown>;
      const errors: FieldError[] = [];
      const checked = passwordSchema.safeParse(body.password ?? '');
      if (!checked.success) errors.push({ path: 'password', message: checked.error.issues[0]?.message ?? 'Enter a password' });
      const confirm = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
      if (!confirm) errors.push({ path: 'confirmPassword', message: 'Enter the password again' });
      else if (checked.success && confirm !== checked.data) errors.push({ path: 'confirmPassword', message: 'The passwords do not match' });
      await store.asUser(actor, async (tx) => {
        await findVisible(tx, id);
        if (errors.length || !checked.success) throw new Invalid(errors);
        await updateGuarded(tx, id, { passwordHash: await hashPassword(checked.data) });
      });
    },

    /** Command line: creates a user of any organisation, with a password if given, and an API token for it. */
    async addAsSystem(input: SystemUserInput) {
      const { orgCode, password, ...user } = checkSystemUser(input);
      const passwordHash = password ? await hashPassword(password) : null;
      const apiToken = newApiToken();
      try {
        const userId = await store.asSystem(async (tx) => {
          const org = await repo.findOrganisationByCode(tx, orgCode);
          if (!org) throw new Invalid([{ path: 'org', message: `No organisation has the code ${orgCode}` }]);
          const mismatch = roleMismatch(user.role, org.kind);
          if (mismatch) throw new Invalid([{ path: 'role', message: mismatch }]);
          const misplaced = teamMisplaced(user.team, org.kind);
          if (misplaced) throw new Invalid([{ path: 'team', message: misplaced }]);
          if (await repo.emailTaken(tx, user.email)) throw new Conflict(DUPLICATE_EMAIL, 'email');
          const { id } = await repo.insertUser(tx, { ...user, orgId: org.id, passwordHash });
          await insertApiToken(tx, id, sha256(apiToken), 'Created on the command line');
          return id;
        });
        return { userId, apiToken };
      } catch (error) {
        if (isUniqueViolation(error)) throw new Conflict(DUPLICATE_EMAIL, 'email');
        throw error;
      }
    },
  };
}

export interface SystemUserInput {
  email: string;
  name: string;
  orgCode: string;
  role: string;
  team?: string | undefined;
  password?: string | undefined;
}

/** The checks of a command-line user that need no database, so a typing mistake is reported before anything opens. */
export function checkSystemUser(input: SystemUserInput) {
  const user = parse(newUserSchema, input);
  const orgCode = parse(organisationCode, input.orgCode);
  let password: string | undefined;
  if (input.password !== undefined) {
    const checked = passwordSchema.safeParse(input.password);
    if (!checked.success) throw new Invalid([{ path: 'password', message: checked.error.issues[0]?.message ?? 'Enter a password' }]);
    password = checked.data;
  }
  return { ...user, orgCode, password };
}

/** Row-level security turns an update of a user the administrator may not manage into no update at all. */
async function updateGuarded(tx: Tx, id: string, changes: repo.UserChanges) {
  try {
    if ((await repo.updateUser(tx, id, changes)) === 0) throw new NotFound('User');
  } catch (error) {
    if (isRoleMismatch(error)) throw new Invalid([{ path: 'role', message: 'That role does not fit the person’s organisation' }]);
    throw error;
  }
}

export type UsersService = ReturnType<typeof usersService>;
