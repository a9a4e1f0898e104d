import { NotFound } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';

/** An id that cannot exist is answered like one that does not: nothing is revealed either way. */
export function requireId(id: string, what: string): void {
  if (!isUuid(id)) throw new NotFound(what);
}

export { councilOf } from '../core/auth/permissions.ts';
