import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import { serviceRisks } from './risk.read.ts';

const longDate = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * A provider user's home page: for each service it runs, the self-assessment the council's monitoring
 * regime asks of it when it is overdue or due soon, and its date. The provider may not read the council's
 * ratings, so the dates are worked out by the system from the services the user can see (row-level security
 * picks them), and only the self-assessment's date comes back: no band, score or other date.
 */
export function riskProviderHome(store: Store): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'provider' || actor.role !== 'provider') return [];
    const services = await store.asUser(actor, (tx) => tx.selectFrom('services').select(['id', 'name', 'council_id']).orderBy('name').execute());
    if (!services.length) return [];
    const on = today();
    const due = await store.asSystem(async (tx) => {
      const out = new Map<string, { dueOn: string; status: string }>();
      for (const councilId of new Set(services.map((s) => s.council_id))) {
        const risks = await serviceRisks(tx, councilId, services.filter((s) => s.council_id === councilId).map((s) => s.id), on);
        for (const [id, risk] of risks) if (risk.schedule.selfAssessment) out.set(id, risk.schedule.selfAssessment);
      }
      return out;
    });
    return services.flatMap((s) => {
      const self = due.get(s.id);
      if (!self || self.status === 'scheduled') return [];
      const overdue = self.status === 'overdue';
      return [{ group: 'Self-assessments', text: `${s.name}: self-assessment ${overdue ? 'overdue, it was due' : 'due'} by ${longDate(self.dueOn)}`, count: 1, href: paths.assessments.list, urgent: overdue }];
    });
  };
}
