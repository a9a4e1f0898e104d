import { reportedActionPlans } from '../actions/index.ts';
import { reportedAssessments } from '../assessments/index.ts';
import { authorise } from '../core/auth/permissions.ts';
import { now, today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Forbidden } from '../core/errors.ts';
import { cqcOverallHistory } from '../cqc/index.ts';
import { reportedEscalations } from '../escalation/index.ts';
import { councilsSharingReportsWith } from '../status/index.ts';
import { reportedIntelligence } from '../intelligence/index.ts';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../providers/index.ts';
import { visitsMade } from '../visits/index.ts';
import { cqcRatingOn } from './dashboards/dashboards.rules.ts';
import { previousQuarter, quarterEnded, quarterPeriod, type Period, type Quarter } from './quarter.ts';
import {
  categoryFigures,
  notCommissionedCounts,
  percent,
  percentChange,
  recordsCounted,
  recordsOf,
  type AssessmentFact,
  type CategoryFigures,
  type ConcernsCaseFact,
  type SuspensionFact,
  type VisitFact,
  type ActionPlanFact,
  type IntelligenceFact,
  type NotCommissionedCounts,
  type NotCommissionedFact,
} from './quarterly.rules.ts';
import * as repo from './reports.repository.ts';

/**
 * The quarterly monitoring summary of a council: its records read as the actor (row-level security keeps
 * them the council's own), reduced to facts and counted by the pure rules in quarterly.rules.ts.
 */

interface Named {
  readonly serviceName: string;
}
export type ReportAssessment = AssessmentFact & Named & { readonly requiresImprovementLabel: string };
export type ReportVisit = VisitFact & Named & { readonly id: string };
export type ReportPlan = ActionPlanFact & Named & { readonly id: string };
export type ReportSuspension = SuspensionFact &
  Named & { readonly id: string; readonly scope: 'full' | 'partial'; readonly detail: string | null };
export type ReportConcernsCase = ConcernsCaseFact & Named & { readonly id: string; readonly stage: number };

export interface CouncilRecords {
  readonly assessments: readonly ReportAssessment[];
  readonly visits: readonly ReportVisit[];
  readonly actionPlans: readonly ReportPlan[];
  readonly suspensions: readonly ReportSuspension[];
  readonly concernsCases: readonly ReportConcernsCase[];
  readonly intelligence: readonly IntelligenceFact[];
  /** Services the council does not commission: none of the records above are theirs; counted apart. */
  readonly notCommissioned: readonly NotCommissionedFact[];
}

export interface Commentary {
  readonly body: string;
  readonly writtenBy: string;
  readonly writtenAt: Date;
}

export interface CategorySection {
  readonly category: ServiceCategory;
  readonly figures: CategoryFigures;
  readonly percentGoodOrBetter: number | null;
  readonly changeFromPreviousQuarter: number | null;
  /** What the council's framework calls requires_improvement for this category ("Adequate" or "Requires improvement"). */
  readonly requiresImprovementLabel: string;
  readonly commentary: Commentary | null;
  /** The category's services the council does not commission, by CQC rating at the quarter's end: in no figure above. */
  readonly notCommissioned: NotCommissionedCounts;
}

export interface QuarterlyReport {
  readonly council: { readonly id: string; readonly name: string };
  readonly quarter: Quarter;
  readonly period: Period;
  readonly madeOn: string;
  /** The quarter has not ended: its figures may still change. */
  readonly provisional: boolean;
  readonly requiresImprovementLabel: string;
  readonly categories: readonly CategorySection[];
}

export const DEFAULT_RI_LABEL = 'Requires improvement';

