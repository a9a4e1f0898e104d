import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import { addDays } from '../core/dates.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource, HomeTask } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';

/** How far ahead a review date counts as due on the home page. */
export const REVIEW_DUE_DAYS = 14;

/**
 * Escalation's lines on a commissioner's home page: suspensions and contract processes whose review date has
 * come or comes within two weeks, and the council's open concerns cases by stage.
 */
export function escalationHome(store: Store): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'council' || !can(actor, 'escalation.decide')) return [];
    const by = addDays(today(), REVIEW_DUE_DAYS);
    const { suspensions, processes, stages } = await store.asUser(actor, async (tx) => ({
      suspensions: await tx
        .selectFrom('suspensions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('council_id', '=', actor.orgId)
        .where('status', '=', 'active')
        .where('review_on', '<=', by)
        .executeTakeFirstOrThrow(),
      processes: await tx
        .selectFrom('contract_processes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('council_id', '=', actor.orgId)
        .where('status', '=', 'open')
        .where('review_on', '<=', by)
        .executeTakeFirstOrThrow(),
      stages: await tx
        .selectFrom('concerns_cases')
        .select((eb) => ['stage', eb.fn.countAll<number>().as('n')])
        .where('council_id', '=', actor.orgId)
        .where('status', '=', 'open')
        .groupBy('stage')
        .orderBy('stage')
        .execute(),
    }));
    const tasks: HomeTask[] = [
      { group: 'Waiting for your approval', text: 'Suspensions of placements due for review', count: Number(suspensions.n), href: paths.escalation.overview, urgent: true },
      { group: 'Waiting for your approval', text: 'Contract processes due for review', count: Number(processes.n), href: paths.escalation.overview, urgent: true },
    ];
    for (const stage of [1, 2, 3, 4, 5]) {
      tasks.push({ group: 'Open concerns cases', text: `At stage ${stage}`, count: Number(stages.find((s) => s.stage === stage)?.n ?? 0), href: paths.escalation.overview });
    }
    return tasks;
  };
}
