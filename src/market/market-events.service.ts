import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import type { IntelligenceServices } from '../intelligence/index.ts';
import { scheduleMonitoringVisits } from '../visits/index.ts';
import { addDays, ASSURANCE_DAYS, MARKET_EVENT_LABELS, visitDueDates } from './contingency.rules.ts';
import * as repo from './contingency.repository.ts';
import type { MarketEventInput } from './contingency.schemas.ts';

/** What market events need of intelligence: to read the entry an event is raised from, and to record within the unit of work. */
export type MarketIntelligence = Pick<IntelligenceServices['intelligence'], 'recordIn' | 'get'>;

export interface MarketEvent {
  readonly id: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly kind: repo.EventRow['kind'];
  readonly occurredOn: string;
  readonly source: string;
  readonly summary: string;
  readonly intelligenceId: string | null;
  readonly contingencyPlanId: string | null;
  readonly createdAt: Date;
}

const toEvent = (row: repo.EventRow): MarketEvent => ({
  id: row.id,
  providerId: row.provider_id,
  providerName: row.provider_name,
  kind: row.kind,
  occurredOn: row.occurred_on,
  source: row.source,
  summary: row.summary,
  intelligenceId: row.intelligence_id,
  contingencyPlanId: row.plan_id,
  createdAt: row.created_at,
});

/** Weekly branch visits, as Hertfordshire set when Allied Healthcare applied for a CVA (seed 000). */
const FIRST_VISITS_EVERY = 7;

/**
 * Market events (issue 18): recorded on a provider or a parent group, by hand or from intelligence. Recording one
 * opens the group's contingency plan in the same unit of work: the services at stake with their figures (here
 * and, where shared, in neighbouring councils), weekly visits and daily assurance statements asked of the
 * council's commissioned services, and a financial check entry on each of the council's services at stake, so
 * that risk proposes a higher financial viability score for an officer to confirm. The database alerts the
 * council and those it shares alerts with.
 */
export function marketEventsService(store: Store, intelligence: MarketIntelligence) {
  async function openPlan(tx: Tx, actor: Actor, event: { id: string; providerId: string; councilId: string; kind: MarketEventInput['kind']; occurredOn: string; summary: string; fromIntelligence: { id: string; serviceId: string; source: string } | undefined }) {
    const plan = await repo.insertPlan(tx, { councilId: event.councilId, providerId: event.providerId, eventId: event.id, visitEveryDays: FIRST_VISITS_EVERY, createdBy: actor.userId });
    const stake = await repo.groupServices(tx, event.providerId);
    await repo.insertPlanServices(tx, plan.id, event.councilId, stake);
    const own = stake.filter((s) => s.council_id === event.councilId);
    const commissioned = own.filter((s) => !s.not_commissioned).map((s) => s.service_id);
    const label = MARKET_EVENT_LABELS[event.kind];
    for (const service of own) {
      // The entry the event was raised from already says it, if it was a financial check.
      if (event.fromIntelligence?.serviceId === service.service_id && event.fromIntelligence.source === 'financial_check') continue;
      await intelligence.recordIn(tx, actor, service.service_id, {
        receivedOn: event.occurredOn,
        source: 'financial_check',
        summary: `${label} of the provider group: ${event.summary}`.slice(0, 300),
        detail: undefined,
        themes: ['finance'],
        severity: 'red',
        substantiated: 'yes',
        safeguarding: false,
        section42: undefined,
        status: 'open',
      });
    }
    const officers = await repo.leadOfficers(tx, commissioned);
    const on = today();
    for (const serviceId of commissioned) {
      await scheduleMonitoringVisits(tx, {
        councilId: event.councilId,
        serviceId,
        dueDates: visitDueDates(on, FIRST_VISITS_EVERY),
        purpose: `Contingency plan monitoring (${label}): service user satisfaction, late and missed calls, electronic monitoring data.`,
        officerId: officers.get(serviceId) ?? actor.userId,
        createdBy: actor.userId,
      });
    }
    await repo.insertAssuranceRequests(tx, plan.id, event.councilId, commissioned, on, addDays(on, ASSURANCE_DAYS - 1));
    return plan.id;
  }

  return {
    /** Records the event and opens its contingency plan; a provider of another council is not found. */
    async record(actor: Actor, providerId: string, input: MarketEventInput): Promise<MarketEvent> {
      authorise(actor, 'market.write');
      if (input.occurredOn > today()) throw new Invalid([{ path: 'occurredOn', message: 'The date it happened must be today or in the past' }]);
      const fromIntelligence = input.intelligenceId ? await intelligence.get(actor, input.intelligenceId) : undefined;
      return store.asUser(actor, async (tx) => {
        const provider = await repo.findProvider(tx, providerId);
        if (!provider || provider.council_id !== actor.orgId) throw new NotFound('Provider');
        const event = await repo.insertEvent(tx, { councilId: provider.council_id, providerId, kind: input.kind, occurredOn: input.occurredOn, source: input.source, summary: input.summary, intelligenceId: fromIntelligence?.id ?? null, createdBy: actor.userId });
        await openPlan(tx, actor, { id: event.id, providerId, councilId: provider.council_id, kind: input.kind, occurredOn: input.occurredOn, summary: input.summary, fromIntelligence });
        return toEvent((await repo.findEvent(tx, event.id))!);
      });
    },

    async list(actor: Actor): Promise<MarketEvent[]> {
      authorise(actor, 'market.read');
      return store.asUser(actor, async (tx) => (await repo.councilEvents(tx)).map(toEvent));
    },

    async get(actor: Actor, id: string): Promise<MarketEvent> {
      authorise(actor, 'market.read');
      return store.asUser(actor, async (tx) => {
        const row = await repo.findEvent(tx, id);
        if (!row) throw new NotFound('Market event');
        return toEvent(row);
      });
    },

    /** The event form's choices: the council's providers (groups first), and the intelligence entry it is raised from, if any. */
    async formOptions(actor: Actor, intelligenceId?: string) {
      authorise(actor, 'market.write');
      const entry = intelligenceId ? await intelligence.get(actor, intelligenceId) : undefined;
      return store.asUser(actor, async (tx) => {
        const providers = await repo.councilProviders(tx, actor.orgId);
        const providerOfEntry = entry ? await repo.providerOfService(tx, entry.serviceId) : undefined;
        return {
          providers: providers.map((p) => ({ id: p.id, name: p.name, branches: p.branches })),
          fromIntelligence: entry ? { id: entry.id, serviceName: entry.serviceName, summary: entry.summary, receivedOn: entry.receivedOn, source: entry.source, providerId: providerOfEntry } : undefined,
        };
      });
    },

    /** The events recorded on a service's provider or a group above it, for its timeline. */
    async forService(actor: Actor, serviceId: string): Promise<MarketEvent[]> {
      authorise(actor, 'market.read');
      return store.asUser(actor, async (tx) => (await repo.eventsForService(tx, serviceId)).map(toEvent));
    },
  };
}

export type MarketEventsService = ReturnType<typeof marketEventsService>;
