import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import * as repo from './status.repository.ts';

/**
 * The alerts inbox of an organisation. Alerts are written by the database in the transaction of the
 * change they are about (a suspension starting or lifted, a concerns case opening or reaching stage 3
 * or above, a safeguarding enquiry starting), for the owning council and those it shares alerts with.
 * Read and unread is per organisation: one placing team reading an alert marks it for the team.
 */

export const ALERT_EVENT_LABELS: Record<string, string> = {
  suspension_started: 'Suspension started',
  suspension_partially_lifted: 'Suspension lifted in part',
  suspension_lifted: 'Suspension lifted',
  suspension_reinstated: 'Suspension reinstated',
  concerns_opened: 'Concerns procedure opened',
  concerns_escalated: 'Concerns procedure escalated',
  safeguarding_enquiry_started: 'Safeguarding enquiry started',
  market_event: 'Market event: provider failure risk',
};

interface Alert {
  readonly id: string;
  readonly council: { readonly id: string; readonly name: string };
  readonly serviceId: string | null;
  readonly event: string;
  readonly summary: string;
  readonly createdAt: Date;
  readonly read: boolean;
}

const ALERTS_PAGE_SIZE = 50;

export function alertsService(store: Store) {
  return {
    async list(actor: Actor, options: { unreadOnly?: boolean; page?: number } = {}) {
      authorise(actor, 'alerts.read');
      const page = Math.max(1, options.page ?? 1);
      return store.asUser(actor, async (tx) => {
        const rows = await repo.alerts(tx, { unreadOnly: options.unreadOnly ?? false, limit: ALERTS_PAGE_SIZE, offset: (page - 1) * ALERTS_PAGE_SIZE });
        const counts = await repo.countAlerts(tx);
        const subscribed = await repo.isSubscribed(tx, actor.userId);
        const items: Alert[] = rows.map((r) => ({
          id: r.id,
          council: { id: r.council_id, name: r.council_name },
          serviceId: r.service_id,
          event: r.event,
          summary: r.summary,
          createdAt: r.created_at,
          read: r.read_at !== null,
        }));
        return { items, counts, subscribed, page };
      });
    },

    async markRead(actor: Actor, id: string) {
      authorise(actor, 'alerts.read');
      await store.asUser(actor, async (tx) => {
        if (!(await repo.alertExists(tx, id))) throw new NotFound('Alert');
        await repo.markRead(tx, [id], actor.userId);
      });
    },

    async markAllRead(actor: Actor) {
      authorise(actor, 'alerts.read');
      return store.asUser(actor, (tx) => repo.markRead(tx, 'all', actor.userId));
    },

    async setEmail(actor: Actor, subscribed: boolean) {
      authorise(actor, 'alerts.read');
      await store.asUser(actor, (tx) => repo.setSubscribed(tx, actor.userId, subscribed));
    },
  };
}

export type AlertsService = ReturnType<typeof alertsService>;
