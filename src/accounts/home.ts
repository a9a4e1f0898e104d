import type { Store } from '../core/db/database.ts';
import { outboxStatus } from '../core/email/outbox.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';

/** An administrator's own lines on the home page: the people who use the service, and email that is not going out. */
export function accountsHome(store: Store): HomeSource {
  return async (actor) => {
    if (actor.role !== 'admin' || actor.orgKind !== 'council') return [];
    const users = await store.asUser(actor, (tx) =>
      tx
        .selectFrom('users as u')
        .innerJoin('organisations as o', 'o.id', 'u.org_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('u.active', '=', true)
        .where((eb) => eb.or([eb('o.id', '=', actor.orgId), eb('o.managed_by_org_id', '=', actor.orgId)]))
        .executeTakeFirstOrThrow(),
    );
    const { summary } = await outboxStatus(store, { list: false });
    return [
      { group: 'Administration', text: 'Active users of your council and the organisations it manages', count: Number(users.n), href: paths.admin.users },
      // The outbox is the operator's (`care-oversight outbox` lists and retries it): no page to link to.
      { group: 'Administration', text: 'Emails that could not be sent (the server’s operator can list and retry them)', count: summary.failing + summary.gaveUp, urgent: true },
    ];
  };
}
