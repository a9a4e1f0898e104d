import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { enqueueEmail } from '../core/email/outbox.ts';
import { paths } from '../core/http/paths.ts';
import { lastDueItems } from './overview.service.ts';
import { periodLabel } from './periods.ts';
import { returnNoun } from './period.rules.ts';
import * as repo from './reminders.repository.ts';
import { reminderDue } from './reminders.rules.ts';
import { findService, type ServiceRow } from './returns.repository.ts';

const longDate = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Email reminders of returns: a week before the deadline and once overdue, to the provider users who asked
 * for them, for each of their organisation's services whose return for its council's period most recently
 * ended has not been sent (none for quarters that end no period, none for a service the council does not
 * commission). Each reminder is remembered, in the same transaction as its email, so nothing is sent twice.
 */
export function remindersService(store: Store, options: { readonly publicBaseUrl: string }) {
  return {
    async isSubscribed(actor: Actor) {
      authorise(actor, 'returns.submit');
      return store.asUser(actor, (tx) => repo.isSubscribed(tx, actor.userId));
    },

    async setSubscribed(actor: Actor, on: boolean) {
      authorise(actor, 'returns.submit');
      await store.asUser(actor, (tx) => (on ? repo.subscribe(tx, actor.userId) : repo.unsubscribe(tx, actor.userId)));
    },

    /** Scheduled work (as the system): queues the reminders due today; returns how many. */
    async send(today: string): Promise<number> {
      return store.asSystem(async (tx) => {
        const rows = await repo.subscribersAndServices(tx);
        const services: ServiceRow[] = [];
        // One after another: they share one transaction.
        for (const id of new Set(rows.map((r) => r.service_id))) {
          const service = await findService(tx, id);
          if (service) services.push(service);
        }
        const owing = new Map((await lastDueItems(tx, services, today)).filter((i) => i.status === 'missing' || i.status === 'late').map((i) => [i.serviceId, i]));
        let queued = 0;
        for (const row of rows) {
          const item = owing.get(row.service_id);
          // Each council sets its own deadline, so each service's reminder is worked out from its own.
          const kind = item && reminderDue(item.dueOn, today);
          if (!item || !kind || !(await repo.markSent(tx, { userId: row.user_id, serviceId: row.service_id, year: item.year, quarter: item.quarter, kind }))) continue;
          const label = periodLabel(item);
          const noun = returnNoun(item.kind).toLowerCase();
          await enqueueEmail(tx, {
            to: row.email,
            subject: kind === 'overdue' ? `Overdue: ${label} return for ${item.serviceName}` : `Due by ${longDate(item.dueOn)}: ${label} return for ${item.serviceName}`,
            body: [
              kind === 'overdue'
                ? `The ${label} ${noun} return for ${item.serviceName} was due by ${longDate(item.dueOn)} and has not been sent.`
                : `The ${label} ${noun} return for ${item.serviceName} is due by ${longDate(item.dueOn)}.`,
              '',
              `Send it at ${new URL(paths.returns.list, options.publicBaseUrl).href}`,
              '',
              'You get this email because you asked for reminders of returns. You can stop them on the same page.',
            ].join('\n'),
          });
          queued++;
        }
        return queued;
      });
    },
  };
}

export type RemindersService = ReturnType<typeof remindersService>;
