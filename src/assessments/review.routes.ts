import type { FastifyInstance, FastifyReply } from 'fastify';
import { today } from '../core/clock.ts';
import { Invalid } from '../core/errors.ts';
import { postedDateParts } from '../core/forms.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router, type FormErrors, type FormValues } from '../core/http/route.ts';
import type { Assessment } from './assessment.model.ts';
import { publishedDuringReview } from './assessment.rules.ts';
import { commentSchema, correctionSchema, publishFormSchema } from './assessments.schemas.ts';
import type { AssessmentsService } from './assessments.service.ts';
import { actionsFor } from './assessments.view.ts';
import { KIND_LABELS } from './labels.ts';
import { renderOverview } from './overview.page.ts';

const VIEWS = 'assessments/views';

/** The completed report: the provider's comments and confirmation, publication, and corrections of a published report. */
export function reviewRoutes(app: FastifyInstance, assessments: AssessmentsService) {
  const route = router(app);

  route.post(
    paths.assessments.publish(':id'),
    {
      access: 'assessments.publish',
      ids: ['id'],
      body: publishFormSchema,
      dates: ['publishedOn'],
      invalid: async ({ actor, ids, values, reply }, errors) =>
        renderOverview(reply, assessments, actor, await assessments.get(actor, ids.id), { errors, publishedOn: postedDateParts(values, 'publishedOn') }),
    },
    async ({ actor, ids, body, reply }) => {
      const a = await assessments.get(actor, ids.id);
      // Publishing while the provider can still comment (on the day of publication) closes its window early, so it needs saying so.
      if (publishedDuringReview(a, body.publishedOn ?? today()) && body.publishEarly !== 'yes') {
        throw new Invalid([{ path: 'publishEarly', message: 'Confirm that you want to publish before the provider’s factual accuracy window ends' }]);
      }
      await assessments.publish(actor, ids.id, body.publishedOn ? { publishedOn: body.publishedOn } : {});
      return reply.redirect(paths.assessments.show(ids.id), 303);
    },
  );

  route.post(
    paths.assessments.comments(':id'),
    {
      access: 'assessments.read',
      ids: ['id'],
      body: commentSchema,
      invalid: async ({ actor, ids, values, reply }, errors) =>
        renderOverview(reply, assessments, actor, await assessments.get(actor, ids.id), { errors, commentValues: values }),
    },
    async ({ actor, ids, body, reply }) => {
      await assessments.comment(actor, ids.id, body);
      return reply.redirect(`${paths.assessments.show(ids.id)}#review`, 303);
    },
  );

  route.post(paths.assessments.confirmAccuracy(':id'), { access: 'assessments.self', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    await assessments.confirmAccuracy(actor, ids.id);
    return reply.redirect(`${paths.assessments.show(ids.id)}#review`, 303);
  });

  function renderCorrect(reply: FastifyReply, a: Assessment, values: FormValues = {}, errors?: FormErrors) {
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/correct.njk`, {
      title: 'Correct a published report',
      backLink: paths.assessments.show(a.id),
      caption: `${KIND_LABELS[a.kind]}: ${a.service.name}`,
      action: paths.assessments.correct(a.id),
      publishedOn: a.publishedOn,
      values,
      errors,
    });
  }

  route.get(paths.assessments.correct(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const a = await assessments.get(actor, ids.id);
    if (!actionsFor(actor, a).canCorrect) return reply.redirect(paths.assessments.show(a.id), 303);
    return renderCorrect(reply, a);
  });

  route.post(
    paths.assessments.correct(':id'),
    {
      access: 'assessments.conduct',
      ids: ['id'],
      body: correctionSchema,
      invalid: async ({ actor, ids, values, reply }, errors) => renderCorrect(reply, await assessments.get(actor, ids.id), values, errors),
    },
    async ({ actor, ids, body, reply }) => {
      const correctionId = await assessments.correct(actor, ids.id, body);
      return reply.redirect(paths.assessments.show(correctionId), 303);
    },
  );
}
