import type { Actor } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';

/** An id that cannot exist is answered like one that does not: nothing is revealed either way. */
export function requireId(id: string, what: string): void {
  if (!isUuid(id)) throw new NotFound(what);
}

/** The council whose register the actor works in, when the actor is council staff. */
export function councilOf(actor: Actor): string | undefined {
  return actor.orgKind === 'council' ? actor.orgId : undefined;
}
