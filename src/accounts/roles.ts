import { ROLE_LABELS, ROLE_ORG_KIND, ROLES } from '../core/auth/permissions.ts';
import type { OrgKind, Role } from '../core/db/schema.ts';
import type { FieldError } from '../core/errors.ts';

/** Which roles a person in each kind of organisation may have, and the rules an administrator must keep. */

const ORGANISATION_NAMES: Record<OrgKind, string> = {
  council: 'a council',
  provider: 'a provider organisation',
  partner: 'a partner organisation',
};

export function rolesFor(kind: OrgKind): Role[] {
  return ROLES.filter((role) => ROLE_ORG_KIND[role] === kind);
}

export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The message for a role that does not fit the organisation, or undefined when it fits. */
export function roleMismatch(role: Role, kind: OrgKind): string | undefined {
  if (ROLE_ORG_KIND[role] === kind) return undefined;
  const allowed = rolesFor(kind).map((r) => ROLE_LABELS[r]);
  return `Users of ${ORGANISATION_NAMES[kind]} must have the ${listInWords(allowed)} role`;
}

export function teamMisplaced(team: string | null | undefined, kind: OrgKind): string | undefined {
  return team && kind !== 'council' ? 'Leave the team blank: teams are for council staff' : undefined;
}

interface UserChange {
  readonly actorUserId: string;
  readonly userId: string;
  readonly role: Role;
  readonly active: boolean;
}

/** An administrator keeps their own access: the rule that stops a council losing its last administrator by accident. */
export function selfLockoutErrors(change: UserChange): FieldError[] {
  if (change.actorUserId !== change.userId) return [];
  const errors: FieldError[] = [];
  if (change.role !== 'admin') {
    errors.push({ path: 'role', message: 'You cannot remove your own administrator role. Ask another administrator to do it' });
  }
  if (!change.active) errors.push({ path: 'active', message: 'You cannot deactivate your own account' });
  return errors;
}

/** Orders field errors as the fields appear on the form, so the error summary reads top to bottom. */
export function inFormOrder(errors: readonly FieldError[], fields: readonly string[]): FieldError[] {
  const position = (path: string) => {
    const index = fields.indexOf(path);
    return index === -1 ? fields.length : index;
  };
  return [...errors].sort((a, b) => position(a.path) - position(b.path));
}
