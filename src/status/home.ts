import { can } from '../core/auth/permissions.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource, HomeTask } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import * as repo from './status.repository.ts';
import type { LiveStatusService } from './status.service.ts';

/**
 * Live status's lines on the home page: unread alerts (officers, commissioners, partners); what the council
 * shares (administrators); and for a partner, which councils share with it and its Enter and View list.
 */
export function statusHome(store: Store, liveStatus: LiveStatusService): HomeSource {
  return async (actor) => {
    const tasks: HomeTask[] = [];
    if (can(actor, 'alerts.read') && actor.role !== 'admin' && actor.role !== 'placer') {
      const counts = await store.asUser(actor, (tx) => repo.countAlerts(tx));
      tasks.push({ group: actor.orgKind === 'partner' ? 'Shared with you' : 'Your work', text: 'Unread alerts', count: counts.unread, href: paths.status.alerts, urgent: true });
    }
    if (actor.role === 'admin' && actor.orgKind === 'council') {
      const row = await store.asUser(actor, (tx) =>
        tx.selectFrom('sharing_agreements').select((eb) => eb.fn.countAll<number>().as('n')).where('council_id', '=', actor.orgId).where('revoked_at', 'is', null).executeTakeFirstOrThrow(),
      );
      tasks.push({ group: 'Administration', text: 'Organisations your council shares with', count: Number(row.n), href: paths.status.sharing });
    }
    if (actor.orgKind === 'partner') {
      const row = await store.asUser(actor, (tx) =>
        tx
          .selectFrom('sharing_agreements')
          .select((eb) => [eb.fn.countAll<number>().filterWhere('live_status', '=', true).as('liveStatus'), eb.fn.countAll<number>().filterWhere('enter_and_view', '=', true).as('enterAndView')])
          .where('with_org_id', '=', actor.orgId)
          .where('revoked_at', 'is', null)
          .executeTakeFirstOrThrow(),
      );
      tasks.push({ group: 'Shared with you', text: 'Councils sharing their live status with you', count: Number(row.liveStatus), href: paths.status.list });
      if (can(actor, 'status.enterAndView')) {
        const list = Number(row.enterAndView) ? await liveStatus.enterAndView(actor) : [];
        tasks.push({ group: 'Shared with you', text: 'Services on your Enter and View list', count: list.length, href: paths.status.enterAndView });
      }
    }
    return tasks;
  };
}
