import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import type { WorkListSection, WorkListSource } from '../core/http/extensions.ts';
import { compareValues, pageOf, type Page } from '../core/http/lists.ts';
import { categoryLabel } from '../providers/index.ts';
import { changedProposals, type ProposalChange } from './proposals.ts';
import type { RatingBrief } from './risk.domain.ts';
import { latestRatingBriefs, matrixIn, recordsNow } from './risk.reads.ts';
import * as registerRepo from './register.repository.ts';
import { WORK_SORT_DEFAULT, type WorkShow, type WorkSort } from './risk.schemas.ts';
import { scheduleFor, type DueStatus, type Schedule } from './schedule.ts';

/** An officer's work list: the services they lead, with what their regime has made due and what needs re-rating. */

export interface WorkItem {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string;
  readonly categoryLabel: string;
  readonly latest: RatingBrief | null;
  readonly schedule: Schedule | null;
  readonly changes: readonly ProposalChange[];
  /** The most pressing state of anything on the item, for sorting and the summary. */
  readonly urgency: DueStatus | 'not_rated' | 'rerate';
}

const URGENCY_ORDER: Record<WorkItem['urgency'], number> = { not_rated: 0, overdue: 1, rerate: 2, due_soon: 3, scheduled: 4 };

export interface WorkListQuery {
  readonly show: WorkShow;
  readonly sort: WorkSort;
  readonly order: 'asc' | 'desc';
  /** Page number; undefined for every item (the download). */
  readonly page?: number | undefined;
}

const shows: Record<WorkShow, (i: WorkItem) => boolean> = {
  all: () => true,
  overdue: (i) => dueStatuses(i.schedule).includes('overdue'),
  due_soon: (i) => dueStatuses(i.schedule).includes('due_soon'),
  rerate: (i) => i.changes.length > 0,
  not_rated: (i) => i.latest === null,
};

/** The earliest date anything on the item is due. */
export function nextDueOn(schedule: Schedule | null): string | null {
  if (!schedule) return null;
  const dates = [schedule.fullAssessment, schedule.selfAssessment, schedule.monitoringMeeting, schedule.contact].flatMap((d) => (d ? [d.dueOn] : []));
  return dates.sort()[0] ?? null;
}

const sortValue: Record<WorkSort, (i: WorkItem) => string | number | null> = {
  urgency: (i) => URGENCY_ORDER[i.urgency],
  service: (i) => i.serviceName,
  prr: (i) => i.latest?.prr ?? null,
  due: (i) => nextDueOn(i.schedule),
};

/** The default order: urgency, then name (the order workListIn keeps the list in). */
const inDefaultOrder = (a: WorkItem, b: WorkItem) => URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] || a.serviceName.localeCompare(b.serviceName);

/** The items the query shows, in its order (ties by urgency, then name, as the list has always been). */
export function selectWork(items: readonly WorkItem[], query: Pick<WorkListQuery, 'show' | 'sort' | 'order'>): WorkItem[] {
  const shown = items.filter(shows[query.show]);
  // The list is kept in the default order, the one people see most: no need to sort its few hundred items again
  // on every view.
  if (query.sort === WORK_SORT_DEFAULT.sort && query.order === WORK_SORT_DEFAULT.order && isInDefaultOrder(shown)) return shown;
  return shown.sort((a, b) => compareValues(sortValue[query.sort](a), sortValue[query.sort](b), query.order) || inDefaultOrder(a, b));
}

/** Whether the items are in the default order already: one pass, where sorting would compare each many times. */
function isInDefaultOrder(items: readonly WorkItem[]): boolean {
  for (let i = 1; i < items.length; i++) if (inDefaultOrder(items[i - 1]!, items[i]!) > 0) return false;
  return true;
}

/** The signed-in officer's services: what their regime has made due, what is overdue, and what needs re-rating. */
async function workListOf(store: Store, actor: Actor) {
  authorise(actor, 'risk.reports');
  const on = today();
  // The home page and the work list both count this: kept while none of the council's services changes (an
  // officer leads services of their own council only), whoever else commits; each service's facts below are
  // kept until that service changes.
  return store.asUser(actor, (tx) => store.keepByCouncil(tx, `risk.workList:${actor.userId}:${actor.orgId}:${actor.role}:${on}`, actor.orgId, () => workListIn(store, tx, actor, on)));
}

