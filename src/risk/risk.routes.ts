import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { text } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { approvalInputSchema } from './risk.schemas.ts';
import type { RiskServiceApi } from './risk.service.ts';
import { serviceRiskView } from './risk.view.ts';

/** A service's risk page: the rating, its history and chart, what is due, and a commissioner's approval. */
export function riskRoutes(app: FastifyInstance, risk: RiskServiceApi) {
  const route = router(app);

  async function renderRiskPage(reply: FastifyReply, actor: Actor, serviceId: string, extra: { notice?: string | undefined; errors?: FormErrors; note?: string } = {}) {
    const view = await risk.serviceRisk(actor, serviceId);
    return reply.code(extra.errors ? 400 : 200).render('risk/views/service-risk.njk', {
      title: `Provider Risk Rating: ${view.service.name}`,
      v: serviceRiskView(view),
      canRate: can(actor, 'risk.rate'),
      canApprove: can(actor, 'risk.approve') && !!view.latest && !view.latest.approval && view.latest.ratedBy.id !== actor.userId,
      notice: extra.notice,
      errors: extra.errors,
      values: { note: extra.note ?? '' },
      backLink: paths.services.show(view.service.id),
    });
  }

  route.get(paths.risk.service(':id'), { access: 'risk.read', ids: ['id'] }, ({ actor, ids, query, reply }) =>
    renderRiskPage(reply, actor, ids.id, { notice: query.confirmed ? 'Risk rating confirmed' : query.approved ? 'Risk rating approved' : undefined }),
  );

  route.post(
    paths.risk.approve(':id'),
    {
      access: 'risk.approve',
      ids: ['id'],
      body: approvalInputSchema,
      invalid: ({ actor, ids, values, reply }, errors) => renderRiskPage(reply, actor, ids.id, { errors, note: text(values.note) }),
    },
    async ({ actor, ids, body, reply }) => {
      await risk.approve(actor, ids.id, body);
      return reply.redirect(withQuery(paths.risk.service(ids.id), { approved: 1 }), 303);
    },
  );
}
