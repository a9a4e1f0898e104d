import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors, type FormValues } from '../core/http/route.ts';
import { CARE_HOME_TYPES, CARE_HOME_TYPE_LABELS, DEFAULT_GATES, financialYearOf, yearLabel, type FeeBandScheme } from './fee-band.rules.ts';
import type { FeeBandsService } from './fee-bands.service.ts';
import { FORM_ROWS, feeBandsQuerySchema, overrideSchema, schemeFormSchema, yearBodySchema } from './fee-bands.schemas.ts';
import { rowView, sendSchedule, yearChoices } from './fee-bands.view.ts';

const SECTION = 'market';
const thisYear = () => financialYearOf(today());
const FLASH: Record<string, string> = {
  scheme: 'The bands were saved. The proposals below use them.',
  override: 'The home’s band was changed. Approve the schedule to confirm it.',
  cleared: 'The home is back on its proposed band.',
  approved: 'The schedule was approved.',
};

/** The scheme form's values: from a saved scheme, or what was typed. */
function schemeValues(year: number, scheme: FeeBandScheme | null): FormValues {
  const values: FormValues = { year: String(year) };
  const gates = scheme?.gates ?? DEFAULT_GATES;
  for (const [k, v] of Object.entries(gates)) if (v) values[k] = 'yes';
  scheme?.bands.forEach((b, i) => {
    const n = i + 1;
    Object.assign(values, { [`key${n}`]: b.key, [`label${n}`]: b.label, [`minPercent${n}`]: String(b.minPercent), [`weeklyFee${n}`]: b.weeklyFee.toFixed(2) });
    for (const [t, fee] of Object.entries(b.weeklyFees ?? {})) values[`fee${n}_${t}`] = fee.toFixed(2);
  });
  return values;
}

