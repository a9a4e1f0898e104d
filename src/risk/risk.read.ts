import { lastFullAssessments } from '../assessments/index.ts';
import type { Tx } from '../core/db/database.ts';
import { lastVisits } from '../visits/index.ts';
import type { Regime } from './matrix.ts';
import { matrixIn } from './risk.reads.ts';
import * as repo from './risk.repository.ts';
import { scheduleFor, type Schedule } from './schedule.ts';

/**
 * What other capabilities read of the Provider Risk Rating, in their own unit of work (row-level security
 * decides which services the reader sees): the council's bands, and each rated service's band and the dates
 * its monitoring regime sets, counted exactly as the work list counts them (schedule.ts).
 */

export interface RiskBandName {
  readonly key: string;
  readonly label: string;
}

export interface ServiceRisk {
  readonly band: RiskBandName;
  readonly prr: number;
  readonly ratedOn: string;
  /** What the latest rating's regime makes due, and whether each is overdue, due soon or scheduled on the day given. */
  readonly schedule: Schedule;
}

/** The bands of the council's matrix in use, lowest risk first. */
export async function riskBands(tx: Tx, councilId: string): Promise<RiskBandName[]> {
  const inUse = await matrixIn(tx, councilId);
  return inUse.matrix.bands.map((b) => ({ key: b.key, label: b.label }));
}

/** Each rated service's latest band and regime dates on the day `on`; services never rated are left out. */
export async function serviceRisks(tx: Tx, councilId: string, serviceIds: readonly string[], on: string): Promise<Map<string, ServiceRisk>> {
  const rows = await repo.latestBands(tx, serviceIds);
  if (!rows.length) return new Map();
  const rated = rows.map((r) => r.service_id);
  const inUse = await matrixIn(tx, councilId);
  const assessments = await lastFullAssessments(tx, rated);
  const visits = await lastVisits(tx, rated);
  return new Map(
    rows.map((r) => {
      const schedule = scheduleFor(
        {
          regime: r.regime as Regime,
          ratedOn: r.rated_on,
          lastFullAssessmentOn: assessments.get(r.service_id)?.completedOn ?? null,
          lastMonitoringMeetingOn: visits.get(r.service_id)?.lastFullVisitOn ?? null,
          lastContactOn: visits.get(r.service_id)?.lastVisitOn ?? null,
          selfAssessmentMonthsBefore: inUse.matrix.selfAssessmentMonthsBefore,
        },
        on,
      );
      return [r.service_id, { band: { key: r.band_key, label: r.band_label }, prr: Number(r.prr), ratedOn: r.rated_on, schedule }];
    }),
  );
}
