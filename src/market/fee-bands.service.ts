import { fullAssessmentScores } from '../assessments/index.ts';
import { authorise, can } from '../core/auth/permissions.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { serviceCqcFacts } from '../cqc/index.ts';
import { serviceEscalations } from '../escalation/index.ts';
import { auditRoundStart, careHomeType, checkBands, findBand, proposeBand, weeklyFeeOf, type Audit, type CareHomeType, type FeeBand, type FeeBandGates, type FeeBandScheme } from './fee-band.rules.ts';
import * as repo from './fee-bands.repository.ts';

/** One home's line of a year's schedule: what is proposed, what stands, and whether it was approved as it is. */
export interface ScheduleItem {
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string;
  readonly cqcLocationId: string | null;
  readonly type: CareHomeType;
  readonly proposedBand: string | null;
  /** The band that stands: the override, else the proposal (null until a person chooses one). */
  readonly band: string | null;
  readonly bandLabel: string | null;
  readonly weeklyFee: number | null;
  readonly effectiveFrom: string;
  readonly reason: string;
  readonly overridden: boolean;
  readonly overrideReason: string | null;
  readonly capped: boolean;
  readonly flagged: boolean;
  /** As it stands, it is what the latest approved version says. */
  readonly approved: boolean;
  /** Null where the home had no band last year. */
  readonly lastYearBand: string | null;
  readonly changedSinceLastYear: boolean;
}

export interface Approval {
  readonly version: number;
  readonly byName: string | null;
  readonly at: Date;
}

export interface Schedule {
  readonly year: number;
  readonly scheme: FeeBandScheme | null;
  readonly items: readonly ScheduleItem[];
  readonly approval: Approval | null;
}

function toScheme(row: { year: number; bands: unknown; gates: unknown }): FeeBandScheme {
  return { year: row.year, bands: row.bands as FeeBand[], gates: row.gates as FeeBandGates };
}

function councilOnly(actor: Actor) {
  if (actor.orgKind !== 'council' || !can(actor, 'feeBands.read')) throw new Forbidden();
}

async function visibleCareHome(tx: Tx, actor: Actor, serviceId: string) {
  const service = await repo.findService(tx, serviceId);
  if (!service || service.council_id !== actor.orgId || careHomeType(service.category, null) === null) throw new NotFound('Care home');
  return service;
}

/** Proposes every care home's band and lays the overrides and the latest approval beside it. */
async function computeSchedule(tx: Tx, councilId: string, scheme: FeeBandScheme): Promise<ScheduleItem[]> {
  const homes = await repo.careHomes(tx, councilId);
  const ids = homes.map((h) => h.id);
  const scores = await fullAssessmentScores(tx, ids, auditRoundStart(scheme.year));
  const cqc = await serviceCqcFacts(tx, ids);
  const escalations = await serviceEscalations(tx, ids);
  const overrides = new Map((await repo.overrides(tx, councilId, scheme.year)).map((o) => [o.service_id, o]));
  const lastYear = new Map((await repo.latestApprovedItems(tx, scheme.year - 1, councilId)).map((i) => [i.service_id, i]));
  const approved = new Map((await repo.latestApprovedItems(tx, scheme.year, councilId)).map((i) => [i.service_id, i]));
  const audits = new Map<string, Audit[]>();
  for (const s of scores) audits.set(s.serviceId, [...(audits.get(s.serviceId) ?? []), s]);
  return homes.map((home) => {
    const facts = cqc.get(home.id);
    const type = careHomeType(home.category, facts ?? null)!;
    const before = lastYear.get(home.id);
    const proposal = proposeBand(scheme, {
      type,
      audits: audits.get(home.id) ?? [],
      suspended: escalations.get(home.id)?.suspension != null,
      cqcInadequate: facts?.rating?.overall === 'inadequate',
      lastYearBandKey: before?.band_key ?? null,
    });
    const override = overrides.get(home.id);
    const band = findBand(scheme, override?.band_key ?? proposal.bandKey);
    const weeklyFee = band ? weeklyFeeOf(band, type) : null;
    const was = approved.get(home.id);
    return {
      serviceId: home.id,
      serviceName: home.name,
      providerName: home.provider_name,
      cqcLocationId: home.cqc_location_id,
      type,
      proposedBand: proposal.bandKey,
      band: band?.key ?? null,
      bandLabel: band?.label ?? null,
      weeklyFee,
      effectiveFrom: proposal.effectiveFrom,
      reason: proposal.reason,
      overridden: !!override,
      overrideReason: override?.reason ?? null,
      capped: proposal.capped,
      flagged: proposal.flagged,
      approved: !!was && was.band_key === band?.key && was.weekly_fee === weeklyFee && was.effective_from === proposal.effectiveFrom && was.override_reason === (override?.reason ?? null),
      lastYearBand: before?.band_key ?? null,
      changedSinceLastYear: !before || before.band_key !== band?.key || before.weekly_fee !== weeklyFee,
    };
  });
}

