import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import { Invalid } from '../core/errors.ts';
import { errorViewModel } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { RISK_AREA_KEYS, indicatorsFor } from './matrix.ts';
import { formatPrr } from './prr.ts';
import type { RiskServiceApi } from './risk.service.ts';
import { bandTag, serviceRiskView } from './risk.view.ts';
import { describeRegime } from './schedule.ts';

const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;

/** The posted rating form, flat (`scores.safeguarding`), keeping only the fields the form has. */
export function ratingFormValues(body: unknown): Record<string, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  const names = ['rationale', ...RISK_AREA_KEYS.flatMap((k) => [`scores.${k}`, `areaRationales.${k}`])];
  return Object.fromEntries(names.flatMap((name) => (typeof source[name] === 'string' ? [[name, source[name]]] : [])));
}

/** The flat form values folded into the shape the rating schema reads. */
export function ratingInputFromForm(values: Record<string, string>) {
  const pick = (prefix: string) => Object.fromEntries(RISK_AREA_KEYS.flatMap((k) => (values[`${prefix}.${k}`] !== undefined ? [[k, values[`${prefix}.${k}`]]] : [])));
  return { scores: pick('scores'), areaRationales: pick('areaRationales'), rationale: values.rationale ?? '' };
}

/** Service risk pages: the rating and its history, and the rate → check → confirm journey. */
export function riskRoutes(app: FastifyInstance, risk: RiskServiceApi) {
  async function renderForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, string> | null, errors?: Invalid) {
    const form = await risk.ratingForm(requireActor(request), idParam(request));
    const initial =
      values ??
      Object.fromEntries(form.areas.flatMap((a) => {
        const score = a.proposal.score ?? a.current;
        return score ? [[`scores.${a.key}`, String(score)]] : [];
      }));
    return reply.code(errors ? 400 : 200).render('risk/views/rate.njk', {
      title: `Rate the provider’s risk: ${form.service.name}`,
      service: form.service,
      areas: form.areas,
      latest: form.latest,
      latestPrr: form.latest ? formatPrr(form.latest.prr) : null,
      values: initial,
      errors: errors ? errorViewModel(errors.errors) : undefined,
      backLink: paths.risk.service(form.service.id),
    });
  }

  async function renderRiskPage(request: FastifyRequest, reply: FastifyReply, extra: { notice?: string; errors?: Invalid; note?: string } = {}) {
    const actor = requireActor(request);
    const view = await risk.serviceRisk(actor, idParam(request));
    return reply.code(extra.errors ? 400 : 200).render('risk/views/service-risk.njk', {
      title: `Provider Risk Rating: ${view.service.name}`,
      v: serviceRiskView(view),
      canRate: can(actor, 'risk.rate'),
      canApprove: can(actor, 'risk.approve') && !!view.latest && !view.latest.approval && view.latest.ratedBy.id !== actor.userId,
      notice: extra.notice,
      errors: extra.errors ? errorViewModel(extra.errors.errors) : undefined,
      values: { note: extra.note ?? '' },
      backLink: paths.services.show(view.service.id),
    });
  }

  app.get(paths.risk.service(':id'), async (request, reply) => {
    const { confirmed, approved } = request.query as { confirmed?: string; approved?: string };
    return renderRiskPage(request, reply, { notice: confirmed ? 'Risk rating confirmed' : approved ? 'Risk rating approved' : undefined });
  });

  app.post(paths.risk.approve(':id'), async (request, reply) => {
    const note = typeof (request.body as { note?: unknown } | undefined)?.note === 'string' ? (request.body as { note: string }).note : '';
    try {
      await risk.approve(requireActor(request), idParam(request), { note });
    } catch (error) {
      if (error instanceof Invalid) return renderRiskPage(request, reply, { errors: error, note });
      throw error;
    }
    return reply.redirect(withQuery(paths.risk.service(idParam(request)), { approved: 1 }), 303);
  });

  app.get(paths.risk.rate(':id'), (request, reply) => renderForm(request, reply, null));

  // "Change scores" on the check page posts the answers back here, so nothing is kept in the session.
  app.post(paths.risk.rate(':id'), (request, reply) => renderForm(request, reply, ratingFormValues(request.body)));

  app.post(paths.risk.check(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const values = ratingFormValues(request.body);
    try {
      const preview = await risk.preview(actor, idParam(request), ratingInputFromForm(values));
      const form = await risk.ratingForm(actor, idParam(request));
      const scoreRows = form.areas.map((a) => {
        const score = preview.input.scores[a.key];
        return {
          label: a.label,
          score,
          indicator: indicatorsFor(form.matrix.matrix, a.key, form.service.category)[score - 1],
          proposed: a.proposal.score,
          differs: a.proposal.score !== score,
          reason: preview.input.areaRationales?.[a.key] ?? null,
        };
      });
      return reply.render('risk/views/check.njk', {
        title: `Check the rating: ${form.service.name}`,
        service: form.service,
        values,
        prr: formatPrr(preview.prr),
        tag: bandTag(preview.band),
        regime: describeRegime(preview.regime, form.matrix.matrix.selfAssessmentMonthsBefore),
        scoreRows,
      });
    } catch (error) {
      if (error instanceof Invalid) return renderForm(request, reply, values, error);
      throw error;
    }
  });

  app.post(paths.risk.confirm(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const values = ratingFormValues(request.body);
    try {
      await risk.rate(actor, idParam(request), ratingInputFromForm(values));
    } catch (error) {
      if (error instanceof Invalid) return renderForm(request, reply, values, error);
      throw error;
    }
    return reply.redirect(withQuery(paths.risk.service(idParam(request)), { confirmed: 1 }), 303);
  });
}
