import type { FastifyInstance } from 'fastify';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import type { MatrixServiceApi } from './matrix.service.ts';
import { matrixToApi, ratingToApi, serviceRiskToApi } from './risk.json.ts';
import { approvalInputSchema, ratingInputSchema } from './risk.schemas.ts';
import type { RiskServiceApi } from './risk.service.ts';

/** The JSON API for Provider Risk Ratings (API.md). */
export function riskApi(app: FastifyInstance, risk: RiskServiceApi, matrices: MatrixServiceApi) {
  const route = router(app);

  route.get(paths.api.serviceRisk(':id'), { access: 'risk.read', ids: ['id'] }, async ({ actor, ids }) => serviceRiskToApi(await risk.serviceRisk(actor, ids.id)));

  route.put(paths.api.serviceRisk(':id'), { access: 'risk.rate', ids: ['id'], body: ratingInputSchema }, async ({ actor, ids, body }) => ratingToApi(await risk.rate(actor, ids.id, body)));

  route.post(paths.api.serviceRiskApproval(':id'), { access: 'risk.approve', ids: ['id'], body: approvalInputSchema }, async ({ actor, ids, body }) =>
    ratingToApi(await risk.approve(actor, ids.id, body)),
  );

  route.get(paths.api.riskMatrix, { access: 'risk.read' }, async ({ actor }) => matrixToApi(await matrices.matrix(actor)));
}
