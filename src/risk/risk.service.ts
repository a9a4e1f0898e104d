import { lastFullAssessments } from '../assessments/index.ts';
import { authorise, can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Conflict, Forbidden } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { indicatorsFor, type Indicators, type RiskAreaKey, type Score } from './matrix.ts';
import { bandFor, computePrr, type Scores } from './prr.ts';
import { changedProposals, type ProposalChange, type Proposals } from './proposals.ts';
import type { MatrixInUse, Rating, RecordNow, RiskService } from './risk.domain.ts';
import { matrixIn, ratingsWithVersions, recordsNow, serviceOrNotFound } from './risk.reads.ts';
import * as repo from './risk.repository.ts';
import { approvalInputSchema, ratingInputSchema } from './risk.schemas.ts';
import { scheduleFor, type Schedule } from './schedule.ts';

export interface AreaToRate {
  readonly key: RiskAreaKey;
  readonly label: string;
  readonly weight: number;
  readonly indicators: Indicators;
  readonly proposal: Proposals[RiskAreaKey];
  readonly current: Score | null;
}

export interface Rerating {
  readonly needed: boolean;
  readonly changes: readonly ProposalChange[];
}

export interface ServiceRisk {
  readonly service: RiskService;
  readonly latest: Rating | null;
  readonly history: readonly Rating[];
  readonly schedule: Schedule | null;
  readonly lastFullAssessmentOn: string | null;
  /** Null for those who may not see the intelligence behind proposals. */
  readonly rerating: Rerating | null;
  readonly matrix: MatrixInUse;
}

