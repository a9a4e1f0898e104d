import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorise, can, type Permission } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { CONTRACT_PROCESS_LABELS } from '../status/status.rules.ts';
import { idOf } from './escalation.api.ts';
import {
  attendees,
  attendeesFromForm,
  checkbox,
  checkboxes,
  date,
  formBody,
  formErrors,
  radios,
  renderForm,
  select,
  text,
  textarea,
  type Field,
  type FormPage,
  type Values,
} from './escalation.forms.ts';
import { ATTENDEE_ORGANISATION_TYPES, SUSPENSION_SCOPES, stageChoices } from './escalation.rules.ts';
import type { EscalationService } from './escalation.service.ts';
import { caseView, overdueActionView, overdueCounts, processView, suspensionView } from './escalation.pages.ts';

const NOTICES: Record<string, string> = {
  opened: 'Concerns procedure opened',
  escalated: 'Case escalated',
  'de-escalated': 'Case de-escalated',
  closed: 'Case closed',
  meeting: 'Meeting recorded',
  decision: 'Decision recorded',
  action: 'Action added',
  'action-done': 'Action marked as done',
  suspended: 'New placements suspended',
  lifted: 'Suspension lifted',
  'partly-lifted': 'Suspension lifted in part',
  reinstated: 'Suspension reinstated',
  'review-date': 'Review date changed',
  started: 'Contractual process started',
  ended: 'Contractual process ended',
};

const notice = (request: FastifyRequest) => NOTICES[((request.query ?? {}) as Record<string, string>).done ?? ''];

/**
 * A form page: GET shows it, POST runs the change and redirects, or shows the form again with the
 * errors and what was typed.
 */
function formRoute(
  app: FastifyInstance,
  path: string,
  options: {
    /** Checked before the form is shown, not only when it is sent. */
    permission: Permission;
    dates?: readonly string[];
    page: (actor: Actor, id: string, values: Values) => Promise<Omit<FormPage, 'action'>>;
    initial?: (actor: Actor, id: string) => Values | Promise<Values>;
    submit: (actor: Actor, id: string, body: Values) => Promise<string>;
  },
) {
  const dates = options.dates ?? [];
  const show = async (reply: FastifyReply, id: string, values: Values, errors?: ReturnType<typeof formErrors>) => {
    const actor = requireActor(reply.request);
    return renderForm(reply, { ...(await options.page(actor, id, values)), action: reply.request.url.split('?')[0]! }, errors);
  };
  app.get(path, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, options.permission);
    const id = idOf(request);
    return show(reply, id, options.initial ? await options.initial(actor, id) : {});
  });
  app.post(path, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, options.permission);
    const id = idOf(request);
    const raw = formBody(request);
    const body = formBody(request, dates);
    try {
      return reply.redirect(await options.submit(actor, id, body), 303);
    } catch (error) {
      const errors = formErrors(error, dates);
      if (!errors) throw error;
      return show(reply, id, raw, errors);
    }
  });
}

const stageItems = (stages: readonly number[]) => Object.fromEntries(stages.map((s) => [String(s), `Stage ${s}`]));
const organisationOptions = ATTENDEE_ORGANISATION_TYPES as unknown as Record<string, string>;

