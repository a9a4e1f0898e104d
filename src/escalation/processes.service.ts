import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, NotFound } from '../core/errors.ts';
import { checkEventDate, isProcessReviewOverdue, type ContractProcessKind } from './escalation.rules.ts';
import type { EndProcessInput, ProcessInput } from './escalation.schemas.ts';
import * as repo from './processes.repository.ts';
import { findService } from './subjects.repository.ts';

/** A contractual process against a service (Remedies for Poor Performance, Failure to Perform): started, reviewed, ended. */

export interface ContractProcess {
  readonly id: string;
  readonly service: { readonly id: string; readonly name: string };
  readonly kind: ContractProcessKind;
  readonly reason: string;
  readonly startedOn: string;
  readonly reviewOn: string | null;
  readonly status: 'open' | 'ended';
  readonly endedOn: string | null;
  readonly outcome: string | null;
  readonly startedBy: string | null;
  /** Open and its review date has passed. */
  readonly reviewOverdue: boolean;
}

export function toProcess(row: repo.ProcessRow, today: string): ContractProcess {
  return {
    id: row.id,
    service: { id: row.service_id, name: row.service_name },
    kind: row.kind,
    reason: row.reason,
    startedOn: row.started_on,
    reviewOn: row.review_on,
    status: row.status,
    endedOn: row.ended_on,
    outcome: row.outcome,
    startedBy: row.started_by_name,
    reviewOverdue: isProcessReviewOverdue({ status: row.status, reviewOn: row.review_on }, today),
  };
}

async function loadProcess(tx: Tx, id: string): Promise<ContractProcess> {
  const row = await repo.findProcess(tx, id);
  if (!row) throw new NotFound('Contractual process');
  return toProcess(row, today());
}

export function processesService(store: Store) {
  return {
    async startProcess(actor: Actor, serviceId: string, input: ProcessInput) {
      authorise(actor, 'escalation.decide');
      checkEventDate('startedOn', input.startedOn, today());
      return store.asUser(actor, async (tx) => {
        const service = await findService(tx, serviceId);
        if (!service) throw new NotFound('Service');
        const open = (await repo.processesForService(tx, serviceId)).find((p) => p.status === 'open' && p.kind === input.kind);
        if (open) throw new Conflict('This process is already open for the service');
        const { id } = await repo.insertProcess(tx, {
          councilId: service.council_id,
          serviceId,
          kind: input.kind,
          reason: input.reason,
          startedOn: input.startedOn,
          reviewOn: input.reviewOn ?? null,
          startedBy: actor.userId,
        });
        return loadProcess(tx, id);
      });
    },

    async endProcess(actor: Actor, id: string, input: EndProcessInput) {
      authorise(actor, 'escalation.decide');
      return store.asUser(actor, async (tx) => {
        const current = await loadProcess(tx, id);
        if (current.status !== 'open') throw new Conflict('This process has already ended');
        checkEventDate('endedOn', input.endedOn, today(), { date: current.startedOn, what: 'the date it started' });
        await repo.endProcess(tx, id, { endedOn: input.endedOn, outcome: input.outcome, endedBy: actor.userId });
        return loadProcess(tx, id);
      });
    },

    async getProcess(actor: Actor, id: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, (tx) => loadProcess(tx, id));
    },
  };
}
