import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { choices, dateParts, text, textList } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import {
  HANDLING_STATUSES,
  SAFEGUARDING_CHOICES,
  SECTION42_STATUSES,
  SEVERITIES,
  SOURCES,
  SUBSTANTIATED,
  THEMES,
  safeguardingChoice,
} from './intelligence.rules.ts';
import { intelligenceFormSchema } from './intelligence.schemas.ts';
import type { IntelligenceEntry, IntelligenceService } from './intelligence.service.ts';

const FORM = 'intelligence/views/intelligence-form.njk';

interface FormValues {
  receivedOn: { day: string; month: string; year: string };
  source: string;
  themes: string[];
  severity: string;
  substantiated: string;
  safeguarding: string;
  summary: string;
  detail: string;
  status: string;
}

function valuesFromBody(body: Record<string, unknown>): FormValues {
  return {
    receivedOn: { day: text(body['receivedOn-day']), month: text(body['receivedOn-month']), year: text(body['receivedOn-year']) },
    source: text(body.source),
    themes: textList(body.themes),
    severity: text(body.severity),
    substantiated: text(body.substantiated),
    safeguarding: text(body.safeguarding),
    summary: text(body.summary),
    detail: text(body.detail),
    status: text(body.status),
  };
}

function valuesFromEntry(entry: IntelligenceEntry): FormValues {
  return {
    receivedOn: dateParts(entry.receivedOn),
    source: entry.source,
    themes: entry.themes,
    severity: entry.severity ?? '',
    substantiated: entry.substantiated,
    safeguarding: safeguardingChoice({ safeguarding: entry.safeguarding, section42: entry.section42 ?? undefined }),
    summary: entry.summary,
    detail: entry.detail ?? '',
    status: entry.status,
  };
}

/** Everything the form template needs, already shaped for the GOV.UK macros. */
function formModel(values: FormValues) {
  return {
    values,
    sourceItems: [{ value: '', text: 'Select a source', selected: !values.source }, ...choices(SOURCES, values.source)],
    themeItems: choices(THEMES, values.themes),
    severityItems: choices(SEVERITIES, values.severity),
    substantiatedItems: choices(SUBSTANTIATED, values.substantiated || 'unknown'),
    safeguardingItems: choices(SAFEGUARDING_CHOICES, values.safeguarding || 'none'),
    statusItems: choices(HANDLING_STATUSES, values.status || 'open'),
  };
}

/** The entry as the page shows it: words, not codes. */
export function entryView(entry: IntelligenceEntry) {
  return {
    id: entry.id,
    serviceName: entry.serviceName,
    receivedOn: entry.receivedOn,
    source: SOURCES[entry.source] ?? entry.source,
    summary: entry.summary,
    detail: entry.detail,
    themes: entry.themes.map((t) => THEMES[t] ?? t),
    severity: entry.severity,
    severityText: entry.severity ? SEVERITIES[entry.severity] : 'Not rated',
    substantiated: SUBSTANTIATED[entry.substantiated],
    safeguarding: entry.safeguarding ? (entry.section42 ? SECTION42_STATUSES[entry.section42] : 'Safeguarding alert') : 'No',
    status: entry.status,
    statusText: HANDLING_STATUSES[entry.status],
    createdBy: entry.createdBy.name ?? 'Unknown',
    createdAt: entry.createdAt,
    concernReportHref: entry.concernReportId ? paths.triage.show(entry.concernReportId) : undefined,
    timelineHref: paths.intelligence.timeline(entry.serviceId),
    editHref: paths.intelligence.edit(entry.id),
  };
}

const SAVED_MESSAGES: Record<string, string> = { logged: 'Intelligence logged', changed: 'Intelligence updated' };

export function intelligenceRoutes(app: FastifyInstance, intelligence: IntelligenceService) {
  const route = router(app);

  async function renderNew(reply: FastifyReply, actor: Actor, serviceId: string, values: FormValues, errors?: FormErrors) {
    const service = await intelligence.serviceFor(actor, serviceId);
    return reply.code(errors ? 400 : 200).render(FORM, {
      title: `Log intelligence about ${service.name}`,
      heading: 'Log intelligence',
      caption: service.name,
      action: paths.intelligence.new(serviceId),
      submitText: 'Save intelligence',
      backLink: paths.intelligence.timeline(serviceId),
      ...formModel(values),
      errors,
    });
  }

  route.get(paths.intelligence.new(':id'), { access: 'intelligence.write', ids: ['id'] }, ({ actor, ids, reply }) =>
    renderNew(reply, actor, ids.id, { ...valuesFromBody({}), receivedOn: dateParts(today()), substantiated: 'unknown', safeguarding: 'none', status: 'open' }),
  );

  route.post(
    paths.intelligence.new(':id'),
    {
      access: 'intelligence.write',
      ids: ['id'],
      body: intelligenceFormSchema,
      dates: ['receivedOn'],
      invalid: ({ actor, ids, values, reply }, errors) => renderNew(reply, actor, ids.id, valuesFromBody(values), errors),
    },
    async ({ actor, ids, body, reply }) => {
      const entry = await intelligence.record(actor, ids.id, body);
      return reply.redirect(withQuery(paths.intelligence.show(entry.id), { saved: 'logged' }), 303);
    },
  );

  route.get(paths.intelligence.show(':id'), { access: 'intelligence.read', ids: ['id'] }, async ({ actor, ids, query, reply }) => {
    const { entry, history } = await intelligence.withHistory(actor, ids.id);
    return reply.render('intelligence/views/intelligence-entry.njk', {
      title: entry.summary,
      entry: entryView(entry),
      history,
      saved: SAVED_MESSAGES[query.saved ?? ''],
      canEdit: can(actor, 'intelligence.write'),
      // A financial check, a notice of exit…: an officer may raise a market event from it (issue 18).
      marketEventHref: can(actor, 'market.write') ? withQuery(paths.contingency.newEvent, { intelligenceId: entry.id }) : undefined,
      backLink: paths.intelligence.timeline(entry.serviceId),
    });
  });

  function renderEdit(reply: FastifyReply, entry: IntelligenceEntry, values: FormValues, errors?: FormErrors) {
    return reply.code(errors ? 400 : 200).render(FORM, {
      title: `Change intelligence about ${entry.serviceName}`,
      heading: 'Change intelligence',
      caption: entry.serviceName,
      action: paths.intelligence.edit(entry.id),
      submitText: 'Save changes',
      editing: true,
      backLink: paths.intelligence.show(entry.id),
      ...formModel(values),
      errors,
    });
  }

  route.get(paths.intelligence.edit(':id'), { access: 'intelligence.write', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const entry = await intelligence.get(actor, ids.id);
    return renderEdit(reply, entry, valuesFromEntry(entry));
  });

  route.post(
    paths.intelligence.edit(':id'),
    {
      access: 'intelligence.write',
      ids: ['id'],
      body: intelligenceFormSchema,
      dates: ['receivedOn'],
      invalid: async ({ actor, ids, values, reply }, errors) => renderEdit(reply, await intelligence.get(actor, ids.id), valuesFromBody(values), errors),
    },
    async ({ actor, ids, body, reply }) => {
      await intelligence.update(actor, ids.id, body);
      return reply.redirect(withQuery(paths.intelligence.show(ids.id), { saved: 'changed' }), 303);
    },
  );
}
