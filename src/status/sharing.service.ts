import { z } from 'zod';
import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import * as repo from './status.repository.ts';

/**
 * Whom a council shares with: other councils (their staff see its live status, get its alerts) and
 * partners (CQC, health commissioners, Healthwatch), each seeing only what the agreement names.
 * An agreement is never edited: changing what is shared revokes it and makes a new one, so the record
 * shows who shared what, with whom, from when to when.
 */

export const SHARED_THINGS = {
  liveStatus: 'Live status of its services',
  alerts: 'Alerts (suspensions, concerns procedures, safeguarding enquiries)',
  enterAndView: 'Healthwatch Enter and View list',
} as const;
export type SharedThing = keyof typeof SHARED_THINGS;

export interface SharingAgreement {
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
  shares: { liveStatus: r.live_status, alerts: r.alerts, enterAndView: r.enter_and_view },
  createdAt: r.created_at,
  createdBy: r.created_by_name,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by_name,
});

const shareSchema = z.object({
  withOrgId: z.string({ error: 'Select the council or partner to share with' }).uuid({ error: 'Select the council or partner to share with' }),
  shares: z
    .array(z.enum(Object.keys(SHARED_THINGS) as [SharedThing]), { error: 'Select what to share' })
    .min(1, { error: 'Select what to share' }),
});

async function share(tx: Tx, councilId: string, withOrgId: string, shares: readonly SharedThing[], createdBy: string | null) {
  const other = await repo.organisationById(tx, withOrgId);
  if (!other || other.id === councilId || other.kind === 'provider') {
    throw new Invalid([{ path: 'withOrgId', message: 'Select another council or a partner organisation' }]);
  }
  const wanted = { liveStatus: shares.includes('liveStatus'), alerts: shares.includes('alerts'), enterAndView: shares.includes('enterAndView') };
  const current = await repo.activeAgreement(tx, councilId, withOrgId);
  if (current && current.live_status === wanted.liveStatus && current.alerts === wanted.alerts && current.enter_and_view === wanted.enterAndView) {
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

    async share(actor: Actor, body: unknown) {
      authorise(actor, 'status.share');
      const input = parse(shareSchema, body);
      return store.asUser(actor, (tx) => share(tx, actor.orgId, input.withOrgId, input.shares, actor.userId));
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

    /**
     * `care-oversight share --org CODE --with CODE [--revoke] [--enter-and-view]`: the system operator's way
     * to set up sharing. Shares live status and alerts; prints what it did.
     */
    async shareAsSystem(orgCode: string, withCode: string, options: { revoke: boolean; enterAndView: boolean }) {
      return store.asSystem(async (tx) => {
        const council = await repo.organisationByCode(tx, orgCode);
        if (!council) throw new Invalid([{ path: 'org', message: `No organisation has the code ${orgCode}` }]);
        if (council.kind !== 'council') throw new Invalid([{ path: 'org', message: `${orgCode} is not a council: only councils share their live status` }]);
        const other = await repo.organisationByCode(tx, withCode);
        if (!other) throw new Invalid([{ path: 'with', message: `No organisation has the code ${withCode}` }]);
        if (other.kind === 'provider' || other.id === council.id) throw new Invalid([{ path: 'with', message: `${withCode} is not another council or a partner` }]);
        if (options.revoke) {
          const current = await repo.activeAgreement(tx, council.id, other.id);
          if (!current) throw new Conflict(`${orgCode} does not share with ${withCode}`, 'with');
          await repo.revokeAgreement(tx, current.id, null);
          return { id: current.id, org: council.code, with: other.code, revoked: true };
        }
        const shares: SharedThing[] = ['liveStatus', 'alerts', ...(options.enterAndView ? (['enterAndView'] as const) : [])];
        const { id, changed } = await share(tx, council.id, other.id, shares, null);
        return { id, org: council.code, with: other.code, liveStatus: true, alerts: true, enterAndView: options.enterAndView, changed };
      });
    },
  };
}

export type SharingService = ReturnType<typeof sharingService>;
