import { fullAssessmentsOfService } from '../assessments/index.ts';
import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound, type FieldError } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { toVisit, type Visit } from './visit.model.ts';
import type { JointPartner, VisitKind } from './visit.rules.ts';
import * as repo from './visits.repository.ts';
import { cancelVisitSchema, planVisitSchema, rearrangeVisitSchema, recordNewVisitSchema, recordVisitSchema } from './visits.schemas.ts';

/** An action plan a visit may follow up, as the visit forms offer it. */
export interface PlanChoice {
  readonly id: string;
  /** The day of the assessment the plan follows up. */
  readonly assessedOn: string;
}

/**
 * The action plans of a service, newest first. Action plans use visits (a plan has its update visit), so
 * visits cannot ask them: the composition root hands this read model in from the actions capability.
 */
type PlansOfService = (tx: Tx, serviceId: string) => Promise<readonly PlanChoice[]>;

export interface VisitsOptions {
  /** Without it, no action plan is offered and none may be linked. */
  readonly plansOfService?: PlansOfService;
}

export function visitsService(store: Store, options: VisitsOptions = {}) {
  const plansOfService: PlansOfService = options.plansOfService ?? (() => Promise.resolve([]));

  /** What a visit of the service can be linked to: its full assessments and its action plans. */
  async function linkOptions(tx: Tx, serviceId: string) {
    const [assessments, plans] = await Promise.all([fullAssessmentsOfService(tx, serviceId), plansOfService(tx, serviceId)]);
    return { assessments, plans };
  }

  async function serviceOf(tx: Tx, actor: Actor, serviceId: string) {
    const service = await repo.serviceHeader(tx, serviceId);
    // A service of another council is as good as absent.
    if (!service || service.council_id !== actor.orgId) throw new NotFound('Service');
    return service;
  }

  async function load(tx: Tx, id: string): Promise<Visit> {
    const row = await repo.findVisit(tx, id);
    if (!row) throw new NotFound('Visit');
    return toVisit(row, today());
  }

  /** Checks what the database would refuse less kindly: the officer, and that links are of this service. */
  async function checkReferences(
    tx: Tx,
    councilId: string,
    serviceId: string,
    values: { officerId?: string | undefined; assessmentId?: string | undefined; actionPlanId?: string | undefined; kind?: VisitKind },
  ) {
    const errors: FieldError[] = [];
    if (values.officerId) {
      const officers = await repo.visitingOfficers(tx, councilId);
      if (!officers.some((o) => o.id === values.officerId)) errors.push({ path: 'officerId', message: 'Select an officer from the list' });
    }
    if (values.assessmentId || values.actionPlanId) {
      const links = await linkOptions(tx, serviceId);
      if (values.assessmentId && !links.assessments.some((a) => a.id === values.assessmentId)) {
        errors.push({ path: 'assessmentId', message: 'Select an assessment of this service' });
      }
      if (values.actionPlanId && !links.plans.some((p) => p.id === values.actionPlanId)) {
        errors.push({ path: 'actionPlanId', message: 'Select an action plan of this service' });
      } else if (values.actionPlanId && values.kind === 'follow_up' && (await repo.followUpOfPlan(tx, values.actionPlanId))) {
        errors.push({ path: 'actionPlanId', message: 'This action plan already has an update visit: rearrange that one, or cancel it first' });
      }
    }
    if (errors.length) throw new Invalid(errors);
  }

  /** A visit planned, or recorded without having been planned: the same row, with its dates and outcome. */
  function insertFor(
    actor: Actor,
    serviceId: string,
    values: { kind: VisitKind; jointWith?: readonly JointPartner[]; jointDetail?: string | undefined; purpose?: string | undefined; officerId?: string | undefined; assessmentId?: string | undefined; actionPlanId?: string | undefined },
    when: Pick<repo.NewVisit, 'dueBy' | 'plannedOn' | 'visitedOn' | 'outcome'>,
  ): Promise<Visit> {
    return store.asUser(actor, async (tx) => {
      const service = await serviceOf(tx, actor, serviceId);
      await checkReferences(tx, actor.orgId, serviceId, values);
      const id = await repo.insertVisit(tx, {
        councilId: service.council_id,
        serviceId,
        kind: values.kind,
        jointWith: values.kind === 'joint' ? (values.jointWith ?? []) : [],
        jointDetail: values.kind === 'joint' ? (values.jointDetail ?? null) : null,
        purpose: values.purpose ?? null,
        ...when,
        officerId: values.officerId ?? actor.userId,
        assessmentId: values.assessmentId ?? null,
        actionPlanId: values.actionPlanId ?? null,
        createdBy: actor.userId,
      });
      return load(tx, id);
    });
  }

  return {
    async forService(actor: Actor, serviceId: string) {
      authorise(actor, 'visits.read');
      return store.asUser(actor, async (tx) => {
        const service = await serviceOf(tx, actor, serviceId);
        const rows = await repo.visitsOfService(tx, serviceId);
        const on = today();
        return { service: { id: service.id, name: service.name, providerName: service.provider_name }, visits: rows.map((r) => toVisit(r, on)) };
      });
    },

    /** Every visit of the council (or of one service), for a spreadsheet. */
    async councilVisits(actor: Actor, serviceId?: string): Promise<Visit[]> {
      authorise(actor, 'visits.read');
      return store.asUser(actor, async (tx) => {
        if (serviceId) await serviceOf(tx, actor, serviceId);
        const on = today();
        return (await repo.councilVisits(tx, actor.orgId, serviceId)).map((r) => toVisit(r, on));
      });
    },

    async get(actor: Actor, id: string): Promise<Visit> {
      authorise(actor, 'visits.read');
      return store.asUser(actor, (tx) => load(tx, id));
    },

    /** The choices the visit forms offer: the council's visiting officers, and the service's assessments and plans. */
    async formOptions(actor: Actor, serviceId: string) {
      authorise(actor, 'visits.write');
      return store.asUser(actor, async (tx) => {
        const service = await serviceOf(tx, actor, serviceId);
        const [officers, links] = await Promise.all([repo.visitingOfficers(tx, actor.orgId), linkOptions(tx, serviceId)]);
        return { service: { id: service.id, name: service.name, leadOfficerId: service.lead_officer_id }, officers, ...links };
      });
    },

    async plan(actor: Actor, serviceId: string, input: unknown): Promise<Visit> {
      authorise(actor, 'visits.write');
      const values = parse(planVisitSchema(today()), input);
      return insertFor(actor, serviceId, values, { dueBy: values.dueBy ?? null, plannedOn: values.plannedOn ?? null, visitedOn: null, outcome: null });
    },

    /** Records a visit that happened without being planned in the system first. */
    async recordNew(actor: Actor, serviceId: string, input: unknown): Promise<Visit> {
      authorise(actor, 'visits.write');
      const values = parse(recordNewVisitSchema(today()), input);
      return insertFor(actor, serviceId, values, { dueBy: null, plannedOn: null, visitedOn: values.visitedOn, outcome: values.outcome });
    },

    /** Records a planned visit as done, with what it found; a recorded visit's record may be corrected. */
    async record(actor: Actor, id: string, input: unknown): Promise<Visit> {
      authorise(actor, 'visits.write');
      const values = parse(recordVisitSchema(today()), input);
      return store.asUser(actor, async (tx) => {
        const visit = await load(tx, id);
        if (visit.state === 'cancelled') throw new Conflict('This visit was cancelled, so it cannot be recorded. Record a new visit instead.');
        await checkReferences(tx, actor.orgId, visit.serviceId, { officerId: values.officerId });
        const officerId = values.officerId ?? visit.officer?.id ?? actor.userId;
        const changed =
          visit.state === 'done'
            ? await repo.updateRecordedVisit(tx, id, { visited_on: values.visitedOn, outcome: values.outcome, officer_id: officerId })
            : await repo.updateOpenVisit(tx, id, { visited_on: values.visitedOn, outcome: values.outcome, officer_id: officerId, recorded_by: actor.userId });
        if (!changed) throw new Conflict('This visit changed while you were looking at it. Check it and try again.');
        return load(tx, id);
      });
    },

    async rearrange(actor: Actor, id: string, input: unknown): Promise<Visit> {
      authorise(actor, 'visits.write');
      const values = parse(rearrangeVisitSchema(today()), input);
      return store.asUser(actor, async (tx) => {
        const visit = await load(tx, id);
        if (visit.state === 'done' || visit.state === 'cancelled') throw new Conflict('Only a visit that is still to happen can be rearranged');
        await checkReferences(tx, actor.orgId, visit.serviceId, { officerId: values.officerId });
        const changed = await repo.updateOpenVisit(tx, id, {
          planned_on: values.plannedOn,
          ...(values.officerId ? { officer_id: values.officerId } : {}),
          ...(values.purpose === undefined ? {} : { purpose: values.purpose }),
        });
        if (!changed) throw new Conflict('This visit changed while you were looking at it. Check it and try again.');
        return load(tx, id);
      });
    },

    async cancel(actor: Actor, id: string, input: unknown): Promise<Visit> {
      authorise(actor, 'visits.write');
      const values = parse(cancelVisitSchema, input);
      return store.asUser(actor, async (tx) => {
        const visit = await load(tx, id);
        if (visit.state === 'done' || visit.state === 'cancelled') throw new Conflict('Only a visit that is still to happen can be cancelled');
        const changed = await repo.updateOpenVisit(tx, id, { cancelled_on: today(), cancel_reason: values.reason });
        if (!changed) throw new Conflict('This visit changed while you were looking at it. Check it and try again.');
        return load(tx, id);
      });
    },

    /** Visits made by the council in a period, by kind (for the quarterly report). */
    async countByKind(actor: Actor, from: string, to: string, category?: string) {
      authorise(actor, 'visits.read');
      return store.asUser(actor, (tx) => repo.countVisitsByKind(tx, from, to, category));
    },
  };
}

export type VisitsService = ReturnType<typeof visitsService>;
