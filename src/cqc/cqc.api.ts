import type { FastifyInstance } from 'fastify';
import { router } from '../core/http/route.ts';
import { paths } from '../core/http/paths.ts';
import { ratingItem, type CqcService } from './cqc.service.ts';

/** GET /api/v1/services/{id}/cqc-ratings: a service's CQC rating history, newest first. */
export function cqcApi(app: FastifyInstance, cqc: CqcService) {
  router(app).get(paths.api.serviceCqcRatings(':id'), { access: 'signed-in', ids: ['id'] }, async ({ actor, ids }) => {
    const data = await cqc.forService(actor, ids.id);
    return { items: data.publications.map(ratingItem) };
  });
}