/** A service's ratings: the rate → check → confirm journey, a commissioner's approval, and the service's risk page. */
export function riskService(store: Store) {
  return {
    /** What the rating page needs: each area with its indicators for this service, the proposal and its reason. */
    async ratingForm(actor: Actor, serviceId: string) {
      authorise(actor, 'risk.rate');
      return store.asUser(actor, async (tx) => {
        const service = await serviceOrNotFound(tx, serviceId);
        const inUse = await matrixIn(tx, actor.orgId);
        const [latestRow] = (await repo.latestRatings(tx, [service.id])).values();
        const latest = latestRow ? (await ratingsWithVersions(tx, [latestRow]))[0]! : null;
        const on = today();
        const { proposals } = (await recordsNow(tx, inUse.matrix, [{ id: service.id, category: service.category, previous: latest?.scores ?? null }], on)).get(service.id)!;
        const areas: AreaToRate[] = inUse.matrix.areas.map((area) => ({
          key: area.key,
          label: area.label,
          weight: area.weight,
          indicators: indicatorsFor(inUse.matrix, area.key, service.category),
          proposal: proposals[area.key],
          current: latest?.scores[area.key] ?? null,
        }));
        return { service, matrix: inUse, areas, latest, today: on };
      });
    },

    /** Works out the PRR, band and regime a set of scores gives, without saving: the check-answers page. */
    async preview(actor: Actor, serviceId: string, input: unknown) {
      authorise(actor, 'risk.rate');
      const rating = parse(ratingInputSchema, input);
      return store.asUser(actor, async (tx) => {
        await serviceOrNotFound(tx, serviceId);
        const inUse = await matrixIn(tx, actor.orgId);
        const prr = computePrr(inUse.matrix, rating.scores as Scores);
        const band = bandFor(inUse.matrix, prr);
        return { input: rating, prr, band: { key: band.key, label: band.label }, regime: band.regime, matrix: inUse };
      });
    },

    /**
     * An officer or commissioner confirms a rating: the scores they chose (each 1 to 5), their rationale,
     * and, kept beside them, what the record proposed at the time. Every rating is a new row.
     */
    async rate(actor: Actor, serviceId: string, input: unknown): Promise<Rating> {
      authorise(actor, 'risk.rate');
      const rating = parse(ratingInputSchema, input);
      return store.asUser(actor, async (tx) => {
        const service = await serviceOrNotFound(tx, serviceId);
        const inUse = await matrixIn(tx, actor.orgId);
        const scores = rating.scores as Scores;
        const prr = computePrr(inUse.matrix, scores);
        const band = bandFor(inUse.matrix, prr);
        const on = today();
        const [previous] = (await repo.latestRatings(tx, [service.id])).values();
        const { proposals } = (await recordsNow(tx, inUse.matrix, [{ id: service.id, category: service.category, previous: (previous?.scores as Scores) ?? null }], on)).get(service.id)!;
        const areaRationales = Object.fromEntries(Object.entries(rating.areaRationales ?? {}).filter(([, v]) => !!v)) as Record<string, string>;
        const id = await repo.insertRating(tx, {
          councilId: actor.orgId,
          serviceId: service.id,
          matrixId: inUse.id,
          scores: { ...scores },
          rationale: rating.rationale,
          areaRationales,
          proposals,
          prr,
          bandKey: band.key,
          bandLabel: band.label,
          regime: band.regime,
          ratedOn: on,
          ratedBy: actor.userId,
        });
        const saved = (await repo.ratingHistory(tx, service.id)).find((r) => r.id === id)!;
        return (await ratingsWithVersions(tx, [saved]))[0]!;
      });
    },

    /**
     * A commissioner approves the latest rating of a service, which someone else confirmed (SPEC: officers
     * propose ratings, commissioners approve them). Approving is optional: a rating counts from when it
     * is confirmed.
     */
    async approve(actor: Actor, serviceId: string, input: unknown): Promise<Rating> {
      authorise(actor, 'risk.approve');
      const { note } = parse(approvalInputSchema, input ?? {});
      return store.asUser(actor, async (tx) => {
        const service = await serviceOrNotFound(tx, serviceId);
        const [latest] = (await repo.latestRatings(tx, [service.id])).values();
        if (!latest) throw new Conflict('This service has no rating to approve');
        if (latest.approved_by) throw new Conflict('The latest rating is already approved');
        if (latest.rated_by === actor.userId) throw new Forbidden('You cannot approve a rating you confirmed yourself');
        await repo.insertApproval(tx, { councilId: actor.orgId, ratingId: latest.id, approvedBy: actor.userId, approvedOn: today(), note: note ?? null });
        const [saved] = (await repo.latestRatings(tx, [service.id])).values();
        return (await ratingsWithVersions(tx, [saved!]))[0]!;
      });
    },

    /** Every rating of a service, newest first: for the service API, the timeline and the panel. */
    async history(actor: Actor, serviceId: string): Promise<Rating[]> {
      authorise(actor, 'risk.read');
      return store.asUser(actor, async (tx) => {
        const service = await serviceOrNotFound(tx, serviceId);
        return ratingsWithVersions(tx, await repo.ratingHistory(tx, service.id));
      });
    },

    /** A service's latest rating, its history newest first, the dates its regime sets, and whether it needs re-rating. */
    async serviceRisk(actor: Actor, serviceId: string): Promise<ServiceRisk> {
      authorise(actor, 'risk.read');
      return store.asUser(actor, async (tx) => {
        const service = await serviceOrNotFound(tx, serviceId);
        const inUse = await matrixIn(tx, actor.orgId);
        const history = await ratingsWithVersions(tx, await repo.ratingHistory(tx, service.id));
        const latest = history[0] ?? null;
        const on = today();
        let rerating: Rerating | null = null;
        let dates: Pick<RecordNow, 'lastFullAssessmentOn' | 'lastContactOn' | 'lastMonitoringMeetingOn'>;
        if (can(actor, 'risk.rate') || can(actor, 'risk.reports')) {
          const found = (await recordsNow(tx, inUse.matrix, [{ id: service.id, category: service.category, previous: latest?.scores ?? null }], on)).get(service.id)!;
          dates = found;
          const changes = latest ? changedProposals(latest.proposals, found.proposals) : [];
          rerating = { needed: changes.length > 0, changes };
        } else {
          // Placing officers see the rating but not the intelligence or visits behind proposals.
          const lastFullAssessmentOn = (await lastFullAssessments(tx, [service.id])).get(service.id)?.completedOn ?? null;
          dates = { lastFullAssessmentOn, lastContactOn: null, lastMonitoringMeetingOn: null };
        }
        const lastFullAssessmentOn = dates.lastFullAssessmentOn;
        const schedule = latest
          ? scheduleFor(
              {
                regime: latest.regime,
                ratedOn: latest.ratedOn,
                lastFullAssessmentOn,
                lastMonitoringMeetingOn: dates.lastMonitoringMeetingOn,
                lastContactOn: dates.lastContactOn,
                selfAssessmentMonthsBefore: inUse.matrix.selfAssessmentMonthsBefore,
              },
              on,
            )
          : null;
        return { service, latest, history, schedule, lastFullAssessmentOn, rerating, matrix: inUse };
      });
    },
  };
}

export type RiskServiceApi = ReturnType<typeof riskService>;
