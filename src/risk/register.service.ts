import type { Actor, Store } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { SERVICE_CATEGORIES, categoryLabel, isServiceCategory } from '../providers/categories.ts';
import { addMonths, londonToday } from './dates.ts';
import { RISK_BAND_KEYS, isRiskBandKey, type RiskBandKey } from './matrix.ts';
import { changedProposals, proposeScores, type ProposalChange } from './proposals.ts';
import { matrixIn, ratingsWithVersions, recordNow, type Rating } from './risk.domain.ts';
import * as repo from './risk.repository.ts';
import * as registerRepo from './register.repository.ts';
import { scheduleFor, type DueStatus, type Schedule } from './schedule.ts';

/** The council-wide views of risk: the register, an officer's work list and the ratings audit (seed 004). */

export const REGISTER_PAGE_SIZE = 50;

export interface RegisterQuery {
  readonly category?: string | undefined;
  readonly band?: string | undefined;
  readonly team?: string | undefined;
  readonly officer?: string | undefined;
  readonly page?: number | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Unknown filter values are dropped rather than refused: a stale bookmark still shows the register. */
export function cleanRegisterQuery(query: Record<string, unknown>): Required<RegisterQuery> {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const page = Number(text(query.page) ?? 1);
  const band = text(query.band);
  const category = text(query.category);
  const officer = text(query.officer);
  return {
    category: category && isServiceCategory(category) ? category : undefined,
    band: band && (band === 'unrated' || isRiskBandKey(band)) ? band : undefined,
    team: text(query.team)?.slice(0, 100),
    officer: officer && UUID.test(officer) ? officer : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 100000 ? page : 1,
  } as Required<RegisterQuery>;
}

export interface WorkItem {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string;
  readonly categoryLabel: string;
  readonly latest: Rating | null;
  readonly schedule: Schedule | null;
  readonly changes: readonly ProposalChange[];
  /** The most pressing state of anything on the item, for sorting and the summary. */
  readonly urgency: DueStatus | 'not_rated' | 'rerate';
}

const URGENCY_ORDER: Record<WorkItem['urgency'], number> = { not_rated: 0, overdue: 1, rerate: 2, due_soon: 3, scheduled: 4 };

export function registerService(store: Store, options: { today?: () => string } = {}) {
  const today = options.today ?? (() => londonToday());

  return {
    async register(actor: Actor, query: RegisterQuery) {
      authorise(actor, 'risk.reports');
      const q = cleanRegisterQuery(query as Record<string, unknown>);
      return store.asUser(actor, async (tx) => {
        const filters = { category: q.category, band: q.band, team: q.team, officerId: q.officer };
        const { rows, total } = await registerRepo.registerPage(tx, actor.orgId, filters, REGISTER_PAGE_SIZE, (q.page - 1) * REGISTER_PAGE_SIZE);
        const officers = await registerRepo.leadOfficers(tx, actor.orgId);
        const teams = await registerRepo.teams(tx, actor.orgId);
        const inUse = await matrixIn(tx, actor.orgId);
        return {
          query: q,
          total,
          pageCount: Math.max(1, Math.ceil(total / REGISTER_PAGE_SIZE)),
          items: rows.map((r) => ({
            serviceId: r.id,
            serviceName: r.name,
            providerName: r.provider_name,
            categoryLabel: categoryLabel(r.category),
            officerName: r.officer_name,
            team: r.team,
            prr: r.prr,
            band: r.band_key ? { key: r.band_key, label: r.band_label ?? r.band_key } : null,
            ratedOn: r.rated_on,
          })),
          options: {
            categories: SERVICE_CATEGORIES.map((c) => ({ value: c, text: categoryLabel(c) })),
            bands: inUse.matrix.bands.map((b) => ({ value: b.key, text: b.label })),
            teams,
            officers: officers.map((o) => ({ value: o.id, text: o.name })),
          },
        };
      });
    },

    /** The signed-in officer's services: what their regime has made due, what is overdue, and what needs re-rating. */
    async workList(actor: Actor) {
      authorise(actor, 'risk.reports');
      const on = today();
      return store.asUser(actor, async (tx) => {
        const services = await registerRepo.servicesLedBy(tx, actor.userId);
        const ids = services.map((s) => s.id);
        const inUse = await matrixIn(tx, actor.orgId);
        const latestRows = await repo.latestRatings(tx, ids);
        const latest = new Map((await ratingsWithVersions(tx, [...latestRows.values()])).map((r) => [r.serviceId, r]));
        const now = await recordNow(tx, inUse.matrix, services.map((s) => ({ id: s.id, category: s.category, previous: latest.get(s.id)?.scores ?? null })), on);
        const items: WorkItem[] = services.map((s) => {
          const rating = latest.get(s.id) ?? null;
          const record = now.get(s.id)!;
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
        items.sort((a, b) => URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] || a.serviceName.localeCompare(b.serviceName));
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
      });
    },

    /**
     * The internal audit of how consistently ratings are used (seed 004): ratings older than a set age,
     * ratings whose CQC score no longer matches CQC's current rating, and the spread of bands by team.
     */
    async audit(actor: Actor, olderThanMonths: number) {
      authorise(actor, 'risk.reports');
      const on = today();
      const cutoff = addMonths(on, -olderThanMonths);
      return store.asUser(actor, async (tx) => {
        const rows = await registerRepo.servicesWithLatestRating(tx, actor.orgId);
        const inUse = await matrixIn(tx, actor.orgId);
        const cqc = await repo.cqcFacts(tx, rows.filter((r) => r.rating_id && r.cqc_location_id).map((r) => r.service_id));
        const rated = rows.filter((r) => r.rating_id !== null);
        const stale = rated.filter((r) => r.rated_on! < cutoff).sort((a, b) => a.rated_on!.localeCompare(b.rated_on!));
        const disagreements = rated.flatMap((r) => {
          const current = cqc.get(r.service_id)?.cqc;
          if (!current) return [];
          const proposal = proposeScores(
            inUse.matrix,
            { category: r.category, cqc: current, careHome: null, ownAssessment: null, intelligence: [], escalation: null, previous: null },
            on,
          ).cqc_rating;
          if (proposal.basis !== 'record' || proposal.score === r.cqc_score) return [];
          return [{ row: r, expected: proposal.score, explanation: proposal.explanation }];
        });
        const teams = new Map<string, Record<RiskBandKey | 'unrated', number>>();
        for (const r of rows) {
          const team = r.team ?? '';
          const counts = teams.get(team) ?? (Object.fromEntries([...RISK_BAND_KEYS, 'unrated'].map((k) => [k, 0])) as Record<RiskBandKey | 'unrated', number>);
          const key = r.band_key && isRiskBandKey(r.band_key) ? r.band_key : 'unrated';
          counts[key] += 1;
          teams.set(team, counts);
        }
        const spread = [...teams.entries()]
          .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
          .map(([team, counts]) => ({ team: team || null, counts, total: Object.values(counts).reduce((x, y) => x + y, 0) }));
        return {
          today: on,
          olderThanMonths,
          cutoff,
          services: rows.length,
          rated: rated.length,
          unrated: rows.filter((r) => r.rating_id === null),
          awaitingApproval: rated.filter((r) => !r.approved),
          stale,
          disagreements,
          spread,
          bands: inUse.matrix.bands.map((b) => ({ key: b.key, label: b.label })),
        };
      });
    },
  };
}

function dueStatuses(schedule: Schedule | null): DueStatus[] {
  if (!schedule) return [];
  return [schedule.fullAssessment, schedule.selfAssessment, schedule.monitoringMeeting, schedule.contact].flatMap((d) => (d ? [d.status] : []));
}

export function urgencyOf(rating: Rating | null, schedule: Schedule | null, changes: readonly ProposalChange[]): WorkItem['urgency'] {
  if (!rating) return 'not_rated';
  const statuses = dueStatuses(schedule);
  if (statuses.includes('overdue')) return 'overdue';
  if (changes.length) return 'rerate';
  if (statuses.includes('due_soon')) return 'due_soon';
  return 'scheduled';
}

export type RegisterServiceApi = ReturnType<typeof registerService>;
