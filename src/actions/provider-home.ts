import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';

const longDate = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DUE_SOON_DAYS = 30;

/**
 * Action plans' lines on a provider user's home page: for each plan shared with it (row-level security shows
 * only those, on the services it runs), its own actions not yet done that are overdue or due in the next 30
 * days, with the soonest date. Nothing the council keeps to itself.
 */
export function actionPlansProviderHome(store: Store): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'provider' || actor.role !== 'provider') return [];
    const on = today();
    const soon = new Date(`${on}T12:00:00Z`);
    soon.setUTCDate(soon.getUTCDate() + DUE_SOON_DAYS);
    const rows = await store.asUser(actor, (tx) =>
      tx
        .selectFrom('actions as a')
        .innerJoin('action_plans as p', 'p.id', 'a.plan_id')
        .innerJoin('services as s', 's.id', 'p.service_id')
        .select(['p.id as plan_id', 's.name as service_name', 'a.due_on'])
        .where('a.owner_org', '=', 'provider')
        .where('a.status', 'in', ['open', 'in_progress'])
        .where('p.status', 'in', ['shared', 'agreed', 'in_progress'])
        .where('a.due_on', '<=', soon.toISOString().slice(0, 10))
        .orderBy('s.name')
        .orderBy('a.due_on')
        .execute(),
    );
    const byPlan = new Map<string, { service: string; dates: string[] }>();
    for (const r of rows) {
      const plan = byPlan.get(r.plan_id) ?? { service: r.service_name, dates: [] };
      plan.dates.push(String(r.due_on));
      byPlan.set(r.plan_id, plan);
    }
    return [...byPlan.entries()].map(([planId, p]) => {
      const overdue = p.dates.filter((d) => d < on).length;
      const n = p.dates.length;
      return {
        group: 'Action plans',
        text: overdue
          ? `${p.service}: ${overdue === 1 ? 'an action' : `${overdue} actions`} overdue, the first due ${longDate(p.dates[0]!)}`
          : `${p.service}: ${n === 1 ? 'an action' : `${n} actions`} due by ${longDate(p.dates.at(-1)!)}`,
        count: n,
        href: paths.actionPlans.show(planId),
        urgent: overdue > 0,
      };
    });
  };
}
