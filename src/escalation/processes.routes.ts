import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Router } from '../core/http/route.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { date, doneNotice, formRoute, radios, textarea } from './escalation.forms.ts';
import { processView } from './escalation.pages.ts';
import { CONTRACT_PROCESS_LABELS } from './escalation.rules.ts';
import { endProcessSchema, processSchema } from './escalation.schemas.ts';
import type { EscalationService } from './escalation.service.ts';

/** Pages of a contractual process: starting it, its page, ending it. */
export function processRoutes(route: Router, escalation: EscalationService) {
  formRoute(route, paths.escalation.startProcess(':id'), {
    access: 'escalation.decide',
    body: processSchema,
    dates: ['startedOn', 'reviewOn'],
    initial: () => ({ startedOn: today() }),
    page: async (actor, serviceId, values) => {
      const { service } = await escalation.forService(actor, serviceId);
      return {
        title: 'Start a contractual process',
        caption: service.name,
        submitText: 'Start the process',
        backLink: paths.escalation.forService(serviceId),
        fields: [
          radios('kind', 'Process', CONTRACT_PROCESS_LABELS, values),
          textarea('reason', 'Reason', values, 'Not shared with other councils or partners.'),
          date('startedOn', 'Start date', values),
          date('reviewOn', 'Review date (optional)', values),
        ],
      };
    },
    submit: async (actor, serviceId, body) => withQuery(paths.escalation.process((await escalation.startProcess(actor, serviceId, body)).id), { done: 'started' }),
  });

  route.get(paths.escalation.process(':id'), { access: 'escalation.read', ids: ['id'] }, async ({ actor, ids, query, reply }) => {
    const p = await escalation.getProcess(actor, ids.id);
    return reply.render('escalation/views/process.njk', {
      title: `${CONTRACT_PROCESS_LABELS[p.kind]}: ${p.service.name}`,
      section: 'escalation',
      notice: doneNotice(query),
      p: processView(p),
      serviceHref: paths.escalation.forService(p.service.id),
      endHref: can(actor, 'escalation.decide') && p.status === 'open' ? paths.escalation.endProcess(p.id) : undefined,
    });
  });

  formRoute(route, paths.escalation.endProcess(':id'), {
    access: 'escalation.decide',
    body: endProcessSchema,
    dates: ['endedOn'],
    initial: () => ({ endedOn: today() }),
    page: async (actor, id, values) => {
      const p = await escalation.getProcess(actor, id);
      return {
        title: `End ${CONTRACT_PROCESS_LABELS[p.kind]}`,
        caption: p.service.name,
        submitText: 'End the process',
        backLink: paths.escalation.process(id),
        fields: [textarea('outcome', 'Outcome', values), date('endedOn', 'Date ended', values)],
      };
    },
    submit: async (actor, id, body) => withQuery(paths.escalation.process((await escalation.endProcess(actor, id, body)).id), { done: 'ended' }),
  });
}
