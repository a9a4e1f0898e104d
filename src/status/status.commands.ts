import type { Store } from '../core/db/database.ts';
import { Conflict, Invalid } from '../core/errors.ts';
import { applySharing } from './sharing.service.ts';
import * as repo from './status.repository.ts';
import type { SharedThing } from './status.rules.ts';

interface ShareWithOptions {
  /** The code of the council that shares. */
  readonly org: string;
  /** The code of the council or partner it shares with. */
  readonly with: string;
  /** Stop sharing instead. */
  readonly revoke: boolean;
  /** Share the Enter and View list too. */
  readonly enterAndView: boolean;
  /** Share the quarterly summary's headline figures too (benchmarking; with another council only). */
  readonly reports?: boolean;
}

/**
 * The system operator's way to set up sharing (`care-oversight share`): the council shares its live status
 * and alerts (and, if asked, its Enter and View list) with another council or a partner, or stops.
 * Says what it did.
 */
export async function shareWith(store: Store, options: ShareWithOptions) {
  return store.asSystem(async (tx) => {
    const council = await repo.organisationByCode(tx, options.org);
    if (!council) throw new Invalid([{ path: 'org', message: `No organisation has the code ${options.org}` }]);
    if (council.kind !== 'council') throw new Invalid([{ path: 'org', message: `${options.org} is not a council: only councils share their live status` }]);
    const other = await repo.organisationByCode(tx, options.with);
    if (!other) throw new Invalid([{ path: 'with', message: `No organisation has the code ${options.with}` }]);
    if (other.kind === 'provider' || other.id === council.id) throw new Invalid([{ path: 'with', message: `${options.with} is not another council or a partner` }]);
    if (options.revoke) {
      const current = await repo.activeAgreement(tx, council.id, other.id);
      if (!current) throw new Conflict(`${options.org} does not share with ${options.with}`, 'with');
      await repo.revokeAgreement(tx, current.id, null);
      return { id: current.id, org: council.code, with: other.code, revoked: true };
    }
    const shares: SharedThing[] = ['liveStatus', 'alerts', ...(options.enterAndView ? (['enterAndView'] as const) : []), ...(options.reports ? (['reports'] as const) : [])];
    const { id, changed } = await applySharing(tx, council.id, other.id, shares, null);
    return { id, org: council.code, with: other.code, liveStatus: true, alerts: true, enterAndView: options.enterAndView, ...(options.reports ? { reports: true } : {}), changed };
  });
}