/** Pages of fee bands (issue 18): the year's schedule, the scheme form, a home's override, approval and downloads; a provider's own homes. */
export function feeBandsRoutes(app: FastifyInstance, feeBands: FeeBandsService) {
  const route = router(app);

  async function renderSchedule(reply: FastifyReply, actor: Actor, year: number, flash?: string, errors?: FormErrors) {
    const schedule = await feeBands.schedule(actor, year);
    const items = schedule.items.map((i) => rowView(i, year));
    return reply.render('market/views/fee-bands.njk', {
      title: `Care-home fee bands, ${yearLabel(year)}`,
      section: SECTION,
      year,
      yearLabel: yearLabel(year),
      yearItems: yearChoices(year, thisYear()),
      scheme: schedule.scheme,
      gates: schedule.scheme?.gates,
      approval: schedule.approval,
      items,
      counts: { all: items.length, overridden: items.filter((i) => i.overridden).length, capped: items.filter((i) => i.capped).length, flagged: items.filter((i) => i.flagged).length, unapproved: items.filter((i) => !i.approved).length },
      needsBand: items.filter((i) => i.band === null).length,
      canManage: can(actor, 'feeBands.manage'),
      schemeHref: withQuery(paths.feeBands.scheme, { year }),
      csvHref: withQuery(paths.feeBands.csv, { year }),
      xlsxHref: withQuery(paths.feeBands.xlsx, { year }),
      flash,
      errors,
    });
  }

  route.get(paths.feeBands.list, { access: 'feeBands.read', query: feeBandsQuerySchema }, async ({ actor, query, request, reply }) => {
    const year = query.year ?? thisYear();
    const flash = FLASH[(request.query as { done?: string }).done ?? ''];
    if (actor.orgKind === 'provider') {
      const items = (await feeBands.providerSchedule(actor, year)).map((i) => rowView(i, year));
      return reply.render('market/views/provider-fee-bands.njk', { title: `Your homes’ fee bands, ${yearLabel(year)}`, section: SECTION, year, yearLabel: yearLabel(year), yearItems: yearChoices(year, thisYear()), items });
    }
    return renderSchedule(reply, actor, year, flash);
  });

  for (const [path, format] of [
    [paths.feeBands.csv, 'csv'],
    [paths.feeBands.xlsx, 'xlsx'],
  ] as const) {
    route.get(path, { access: 'feeBands.read', query: feeBandsQuerySchema }, async ({ actor, query, reply }) => {
      const year = query.year ?? thisYear();
      const items = actor.orgKind === 'provider' ? await feeBands.providerSchedule(actor, year) : (await feeBands.schedule(actor, year)).items;
      return sendSchedule(reply, year, items, format);
    });
  }

  function renderScheme(reply: FastifyReply, year: number, values: FormValues, errors?: FormErrors) {
    const rows = Array.from({ length: FORM_ROWS }, (_, i) => i + 1);
    return reply.render('market/views/fee-band-scheme.njk', {
      title: `Bands and fees, ${yearLabel(year)}`,
      section: SECTION,
      year,
      yearLabel: yearLabel(year),
      rows,
      types: CARE_HOME_TYPES.map((t) => ({ key: t, label: CARE_HOME_TYPE_LABELS[t] })),
      values,
      errors,
      backLink: withQuery(paths.feeBands.list, { year }),
    });
  }

  route.get(paths.feeBands.scheme, { access: 'feeBands.manage', query: feeBandsQuerySchema }, async ({ actor, query, reply }) => {
    const year = query.year ?? thisYear();
    return renderScheme(reply, year, schemeValues(year, await feeBands.scheme(actor, year)));
  });

  route.post(
    paths.feeBands.scheme,
    {
      access: 'feeBands.manage',
      body: schemeFormSchema,
      // The service's `bands.2.minPercent` is the form's third row.
      errorHref: (path) => {
        const m = /^bands\.(\d+)\.(\w+)$/.exec(path);
        return m ? `#${m[2]}${Number(m[1]) + 1}` : undefined;
      },
      invalid: ({ values, reply }, errors) => renderScheme(reply, Number(values.year) || thisYear(), values, errors),
    },
    async ({ actor, body, reply }) => {
      await feeBands.saveScheme(actor, body.year, body);
      return reply.redirect(withQuery(paths.feeBands.list, { year: body.year, done: 'scheme' }), 303);
    },
  );

  async function renderOverride(reply: FastifyReply, actor: Actor, serviceId: string, year: number, values: FormValues, errors?: FormErrors) {
    const schedule = await feeBands.schedule(actor, year);
    const item = schedule.items.find((i) => i.serviceId === serviceId);
    if (!item || !schedule.scheme) throw new NotFound('Care home');
    const chosen = values.band ?? item.band;
    return reply.render('market/views/fee-band-override.njk', {
      title: `Choose the band of ${item.serviceName}`,
      section: SECTION,
      item: rowView(item, year),
      year,
      yearLabel: yearLabel(year),
      bandItems: schedule.scheme.bands.map((b) => ({ value: b.key, text: `${b.label} (from ${b.minPercent}%)`, checked: b.key === chosen })),
      values: { reason: item.overrideReason ?? '', ...values },
      errors,
      clearAction: paths.feeBands.clearOverride(serviceId),
      backLink: withQuery(paths.feeBands.list, { year }),
    });
  }

  route.get(paths.feeBands.override(':id'), { access: 'feeBands.manage', ids: ['id'], notFound: 'Care home', query: feeBandsQuerySchema }, ({ actor, ids, query, reply }) =>
    renderOverride(reply, actor, ids.id, query.year ?? thisYear(), {}),
  );

  route.post(
    paths.feeBands.override(':id'),
    {
      access: 'feeBands.manage',
      ids: ['id'],
      notFound: 'Care home',
      body: overrideSchema,
      invalid: ({ actor, ids, values, reply }, errors) => renderOverride(reply, actor, ids.id, Number(values.year) || thisYear(), values, errors),
    },
    async ({ actor, ids, body, reply }) => {
      await feeBands.override(actor, ids.id, body);
      return reply.redirect(withQuery(paths.feeBands.list, { year: body.year, done: 'override' }), 303);
    },
  );

  route.post(paths.feeBands.clearOverride(':id'), { access: 'feeBands.manage', ids: ['id'], notFound: 'Care home', body: yearBodySchema }, async ({ actor, ids, body, reply }) => {
    await feeBands.clearOverride(actor, ids.id, body.year);
    return reply.redirect(withQuery(paths.feeBands.list, { year: body.year, done: 'cleared' }), 303);
  });

  route.post(
    paths.feeBands.approve,
    { access: 'feeBands.manage', body: yearBodySchema, invalid: ({ actor, values, reply }, errors) => renderSchedule(reply, actor, Number(values.year) || thisYear(), undefined, errors) },
    async ({ actor, body, reply }) => {
    await feeBands.approve(actor, body.year);
    return reply.redirect(withQuery(paths.feeBands.list, { year: body.year, done: 'approved' }), 303);
  });
}
