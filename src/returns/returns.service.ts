import { authorise, councilOf } from '../core/auth/permissions.ts';
import { now, today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import { deadline, hasEnded, type Period } from './periods.ts';
import * as repo from './returns.repository.ts';
import { checkAnswers, flagsFor, nextVersion, type AnswerValue, type Answers, type ReturnFlag, type ReturnStatus } from './return.rules.ts';
import { parseSections, templateFor, type Question, type ReturnTemplate } from './template.ts';
import { settingsFor } from './settings.repository.ts';
import { DEFAULT_RETURN_SETTINGS, withThresholds, type ReturnSettings } from './settings.rules.ts';
import { endsPeriod, kindFor, notDueMessage, type PeriodKind, type PeriodSetting } from './period.rules.ts';

/** One version of a service's quarterly return, as the rest of the app sees it. */
export interface ServiceReturn {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly councilId: string;
  readonly templateId: string;
  readonly year: number;
  readonly quarter: number;
  /** The council's period the return is for (it ends with `quarter`): quarterly, half-yearly or annual. */
  readonly kind: PeriodKind;
  readonly version: number;
  readonly status: ReturnStatus;
  readonly answers: Answers;
  readonly flags: readonly ReturnFlag[];
  readonly dueOn: string;
  readonly submitted: { readonly byName: string | null; readonly at: Date } | null;
  readonly query: { readonly message: string; readonly byName: string | null; readonly at: Date } | null;
  readonly accepted: { readonly byName: string | null; readonly at: Date } | null;
  readonly createdAt: Date;
}

export interface ReturnSubmission {
  readonly year: number;
  readonly quarter: number;
  readonly answers: Readonly<Record<string, unknown>>;
}

export function toTemplate(row: repo.TemplateRow): ReturnTemplate {
  return {
    id: row.id,
    key: row.template_key,
    version: row.version,
    name: row.name,
    categories: row.categories,
    sections: parseSections(row.sections),
    appliesFrom: { year: row.applies_from_year, quarter: row.applies_from_quarter },
  };
}

/** A row as the app sees it, with its council's settings (its period and deadline). */
export function toReturn(row: repo.ReturnRow, settings: Pick<ReturnSettings, 'deadlineMonths'> & PeriodSetting = DEFAULT_RETURN_SETTINGS): ServiceReturn {
  const period = { year: row.year, quarter: row.quarter };
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    councilId: row.council_id,
    templateId: row.template_id,
    year: row.year,
    quarter: row.quarter,
    kind: kindFor(settings, period),
    version: row.version,
    status: row.status,
    answers: row.answers as Answers,
    flags: row.flags as ReturnFlag[],
    dueOn: deadline(period, settings.deadlineMonths),
    submitted: row.submitted_at ? { byName: row.submitted_by_name, at: row.submitted_at } : null,
    query: row.queried_at && row.query_message ? { message: row.query_message, byName: row.queried_by_name, at: row.queried_at } : null,
    accepted: row.accepted_at ? { byName: row.accepted_by_name, at: row.accepted_at } : null,
    createdAt: row.created_at,
  };
}

/** A row read back with its council's deadline. */
export async function loaded(tx: Tx, row: repo.ReturnRow): Promise<ServiceReturn> {
  return toReturn(row, await settingsFor(tx, row.council_id));
}

/** Helpers every returns service shares: finding what the actor may see, or a 404. */
export async function visibleService(tx: Tx, serviceId: string) {
  const service = await repo.findService(tx, serviceId);
  if (!service) throw new NotFound('Service');
  return service;
}

export async function visibleReturn(tx: Tx, id: string) {
  const row = await repo.findReturn(tx, id);
  if (!row) throw new NotFound('Return');
  return row;
}

/** The template a service answers for a period, or a refusal saying none applies. */
export async function applicableTemplate(tx: Tx, service: repo.ServiceRow, period: Period): Promise<ReturnTemplate> {
  const template = templateFor((await repo.listTemplates(tx, service.council_id)).map(toTemplate), service.category, period);
  if (!template) throw new Conflict('No quarterly return applies to this service');
  return template;
}

