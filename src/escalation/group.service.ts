import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { casesForProviders } from './cases.repository.ts';
import { casesWithOverdue } from './cases.service.ts';
import { findProvider, groupServiceCount } from './subjects.repository.ts';
import { groupSuspensions, suspensionEvents } from './suspensions.repository.ts';
import { toSuspension } from './suspensions.service.ts';

/** A provider group (a provider and its subsidiaries at any depth): its suspensions and its group-wide cases. */
export function groupService(store: Store) {
  return {
    /** The provider at the head of a group, with how many services the group has now. */
    async provider(actor: Actor, providerId: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, async (tx) => {
        const provider = await findProvider(tx, providerId);
        if (!provider) throw new NotFound('Provider');
        return { id: provider.id, name: provider.name, services: await groupServiceCount(tx, providerId) };
      });
    },

    /** The services of a provider group with their suspensions, in force and lifted. */
    async groupSuspensions(actor: Actor, providerId: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, async (tx) => {
        const provider = await findProvider(tx, providerId);
        if (!provider) throw new NotFound('Provider');
        const rows = await groupSuspensions(tx, providerId);
        const events = await suspensionEvents(tx, rows.map((r) => r.id));
        const groupCases = await casesWithOverdue(tx, await casesForProviders(tx, [providerId]));
        const day = today();
        return { provider: { id: provider.id, name: provider.name }, suspensions: rows.map((row) => toSuspension(row, events, day)), cases: groupCases };
      });
    },
  };
}
