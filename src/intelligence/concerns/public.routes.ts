import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { now } from '../../core/clock.ts';
import type { Config } from '../../core/config.ts';
import { choices, errorViewModel } from '../../core/forms.ts';
import { paths, withQuery } from '../../core/http/paths.ts';
import { isUuid } from '../../core/ids.ts';
import { router, type FormErrors } from '../../core/http/route.ts';
import { CONSENT, MESSAGES, ROUTES, ROUTE_KEYS, isRoute, validateReport, type Route } from './concern.rules.ts';
import type { ConcernsService } from './concerns.service.ts';
import { HONEYPOT_FIELD, STARTED_FIELD, checkSubmission, signFormStarted, signReference, verifyReference } from './spam.ts';

const VIEWS = 'intelligence/views/concerns';
const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const SEARCHES_PER_MINUTE = 30;

const TEXT_FIELDS = [
  'serviceId',
  'serviceName',
  'councilId',
  'whatHappened',
  'happenedWhen',
  'personName',
  'personAddress',
  'consent',
  'reporterName',
  'reporterEmail',
  'reporterPhone',
  'reporterRelationship',
] as const;
type Values = Partial<Record<(typeof TEXT_FIELDS)[number], string>>;

function valuesFrom(body: Record<string, unknown>): Values {
  const values: Values = {};
  for (const field of TEXT_FIELDS) if (typeof body[field] === 'string') values[field] = body[field];
  return values;
}

const routeFromSlug = (slug: unknown): Route | undefined => {
  const key = typeof slug === 'string' ? slug.replace(/-/g, '_') : undefined;
  return isRoute(key) ? key : undefined;
};

/**
 * The report as posted, read by the route itself: its route is checked first, then the spam protection,
 * and only then the report (the service's validateReport), so a robot never learns which fields were wrong.
 */
const postedReport = z.record(z.string(), z.unknown());

/**
 * The public "report a concern" form (seed 001): no sign-in, one form with three routes. It runs
 * through the system's unit of work with explicit checks, is rate-limited per address, and refuses
 * robots with a honeypot and a signed minimum fill time, showing them an ordinary-looking error.
 */
