import type { Tx } from '../../core/db/database.ts';
import { DEFAULT_GATES, EXAMPLE_BANDS, financialYearOf } from '../../market/index.ts';

/**
 * This financial year's fee-band scheme (the example bands, every gate on), set by the council's
 * commissioner: the proposals follow from the audits already written, so the schedule is never empty.
 */
export async function writeFeeBands(tx: Tx, councilId: string, commissionerId: string, today: string): Promise<void> {
  await tx
    .insertInto('fee_band_schemes')
    .values({ council_id: councilId, year: financialYearOf(today), bands: JSON.stringify(EXAMPLE_BANDS), gates: JSON.stringify(DEFAULT_GATES), updated_by: commissionerId })
    .execute();
}
