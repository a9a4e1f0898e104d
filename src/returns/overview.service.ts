import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Forbidden } from '../core/errors.ts';
import { deadline, lastEndedPeriod, type Period } from './periods.ts';
import * as repo from './returns.repository.ts';
import { periodStatus, type PeriodStatus, type ReturnFlag } from './return.rules.ts';
import { toReturn, toTemplate, type ServiceReturn } from './returns.service.ts';
import { templateFor } from './template.ts';
import { settingsOf } from './settings.repository.ts';

/** One service's place in a period: the return it owes and where it stands. */
export interface PeriodItem {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string;
  readonly category: string;
  readonly year: number;
  readonly quarter: number;
  readonly dueOn: string;
  readonly status: PeriodStatus;
  /** The newest version (a draft counts as not received: `missing` or `late`). */
  readonly latest: ServiceReturn | null;
  readonly flags: readonly ReturnFlag[];
}

/** Every service among `services` that a return applies to in the period, with its status, by name. */
export async function periodItems(tx: Tx, services: readonly repo.ServiceRow[], period: Period, today: string): Promise<PeriodItem[]> {
  const templatesByCouncil = new Map<string, ReturnType<typeof toTemplate>[]>();
  for (const councilId of new Set(services.map((s) => s.council_id))) {
    templatesByCouncil.set(councilId, (await repo.listTemplates(tx, councilId)).map(toTemplate));
  }
  const settings = await settingsOf(tx, [...templatesByCouncil.keys()]);
  const applicable = services.filter((s) => templateFor(templatesByCouncil.get(s.council_id) ?? [], s.category, period));
  const newest = new Map(
    (await repo.newestForPeriod(
      tx,
      applicable.map((s) => s.id),
      period,
    )).map((r) => [r.service_id, toReturn(r, settings.get(r.council_id)?.deadlineMonths)]),
  );
  return applicable.map((s) => {
    const latest = newest.get(s.id) ?? null;
    const months = settings.get(s.council_id)?.deadlineMonths;
    const status = periodStatus(latest ?? undefined, period, today, months);
    return {
      serviceId: s.id,
      serviceName: s.name,
      providerName: s.provider_name,
      category: s.category,
      year: period.year,
      quarter: period.quarter,
      dueOn: deadline(period, months),
      status,
      latest,
      flags: latest && latest.status !== 'draft' ? latest.flags : [],
    };
  });
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

    /**
     * A service's return for a period when it is late and the council collected returns that quarter (so a
     * council that has not started collecting them sees no "not submitted" on every timeline).
     */
    async lateForService(actor: Actor, serviceId: string, period: Period, today: string): Promise<PeriodItem | undefined> {
      authorise(actor, 'returns.read');
      return store.asUser(actor, async (tx) => {
        const service = await repo.findService(tx, serviceId);
        if (!service || !(await repo.councilCollects(tx, service.council_id, period))) return undefined;
        const item = (await periodItems(tx, [service], period, today))[0];
        return item?.status === 'late' ? item : undefined;
      });
    },

    /** A provider's services and the return each owes for the last ended quarter (its home page and /returns). */
    async forProvider(actor: Actor, today: string): Promise<PeriodItem[]> {
      authorise(actor, 'returns.submit');
      return store.asUser(actor, async (tx) => periodItems(tx, await repo.visibleServices(tx), lastEndedPeriod(today), today));
    },
  };
}

export type ReturnsOverviewService = ReturnType<typeof returnsOverviewService>;
