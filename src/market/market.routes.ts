import type { FastifyInstance } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';

/** The start of the Market section for council staff: the year's fee bands, market events and contingency plans. */
export function marketRoutes(app: FastifyInstance) {
  const route = router(app);
  route.get(paths.market, { access: 'market.read' }, ({ actor, reply }) =>
    reply.render('market/views/start.njk', {
      title: 'Market',
      section: 'market',
      canFeeBands: can(actor, 'feeBands.read'),
      canRecord: can(actor, 'market.write'),
    }),
  );
}