/**
 * A return is owed only for a quarter that has ended and ends one of the council's periods, and never by a
 * service the council does not commission.
 */
async function checkPeriod(tx: Tx, service: repo.ServiceRow, period: Period) {
  if (service.not_commissioned) throw new Conflict('The council does not commission this service, so it owes no returns');
  const settings = await settingsFor(tx, service.council_id);
  if (!endsPeriod(settings, period)) throw new Invalid([{ path: 'quarter', message: notDueMessage(settings, period) }]);
  if (!hasEnded(period, today())) throw new Invalid([{ path: 'quarter', message: 'You can only send a return once its quarter has ended' }]);
}

/** Starts or carries on the period's working version: the draft, or a new version after a query. */
export async function workingVersion(tx: Tx, actor: Actor, service: repo.ServiceRow, period: Period, template: ReturnTemplate) {
  const newest = (await repo.serviceReturns(tx, service.id, period))[0];
  const next = nextVersion(newest);
  if (next.kind === 'refuse') throw new Conflict(next.message);
  if (next.kind === 'draft') return newest!;
  const id = await repo.insertReturn(tx, {
    council_id: service.council_id,
    service_id: service.id,
    template_id: template.id,
    year: period.year,
    quarter: period.quarter,
    version: next.version,
    status: 'draft',
    // A new version after a query starts from what was sent, for the provider to amend.
    answers: newest?.answers ?? {},
    flags: [],
    created_by: actor.userId,
    submitted_by: null,
    submitted_by_name: null,
    submitted_at: null,
  });
  return (await repo.findReturn(tx, id))!;
}

export async function templateOf(tx: Tx, row: repo.ReturnRow): Promise<ReturnTemplate> {
  const t = await repo.findTemplate(tx, row.template_id);
  if (!t) throw new NotFound('Return template');
  return toTemplate(t);
}

export async function finish(tx: Tx, actor: Actor, row: repo.ReturnRow, template: ReturnTemplate, answers: Record<string, AnswerValue>, submit: boolean) {
  const settings = await settingsFor(tx, row.council_id);
  const updated = await repo.updateDraft(tx, row.id, {
    answers,
    // The council's thresholds when it is sent, whatever the template was written with.
    flags: submit ? flagsFor(withThresholds(template, settings), answers) : [],
    status: submit ? 'submitted' : 'draft',
    submitted_by: submit ? actor.userId : null,
    submitted_by_name: submit ? actor.name : null,
    submitted_at: submit ? now() : null,
  });
  if (!updated) throw new Conflict('This return has already been sent');
  return toReturn((await repo.findReturn(tx, row.id))!, settings);
}

/** A whole return, checked and submitted in the caller's transaction (the API, and each row of an upload). */
export async function submitIn(tx: Tx, actor: Actor, serviceId: string, input: ReturnSubmission): Promise<ServiceReturn> {
  const service = await visibleService(tx, serviceId);
  const period = { year: input.year, quarter: input.quarter };
  await checkPeriod(tx, service, period);
  const template = await applicableTemplate(tx, service, period);
  const { answers, errors } = checkAnswers(template, input.answers, { complete: true });
  if (errors.length) throw new Invalid(errors.map((e) => ({ path: `answers.${e.path}`, message: e.message })));
  const row = await workingVersion(tx, actor, service, period, template);
  return finish(tx, actor, row, await templateOf(tx, row), answers, true);
}

/**
 * Drafting, submitting and deciding returns. The provider of a service drafts and submits; the council's
 * officers and commissioners query or accept; every change is one unit of work, audited by the database.
 */
