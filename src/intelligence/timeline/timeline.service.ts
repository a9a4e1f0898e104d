import type { Actor, Store } from '../../core/db/database.ts';
import { authorise } from '../../core/auth/permissions.ts';
import { NotFound } from '../../core/errors.ts';
import type { TimelineSource } from '../../core/http/extensions.ts';
import { findService } from '../intelligence.repository.ts';
import { filterTimeline, mergeTimeline, type TimelineFilter } from './timeline.ts';

/**
 * A service's timeline: every capability's dated events (intelligence, CQC changes, assessments,
 * visits, ratings…) gathered through the extension point and merged newest first. Each source reads
 * as the actor, so row-level security still decides what each person sees.
 */
export function timelineService(store: Store, sources: readonly TimelineSource[]) {
  return {
    async forService(actor: Actor, serviceId: string, filter: TimelineFilter = {}) {
      authorise(actor, 'timeline.read');
      const service = await store.asUser(actor, (tx) => findService(tx, serviceId));
      if (!service) throw new NotFound('Service');
      const lists = await Promise.all(sources.map((source) => source(actor, serviceId)));
      const all = mergeTimeline(lists);
      return { service: { id: service.id, name: service.name }, all, events: filterTimeline(all, filter) };
    },
  };
}

export type TimelineService = ReturnType<typeof timelineService>;
