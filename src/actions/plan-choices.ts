import type { Tx } from '../core/db/database.ts';
import type { PlanChoice } from '../visits/index.ts';
import * as plansRepo from './plans.repository.ts';

/**
 * A service's action plans, newest first, as the visit forms offer them for a visit to follow up. Visits
 * cannot ask action plans themselves (plans use visits), so the composition root hands them this read model.
 */
export async function plansOfService(tx: Tx, serviceId: string): Promise<PlanChoice[]> {
  return (await plansRepo.plansOfService(tx, serviceId)).map((p) => ({ id: p.id, assessedOn: p.assessed_on }));
}