export function escalationRoutes(app: FastifyInstance, escalation: EscalationService) {
  app.get(paths.escalation.overview, async (request, reply) => {
    const actor = requireActor(request);
    const overview = await escalation.overview(actor);
    // Any other value shows everything: a filter link is the only way in, so nothing to report back.
    const onlyOverdue = ((request.query ?? {}) as Record<string, unknown>).show === 'overdue';
    const { cases, suspensions, processes } = onlyOverdue
      ? { cases: overview.cases.filter((c) => c.overdueActions > 0), suspensions: overview.suspensions.filter((s) => s.reviewOverdue), processes: overview.processes.filter((p) => p.reviewOverdue) }
      : overview;
    return reply.render('escalation/views/overview.njk', {
      title: onlyOverdue ? 'Concerns, suspensions and contractual processes: overdue' : 'Concerns, suspensions and contractual processes',
      section: 'escalation',
      today: overview.today,
      overdue: overdueCounts(overview),
      onlyOverdue,
      allHref: paths.escalation.overview,
      overdueHref: withQuery(paths.escalation.overview, { show: 'overdue' }),
      overdueActions: overview.overdueActions.map(overdueActionView),
      cases: cases.map((c) => ({ ...c, href: paths.escalation.case(c.id) })),
      suspensions: suspensions.map((s) => suspensionView(s)),
      processes: processes.map((p) => processView(p)),
    });
  });

  app.get(paths.escalation.forService(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const overview = await escalation.forService(actor, idOf(request));
    const decides = can(actor, 'escalation.decide');
    const active = overview.suspensions.find((s) => s.status === 'active');
    const openCase = overview.cases.find((c) => c.status === 'open');
    return reply.render('escalation/views/service.njk', {
      title: `Concerns, suspensions and contractual processes: ${overview.service.name}`,
      section: 'services',
      service: overview.service,
      serviceHref: paths.services.show(overview.service.id),
      timelineHref: paths.intelligence.timeline(overview.service.id),
      groupHref: paths.escalation.groupSuspensions(overview.service.provider.id),
      cases: overview.cases.map((c) => ({ ...c, href: paths.escalation.case(c.id) })),
      suspensions: overview.suspensions.map((s) => suspensionView(s)),
      processes: overview.processes.map((p) => processView(p)),
      openCaseHref: decides && !openCase ? paths.escalation.openCase(overview.service.id) : undefined,
      suspendHref: decides && !active ? paths.escalation.suspend(overview.service.id) : undefined,
      startProcessHref: decides ? paths.escalation.startProcess(overview.service.id) : undefined,
    });
  });

  // ---- concerns cases ----

  const openCaseFields = (values: Values, evidence: Field | undefined): Field[] => [
    radios('stage', 'Stage', stageItems([1, 2, 3, 4, 5]), values, 'Stages 1 and 2 are Concerns; stages 3 to 5 are Serious Concerns.'),
    textarea('reason', 'Why the procedure is being opened', values, 'This stays within the council: it is not shared with other councils or partners.'),
    date('openedOn', 'Date opened', values),
    ...(evidence ? [evidence] : []),
  ];

  formRoute(app, paths.escalation.openCase(':id'), {
    permission: 'escalation.decide',
    dates: ['openedOn'],
    initial: () => ({ openedOn: escalation.today() }),
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

  formRoute(app, paths.escalation.openGroupCase(':id'), {
    permission: 'escalation.decide',
    dates: ['openedOn'],
    initial: () => ({ openedOn: escalation.today() }),
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

  app.get(paths.escalation.case(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const c = await escalation.getCase(actor, idOf(request));
    return reply.render('escalation/views/case.njk', {
      title: `Concerns procedure: ${c.subject.name}`,
      section: 'escalation',
      notice: notice(request),
      c: caseView(c),
      decides: can(actor, 'escalation.decide') && c.status === 'open',
      records: can(actor, 'escalation.record') && c.status === 'open',
    });
  });

  for (const direction of ['escalate', 'de_escalate'] as const) {
    const path = direction === 'escalate' ? paths.escalation.escalate(':id') : paths.escalation.deEscalate(':id');
    formRoute(app, path, {
    permission: 'escalation.decide',
      dates: ['on'],
      initial: () => ({ on: escalation.today() }),
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

  formRoute(app, paths.escalation.close(':id'), {
    permission: 'escalation.decide',
    dates: ['closedOn'],
    initial: () => ({ closedOn: escalation.today() }),
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

  formRoute(app, paths.escalation.newMeeting(':id'), {
    permission: 'escalation.record',
    dates: ['heldOn'],
    initial: () => ({ heldOn: escalation.today() }),
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
      const decisions = typeof body.decisions === 'string' ? body.decisions.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : [];
      await escalation.addMeeting(actor, id, { heldOn: body.heldOn, attendees: attendeesFromForm(body), notes: body.notes, decisions });
      return withQuery(paths.escalation.case(id), { done: 'meeting' });
    },
  });

  formRoute(app, paths.escalation.newDecision(':id'), {
    permission: 'escalation.record',
    dates: ['decidedOn'],
    initial: () => ({ decidedOn: escalation.today() }),
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

  formRoute(app, paths.escalation.newAction(':id'), {
    permission: 'escalation.record',
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

  app.post(paths.escalation.completeAction(':id'), async (request, reply) => {
    const c = await escalation.completeAction(requireActor(request), idOf(request), {});
    return reply.redirect(withQuery(paths.escalation.case(c.id), { done: 'action-done' }), 303);
  });

  // ---- suspensions ----

  formRoute(app, paths.escalation.suspend(':id'), {
    permission: 'escalation.decide',
    dates: ['startsOn', 'reviewOn'],
    initial: () => ({ startsOn: escalation.today(), scope: 'full' }),
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

  app.get(paths.escalation.suspension(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const s = await escalation.getSuspension(actor, idOf(request));
    const overview = await escalation.forService(actor, s.service.id);
    const latest = overview.suspensions[0]?.id === s.id;
    const decides = can(actor, 'escalation.decide');
    return reply.render('escalation/views/suspension.njk', {
      title: `Suspension of new placements: ${s.service.name}`,
      section: 'escalation',
      notice: notice(request),
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

  formRoute(app, paths.escalation.lift(':id'), {
    permission: 'escalation.decide',
    dates: ['liftedOn'],
    initial: () => ({ liftedOn: escalation.today(), partial: 'false' }),
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
      const s = await escalation.lift(actor, id, body, 'form');
      return withQuery(paths.escalation.suspension(s.id), { done: s.status === 'lifted' ? 'lifted' : 'partly-lifted' });
    },
  });

  formRoute(app, paths.escalation.reinstate(':id'), {
    permission: 'escalation.decide',
    dates: ['reinstatedOn'],
    initial: () => ({ reinstatedOn: escalation.today(), scope: 'full' }),
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

  formRoute(app, paths.escalation.reviewDate(':id'), {
    permission: 'escalation.decide',
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

  app.get(paths.escalation.groupSuspensions(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const group = await escalation.groupSuspensions(actor, idOf(request));
    const views = group.suspensions.map((s) => suspensionView(s));
    return reply.render('escalation/views/group.njk', {
      reviewsOverdue: views.filter((s) => s.reviewOverdue).length,
      title: `Suspensions across ${group.provider.name}`,
      section: 'providers',
      provider: group.provider,
      providerHref: paths.providers.show(group.provider.id),
      active: views.filter((s) => s.status === 'active'),
      lifted: views.filter((s) => s.status === 'lifted'),
      cases: group.cases.map((c) => ({ ...c, href: paths.escalation.case(c.id) })),
      openGroupCaseHref: can(actor, 'escalation.decide') && !group.cases.some((c) => c.status === 'open') ? paths.escalation.openGroupCase(group.provider.id) : undefined,
    });
  });

  // ---- contractual processes ----

  formRoute(app, paths.escalation.startProcess(':id'), {
    permission: 'escalation.decide',
    dates: ['startedOn', 'reviewOn'],
    initial: () => ({ startedOn: escalation.today() }),
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

  app.get(paths.escalation.process(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const p = await escalation.getProcess(actor, idOf(request));
    return reply.render('escalation/views/process.njk', {
      title: `${CONTRACT_PROCESS_LABELS[p.kind]}: ${p.service.name}`,
      section: 'escalation',
      notice: notice(request),
      p: processView(p),
      serviceHref: paths.escalation.forService(p.service.id),
      endHref: can(actor, 'escalation.decide') && p.status === 'open' ? paths.escalation.endProcess(p.id) : undefined,
    });
  });

  formRoute(app, paths.escalation.endProcess(':id'), {
    permission: 'escalation.decide',
    dates: ['endedOn'],
    initial: () => ({ endedOn: escalation.today() }),
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
