import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import * as repo from './assurance.repository.ts';
import { assuranceDays } from './contingency.rules.ts';
import type { StatementInput } from './contingency.schemas.ts';

/**
 * Daily assurance statements (seed 000: "Daily assurance statements from the provider were requested and are
 * being received"): what a provider user sees of a contingency plan is only this, the days asked of its own
 * services and the short form for each. Row-level security shows it nothing else.
 */
export function assuranceService(store: Store) {
  return {
    /** The provider's requests, each with its days up to today (due, overdue or sent). */
    async due(actor: Actor) {
      authorise(actor, 'assurance.submit');
      return store.asUser(actor, async (tx) => {
        const requests = await repo.visibleRequests(tx);
        const statements = await repo.statementsOf(tx, requests.map((r) => r.id));
        const on = today();
        return requests.map((r) => {
          const sent = statements.filter((s) => s.request_id === r.id);
          return {
            id: r.id,
            serviceId: r.service_id,
            serviceName: r.service_name,
            councilName: r.council_name,
            fromOn: r.from_on,
            untilOn: r.until_on,
            days: assuranceDays({ fromOn: r.from_on, untilOn: r.until_on }, new Set(sent.map((s) => s.statement_on)), on),
          };
        });
      });
    },

    async request(actor: Actor, requestId: string) {
      authorise(actor, 'assurance.submit');
      return store.asUser(actor, async (tx) => {
        const r = await repo.findRequest(tx, requestId);
        if (!r) throw new NotFound('Assurance request');
        return { id: r.id, serviceId: r.service_id, serviceName: r.service_name, councilName: r.council_name, fromOn: r.from_on, untilOn: r.until_on };
      });
    },

    /** Sends one day's statement; a day outside the request, still to come, or already sent is refused. */
    async submit(actor: Actor, requestId: string, input: StatementInput) {
      authorise(actor, 'assurance.submit');
      return store.asUser(actor, async (tx) => {
        const r = await repo.findRequest(tx, requestId);
        if (!r) throw new NotFound('Assurance request');
        if (input.statementOn < r.from_on || input.statementOn > r.until_on || input.statementOn > today()) {
          throw new Invalid([{ path: 'statementOn', message: 'The day must be one the council asked for, up to today' }]);
        }
        const row = await repo.insertStatement(tx, {
          requestId,
          councilId: r.council_id,
          serviceId: r.service_id,
          statementOn: input.statementOn,
          careDelivered: input.careDelivered,
          staffingSafe: input.staffingSafe,
          missedCalls: input.missedCalls!,
          concerns: input.concerns ?? null,
          submittedBy: actor.userId,
        });
        if (!row) throw new Conflict('A statement for that day has already been sent', 'statementOn');
        return { id: row.id, requestId, statementOn: input.statementOn };
      });
    },
  };
}

export type AssuranceService = ReturnType<typeof assuranceService>;