/** Everything counted in a quarter or the one before it, as the records say on the quarter's last day. */
export async function councilRecords(tx: Tx, councilId: string, quarter: Quarter): Promise<CouncilRecords> {
  const period = quarterPeriod(quarter);
  const from = quarterPeriod(previousQuarter(quarter)).from;
  const all = await repo.councilServices(tx, councilId);
  // Every figure and the records behind it are about the services the council commissions (seed 000).
  const services = new Map(all.filter((s) => !s.not_commissioned).map((s) => [s.id, s]));
  const apart = all.filter((s) => s.not_commissioned);
  const cqc = await cqcOverallHistory(
    tx,
    apart.map((s) => s.id),
  );
  const ratedOn = period.to < today() ? period.to : today();
  const about = (serviceId: string) => {
    const s = services.get(serviceId);
    return s ? { category: s.category, serviceName: s.name } : undefined;
  };
  const withService = <T extends { serviceId: string }>(list: readonly T[]) =>
    list.flatMap((r) => {
      const s = about(r.serviceId);
      return s ? [{ ...r, ...s }] : [];
    });
  const assessments = withService(await reportedAssessments(tx, councilId, period.to)).map((a) => ({ ...a, kind: 'full' as const }));
  const completedOn = new Map(assessments.map((a) => [a.id, a.completedOn]));
  const plans = withService(await reportedActionPlans(tx, councilId)).map((p) => ({
    ...p,
    draftedOn: completedOn.get(p.assessmentId) ?? p.assessedOn,
    closedOn: p.endedOn,
  }));
  const escalations = await reportedEscalations(tx, councilId, period.to);
  return {
    assessments,
    visits: withService(await visitsMade(tx, councilId, { from, to: period.to })),
    actionPlans: plans.filter((p) => p.draftedOn <= period.to),
    suspensions: withService(escalations.suspensions).map((s) => ({
      ...s,
      liftedOn: s.liftedOn && s.liftedOn <= period.to ? s.liftedOn : null,
    })),
    concernsCases: withService(escalations.concernsCases),
    intelligence: withService(await reportedIntelligence(tx, councilId, { from, to: period.to })),
    notCommissioned: apart.map((s) => ({ serviceId: s.id, category: s.category, cqcRating: cqcRatingOn(cqc.get(s.id), ratedOn) })),
  };
}

/**
 * The sections counted from a set of records, by quarter and category. Records kept between requests (see
 * `ownRecords`) are the same object while nothing is committed, so their sections are counted once, not on
 * every view of the report; records read afresh are counted and forgotten with them.
 */
const counted = new WeakMap<CouncilRecords, Map<string, readonly CategorySection[]>>();

/** The sections of a report from the council's records: every category, or the one asked for. */
export function sections(records: CouncilRecords, quarter: Quarter, only?: ServiceCategory): readonly CategorySection[] {
  const key = `${quarter.year}-${quarter.quarter}:${only ?? ''}`;
  const known = counted.get(records)?.get(key);
  if (known) return known;
  const made = Object.freeze(countSections(records, quarter, only));
  counted.set(records, (counted.get(records) ?? new Map<string, readonly CategorySection[]>()).set(key, made));
  return made;
}

function countSections(records: CouncilRecords, quarter: Quarter, only?: ServiceCategory): CategorySection[] {
  const period = quarterPeriod(quarter);
  const before = quarterPeriod(previousQuarter(quarter));
  const label = riLabel(records);
  return SERVICE_CATEGORIES.filter((c) => !only || c === only).map((category) => {
    const mine = recordsOf(records, category);
    const figures = categoryFigures(mine, period);
    const previous = categoryFigures(mine, before);
    const counted = recordsCounted(mine, period).assessmentsPublished;
    return {
      category,
      figures,
      percentGoodOrBetter: percent(figures.goodOrBetter),
      changeFromPreviousQuarter: percentChange(figures.goodOrBetter, previous.goodOrBetter),
      requiresImprovementLabel: counted.at(-1)?.requiresImprovementLabel ?? label,
      commentary: null,
      notCommissioned: notCommissionedCounts(records.notCommissioned, category),
    };
  });
}

/** The council's name for requires_improvement: its frameworks' (the most recent assessment's), else the default. */
function riLabel(records: CouncilRecords): string {
  // The last completed (a stable sort's last among equal dates: the later in the list).
  let latest: ReportAssessment | undefined;
  for (const a of records.assessments) if (!latest || (a.completedOn ?? '') >= (latest.completedOn ?? '')) latest = a;
  return latest?.requiresImprovementLabel ?? DEFAULT_RI_LABEL;
}

/** What a neighbour may see of a category: three headline figures, no records. */
function headline(s: CategorySection) {
  const v = s.figures.visits;
  return {
    category: s.category,
    percentGoodOrBetter: s.percentGoodOrBetter,
    published: s.figures.reportsPublished,
    visits: v.full + v.dropIn + v.support + v.followUp + v.joint + v.relativesSurgery,
    suspensionsStarted: s.figures.suspensionsStarted,
    suspensionsInForce: s.figures.suspensionsInForce,
  };
}

function councilOnly(actor: Actor) {
  if (actor.orgKind !== 'council') throw new Forbidden();
}