export function returnsService(store: Store) {
  return {
    /** The templates the actor may read: its council's, or those of the councils whose services it provides. */
    async templates(actor: Actor): Promise<ReturnTemplate[]> {
      authorise(actor, 'returns.read');
      return store.asUser(actor, async (tx) => (await repo.listTemplates(tx, councilOf(actor))).map(toTemplate));
    },

    /** POST /api/v1/services/{id}/returns: a whole return, submitted at once (a new version after a query). */
    async submit(actor: Actor, serviceId: string, input: ReturnSubmission): Promise<ServiceReturn> {
      authorise(actor, 'returns.submit');
      return store.asUser(actor, (tx) => submitIn(tx, actor, serviceId, input));
    },

    /** Starts (or finds) the working draft of a period, for the pages. */
    async start(actor: Actor, serviceId: string, period: Period): Promise<ServiceReturn> {
      authorise(actor, 'returns.submit');
      return store.asUser(actor, async (tx) => {
        const service = await visibleService(tx, serviceId);
        await checkPeriod(tx, service, period);
        return loaded(tx, await workingVersion(tx, actor, service, period, await applicableTemplate(tx, service, period)));
      });
    },

    /** Saves some answers of a draft ("save and come back later"): blanks allowed, wrong values refused. */
    async saveAnswers(actor: Actor, returnId: string, raw: Readonly<Record<string, unknown>>, questions: readonly Question[]): Promise<ServiceReturn> {
      authorise(actor, 'returns.submit');
      return store.asUser(actor, async (tx) => {
        const row = await visibleReturn(tx, returnId);
        if (row.status !== 'draft') throw new Conflict('This return has already been sent');
        const template = await templateOf(tx, row);
        const { answers, errors } = checkAnswers(template, raw, { complete: false, questions });
        if (errors.length) throw new Invalid(errors);
        const kept = Object.fromEntries(Object.entries(row.answers as Answers).filter(([key]) => !questions.some((q) => q.key === key)));
        return finish(tx, actor, row, template, { ...kept, ...answers }, false);
      });
    },

    /** Submits a draft after the check-answers page: every required answer must be there. */
    async submitDraft(actor: Actor, returnId: string): Promise<ServiceReturn> {
      authorise(actor, 'returns.submit');
      return store.asUser(actor, async (tx) => {
        const row = await visibleReturn(tx, returnId);
        if (row.status !== 'draft') throw new Conflict('This return has already been sent');
        const template = await templateOf(tx, row);
        const { answers, errors } = checkAnswers(template, row.answers as Answers, { complete: true });
        if (errors.length) throw new Invalid(errors);
        return finish(tx, actor, row, template, answers, true);
      });
    },

    async get(actor: Actor, id: string): Promise<{ ret: ServiceReturn; template: ReturnTemplate }> {
      authorise(actor, 'returns.read');
      return store.asUser(actor, async (tx) => {
        const row = await visibleReturn(tx, id);
        return { ret: await loaded(tx, row), template: await templateOf(tx, row) };
      });
    },

    /** A service's returns, newest period and version first. */
    async listForService(actor: Actor, serviceId: string): Promise<ServiceReturn[]> {
      authorise(actor, 'returns.read');
      return store.asUser(actor, async (tx) => {
        const service = await visibleService(tx, serviceId);
        const settings = await settingsFor(tx, service.council_id);
        return (await repo.serviceReturns(tx, serviceId)).map((r) => toReturn(r, settings));
      });
    },

    /** The council asks the provider a question: the provider answers with a new version. */
    async query(actor: Actor, id: string, message: string): Promise<ServiceReturn> {
      authorise(actor, 'returns.review');
      return store.asUser(actor, async (tx) => {
        const row = await visibleReturn(tx, id);
        if (row.status !== 'submitted') throw new Conflict(`Only a submitted return can be queried; this one is ${row.status}`);
        await repo.recordDecision(tx, id, { status: 'queried', query_message: message, queried_by: actor.userId, queried_by_name: actor.name, queried_at: now() });
        return loaded(tx, (await repo.findReturn(tx, id))!);
      });
    },

    async accept(actor: Actor, id: string): Promise<ServiceReturn> {
      authorise(actor, 'returns.review');
      return store.asUser(actor, async (tx) => {
        const row = await visibleReturn(tx, id);
        if (row.status !== 'submitted') throw new Conflict(`Only a submitted return can be accepted; this one is ${row.status}`);
        await repo.recordDecision(tx, id, { status: 'accepted', accepted_by: actor.userId, accepted_by_name: actor.name, accepted_at: now() });
        return loaded(tx, (await repo.findReturn(tx, id))!);
      });
    },
  };
}

export type ReturnsService = ReturnType<typeof returnsService>;
