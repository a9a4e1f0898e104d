import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../core/config.ts';
import { Invalid } from '../../core/errors.ts';
import { errorViewModel } from '../../core/forms.ts';
import { paths, withQuery } from '../../core/http/paths.ts';
import { choices, formBody, isUuid, query } from '../http.ts';
import { CONSENT, MESSAGES, ROUTES, ROUTE_KEYS, isRoute, type Route } from './concern.rules.ts';
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
 * The public "report a concern" form (seed 001): no sign-in, one form with three routes. It runs
 * through the system's unit of work with explicit checks, is rate-limited per address, and refuses
 * robots with a honeypot and a signed minimum fill time, showing them an ordinary-looking error.
 */
export function publicConcernRoutes(app: FastifyInstance, concerns: ConcernsService, config: Config, clock: () => number = Date.now) {
  app.get(paths.concerns.start, async (request, reply) => {
    const q = query(request);
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
  app.get(paths.concerns.findService, { config: { rateLimit: { max: SEARCHES_PER_MINUTE, timeWindow: MINUTE } } }, async (request, reply) => {
    const text = (query(request).q ?? '').trim();
    const searched = query(request).q !== undefined;
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

  async function renderForm(reply: FastifyReply, route: Route, values: Values, options: { errors?: ReturnType<typeof errorViewModel>; started?: string; notListed?: boolean } = {}) {
    const service = route === 'care_service' && values.serviceId ? await concerns.publicService(values.serviceId) : undefined;
    const councils = service ? [] : await concerns.councils();
    return reply.code(options.errors ? 400 : 200).render(`${VIEWS}/report-form.njk`, {
      title: ROUTES[route].title,
      route,
      routeMeta: ROUTES[route],
      aboutService: route === 'care_service',
      service,
      changeServiceHref: paths.concerns.findService,
      backLink: route === 'care_service' ? paths.concerns.findService : paths.concerns.start,
      values,
      councilItems: [{ value: '', text: 'Select a council' }, ...councils.map((c) => ({ value: c.id, text: c.name, selected: c.id === values.councilId }))],
      consentItems: choices(CONSENT, values.consent),
      started: options.started ?? signFormStarted(config.formSecret, clock()),
      honeypotField: HONEYPOT_FIELD,
      startedField: STARTED_FIELD,
      action: paths.concerns.submit,
      errors: options.errors,
    });
  }

  app.get(`${paths.concerns.start}/:route`, async (request, reply) => {
    const route = routeFromSlug((request.params as { route?: string }).route);
    if (!route) return reply.callNotFound();
    const q = query(request);
    const serviceId = isUuid(q.serviceId) ? q.serviceId : undefined;
    if (route === 'care_service' && !serviceId && q.notListed !== 'yes') return reply.redirect(paths.concerns.findService, 303);
    return renderForm(reply, route, serviceId ? { serviceId } : {});
  });

  app.post(
    paths.concerns.submit,
    { config: { rateLimit: { max: config.publicReportsPerHour, timeWindow: HOUR } } },
    async (request, reply) => {
      const body = formBody(request);
      const route = isRoute(body.route) ? body.route : undefined;
      if (!route) return reply.redirect(withQuery(paths.concerns.start, { choose: 'yes' }), 303);
      const values = valuesFrom(body);
      const verdict = checkSubmission({ honeypot: body[HONEYPOT_FIELD], started: body[STARTED_FIELD] }, config.formSecret, clock());
      if (verdict !== 'accepted') {
        // Robots get the same kind of page a person gets, and nothing is stored.
        request.log.info({ verdict }, 'public concern refused by spam protection');
        return renderForm(reply, route, values, { errors: errorViewModel([{ path: 'whatHappened', message: MESSAGES.rejected }]) });
      }
      try {
        const { reference } = await concerns.submit({ ...body, route });
        return reply.redirect(withQuery(paths.concerns.sent, { reference, signature: signReference(config.formSecret, reference) }), 303);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return renderForm(reply, route, values, { errors: errorViewModel(error.errors), started: String(body[STARTED_FIELD]) });
      }
    },
  );

  app.get(paths.concerns.sent, async (request, reply) => {
    const { reference, signature } = query(request);
    if (!verifyReference(config.formSecret, reference, signature)) return reply.callNotFound();
    return reply.render(`${VIEWS}/sent.njk`, { title: 'Concern reported', reference });
  });
}
