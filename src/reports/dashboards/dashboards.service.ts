import { authorise } from '../../core/auth/permissions.ts';
import { today as clockToday } from '../../core/clock.ts';
import type { Actor, Store } from '../../core/db/database.ts';
import { Invalid } from '../../core/errors.ts';
import { RATING_LABELS } from '../../cqc/index.ts';
import { SERVICE_CATEGORIES } from '../../providers/index.ts';
import { careHomesRecords, performanceRecords, visitsTargetPerYear, type ServiceFilter } from './dashboards.read.ts';
import * as repo from './dashboards.repository.ts';
import {
  careHomesFigures,
  defaultPeriodKey,
  parsePeriod,
  performanceFigures,
  type CareHomesFigures,
  type DashboardPeriod,
  type Officer,
  type PerformanceFigures,
} from './dashboards.rules.ts';

/** The categories each dashboard covers: care homes only on the care homes dashboard, every category on performance. */
export const CARE_HOME_CATEGORIES = ['care_home_older_people', 'care_home_adults_with_disabilities'] as const;
export const DASHBOARD_CATEGORIES = { careHomes: CARE_HOME_CATEGORIES, performance: SERVICE_CATEGORIES } as const;
export type DashboardKind = keyof typeof DASHBOARD_CATEGORIES;

/** The filters as asked (checked by the routes' schema): every one optional. */
export interface DashboardFilters {
  readonly category?: string | undefined;
  readonly team?: string | undefined;
  readonly leadOfficer?: string | undefined;
  readonly period?: string | undefined;
}

export interface Dashboard<F> {
  readonly council: string;
  readonly madeOn: string;
  readonly period: DashboardPeriod;
  readonly filters: DashboardFilters;
  /** The lead officer asked for, by name (for the paper's heading). */
  readonly leadOfficerName: string | null;
  readonly figures: F;
}

export interface FilterChoices {
  readonly teams: readonly string[];
  readonly leadOfficers: readonly Officer[];
}

const CQC_LABELS: Record<string, string> = { ...RATING_LABELS, not_rated: 'Not rated by CQC' };

export function dashboardsService(store: Store) {
  function scope(actor: Actor, kind: DashboardKind, filters: DashboardFilters): { filter: ServiceFilter; period: DashboardPeriod; on: string } {
    authorise(actor, 'dashboards.read');
    const on = clockToday();
    const allowed: readonly string[] = DASHBOARD_CATEGORIES[kind];
    if (filters.category && !allowed.includes(filters.category)) throw new Invalid([{ path: 'category', message: 'Select a category from the list' }]);
    const period = parsePeriod(filters.period ?? defaultPeriodKey(on));
    if (!period) throw new Invalid([{ path: 'period', message: 'Select a period from the list' }]);
    return {
      filter: { councilId: actor.orgId, categories: filters.category ? [filters.category] : allowed, team: filters.team || undefined, leadOfficerId: filters.leadOfficer || undefined, narrowedByCategory: !!filters.category },
      period,
      on,
    };
  }

  async function leadOfficerName(actor: Actor, id: string | undefined): Promise<string | null> {
    if (!id) return null;
    const names = await store.asUser(actor, (tx) => repo.userNames(tx, [id]));
    return names.get(id) ?? null;
  }

  return {
    async careHomes(actor: Actor, filters: DashboardFilters): Promise<Dashboard<CareHomesFigures>> {
      const { filter, period, on } = scope(actor, 'careHomes', filters);
      const records = await store.lagging.asUser(actor, (tx) => careHomesRecords(tx, filter, on));
      return { council: actor.orgName, madeOn: on, period, filters, leadOfficerName: await leadOfficerName(actor, filter.leadOfficerId), figures: careHomesFigures(records, period, on, CQC_LABELS) };
    },

    async performance(actor: Actor, filters: DashboardFilters): Promise<Dashboard<PerformanceFigures>> {
      const { filter, period, on } = scope(actor, 'performance', filters);
      const records = await store.lagging.asUser(actor, (tx) => performanceRecords(tx, filter, period, on));
      return { council: actor.orgName, madeOn: on, period, filters, leadOfficerName: await leadOfficerName(actor, filter.leadOfficerId), figures: performanceFigures(records, period, on) };
    },

    async filterChoices(actor: Actor): Promise<FilterChoices> {
      authorise(actor, 'dashboards.read');
      return store.asUser(actor, (tx) => repo.filterChoices(tx, actor.orgId));
    },

    async visitsTarget(actor: Actor): Promise<number> {
      authorise(actor, 'dashboards.read');
      return store.asUser(actor, (tx) => visitsTargetPerYear(tx, actor.orgId));
    },

    async saveVisitsTarget(actor: Actor, target: number): Promise<void> {
      authorise(actor, 'dashboards.settings');
      await store.asUser(actor, (tx) => repo.saveVisitsTarget(tx, actor.orgId, target, actor.userId));
    },
  };
}

export type DashboardsService = ReturnType<typeof dashboardsService>;
