import { today } from '../core/clock.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import type { ReturnsOverviewService } from './overview.service.ts';
import { periodLabel } from './periods.ts';

const dayMonth = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * A provider user's home page: for each of its services, the quarterly return it owes (due, overdue, or
 * queried by the council), each a line leading to the return. Nothing of the council's own records.
 */
export function returnsHome(overview: ReturnsOverviewService): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'provider' || actor.role !== 'provider') return [];
    const items = await overview.forProvider(actor, today());
    return items
      .filter((i) => i.status === 'missing' || i.status === 'late' || i.status === 'queried')
      .map((i) => ({
        group: 'Quarterly returns',
        text:
          i.status === 'queried'
            ? `${i.serviceName}: the council has a question about your ${periodLabel(i)} return`
            : `${i.serviceName}: ${periodLabel(i)} return ${i.status === 'late' ? 'overdue, it was due' : 'due'} by ${dayMonth(i.dueOn)}`,
        count: 1,
        href: paths.returns.list,
        urgent: i.status !== 'missing',
      }));
  };
}
