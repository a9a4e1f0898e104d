import type { Actor, Store } from '../core/db/database.ts';
import type { TimelineEvent } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import { caseEvents, casesCovering, meetings } from './cases.repository.ts';
import type { Attendee } from './cases.service.ts';
import { caseEventLine, meetingLine, processLines, suspensionEventLine } from './escalation.view.ts';
import { processesForService } from './processes.repository.ts';
import { findService, providerAncestors } from './subjects.repository.ts';
import { suspensionEvents, suspensionsForService } from './suspensions.repository.ts';

/** Escalation's lines on a service's timeline: case steps and meetings, suspension steps, processes started and ended. */
export function timelineService(store: Store) {
  return {
    async timelineEvents(actor: Actor, serviceId: string): Promise<TimelineEvent[]> {
      return store.asUser(actor, async (tx) => {
        const service = await findService(tx, serviceId);
        if (!service) return [];
        const ancestors = await providerAncestors(tx, service.provider_id);
        const cases = await casesCovering(tx, serviceId, ancestors);
        const ids = cases.map((c) => c.id);
        const caseById = new Map(cases.map((c) => [c.id, c]));
        const lines: TimelineEvent[] = [];
        for (const e of await caseEvents(tx, ids)) {
          const owner = caseById.get(e.case_id);
          const group = owner && !owner.service_id ? (owner.provider_name ?? 'the provider group') : undefined;
          lines.push({ occurredOn: e.occurred_on, kind: 'escalation', source: 'concerns', sourceLabel: 'Concerns procedure', summary: caseEventLine(e, group), href: paths.escalation.case(e.case_id), recordId: e.id });
        }
        for (const m of await meetings(tx, ids)) {
          lines.push({ occurredOn: m.held_on, kind: 'escalation', source: 'concerns', sourceLabel: 'Concerns procedure', summary: meetingLine(m.attendees as Attendee[]), href: paths.escalation.case(m.case_id), recordId: m.id });
        }
        const suspensions = await suspensionsForService(tx, serviceId);
        for (const e of await suspensionEvents(tx, suspensions.map((s) => s.id))) {
          lines.push({ occurredOn: e.occurred_on, kind: 'escalation', source: 'suspension', sourceLabel: 'Suspension of placements', summary: suspensionEventLine(e), href: paths.escalation.suspension(e.suspension_id), recordId: e.id });
        }
        for (const p of await processesForService(tx, serviceId)) lines.push(...processLines(p));
        return lines.sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
      });
    },
  };
}
