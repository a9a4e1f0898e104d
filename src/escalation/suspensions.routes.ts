import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Router } from '../core/http/route.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { checkbox, date, doneNotice, formRoute, radios, text, textarea } from './escalation.forms.ts';
import { suspensionView } from './escalation.pages.ts';
import { SUSPENSION_SCOPES } from './escalation.rules.ts';
import { liftFormSchema, reinstateSchema, reviewDateSchema, suspensionSchema } from './escalation.schemas.ts';
import type { EscalationService } from './escalation.service.ts';

/** Pages of a suspension of new placements: starting it, its page, lifting, reinstating, and its review date. */
export function suspensionRoutes(route: Router, escalation: EscalationService) {
  formRoute(route, paths.escalation.suspend(':id'), {
    access: 'escalation.decide',
    body: suspensionSchema,
    dates: ['startsOn', 'reviewOn'],
    initial: () => ({ startsOn: today(), scope: 'full' }),
    page: async (actor, serviceId, values) => {
      const { service } = await escalation.forService(actor, serviceId);
      return {
        title: 'Suspend new placements',
        caption: service.name,
        warning: 'Councils and partners you share with see the suspension on the Live Status List and get an alert.',
        submitText: 'Suspend new placements',
        backLink: paths.escalation.forService(serviceId),
        fields: [
          radios('scope', 'Suspend', SUSPENSION_SCOPES, values),
          text('detail', 'What is suspended, if in part', values, 'For example: nursing beds only. This is shared on the Live Status List.'),
          textarea('reason', 'Reason', values, 'Not shared with other councils or partners.'),
          date('startsOn', 'Start date', values),
          date('reviewOn', 'Review date', values),
        ],
      };
    },
    submit: async (actor, serviceId, body) => withQuery(paths.escalation.suspension((await escalation.suspend(actor, serviceId, body)).id), { done: 'suspended' }),
  });

  route.get(paths.escalation.suspension(':id'), { access: 'escalation.read', ids: ['id'] }, async ({ actor, ids, query, reply }) => {
    const s = await escalation.getSuspension(actor, ids.id);
    const overview = await escalation.forService(actor, s.service.id);
    const latest = overview.suspensions[0]?.id === s.id;
    const decides = can(actor, 'escalation.decide');
    return reply.render('escalation/views/suspension.njk', {
      title: `Suspension of new placements: ${s.service.name}`,
      section: 'escalation',
      notice: doneNotice(query),
      s: suspensionView(s),
      serviceHref: paths.escalation.forService(s.service.id),
      liftHref: decides && s.status === 'active' ? paths.escalation.lift(s.id) : undefined,
      reviewHref: decides && s.status === 'active' ? paths.escalation.reviewDate(s.id) : undefined,
      reinstateHref:
        decides && ((s.status === 'active' && s.scope === 'partial') || (s.status === 'lifted' && latest && !overview.suspensions.some((x) => x.status === 'active')))
          ? paths.escalation.reinstate(s.id)
          : undefined,
    });
  });

  formRoute(route, paths.escalation.lift(':id'), {
    access: 'escalation.decide',
    body: liftFormSchema,
    dates: ['liftedOn'],
    initial: () => ({ liftedOn: today(), partial: 'false' }),
    page: async (actor, id, values) => {
      const s = await escalation.getSuspension(actor, id);
      return {
        title: 'Lift the suspension',
        caption: `${s.service.name}: ${suspensionView(s).summary}`,
        intro: 'Lift a suspension only when the council has evidence that the improvements have been made and are being sustained.',
        submitText: 'Lift the suspension',
        backLink: paths.escalation.suspension(id),
        fields: [
          radios('partial', 'Lift', { false: 'In full: new placements can be made', true: 'In part: some placements stay suspended' }, values),
          text('detail', 'What stays suspended, if lifting in part', values, 'For example: nursing beds only'),
          textarea('evidence', 'Evidence of sustained improvement', values, 'For example the monitoring visit, the assessment and the action plan progress that show it.'),
          checkbox('sustained', 'The improvement has been sustained, not only made', values),
          date('liftedOn', 'Date lifted', values),
        ],
      };
    },
    submit: async (actor, id, body) => {
      const s = await escalation.lift(actor, id, body);
      return withQuery(paths.escalation.suspension(s.id), { done: s.status === 'lifted' ? 'lifted' : 'partly-lifted' });
    },
  });

  formRoute(route, paths.escalation.reinstate(':id'), {
    access: 'escalation.decide',
    body: reinstateSchema,
    dates: ['reinstatedOn'],
    initial: () => ({ reinstatedOn: today(), scope: 'full' }),
    page: async (actor, id, values) => {
      const s = await escalation.getSuspension(actor, id);
      return {
        title: 'Reinstate the suspension',
        caption: `${s.service.name}: ${suspensionView(s).summary}`,
        intro: 'Reinstate it when care slips again after the suspension was lifted in part or in full.',
        submitText: 'Reinstate the suspension',
        backLink: paths.escalation.suspension(id),
        fields: [
          ...(s.status === 'lifted' ? [radios('scope', 'Reinstate', SUSPENSION_SCOPES, values), text('detail', 'What is suspended, if in part', values)] : []),
          textarea('reason', 'Reason', values),
          date('reinstatedOn', 'Date reinstated', values),
        ],
      };
    },
    submit: async (actor, id, body) => withQuery(paths.escalation.suspension((await escalation.reinstate(actor, id, body)).id), { done: 'reinstated' }),
  });

  formRoute(route, paths.escalation.reviewDate(':id'), {
    access: 'escalation.decide',
    body: reviewDateSchema,
    dates: ['reviewOn'],
    page: async (actor, id, values) => {
      const s = await escalation.getSuspension(actor, id);
      return {
        title: 'Change the review date',
        caption: s.service.name,
        submitText: 'Save the review date',
        backLink: paths.escalation.suspension(id),
        fields: [date('reviewOn', 'New review date', values), textarea('reason', 'Reason', values)],
      };
    },
    initial: async (actor, id) => ({ reviewOn: (await escalation.getSuspension(actor, id)).reviewOn ?? '' }),
    submit: async (actor, id, body) => withQuery(paths.escalation.suspension((await escalation.changeReviewDate(actor, id, body)).id), { done: 'review-date' }),
  });
}
