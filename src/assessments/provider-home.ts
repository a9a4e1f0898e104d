import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';

const longDate = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Assessments' lines on a provider user's home page, for each service it runs (row-level security shows it
 * only those, and of the council's assessments only the completed and published ones): an assessment open
 * for its factual accuracy comments, and reports published in the last year. No drafts, scores or notes.
 */
export function assessmentsProviderHome(store: Store): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'provider' || actor.role !== 'provider') return [];
    const on = today();
    const yearAgo = `${Number(on.slice(0, 4)) - 1}${on.slice(4)}`;
    const rows = await store.asUser(actor, (tx) =>
      tx
        .selectFrom('assessments as a')
        .innerJoin('services as s', 's.id', 'a.service_id')
        .select(['a.id', 'a.status', 'a.review_ends_on', 'a.published_on', 's.name as service_name'])
        .where('a.kind', '=', 'full')
        .where((eb) => eb.or([eb.and([eb('a.status', '=', 'completed'), eb('a.review_ends_on', '>=', on)]), eb.and([eb('a.status', '=', 'published'), eb('a.published_on', '>=', yearAgo)])]))
        .orderBy('s.name')
        .execute(),
    );
    return rows.map((r) =>
      r.status === 'completed'
        ? { group: 'Assessments', text: `${r.service_name}: assessment open for your factual accuracy comments until ${longDate(r.review_ends_on!)}`, count: 1, href: paths.assessments.show(r.id), urgent: true }
        : { group: 'Assessments', text: `${r.service_name}: assessment report published on ${longDate(r.published_on!)}`, count: 1, href: paths.assessments.show(r.id) },
    );
  };
}