/** The year's banding scheme, its schedule of care homes, overrides and approval (issue 18). */
export function feeBandsService(store: Store) {
  return {
    async scheme(actor: Actor, year: number): Promise<FeeBandScheme | null> {
      councilOnly(actor);
      return store.asUser(actor, async (tx) => {
        const row = await repo.findScheme(tx, actor.orgId, year);
        return row ? toScheme(row) : null;
      });
    },

    /** Sets the year's bands and gates; the bands must rise from 0%. */
    async saveScheme(actor: Actor, year: number, input: { bands: readonly FeeBand[]; gates: FeeBandGates }): Promise<FeeBandScheme> {
      authorise(actor, 'feeBands.manage');
      const problems = checkBands(input.bands);
      if (problems.length) throw new Invalid(problems.map((p) => ({ path: `bands.${p.index}.${p.field}`, message: p.message })));
      return store.asUser(actor, async (tx) => {
        await repo.saveScheme(tx, actor.orgId, year, input.bands, input.gates, actor.userId);
        return { year, bands: input.bands, gates: input.gates };
      });
    },

    /** The council's schedule for the year: every care home's proposal and band as it stands. */
    async schedule(actor: Actor, year: number): Promise<Schedule> {
      councilOnly(actor);
      return store.asUser(actor, async (tx) => {
        const row = await repo.findScheme(tx, actor.orgId, year);
        const latest = await repo.latestSchedule(tx, actor.orgId, year);
        const approval = latest ? { version: latest.version, byName: latest.approved_by_name, at: latest.approved_at } : null;
        if (!row) return { year, scheme: null, items: [], approval };
        const scheme = toScheme(row);
        return { year, scheme, items: await computeSchedule(tx, actor.orgId, scheme), approval };
      });
    },

    /** A provider's homes as the latest approved schedule of each council sets them (drafts stay the council's). */
    async providerSchedule(actor: Actor, year: number): Promise<ScheduleItem[]> {
      authorise(actor, 'feeBands.read');
      if (actor.orgKind !== 'provider') throw new Forbidden();
      const rows = await store.asUser(actor, (tx) => repo.latestApprovedItems(tx, year));
      return rows.map(
        (r): ScheduleItem => ({
          serviceId: r.service_id,
          serviceName: r.service_name,
          providerName: r.provider_name,
          cqcLocationId: r.cqc_location_id,
          type: r.care_home_type as CareHomeType,
          proposedBand: r.proposed_band_key,
          band: r.band_key,
          bandLabel: r.band_label,
          weeklyFee: r.weekly_fee,
          effectiveFrom: r.effective_from,
          reason: r.reason,
          overridden: r.overridden,
          overrideReason: r.override_reason,
          capped: false,
          flagged: false,
          approved: true,
          lastYearBand: null,
          changedSinceLastYear: r.changed_since_last_year,
        }),
      );
    },

    /** A commissioner's band for one home for the year, in place of the proposal. */
    async override(actor: Actor, serviceId: string, input: { year: number; band: string; reason: string }): Promise<ScheduleItem> {
      authorise(actor, 'feeBands.manage');
      return store.asUser(actor, async (tx) => {
        await visibleCareHome(tx, actor, serviceId);
        const row = await repo.findScheme(tx, actor.orgId, input.year);
        if (!row) throw new Conflict(`Set the bands for ${input.year} before choosing a home’s band`);
        const scheme = toScheme(row);
        if (!findBand(scheme, input.band)) throw new Invalid([{ path: 'band', message: 'Choose one of the year’s bands' }]);
        await repo.saveOverride(tx, actor.orgId, serviceId, input.year, input.band, input.reason, actor.userId);
        return (await computeSchedule(tx, actor.orgId, scheme)).find((i) => i.serviceId === serviceId)!;
      });
    },

    /** Goes back to the proposal for the home. */
    async clearOverride(actor: Actor, serviceId: string, year: number): Promise<void> {
      authorise(actor, 'feeBands.manage');
      await store.asUser(actor, async (tx) => {
        await visibleCareHome(tx, actor, serviceId);
        await repo.removeOverride(tx, serviceId, year);
      });
    },

    /**
     * Approves the year's schedule as it stands: a new version when anything changed since the last approval
     * (the first approval is version 1); the same version again when nothing did. Every home needs a band.
     */
    async approve(actor: Actor, year: number): Promise<Approval> {
      authorise(actor, 'feeBands.manage');
      return store.asUser(actor, async (tx) => {
        const row = await repo.findScheme(tx, actor.orgId, year);
        if (!row) throw new Conflict(`Set the bands for ${year} before approving its schedule`, 'approve');
        const items = await computeSchedule(tx, actor.orgId, toScheme(row));
        const missing = items.filter((i) => i.band === null);
        if (missing.length) throw new Conflict(`Choose a band for ${missing.map((i) => i.serviceName).join(', ')} before approving`, 'approve');
        const latest = await repo.latestSchedule(tx, actor.orgId, year);
        if (latest && items.every((i) => i.approved)) return { version: latest.version, byName: latest.approved_by_name, at: latest.approved_at };
        const made = await repo.insertSchedule(
          tx,
          actor.orgId,
          year,
          (latest?.version ?? 0) + 1,
          { id: actor.userId, name: actor.name },
          items.map((i) => ({
            serviceId: i.serviceId,
            careHomeType: i.type,
            proposedBandKey: i.proposedBand,
            bandKey: i.band!,
            bandLabel: i.bandLabel!,
            weeklyFee: i.weeklyFee!,
            effectiveFrom: i.effectiveFrom,
            reason: i.reason,
            overridden: i.overridden,
            overrideReason: i.overrideReason,
            changedSinceLastYear: i.changedSinceLastYear,
          })),
        );
        return { version: made.version, byName: actor.name, at: made.approved_at };
      });
    },
  };
}

export type FeeBandsService = ReturnType<typeof feeBandsService>;
