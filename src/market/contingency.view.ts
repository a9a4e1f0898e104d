import { categoryLabel } from '../providers/index.ts';
import { paths } from '../core/http/paths.ts';
import type { ContingencyStatus } from '../core/db/schema.ts';
import { CONTINGENCY_STATUS_LABELS, MARKET_EVENT_KINDS, MARKET_EVENT_LABELS } from './contingency.rules.ts';
import type { ContingencyService, PlanSummary } from './contingency.service.ts';
import type { MarketEvent } from './market-events.service.ts';

/** View models for the market events' and contingency plans' templates (a template never sees a row). */

export const STATUS_TAGS: Record<ContingencyStatus, { text: string; classes: string }> = {
  open: { text: CONTINGENCY_STATUS_LABELS.open, classes: 'govuk-tag--red' },
  monitoring: { text: CONTINGENCY_STATUS_LABELS.monitoring, classes: 'govuk-tag--yellow' },
  closed: { text: CONTINGENCY_STATUS_LABELS.closed, classes: 'govuk-tag--grey' },
};

export const kindItems = (chosen?: unknown) => MARKET_EVENT_KINDS.map((k) => ({ value: k, text: MARKET_EVENT_LABELS[k], checked: chosen === k }));

export function eventView(e: MarketEvent) {
  return { ...e, kindLabel: MARKET_EVENT_LABELS[e.kind], planHref: e.contingencyPlanId ? paths.contingency.plan(e.contingencyPlanId) : undefined };
}

export function planSummaryView(p: PlanSummary) {
  return { ...p, href: paths.contingency.plan(p.id), tag: STATUS_TAGS[p.status], kindLabel: MARKET_EVENT_LABELS[p.event.kind] };
}

type Plan = Awaited<ReturnType<ContingencyService['get']>>;

const figure = (s: Plan['services'][number]) => (s.unit === 'beds' ? `${s.beds} beds` : s.unit === 'hours_per_week' ? `${s.hoursPerWeek} hours a week` : 'Not recorded');

export function planView(plan: Plan) {
  const row = (s: Plan['services'][number]) => ({
    ...s,
    categoryLabel: categoryLabel(s.category),
    atStake: figure(s),
    serviceHref: s.own ? paths.services.show(s.serviceId) : undefined,
  });
  const own = plan.services.filter((s) => s.own);
  return {
    ...planSummaryView({ ...plan, services: plan.services.length }),
    commissioned: own.filter((s) => !s.notCommissioned).map(row),
    notCommissioned: own.filter((s) => s.notCommissioned).map(row),
    neighbours: plan.services.filter((s) => !s.own).map(row),
    ownChoices: own.map((s) => ({ value: s.serviceId, text: s.serviceName })),
    totals: plan.totals,
    capacity: plan.capacity.map((c) => ({ ...c, categoryLabel: categoryLabel(c.category), serviceHref: paths.services.show(c.serviceId), period: c.period ? `${c.period.year}/${String((c.period.year + 1) % 100).padStart(2, '0')} quarter ${c.period.quarter}` : undefined })),
    assurance: plan.assurance,
    actions: plan.actions,
    statusItems: (['open', 'monitoring', 'closed'] as const).map((s) => ({ value: s, text: CONTINGENCY_STATUS_LABELS[s], checked: s === plan.status })),
    visitItems: [
      { value: '7', text: 'Weekly', checked: plan.visitEveryDays === 7 },
      { value: '14', text: 'Every 2 weeks', checked: plan.visitEveryDays === 14 },
      { value: '28', text: 'Every 4 weeks', checked: plan.visitEveryDays === 28 },
      { value: 'none', text: 'No extra visits', checked: plan.visitEveryDays === null },
    ],
    closed: plan.status === 'closed',
    actionsHref: paths.contingency.actions(plan.id),
    actionDoneHref: paths.contingency.actionDone(plan.id),
    statusHref: paths.contingency.status(plan.id),
    figuresHref: paths.contingency.figures(plan.id),
    monitoringHref: paths.contingency.monitoring(plan.id),
  };
}

/** The plan as the API gives it: figures, never names of people. */
export function planToApi(plan: Plan) {
  return {
    id: plan.id,
    status: plan.status,
    provider: { id: plan.providerId, name: plan.providerName },
    marketEvent: plan.event,
    visitEveryDays: plan.visitEveryDays,
    services: plan.services.map((s) => ({
      serviceId: s.serviceId,
      serviceName: s.serviceName,
      council: s.council,
      notCommissioned: s.notCommissioned,
      peopleFunded: s.peopleFunded,
      bedsOrHours: s.bedsOrHours,
      unit: s.unit,
    })),
    totals: plan.totals,
    capacityElsewhere: plan.capacity.map((c) => ({ serviceId: c.serviceId, serviceName: c.serviceName, registeredBeds: c.registeredBeds, bedsOccupied: c.bedsOccupied, vacancies: c.vacancies })),
    assurance: plan.assurance.map((a) => ({ serviceId: a.serviceId, fromOn: a.fromOn, untilOn: a.untilOn, received: a.received, overdue: a.overdue })),
    actions: plan.actions.map((a) => ({ id: a.id, description: a.description, owner: a.owner, dueOn: a.dueOn, doneOn: a.doneOn })),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}

export function eventToApi(e: MarketEvent) {
  return { id: e.id, providerId: e.providerId, kind: e.kind, occurredOn: e.occurredOn, source: e.source, summary: e.summary, intelligenceId: e.intelligenceId, contingencyPlanId: e.contingencyPlanId, createdAt: e.createdAt.toISOString() };
}
