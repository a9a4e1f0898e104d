import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Forbidden } from '../core/errors.ts';
import { deadline, type Period } from './periods.ts';
import { endsPeriod, kindFor, lastDuePeriod, type PeriodKind, type PeriodSetting } from './period.rules.ts';
import * as repo from './returns.repository.ts';
import { periodStatus, type PeriodStatus, type ReturnFlag } from './return.rules.ts';
import { toReturn, toTemplate, type ServiceReturn } from './returns.service.ts';
import { templateFor } from './template.ts';
import { settingsFor, settingsOf } from './settings.repository.ts';

/** One service's place in a period: the return it owes and where it stands. */
export interface PeriodItem {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string;
  readonly category: string;
  readonly year: number;
  readonly quarter: number;
  /** The council's period ending with `quarter`. */
  readonly kind: PeriodKind;
  readonly dueOn: string;
  readonly status: PeriodStatus;
  /** The newest version (a draft counts as not received: `missing` or `late`). */
  readonly latest: ServiceReturn | null;
  readonly flags: readonly ReturnFlag[];
}

/**
 * Every service among `services` that owes a return for the period, with its status, by name: a template
 * applies to it, the quarter ends one of its council's periods, and the council commissions it.
 */
export async function periodItems(tx: Tx, services: readonly repo.ServiceRow[], period: Period, today: string): Promise<PeriodItem[]> {
  const templatesByCouncil = new Map<string, ReturnType<typeof toTemplate>[]>();
  for (const councilId of new Set(services.map((s) => s.council_id))) {
    templatesByCouncil.set(councilId, (await repo.listTemplates(tx, councilId)).map(toTemplate));
  }
  const settings = await settingsOf(tx, [...templatesByCouncil.keys()]);
  const applicable = services.filter(
    (s) => !s.not_commissioned && endsPeriod(settings.get(s.council_id)!, period) && templateFor(templatesByCouncil.get(s.council_id) ?? [], s.category, period),
  );
  const newest = new Map(
    (await repo.newestForPeriod(
      tx,
      applicable.map((s) => s.id),
      period,
    )).map((r) => [r.service_id, toReturn(r, settings.get(r.council_id))]),
  );
  return applicable.map((s) => {
    const latest = newest.get(s.id) ?? null;
    const councilSettings = settings.get(s.council_id)!;
    const months = councilSettings.deadlineMonths;
    const status = periodStatus(latest ?? undefined, period, today, months);
    return {
      serviceId: s.id,
      serviceName: s.name,
      providerName: s.provider_name,
      category: s.category,
      year: period.year,
      quarter: period.quarter,
      kind: kindFor(councilSettings, period),
      dueOn: deadline(period, months),
      status,
      latest,
      flags: latest && latest.status !== 'draft' ? latest.flags : [],
    };
  });
}

/** Each service's return for its own council's period most recently ended (services of many councils: a provider's). */
export async function lastDueItems(tx: Tx, services: readonly repo.ServiceRow[], today: string): Promise<PeriodItem[]> {
  const settings = await settingsOf(tx, [...new Set(services.map((s) => s.council_id))]);
  const byPeriod = new Map<string, { period: Period; services: repo.ServiceRow[] }>();
  for (const s of services) {
    const period = lastDuePeriod(settings.get(s.council_id)!, today);
    const key = `${period.year}-${period.quarter}`;
    if (!byPeriod.has(key)) byPeriod.set(key, { period, services: [] });
    byPeriod.get(key)!.services.push(s);
  }
  const items: PeriodItem[] = [];
  for (const group of byPeriod.values()) items.push(...(await periodItems(tx, group.services, group.period, today)));
  const order = new Map(services.map((s, i) => [s.id, i]));
  return items.sort((a, b) => order.get(a.serviceId)! - order.get(b.serviceId)!);
}

/** The council's view of a period, and a provider's list of what it owes. */
export function returnsOverviewService(store: Store) {
  return {
    /** GET /api/v1/returns: one item per service of the council that the period's return applies to. */
    async forCouncil(actor: Actor, period: Period, today: string): Promise<PeriodItem[]> {
      authorise(actor, 'returns.read');
      if (actor.orgKind !== 'council') throw new Forbidden();
      return store.asUser(actor, async (tx) => periodItems(tx, await repo.visibleServices(tx, actor.orgId), period, today));
    },

    /** The council's period most recently ended (the quarter ending it): what its lists show by default. */
    async lastDue(actor: Actor, today: string): Promise<Period> {
      return lastDuePeriod(await this.periodSetting(actor), today);
    },

    /** The council's period setting (for its lists' picker and labels). */
    async periodSetting(actor: Actor): Promise<PeriodSetting> {
      authorise(actor, 'returns.read');
      if (actor.orgKind !== 'council') throw new Forbidden();
      return store.asUser(actor, (tx) => settingsFor(tx, actor.orgId));
    },

    /** How many of the council's services it does not commission (they owe no returns), for the overview. */
    async notCommissioned(actor: Actor): Promise<number> {
      authorise(actor, 'returns.read');
      if (actor.orgKind !== 'council') throw new Forbidden();
      return store.asUser(actor, async (tx) => (await repo.visibleServices(tx, actor.orgId)).filter((s) => s.not_commissioned).length);
    },

    /**
     * A service's return for its council's period most recently ended, when it is late and the council
     * collected returns that period (so a council that has not started collecting them sees no "not
     * submitted" on every timeline).
     */
    async lateForService(actor: Actor, serviceId: string, today: string): Promise<PeriodItem | undefined> {
      authorise(actor, 'returns.read');
      return store.asUser(actor, async (tx) => {
        const service = await repo.findService(tx, serviceId);
        if (!service) return undefined;
        const period = lastDuePeriod(await settingsFor(tx, service.council_id), today);
        if (!(await repo.councilCollects(tx, service.council_id, period))) return undefined;
        const item = (await periodItems(tx, [service], period, today))[0];
        return item?.status === 'late' ? item : undefined;
      });
    },

    /** A provider's services and the return each owes for its council's period most recently ended (its home page and /returns). */
    async forProvider(actor: Actor, today: string): Promise<PeriodItem[]> {
      authorise(actor, 'returns.submit');
      return store.asUser(actor, async (tx) => lastDueItems(tx, await repo.visibleServices(tx), today));
    },
  };
}

export type ReturnsOverviewService = ReturnType<typeof returnsOverviewService>;
