import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import * as repo from './status.repository.ts';
import type { SharedThing } from './status.rules.ts';
import type { ShareInput } from './status.schemas.ts';

/**
 * Whom a council shares with: other councils (their staff see its live status, get its alerts) and
 * partners (CQC, health commissioners, Healthwatch), each seeing only what the agreement names.
 * An agreement is never edited: changing what is shared revokes it and makes a new one, so the record
 * shows who shared what, with whom, from when to when.
 */

interface SharingAgreement {
  readonly id: string;
  readonly council: { readonly id: string; readonly name: string };
  readonly withOrganisation: { readonly id: string; readonly name: string; readonly code: string; readonly kind: 'council' | 'provider' | 'partner' };
  readonly shares: Record<SharedThing, boolean>;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly revokedAt: Date | null;
  readonly revokedBy: string | null;
}

const toAgreement = (r: Awaited<ReturnType<typeof repo.sharingAgreements>>[number]): SharingAgreement => ({
  id: r.id,
  council: { id: r.council_id, name: r.council_name },
  withOrganisation: { id: r.with_org_id, name: r.with_name, code: r.with_code, kind: r.with_kind },
  shares: { liveStatus: r.live_status, alerts: r.alerts, enterAndView: r.enter_and_view, reports: r.reports },
  createdAt: r.created_at,
  createdBy: r.created_by_name,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by_name,
});

/** Shares what is asked with another council or a partner; an agreement that already says so is left as it is. */
export async function applySharing(tx: Tx, councilId: string, withOrgId: string, shares: readonly SharedThing[], createdBy: string | null) {
  const other = await repo.organisationById(tx, withOrgId);
  if (!other || other.id === councilId || other.kind === 'provider') {
    throw new Invalid([{ path: 'withOrgId', message: 'Select another council or a partner organisation' }]);
  }
  const wanted = { liveStatus: shares.includes('liveStatus'), alerts: shares.includes('alerts'), enterAndView: shares.includes('enterAndView'), reports: shares.includes('reports') };
  if (wanted.reports && other.kind !== 'council') throw new Invalid([{ path: 'shares', message: 'Share the quarterly summary’s figures only with another council' }]);
  const current = await repo.activeAgreement(tx, councilId, withOrgId);
  if (current && current.live_status === wanted.liveStatus && current.alerts === wanted.alerts && current.enter_and_view === wanted.enterAndView && current.reports === wanted.reports) {
    return { id: current.id, changed: false };
  }
  if (current) await repo.revokeAgreement(tx, current.id, createdBy);
  const { id } = await repo.insertAgreement(tx, { councilId, withOrgId, ...wanted, createdBy });
  return { id, changed: true };
}

export function sharingService(store: Store) {
  return {
    /** The council's agreements (current first, then revoked) and who shares with the actor's organisation. */
    async list(actor: Actor) {
      return store.asUser(actor, async (tx) => {
        const all = (await repo.sharingAgreements(tx)).map(toAgreement);
        return {
          ours: all.filter((a) => a.council.id === actor.orgId),
          withUs: all.filter((a) => a.withOrganisation.id === actor.orgId && !a.revokedAt),
        };
      });
    },

    async shareableOrganisations(actor: Actor) {
      authorise(actor, 'status.share');
      return store.asUser(actor, (tx) => repo.shareableOrganisations(tx, actor.orgId));
    },

    async share(actor: Actor, input: ShareInput) {
      authorise(actor, 'status.share');
      return store.asUser(actor, (tx) => applySharing(tx, actor.orgId, input.withOrgId, input.shares, actor.userId));
    },

    async revoke(actor: Actor, id: string) {
      authorise(actor, 'status.share');
      return store.asUser(actor, async (tx) => {
        const agreement = await repo.findAgreement(tx, id);
        if (!agreement || agreement.council_id !== actor.orgId) throw new NotFound('Sharing agreement');
        if (agreement.revoked_at) throw new Conflict('This sharing agreement has already been revoked');
        await repo.revokeAgreement(tx, id, actor.userId);
      });
    },
  };
}

export type SharingService = ReturnType<typeof sharingService>;
