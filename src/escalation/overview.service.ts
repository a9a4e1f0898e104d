import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { casesCovering, openActions, openCases } from './cases.repository.ts';
import { casesWithOverdue, toCase, type ConcernsCase } from './cases.service.ts';
import { isCaseActionOverdue, type AttendeeOrganisationType } from './escalation.rules.ts';
import { openProcesses, processesForService } from './processes.repository.ts';
import { toProcess } from './processes.service.ts';
import { findService, providerAncestors } from './subjects.repository.ts';
import { activeSuspensions, suspensionEvents, suspensionsForService } from './suspensions.repository.ts';
import { toSuspension } from './suspensions.service.ts';

/** An action past its due date, with the case it belongs to, for the overview. */
export interface OverdueAction {
  readonly id: string;
  readonly caseId: string;
  readonly subject: ConcernsCase['subject'];
  readonly description: string;
  readonly ownerName: string;
  readonly ownerOrganisationType: AttendeeOrganisationType;
  readonly dueOn: string;
}

/** What is escalated, at a glance: across the council, and about one service. */
export function overviewService(store: Store) {
  return {
    /** Everything escalated about one service: the cases covering it, its suspensions and contractual processes. */
    async forService(actor: Actor, serviceId: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, async (tx) => {
        const service = await findService(tx, serviceId);
        if (!service) throw new NotFound('Service');
        const ancestors = await providerAncestors(tx, service.provider_id);
        const cases = await casesWithOverdue(tx, await casesCovering(tx, serviceId, ancestors));
        const suspensionRows = await suspensionsForService(tx, serviceId);
        const events = await suspensionEvents(
          tx,
          suspensionRows.map((s) => s.id),
        );
        const day = today();
        return {
          service: { id: service.id, name: service.name, provider: { id: service.provider_id, name: service.provider_name } },
          cases,
          suspensions: suspensionRows.map((row) => toSuspension(row, events, day)),
          processes: (await processesForService(tx, serviceId)).map((row) => toProcess(row, day)),
        };
      });
    },

    /** The council's open cases, suspensions in force and open processes, and the actions of those cases now overdue. */
    async overview(actor: Actor) {
      authorise(actor, 'escalation.read');
      const day = today();
      // Kept until one of the council's services, cases or providers changes: every work list and home page of the
      // council reads it (only the council's own staff see its cases, so no other council's records show in it).
      return store.asUser(actor, (tx) =>
        store.keepByCouncil(tx, `escalation.overview:${actor.userId}:${actor.orgId}:${actor.role}:${day}`, actor.orgId, async () => {
          const caseRows = await openCases(tx);
          const cases = caseRows.map((row) => toCase(row));
          const caseById = new Map(cases.map((c) => [c.id, c]));
          const overdueActions: OverdueAction[] = (
            await openActions(
              tx,
              caseRows.map((r) => r.id),
            )
          )
            .filter((a) => isCaseActionOverdue({ status: a.status, dueOn: a.due_on }, 'open', day))
            .map((a) => ({
              id: a.id,
              caseId: a.case_id,
              subject: caseById.get(a.case_id)!.subject,
              description: a.description,
              ownerName: a.owner_name,
              ownerOrganisationType: a.owner_organisation_type,
              dueOn: a.due_on,
            }));
          return {
            today: day,
            cases: cases.map((c) => ({ ...c, overdueActions: overdueActions.filter((a) => a.caseId === c.id).length })),
            suspensions: (await activeSuspensions(tx)).map((row) => toSuspension(row, [], day)),
            processes: (await openProcesses(tx)).map((row) => toProcess(row, day)),
            overdueActions,
          };
        }),
      );
    },
  };
}
