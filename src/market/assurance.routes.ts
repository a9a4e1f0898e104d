import type { FastifyInstance, FastifyReply } from 'fastify';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts, postedDateParts, text } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import type { AssuranceService } from './assurance.service.ts';
import { statementSchema } from './contingency.schemas.ts';

const DAY_TAGS = {
  submitted: { text: 'Sent', classes: 'govuk-tag--green' },
  due: { text: 'Due today', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
} as const;

/** A provider's daily assurance statements: what is due for its services, and the short form for one day. */
export function assuranceRoutes(app: FastifyInstance, assurance: AssuranceService) {
  const route = router(app);

  route.get(paths.contingency.assurance, { access: 'assurance.submit' }, async ({ actor, request, reply }) => {
    const requests = (await assurance.due(actor)).map((r) => ({
      ...r,
      days: r.days.map((d) => ({ ...d, tag: DAY_TAGS[d.status], href: d.status === 'submitted' ? undefined : withQuery(paths.contingency.assuranceForm(r.id), { day: d.date }) })),
    }));
    return reply.render('market/views/assurance-list.njk', { title: 'Daily assurance statements', section: 'assurance', requests, sent: (request.query as { sent?: string }).sent === '1' });
  });

  async function renderForm(reply: FastifyReply, actor: Actor, requestId: string, values: Record<string, unknown>, errors?: FormErrors) {
    const request = await assurance.request(actor, requestId);
    return reply.render('market/views/assurance-form.njk', {
      title: `Daily assurance statement: ${request.serviceName}`,
      section: 'assurance',
      backLink: paths.contingency.assurance,
      request,
      action: paths.contingency.assuranceForm(requestId),
      values: {
        statementOn: values['statementOn-day'] !== undefined ? postedDateParts(values, 'statementOn') : dateParts(text(values.day) || today()),
        careDelivered: text(values.careDelivered),
        staffingSafe: text(values.staffingSafe),
        missedCalls: text(values.missedCalls),
        concerns: text(values.concerns),
      },
      errors,
    });
  }

  route.get(paths.contingency.assuranceForm(':id'), { access: 'assurance.submit', ids: ['id'], notFound: 'Assurance request' }, async ({ actor, ids, request, reply }) => {
    const day = (request.query as { day?: string }).day;
    return renderForm(reply, actor, ids.id, { day: day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined });
  });

  route.post(
    paths.contingency.assuranceForm(':id'),
    { access: 'assurance.submit', ids: ['id'], notFound: 'Assurance request', body: statementSchema, dates: ['statementOn'], invalid: ({ actor, ids, values, reply }, errors) => renderForm(reply, actor, ids.id, values, errors) },
    async ({ actor, ids, body, reply }) => {
      await assurance.submit(actor, ids.id, body);
      return reply.redirect(withQuery(paths.contingency.assurance, { sent: 1 }), 303);
    },
  );
}
