import { can } from '../core/auth/permissions.ts';
import type { HomeSource, TimelineSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import type { AssuranceService } from './assurance.service.ts';
import { MARKET_EVENT_LABELS } from './contingency.rules.ts';
import type { ContingencyService } from './contingency.service.ts';
import type { MarketEventsService } from './market-events.service.ts';

/** A market event on the service's provider or a group above it, on the service's timeline (the council's staff who read the market). */
export function marketTimeline(events: MarketEventsService): TimelineSource {
  return async (actor, serviceId) => {
    if (actor.orgKind !== 'council' || !can(actor, 'market.read')) return [];
    return (await events.forService(actor, serviceId)).map((e) => ({
      occurredOn: e.occurredOn,
      kind: 'market',
      source: e.kind,
      sourceLabel: MARKET_EVENT_LABELS[e.kind],
      summary: `${MARKET_EVENT_LABELS[e.kind]}: ${e.providerName}. ${e.summary}`,
      ...(e.contingencyPlanId ? { href: paths.contingency.plan(e.contingencyPlanId) } : {}),
      recordId: e.id,
    }));
  };
}

/** Home page lines: the council's open contingency plans; a provider's daily assurance statements due or overdue. */
export function contingencyHome(plans: ContingencyService, assurance: AssuranceService): HomeSource {
  return async (actor) => {
    if (actor.orgKind === 'council' && can(actor, 'market.write')) {
      const open = await plans.list(actor);
      return [{ group: 'Your work', text: 'Contingency plans open or monitoring', count: open.filter((p) => p.status !== 'closed').length, href: paths.contingency.plans }];
    }
    if (actor.orgKind === 'provider' && can(actor, 'assurance.submit')) {
      const days = (await assurance.due(actor)).flatMap((r) => r.days);
      if (!days.length) return [];
      return [
        { group: 'Your work', text: 'Daily assurance statements due today', count: days.filter((d) => d.status === 'due').length, href: paths.contingency.assurance },
        { group: 'Your work', text: 'Daily assurance statements overdue', count: days.filter((d) => d.status === 'overdue').length, href: paths.contingency.assurance, urgent: true },
      ];
    }
    return [];
  };
}
