import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import { matrixToApi, ratingToApi, serviceRiskToApi } from './risk.json.ts';
import type { RiskServiceApi } from './risk.service.ts';

const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;

/** The JSON API for Provider Risk Ratings (API.md). */
export function riskApi(app: FastifyInstance, risk: RiskServiceApi) {
  app.get(paths.api.serviceRisk(':id'), async (request) => serviceRiskToApi(await risk.serviceRisk(requireActor(request), idParam(request))));

  app.put(paths.api.serviceRisk(':id'), async (request) => ratingToApi(await risk.rate(requireActor(request), idParam(request), request.body)));

  app.post(paths.api.serviceRiskApproval(':id'), async (request) =>
    ratingToApi(await risk.approve(requireActor(request), idParam(request), request.body)),
  );

  app.get(paths.api.riskMatrix, async (request) => matrixToApi(await risk.matrix(requireActor(request))));
}