async function workListIn(store: Store, tx: Tx, actor: Actor, on: string) {
  const services = await registerRepo.servicesLedBy(tx, actor.userId);
  const inUse = await matrixIn(tx, actor.orgId);
  // Each service's latest rating and what its record proposes today, derived afresh only for the services
  // whose records changed since (whatever else was committed): for the person, the day and the matrix.
  const facts = await store.keepByService(tx, `risk.workList:${actor.userId}:${actor.orgId}:${actor.role}:${on}:${inUse.id ?? 'default'}`, services.map((s) => s.id), async (ids) => {
    const wanted = new Set(ids);
    const latest = await latestRatingBriefs(tx, ids);
    const now = await recordsNow(tx, inUse.matrix, services.filter((s) => wanted.has(s.id)).map((s) => ({ id: s.id, category: s.category, previous: latest.get(s.id)?.scores ?? null })), on);
    return new Map(ids.map((id) => [id, { rating: latest.get(id) ?? null, record: now.get(id)! }]));
  });
  const items: WorkItem[] = services.map((s) => {
    const { rating, record } = facts.get(s.id)!;
    const schedule = rating
      ? scheduleFor(
          {
            regime: rating.regime,
            ratedOn: rating.ratedOn,
            lastFullAssessmentOn: record.lastFullAssessmentOn,
            lastMonitoringMeetingOn: record.lastMonitoringMeetingOn,
            lastContactOn: record.lastContactOn,
            selfAssessmentMonthsBefore: inUse.matrix.selfAssessmentMonthsBefore,
          },
          on,
        )
      : null;
    const changes = rating ? changedProposals(rating.proposals, record.proposals) : [];
    return {
      serviceId: s.id,
      serviceName: s.name,
      providerName: s.provider_name,
      categoryLabel: categoryLabel(s.category),
      latest: rating,
      schedule,
      changes,
      urgency: urgencyOf(rating, schedule, changes),
    };
  });
  items.sort(inDefaultOrder);
  const count = (u: WorkItem['urgency']) => items.filter((i) => i.urgency === u).length;
  return {
    today: on,
    items,
    summary: {
      services: items.length,
      notRated: count('not_rated'),
      overdue: items.filter((i) => dueStatuses(i.schedule).includes('overdue')).length,
      dueSoon: items.filter((i) => dueStatuses(i.schedule).includes('due_soon')).length,
      needsRerating: items.filter((i) => i.changes.length > 0).length,
    },
  };
}

/** Each row lists four due dates, so 25 rows make a page. */
export const WORK_PAGE_SIZE = 25;

export function workListService(store: Store) {
  return {
    workList: (actor: Actor) => workListOf(store, actor),

    /**
     * The work list as people work through it: narrowed by `show`, sorted, a page at a time. The order comes
     * from the rules (urgency, the schedule), so the list is computed whole for the officer's own services
     * and paged here; the summary counts stay those of everything they lead.
     */
    async workListPage(actor: Actor, query: WorkListQuery & { page: number }): Promise<Awaited<ReturnType<typeof workListOf>> & { page: Page<WorkItem> }> {
      const list = await workListOf(store, actor);
      return { ...list, page: pageOf(selectWork(list.items, query), query.page, WORK_PAGE_SIZE) };
    },

    /**
     * The page with what other capabilities add below it, read side by side in the request's one unit of work
     * without a savepoint each (store.readsTogether): all of it is reads, and any of it failing fails the page.
     */
    async workListPageWith(actor: Actor, query: WorkListQuery & { page: number }, sources: readonly WorkListSource[]) {
      return store.readsTogether(async () => {
        const [list, sections] = await Promise.all([this.workListPage(actor, query), Promise.all(sources.map((source) => source(actor)))]);
        return { list, sections: sections.filter((s): s is WorkListSection => s !== undefined) };
      });
    },

    /** Every item the query shows, in its order, for a spreadsheet. */
    async workListAll(actor: Actor, query: Omit<WorkListQuery, 'page'>): Promise<WorkItem[]> {
      return selectWork((await workListOf(store, actor)).items, query);
    },
  };
}

function dueStatuses(schedule: Schedule | null): DueStatus[] {
  if (!schedule) return [];
  return [schedule.fullAssessment, schedule.selfAssessment, schedule.monitoringMeeting, schedule.contact].flatMap((d) => (d ? [d.status] : []));
}

export function urgencyOf(rating: RatingBrief | null, schedule: Schedule | null, changes: readonly ProposalChange[]): WorkItem['urgency'] {
  if (!rating) return 'not_rated';
  const statuses = dueStatuses(schedule);
  if (statuses.includes('overdue')) return 'overdue';
  if (changes.length) return 'rerate';
  if (statuses.includes('due_soon')) return 'due_soon';
  return 'scheduled';
}

export type WorkListServiceApi = ReturnType<typeof workListService>;
