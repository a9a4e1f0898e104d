import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { dateParts, postedDateParts, text } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { marketEventFormSchema } from './contingency.schemas.ts';
import { eventView, kindItems } from './contingency.view.ts';
import type { MarketEventsService } from './market-events.service.ts';

/** The market events list, and the form that records one (by hand, or raised from an intelligence entry). */
export function marketEventsRoutes(app: FastifyInstance, events: MarketEventsService) {
  const route = router(app);

  route.get(paths.contingency.events, { access: 'market.read' }, async ({ actor, reply }) =>
    reply.render('market/views/events.njk', { title: 'Market events', section: 'contingency', events: (await events.list(actor)).map(eventView), canRecord: can(actor, 'market.write'), newHref: paths.contingency.newEvent }),
  );

  async function renderForm(reply: FastifyReply, actor: Actor, values: Record<string, unknown>, errors?: FormErrors) {
    const intelligenceId = text(values.intelligenceId) || undefined;
    const options = await events.formOptions(actor, intelligenceId);
    const providerId = text(values.providerId) || options.fromIntelligence?.providerId;
    return reply.render('market/views/event-form.njk', {
      title: 'Record a market event',
      section: 'contingency',
      backLink: paths.contingency.events,
      action: paths.contingency.newEvent,
      providerItems: [{ value: '', text: 'Select the provider or group' }, ...options.providers.map((p) => ({ value: p.id, text: p.branches ? `${p.name} (group of ${p.branches})` : p.name, selected: p.id === providerId }))],
      kindItems: kindItems(values.kind),
      fromIntelligence: options.fromIntelligence,
      values: {
        occurredOn: values['occurredOn-day'] !== undefined ? postedDateParts(values, 'occurredOn') : options.fromIntelligence ? dateParts(options.fromIntelligence.receivedOn) : {},
        source: text(values.source) || (options.fromIntelligence ? 'Intelligence entry' : ''),
        summary: text(values.summary) || options.fromIntelligence?.summary || '',
        intelligenceId: intelligenceId ?? '',
      },
      errors,
    });
  }

  route.get(paths.contingency.newEvent, { access: 'market.write' }, async ({ actor, request, reply }) => {
    const q = request.query as { providerId?: string; intelligenceId?: string };
    const uuid = /^[0-9a-f-]{36}$/i;
    return renderForm(reply, actor, { providerId: uuid.test(q.providerId ?? '') ? q.providerId : undefined, intelligenceId: uuid.test(q.intelligenceId ?? '') ? q.intelligenceId : undefined });
  });

  route.post(
    paths.contingency.newEvent,
    { access: 'market.write', body: marketEventFormSchema, dates: ['occurredOn'], invalid: ({ actor, values, reply }, errors) => renderForm(reply, actor, values, errors) },
    async ({ actor, body, reply }) => {
      const { providerId, ...input } = body;
      const event = await events.record(actor, providerId, input);
      return reply.redirect(withQuery(paths.contingency.plan(event.contingencyPlanId!), { saved: 'opened' }), 303);
    },
  );
}