export function quarterlyService(store: Store) {
  const quarterKey = (quarter: Quarter) => `${quarter.year}-${quarter.quarter}:${today()}`;
  /**
   * A council's records for a quarter, kept while nothing is committed: the report, its drill-downs, its
   * appendix and the benchmarking all count from them. The actor's own are read as the actor.
   */
  const ownRecords = (actor: Actor, quarter: Quarter) =>
    store.lagging.asUser(actor, (tx) =>
      store.remember(tx, `reports.records:${actor.userId}:${actor.orgId}:${actor.role}:${quarterKey(quarter)}`, () =>
        councilRecords(tx, actor.orgId, quarter),
      ),
    );
  const neighbourRecords = (councilId: string, quarter: Quarter) =>
    store.lagging.asSystem((tx) =>
      store.remember(tx, `reports.records:system:${councilId}:${quarterKey(quarter)}`, () => councilRecords(tx, councilId, quarter)),
    );
  return {
    /** The quarterly monitoring summary of the actor's council, with its commentary. */
    async report(actor: Actor, quarter: Quarter, category?: ServiceCategory): Promise<QuarterlyReport> {
      authorise(actor, 'reports.read');
      councilOnly(actor);
      // The figures may lag (a replica, DATABASE_READ_URL); the commentary just written may not.
      const records = await ownRecords(actor, quarter);
      return store.asUser(actor, async (tx) => {
        const council = await repo.organisation(tx, actor.orgId);
        const notes = new Map(
          (await repo.commentaries(tx, actor.orgId, quarter.year, quarter.quarter)).map((c) => [
            c.category,
            { body: c.body, writtenBy: c.written_by_name, writtenAt: c.written_at },
          ]),
        );
        return {
          council: { id: actor.orgId, name: council?.name ?? '' },
          quarter,
          period: quarterPeriod(quarter),
          madeOn: today(),
          provisional: !quarterEnded(quarter, today()),
          requiresImprovementLabel: riLabel(records),
          categories: sections(records, quarter, category).map((s) => ({ ...s, commentary: notes.get(s.category) ?? null })),
        };
      });
    },

    /**
     * Benchmarking: the headline figures per category (percent good or better, visits, suspensions) of the
     * actor's council and of each council sharing its figures with it, never the records behind them. The
     * neighbours' records are counted as the system (their rows are not the actor's to read); only counts leave.
     */
    async benchmark(actor: Actor, quarter: Quarter) {
      authorise(actor, 'reports.read');
      councilOnly(actor);
      const councils = await store.asUser(actor, async (tx) => {
        const own = await repo.organisation(tx, actor.orgId);
        return [{ id: actor.orgId, name: own?.name ?? '' }, ...(await councilsSharingReportsWith(tx, actor.orgId))];
      });
      // One after another: inside a request every unit of work joins one transaction.
      const figures = [];
      for (const council of councils) {
        const records = council.id === actor.orgId ? await ownRecords(actor, quarter) : await neighbourRecords(council.id, quarter);
        figures.push({ council, sections: sections(records, quarter).map((s) => headline(s)) });
      }
      return { quarter, period: quarterPeriod(quarter), councils: figures };
    },

    /** The records behind the figures of a category (for the drill-down page): council staff only. */
    async recordsBehind(actor: Actor, quarter: Quarter, category: ServiceCategory) {
      authorise(actor, 'reports.read');
      councilOnly(actor);
      return recordsCounted(recordsOf(await ownRecords(actor, quarter), category), quarterPeriod(quarter));
    },

    /** The exempt appendix: names of suspended and referred services and other confidential detail. */
    async exemptAppendix(actor: Actor, quarter: Quarter) {
      authorise(actor, 'reports.exempt');
      councilOnly(actor);
      const records = await ownRecords(actor, quarter);
      return store.lagging.asUser(actor, async (tx) => {
        const council = await repo.organisation(tx, actor.orgId);
        const counted = recordsCounted(records, quarterPeriod(quarter));
        return {
          council: { id: actor.orgId, name: council?.name ?? '' },
          quarter,
          period: quarterPeriod(quarter),
          madeOn: today(),
          counted,
        };
      });
    },

    /** The commentary of a category and quarter, if written. */
    async commentary(actor: Actor, quarter: Quarter, category: ServiceCategory): Promise<Commentary | null> {
      authorise(actor, 'reports.read');
      councilOnly(actor);
      return store.asUser(actor, async (tx) => {
        const found = (await repo.commentaries(tx, actor.orgId, quarter.year, quarter.quarter)).find((c) => c.category === category);
        return found ? { body: found.body, writtenBy: found.written_by_name, writtenAt: found.written_at } : null;
      });
    },

    /** Writes the commentary of a category and quarter in the actor's name (the lead team's). */
    async writeCommentary(actor: Actor, quarter: Quarter, category: ServiceCategory, body: string): Promise<void> {
      authorise(actor, 'reports.comment');
      councilOnly(actor);
      await store.asUser(actor, (tx) =>
        repo.saveCommentary(tx, {
          councilId: actor.orgId,
          category,
          year: quarter.year,
          quarter: quarter.quarter,
          body,
          writtenBy: actor.userId,
          writtenAt: now(),
        }),
      );
    },
  };
}

export type QuarterlyService = ReturnType<typeof quarterlyService>;
