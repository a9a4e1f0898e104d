import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../core/db/database.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors, type InvalidHandler } from '../core/http/route.ts';
import { indicatorsFor } from './matrix.ts';
import { formatPrr } from './prr.ts';
import { ratingAnswersSchema, ratingFormSchema, ratingFormValues } from './risk.schemas.ts';
import type { RiskServiceApi } from './risk.service.ts';
import { bandTag } from './risk.view.ts';
import { describeRegime } from './schedule.ts';

/** Rating a service: the form with the record's proposals, check answers, and confirm. Nothing is kept in the session. */
export function ratingRoutes(app: FastifyInstance, risk: RiskServiceApi) {
  const route = router(app);

  async function renderForm(reply: FastifyReply, actor: Actor, serviceId: string, values: Record<string, string> | null, errors?: FormErrors) {
    const form = await risk.ratingForm(actor, serviceId);
    const initial =
      values ??
      Object.fromEntries(
        form.areas.flatMap((a) => {
          const score = a.proposal.score ?? a.current;
          return score ? [[`scores.${a.key}`, String(score)]] : [];
        }),
      );
    return reply.code(errors ? 400 : 200).render('risk/views/rate.njk', {
      title: `Rate the provider’s risk: ${form.service.name}`,
      service: form.service,
      areas: form.areas,
      latest: form.latest,
      latestPrr: form.latest ? formatPrr(form.latest.prr) : null,
      values: initial,
      errors,
      backLink: paths.risk.service(form.service.id),
    });
  }

  route.get(paths.risk.rate(':id'), { access: 'risk.rate', ids: ['id'] }, ({ actor, ids, reply }) => renderForm(reply, actor, ids.id, null));

  // "Change scores" on the check page posts the answers back here.
  route.post(paths.risk.rate(':id'), { access: 'risk.rate', ids: ['id'], body: ratingAnswersSchema }, ({ actor, ids, body, reply }) =>
    renderForm(reply, actor, ids.id, body),
  );

  const showAgain: InvalidHandler<'id', Record<string, string>, 'risk.rate'> = ({ actor, ids, values, reply }, errors) =>
    renderForm(reply, actor, ids.id, ratingFormValues(values), errors);
  const answers = { access: 'risk.rate', ids: ['id'], body: ratingFormSchema, invalid: showAgain } as const;

  route.post(paths.risk.check(':id'), answers, async ({ actor, ids, body, values, reply }) => {
    const preview = await risk.preview(actor, ids.id, body);
    const form = await risk.ratingForm(actor, ids.id);
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
      values: ratingFormValues(values),
      prr: formatPrr(preview.prr),
      tag: bandTag(preview.band),
      regime: describeRegime(preview.regime, form.matrix.matrix.selfAssessmentMonthsBefore),
      scoreRows,
    });
  });

  route.post(paths.risk.confirm(':id'), answers, async ({ actor, ids, body, reply }) => {
    await risk.rate(actor, ids.id, body);
    return reply.redirect(withQuery(paths.risk.service(ids.id), { confirmed: 1 }), 303);
  });
}