export function publicConcernRoutes(app: FastifyInstance, concerns: ConcernsService, config: Config) {
  const route = router(app);

  route.get(paths.concerns.start, { access: 'public' }, ({ query: q, reply }) => {
    const chosen = q.route;
    if (isRoute(chosen)) {
      return reply.redirect(chosen === 'care_service' ? paths.concerns.findService : paths.concerns.form(chosen), 303);
    }
    const errors = q.choose !== undefined ? errorViewModel([{ path: 'route', message: MESSAGES.route }]) : undefined;
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/start.njk`, {
      title: 'Report a concern about an adult',
      routeItems: ROUTE_KEYS.map((key) => ({ value: key, text: ROUTES[key].label, hint: { text: ROUTES[key].hint } })),
      errors,
    });
  });

  // The finder reads every council's register, so it is limited too: enough for a person, not for scraping.
  route.get(paths.concerns.findService, { access: 'public', rateLimit: { max: SEARCHES_PER_MINUTE, timeWindow: MINUTE } }, async ({ query: q, reply }) => {
    const text = (q.q ?? '').trim();
    const searched = q.q !== undefined;
    const errors = searched && text.length < 2 ? errorViewModel([{ path: 'q', message: 'Enter at least 2 letters of the service’s name, its town or its postcode' }]) : undefined;
    const results = errors || !searched ? [] : await concerns.findServices(text);
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/find-service.njk`, {
      title: 'Which care service is your concern about?',
      backLink: paths.concerns.start,
      q: text,
      searched: searched && !errors,
      results: results.map((s) => ({ ...s, href: withQuery(paths.concerns.form('care_service'), { serviceId: s.id }) })),
      notListedHref: withQuery(paths.concerns.form('care_service'), { notListed: 'yes' }),
      errors,
    });
  });

  async function renderForm(reply: FastifyReply, chosen: Route, values: Values, options: { errors?: FormErrors; started?: string; notListed?: boolean; checkAgain?: boolean } = {}) {
    const service = chosen === 'care_service' && values.serviceId ? await concerns.publicService(values.serviceId) : undefined;
    const councils = service ? [] : await concerns.councils();
    return reply.code(options.errors ? 400 : 200).render(`${VIEWS}/report-form.njk`, {
      title: ROUTES[chosen].title,
      route: chosen,
      routeMeta: ROUTES[chosen],
      aboutService: chosen === 'care_service',
      service,
      // The header names the council the service belongs to, whichever councils share the deployment.
      ...(service ? { pageCouncil: { name: service.council_name } } : {}),
      changeServiceHref: paths.concerns.findService,
      backLink: chosen === 'care_service' ? paths.concerns.findService : paths.concerns.start,
      values,
      councilItems: [{ value: '', text: 'Select a council' }, ...councils.map((c) => ({ value: c.id, text: c.name, selected: c.id === values.councilId }))],
      consentItems: choices(CONSENT, values.consent),
      started: options.started ?? signFormStarted(config.formSecret, now().getTime()),
      honeypotField: HONEYPOT_FIELD,
      startedField: STARTED_FIELD,
      action: paths.concerns.submit,
      errors: options.errors,
      checkAgain: options.checkAgain,
    });
  }

  route.get(`${paths.concerns.start}/:route`, { access: 'public' }, ({ request, query: q, reply }) => {
    const chosen = routeFromSlug((request.params as { route?: string }).route);
    if (!chosen) return reply.callNotFound();
    const serviceId = isUuid(q.serviceId) ? q.serviceId : undefined;
    if (chosen === 'care_service' && !serviceId && q.notListed !== 'yes') return reply.redirect(paths.concerns.findService, 303);
    return renderForm(reply, chosen, serviceId ? { serviceId } : {});
  });

  route.post(
    paths.concerns.submit,
    {
      access: 'public',
      rateLimit: { max: config.publicReportsPerHour, timeWindow: HOUR },
      body: postedReport,
      // What the service's rules refuse (Invalid): the form again, with what was typed and the same signed start time.
      invalid: ({ values, reply }, errors) =>
        isRoute(values.route) ? renderForm(reply, values.route, valuesFrom(values), { errors, started: String(values[STARTED_FIELD]) }) : reply.redirect(withQuery(paths.concerns.start, { choose: 'yes' }), 303),
    },
    async ({ request, body, reply }) => {
      const chosen = isRoute(body.route) ? body.route : undefined;
      if (!chosen) return reply.redirect(withQuery(paths.concerns.start, { choose: 'yes' }), 303);
      const values = valuesFrom(body);
      const verdict = checkSubmission({ honeypot: body[HONEYPOT_FIELD], started: body[STARTED_FIELD] }, config.formSecret, now().getTime());
      if (verdict === 'honeypot' || verdict === 'tampered') {
        // Robots get the same kind of page a person gets, and nothing is stored.
        request.log.info({ verdict }, 'public concern refused by spam protection');
        return renderForm(reply, chosen, values, { errors: errorViewModel([{ path: 'whatHappened', message: MESSAGES.rejected }]) });
      }
      // A person's answers are checked first (field errors show as on any form: Invalid) …
      validateReport({ ...body, route: chosen });
      if (verdict !== 'accepted') {
        // … and one sent faster than the spam timer allows, or from a form left open for a day, is shown again
        // with everything typed and a new start time, asking the person to check it and send it again.
        request.log.info({ verdict }, 'public concern to be sent again');
        return renderForm(reply, chosen, values, { checkAgain: true });
      }
      const { reference } = await concerns.submit({ ...body, route: chosen });
      return reply.redirect(withQuery(paths.concerns.sent, { reference, signature: signReference(config.formSecret, reference) }), 303);
    },
  );

  route.get(paths.concerns.sent, { access: 'public' }, ({ query: { reference, signature }, reply }) => {
    if (!verifyReference(config.formSecret, reference, signature)) return reply.callNotFound();
    return reply.render(`${VIEWS}/sent.njk`, { title: 'Concern reported', reference });
  });
}
