import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import type { FormValues, Router } from '../core/http/route.ts';
import { noBody } from '../core/http/route.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { attendees, checkboxes, date, doneNotice, formRoute, radios, select, text, textarea, type Field } from './escalation.forms.ts';
import { caseView } from './escalation.pages.ts';
import { ATTENDEE_ORGANISATION_TYPES, stageChoices } from './escalation.rules.ts';
import { actionSchema, closeCaseSchema, decisionSchema, meetingFormSchema, openCaseSchema, stageChangeSchema } from './escalation.schemas.ts';
import type { EscalationService } from './escalation.service.ts';

const stageItems = (stages: readonly number[]) => Object.fromEntries(stages.map((s) => [String(s), `Stage ${s}`]));
const organisationOptions = ATTENDEE_ORGANISATION_TYPES as unknown as Record<string, string>;

/** Pages of a concerns case: opening it (for a service or a provider group), its page, its stages, meetings, decisions and actions. */
export function caseRoutes(route: Router, escalation: EscalationService) {
  const openCaseFields = (values: FormValues, evidence: Field | undefined): Field[] => [
    radios('stage', 'Stage', stageItems([1, 2, 3, 4, 5]), values, 'Stages 1 and 2 are Concerns; stages 3 to 5 are Serious Concerns.'),
    textarea('reason', 'Why the procedure is being opened', values, 'This stays within the council: it is not shared with other councils or partners.'),
    date('openedOn', 'Date opened', values),
    ...(evidence ? [evidence] : []),
  ];

  formRoute(route, paths.escalation.openCase(':id'), {
    access: 'escalation.decide',
    body: openCaseSchema,
    dates: ['openedOn'],
    initial: () => ({ openedOn: today() }),
    page: async (actor, serviceId, values) => {
      const { service } = await escalation.forService(actor, serviceId);
      const events = await escalation.evidenceChoices(actor, serviceId);
      const evidence = events.length
        ? checkboxes(
            'evidence',
            'Evidence from the service’s timeline',
            events.slice(0, 60).map((e) => ({ value: `${e.kind}|${e.recordId}`, text: `${e.summary}`, hint: `${e.sourceLabel ?? e.kind}, ${e.occurredOn}` })),
            values,
            'Select the entries the case is opened on.',
          )
        : undefined;
      return { title: 'Open the concerns procedure', caption: service.name, submitText: 'Open the procedure', backLink: paths.escalation.forService(serviceId), fields: openCaseFields(values, evidence) };
    },
    submit: async (actor, serviceId, body) => paths.escalation.case((await escalation.openCase(actor, { serviceId }, body)).id) + '?done=opened',
  });

  formRoute(route, paths.escalation.openGroupCase(':id'), {
    access: 'escalation.decide',
    body: openCaseSchema,
    dates: ['openedOn'],
    initial: () => ({ openedOn: today() }),
    page: async (actor, providerId, values) => {
      const provider = await escalation.provider(actor, providerId);
      return {
        title: 'Open the concerns procedure for the whole provider group',
        caption: provider.name,
        intro: `The case covers every service of ${provider.name} and its subsidiaries (${provider.services} now).`,
        submitText: 'Open the procedure',
        backLink: paths.escalation.groupSuspensions(providerId),
        fields: openCaseFields(values, undefined),
      };
    },
    submit: async (actor, providerId, body) => paths.escalation.case((await escalation.openCase(actor, { providerId }, body)).id) + '?done=opened',
  });

  route.get(paths.escalation.case(':id'), { access: 'escalation.read', ids: ['id'] }, async ({ actor, ids, query, reply }) => {
    const c = await escalation.getCase(actor, ids.id);
    return reply.render('escalation/views/case.njk', {
      title: `Concerns procedure: ${c.subject.name}`,
      section: 'escalation',
      notice: doneNotice(query),
      c: caseView(c),
      decides: can(actor, 'escalation.decide') && c.status === 'open',
      records: can(actor, 'escalation.record') && c.status === 'open',
    });
  });

  for (const direction of ['escalate', 'de_escalate'] as const) {
    const path = direction === 'escalate' ? paths.escalation.escalate(':id') : paths.escalation.deEscalate(':id');
    formRoute(route, path, {
      access: 'escalation.decide',
      body: stageChangeSchema,
      dates: ['on'],
      initial: () => ({ on: today() }),
      page: async (actor, id, values) => {
        const c = await escalation.getCase(actor, id);
        const choices = stageChoices(c.stage, direction);
        return {
          title: direction === 'escalate' ? 'Escalate the case' : 'De-escalate the case',
          caption: `${c.subject.name}: now at stage ${c.stage}`,
          submitText: direction === 'escalate' ? 'Escalate' : 'De-escalate',
          backLink: paths.escalation.case(id),
          fields: [radios('stage', 'New stage', stageItems(choices), values), textarea('reason', 'Reason', values), date('on', 'Date', values)],
        };
      },
      submit: async (actor, id, body) => {
        const result = direction === 'escalate' ? await escalation.escalate(actor, id, body) : await escalation.deEscalate(actor, id, body);
        return withQuery(paths.escalation.case(result.id), { done: direction === 'escalate' ? 'escalated' : 'de-escalated' });
      },
    });
  }

  formRoute(route, paths.escalation.close(':id'), {
    access: 'escalation.decide',
    body: closeCaseSchema,
    dates: ['closedOn'],
    initial: () => ({ closedOn: today() }),
    page: async (actor, id, values) => {
      const c = await escalation.getCase(actor, id);
      return {
        title: 'Close the case',
        caption: `${c.subject.name}: stage ${c.stage}`,
        submitText: 'Close the case',
        backLink: paths.escalation.case(id),
        fields: [textarea('reason', 'Why the case is closing', values), date('closedOn', 'Date closed', values)],
      };
    },
    submit: async (actor, id, body) => withQuery(paths.escalation.case((await escalation.closeCase(actor, id, body)).id), { done: 'closed' }),
  });

  const meetingOptions = async (actor: Actor, caseId: string) => {
    const c = await escalation.getCase(actor, caseId);
    return { c, options: [{ value: '', text: 'Not from a meeting' }, ...c.meetings.map((m) => ({ value: m.id, text: `Meeting on ${m.heldOn}` }))] };
  };

  formRoute(route, paths.escalation.newMeeting(':id'), {
    access: 'escalation.record',
    body: meetingFormSchema,
    dates: ['heldOn'],
    initial: () => ({ heldOn: today() }),
    page: async (actor, id, values) => {
      const c = await escalation.getCase(actor, id);
      return {
        title: 'Record a meeting',
        caption: c.subject.name,
        submitText: 'Save the meeting',
        backLink: paths.escalation.case(id),
        fields: [
          date('heldOn', 'Date of the meeting', values),
          attendees(values, organisationOptions),
          textarea('notes', 'Notes (optional)', values, 'Do not include the names of people using the service.'),
          textarea('decisions', 'Decisions (optional)', values, 'One decision per line. Add actions with owners and dates on the case page.'),
        ],
      };
    },
    submit: async (actor, id, body) => {
      await escalation.addMeeting(actor, id, body);
      return withQuery(paths.escalation.case(id), { done: 'meeting' });
    },
  });

  formRoute(route, paths.escalation.newDecision(':id'), {
    access: 'escalation.record',
    body: decisionSchema,
    dates: ['decidedOn'],
    initial: () => ({ decidedOn: today() }),
    page: async (actor, id, values) => {
      const { c, options } = await meetingOptions(actor, id);
      return {
        title: 'Record a decision',
        caption: c.subject.name,
        submitText: 'Save the decision',
        backLink: paths.escalation.case(id),
        fields: [textarea('decision', 'Decision', values), date('decidedOn', 'Date of the decision', values), select('meetingId', 'Made at', options, values)],
      };
    },
    submit: async (actor, id, body) => {
      await escalation.addDecision(actor, id, body);
      return withQuery(paths.escalation.case(id), { done: 'decision' });
    },
  });

  formRoute(route, paths.escalation.newAction(':id'), {
    access: 'escalation.record',
    body: actionSchema,
    dates: ['dueOn'],
    page: async (actor, id, values) => {
      const { c, options } = await meetingOptions(actor, id);
      return {
        title: 'Add an action',
        caption: c.subject.name,
        submitText: 'Save the action',
        backLink: paths.escalation.case(id),
        fields: [
          textarea('description', 'What must be done', values),
          text('ownerName', 'Owner', values, 'The person responsible, like a named manager at the provider'),
          radios('ownerOrganisationType', 'Owner’s organisation', organisationOptions, values),
          date('dueOn', 'Due date', values),
          select('meetingId', 'Agreed at', options, values),
        ],
      };
    },
    submit: async (actor, id, body) => {
      await escalation.addAction(actor, id, body);
      return withQuery(paths.escalation.case(id), { done: 'action' });
    },
  });

  route.post(paths.escalation.completeAction(':id'), { access: 'escalation.record', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    const c = await escalation.completeAction(actor, ids.id, {});
    return reply.redirect(withQuery(paths.escalation.case(c.id), { done: 'action-done' }), 303);
  });
}
