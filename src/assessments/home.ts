import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import type { HomeSource } from '../core/http/extensions.ts';
import { paths, withQuery } from '../core/http/paths.ts';

/**
 * Assessments' lines on an officer's (or commissioner's) home page: the assessments they started that are
 * still drafts, and those they completed that are in the provider's factual accuracy window.
 */
export function assessmentsHome(store: Store): HomeSource {
  return async (actor) => {
    if (actor.orgKind !== 'council' || (actor.role !== 'officer' && actor.role !== 'commissioner')) return [];
    const counts = await store.asUser(actor, (tx) =>
      tx
        .selectFrom('assessments')
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere('status', '=', 'draft').as('drafts'),
          eb.fn.countAll<number>().filterWhere((w) => w.and([w('status', '=', 'completed'), w('review_ends_on', '>=', today())])).as('inReview'),
        ])
        .where('council_id', '=', actor.orgId)
        .where('kind', '=', 'full')
        .where('created_by', '=', actor.userId)
        .executeTakeFirstOrThrow(),
    );
    return [
      { group: 'Your work', text: 'Your assessments in draft', count: Number(counts.drafts), href: withQuery(paths.assessments.list, { status: 'draft' }) },
      { group: 'Your work', text: 'Your assessments waiting for the provider’s accuracy comments', count: Number(counts.inReview), href: withQuery(paths.assessments.list, { status: 'completed' }) },
    ];
  };
}
