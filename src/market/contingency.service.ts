import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import type { ContingencyStatus } from '../core/db/schema.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import { latestOccupancy } from '../returns/index.ts';
import { scheduleMonitoringVisits } from '../visits/index.ts';
import * as assurance from './assurance.repository.ts';
import { actionOverdue, addDays, assuranceDays, canMoveTo, CONTINGENCY_STATUS_LABELS, stakeTotals, vacancies, visitDueDates } from './contingency.rules.ts';
import * as repo from './contingency.repository.ts';
import type { ActionInput } from './contingency.schemas.ts';

type PlanRow = NonNullable<Awaited<ReturnType<typeof repo.findPlan>>>;

const toSummary = (row: PlanRow) => ({
  id: row.id,
  providerId: row.provider_id,
  providerName: row.provider_name,
  status: row.status,
  visitEveryDays: row.visit_every_days,
  event: { id: row.event_id, kind: row.kind, occurredOn: row.occurred_on, source: row.source, summary: row.summary },
  services: row.services,
  openActions: row.open_actions,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
export type PlanSummary = ReturnType<typeof toSummary>;

/** Care homes' categories: capacity elsewhere is counted in beds. */
const BED_CATEGORIES = new Set(['care_home_older_people', 'care_home_adults_with_disabilities']);

/**
 * Contingency plans (issue 18): the group's services at stake with their figures, capacity elsewhere, the
 * monitoring the plan sets (visits, daily assurance statements), its actions and its status. The council's
 * own; another council's plan is not found.
 */
export function contingencyService(store: Store) {
  async function plan(tx: Tx, id: string) {
    const row = await repo.findPlan(tx, id);
    if (!row) throw new NotFound('Contingency plan');
    return row;
  }

  async function writable(tx: Tx, id: string) {
    const row = await plan(tx, id);
    if (row.status === 'closed') throw new Conflict('This contingency plan is closed');
    return row;
  }

  async function capacity(tx: Tx, councilId: string, services: Awaited<ReturnType<typeof repo.planServices>>) {
    const categories = [...new Set(services.filter((s) => BED_CATEGORIES.has(s.category)).map((s) => s.category))];
    const homes = await repo.bedsElsewhere(tx, councilId, categories, services.map((s) => s.service_id));
    const occupancy = await latestOccupancy(tx, homes.map((h) => h.id));
    return homes.map((h) => {
      const o = occupancy.get(h.id);
      return { serviceId: h.id, serviceName: h.name, providerName: h.provider_name, category: h.category, registeredBeds: h.beds, bedsOccupied: o?.bedsOccupied ?? null, period: o ? { year: o.year, quarter: o.quarter } : null, vacancies: vacancies(h.beds, o?.bedsOccupied) };
    });
  }

  return {
    async list(actor: Actor, status?: ContingencyStatus): Promise<PlanSummary[]> {
      authorise(actor, 'market.read');
      return store.asUser(actor, async (tx) => (await repo.councilPlans(tx, status)).map(toSummary));
    },

    /** The plan whole: services at stake and totals, capacity elsewhere, assurance received, actions. */
    async get(actor: Actor, id: string) {
      authorise(actor, 'market.read');
      return store.asUser(actor, async (tx) => {
        const row = await plan(tx, id);
        const on = today();
        const services = await repo.planServices(tx, id);
        const items = services.map((s) => ({
          serviceId: s.service_id,
          serviceName: s.service_name,
          providerName: s.provider_name,
          category: s.category,
          council: { id: s.service_council_id, name: s.council_name },
          own: s.service_council_id === row.council_id,
          notCommissioned: s.not_commissioned,
          peopleFunded: s.people_funded,
          beds: s.beds,
          hoursPerWeek: s.hours_per_week,
          bedsOrHours: s.beds ?? s.hours_per_week,
          unit: s.beds !== null ? ('beds' as const) : s.hours_per_week !== null ? ('hours_per_week' as const) : null,
        }));
        const requests = await assurance.requestsOfPlan(tx, id);
        const statements = await assurance.statementsOf(tx, requests.map((r) => r.id));
        const assuranceItems = requests.map((r) => {
          const mine = statements.filter((s) => s.request_id === r.id);
          const days = assuranceDays({ fromOn: r.from_on, untilOn: r.until_on }, new Set(mine.map((s) => s.statement_on)), on);
          return {
            serviceId: r.service_id,
            serviceName: r.service_name,
            fromOn: r.from_on,
            untilOn: r.until_on,
            received: mine.length,
            overdue: days.filter((d) => d.status === 'overdue').length,
            latest: mine[0] ? { statementOn: mine[0].statement_on, careDelivered: mine[0].care_delivered, staffingSafe: mine[0].staffing_safe, missedCalls: mine[0].missed_calls, concerns: mine[0].concerns } : null,
          };
        });
        const actions = (await repo.planActions(tx, id)).map((a) => ({ id: a.id, description: a.description, owner: a.owner_name, dueOn: a.due_on, doneOn: a.done_on, overdue: actionOverdue({ dueOn: a.due_on, doneOn: a.done_on }, on) }));
        return {
          ...toSummary(row),
          statusLabel: CONTINGENCY_STATUS_LABELS[row.status],
          services: items,
          totals: stakeTotals(items.map((s) => ({ own: s.own, notCommissioned: s.notCommissioned, peopleFunded: s.peopleFunded, beds: s.beds, hoursPerWeek: s.hoursPerWeek }))),
          capacity: await capacity(tx, row.council_id, services),
          assurance: assuranceItems,
          actions,
        };
      });
    },

    async addAction(actor: Actor, id: string, input: ActionInput) {
      authorise(actor, 'market.write');
      return store.asUser(actor, async (tx) => {
        const row = await writable(tx, id);
        return repo.insertAction(tx, { planId: id, councilId: row.council_id, description: input.description, ownerName: input.ownerName, dueOn: input.dueOn, createdBy: actor.userId });
      });
    },

    async completeAction(actor: Actor, id: string, actionId: string) {
      authorise(actor, 'market.write');
      await store.asUser(actor, async (tx) => {
        await writable(tx, id);
        if (!(await repo.completeAction(tx, id, actionId, today()))) throw new NotFound('Action');
      });
    },

    async setStatus(actor: Actor, id: string, status: ContingencyStatus) {
      authorise(actor, 'market.write');
      await store.asUser(actor, async (tx) => {
        const row = await plan(tx, id);
        if (!canMoveTo(row.status, status)) {
          throw new Invalid([{ path: 'status', message: row.status === 'closed' ? 'A closed plan cannot be opened again: record a new market event' : `The plan is already ${CONTINGENCY_STATUS_LABELS[status].toLowerCase()}` }]);
        }
        await repo.setStatus(tx, id, status);
      });
    },

    /** The number of people the council funds at one of its own services of the plan, as the officer knows it. */
    async setPeopleFunded(actor: Actor, id: string, serviceId: string, peopleFunded: number) {
      authorise(actor, 'market.write');
      await store.asUser(actor, async (tx) => {
        await writable(tx, id);
        if (!(await repo.setPeopleFunded(tx, id, serviceId, peopleFunded))) throw new Invalid([{ path: 'serviceId', message: 'Select one of the council’s own services of the plan' }]);
      });
    },

    /** Sets how often to visit (scheduling the next visits) and asks for daily assurance statements for some days from today. */
    async setMonitoring(actor: Actor, id: string, input: { visitEveryDays: 7 | 14 | 28 | null; assuranceDays?: number | undefined }) {
      authorise(actor, 'market.write');
      await store.asUser(actor, async (tx) => {
        const row = await writable(tx, id);
        await repo.setVisitEvery(tx, id, input.visitEveryDays);
        const own = (await repo.planServices(tx, id)).filter((s) => s.service_council_id === row.council_id && !s.not_commissioned).map((s) => s.service_id);
        const on = today();
        if (input.visitEveryDays) {
          const officers = await repo.leadOfficers(tx, own);
          for (const serviceId of own) {
            await scheduleMonitoringVisits(tx, { councilId: row.council_id, serviceId, dueDates: visitDueDates(on, input.visitEveryDays), purpose: 'Contingency plan monitoring visit.', officerId: officers.get(serviceId) ?? actor.userId, createdBy: actor.userId });
          }
        }
        if (input.assuranceDays) await repo.insertAssuranceRequests(tx, id, row.council_id, own, on, addDays(on, input.assuranceDays - 1));
      });
    },
  };
}

export type ContingencyService = ReturnType<typeof contingencyService>;
