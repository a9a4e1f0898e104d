import type { Tx } from '../../core/db/database.ts';
import type { RiskRatingRow } from '../history/model.ts';
import { insertRows } from './bulk.ts';

/** Risk ratings (append-only, as confirmed) and the commissioner's approvals. */
export async function writeRisk(tx: Tx, councilId: string, matrixId: string | null, ratings: readonly RiskRatingRow[]): Promise<void> {
  const ordered = [...ratings].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  await insertRows<RiskRatingRow>(tx, 'risk_ratings', [
    { name: 'id', type: 'uuid', value: (r) => r.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'service_id', type: 'uuid', value: (r) => r.serviceId },
    { name: 'matrix_id', type: 'uuid', value: () => matrixId },
    { name: 'scores', type: 'jsonb', value: (r) => r.scores },
    { name: 'rationale', type: 'text', value: (r) => r.rationale },
    { name: 'area_rationales', type: 'jsonb', value: (r) => r.areaRationales },
    { name: 'proposals', type: 'jsonb', value: (r) => r.proposals },
    { name: 'prr', type: 'numeric', value: (r) => r.prr },
    { name: 'band_key', type: 'text', value: (r) => r.bandKey },
    { name: 'band_label', type: 'text', value: (r) => r.bandLabel },
    { name: 'regime', type: 'jsonb', value: (r) => r.regime },
    { name: 'rated_on', type: 'date', value: (r) => r.ratedOn },
    { name: 'rated_by', type: 'uuid', value: (r) => r.ratedBy },
    { name: 'created_at', type: 'timestamptz', value: (r) => r.createdAt },
  ], ordered);
  const approvals = ordered.flatMap((r) => (r.approval ? [{ ...r.approval, ratingId: r.id }] : []));
  await insertRows<(typeof approvals)[number]>(tx, 'risk_rating_approvals', [
    { name: 'id', type: 'uuid', value: (a) => a.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'rating_id', type: 'uuid', value: (a) => a.ratingId },
    { name: 'approved_by', type: 'uuid', value: (a) => a.approvedBy },
    { name: 'approved_on', type: 'date', value: (a) => a.approvedOn },
    { name: 'note', type: 'text', value: (a) => a.note },
    { name: 'created_at', type: 'timestamptz', value: (a) => a.createdAt },
  ], approvals);
}
