import type { Tx } from '../core/db/database.ts';
import { DEFAULT_RETURN_SETTINGS, type ReturnSettings } from './settings.rules.ts';

/** All SQL about a council's return settings. Row-level security: its staff and its providers read; its administrator writes. */

/** The settings of each council given (the defaults where it has set none). */
export async function settingsOf(tx: Tx, councilIds: readonly string[]): Promise<Map<string, ReturnSettings>> {
  const rows = councilIds.length ? await tx.selectFrom('return_settings').selectAll().where('council_id', 'in', councilIds).execute() : [];
  const found = new Map(
    rows.map((r) => [
      r.council_id,
      {
        period: r.period,
        periodChange: r.previous_period && r.period_from_year && r.period_from_quarter ? { previous: r.previous_period, from: { year: r.period_from_year, quarter: r.period_from_quarter } } : null,
        deadlineMonths: r.deadline_months, agencyHoursAbove: Number(r.agency_hours_above), trainingMandatoryBelow: Number(r.training_mandatory_below), flagNoRegisteredManager: r.flag_no_registered_manager,
      } satisfies ReturnSettings,
    ]),
  );
  return new Map(councilIds.map((id) => [id, found.get(id) ?? DEFAULT_RETURN_SETTINGS]));
}

export async function settingsFor(tx: Tx, councilId: string): Promise<ReturnSettings> {
  return (await settingsOf(tx, [councilId])).get(councilId)!;
}

export async function saveSettings(tx: Tx, councilId: string, userId: string, s: ReturnSettings) {
  const values = {
    period: s.period,
    previous_period: s.periodChange?.previous ?? null,
    period_from_year: s.periodChange?.from.year ?? null,
    period_from_quarter: s.periodChange?.from.quarter ?? null,
    deadline_months: s.deadlineMonths,
    agency_hours_above: s.agencyHoursAbove,
    training_mandatory_below: s.trainingMandatoryBelow,
    flag_no_registered_manager: s.flagNoRegisteredManager,
    updated_by: userId,
    updated_at: new Date(),
  };
  await tx
    .insertInto('return_settings')
    .values({ council_id: councilId, ...values })
    .onConflict((oc) => oc.column('council_id').doUpdateSet(values))
    .execute();
}
