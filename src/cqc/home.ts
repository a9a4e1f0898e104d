import { now } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';

/** CQC imports on an administrator's home page: those of the last 30 days, and any refused. */
export function cqcHome(store: Store): HomeSource {
  return async (actor) => {
    if (actor.role !== 'admin' || actor.orgKind !== 'council') return [];
    const since = new Date(now().getTime() - 30 * 24 * 60 * 60 * 1000);
    const row = await store.asUser(actor, (tx) =>
      tx
        .selectFrom('cqc_imports')
        .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.countAll<number>().filterWhere('outcome', '=', 'refused').as('refused')])
        .where('started_at', '>=', since)
        .executeTakeFirstOrThrow(),
    );
    return [
      { group: 'Administration', text: 'CQC imports in the last 30 days', count: Number(row.all), href: paths.cqc.import },
      { group: 'Administration', text: 'CQC files refused in the last 30 days', count: Number(row.refused), href: paths.cqc.import, urgent: true },
    ];
  };
}
