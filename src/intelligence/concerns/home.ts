import { can } from '../../core/auth/permissions.ts';
import type { Store } from '../../core/db/database.ts';
import type { HomeSource } from '../../core/http/extensions.ts';
import { paths } from '../../core/http/paths.ts';

/** The public's concern reports not yet triaged, on the home page of officers and commissioners. */
export function concernsHome(store: Store): HomeSource {
  return async (actor) => {
    if (!can(actor, 'concerns.triage') || actor.role === 'admin') return [];
    const row = await store.asUser(actor, (tx) =>
      tx.selectFrom('concern_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('council_id', '=', actor.orgId).where('status', '=', 'new').executeTakeFirstOrThrow(),
    );
    return [{ group: 'Your work', text: 'Reports from the public to triage', count: Number(row.n), href: paths.triage.queue, urgent: true }];
  };
}
