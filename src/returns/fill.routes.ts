import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { periodLabel } from './periods.ts';
import { checkAnswers } from './return.rules.ts';
import { returnHeading, sectionFields, summarySections } from './pages.view.ts';
import type { ReturnsService } from './returns.service.ts';
import { declarationSchema, periodSchema } from './returns.schemas.ts';
import type { ReturnTemplate } from './template.ts';

/** A section's form: its answers as typed, and which button was pressed. */
const sectionBody = z.record(z.string(), z.unknown());

function sectionNumber(request: FastifyRequest, template: ReturnTemplate): number {
  const n = Number((request.params as { n?: string }).n);
  if (!Number.isInteger(n) || n < 1 || n > template.sections.length) throw new NotFound();
  return n;
}

/**
 * The provider fills a return on GOV.UK pages: one page per section (each saved as it goes, so the provider
 * can come back later), then check answers, a declaration and submit.
 */
export function fillRoutes(app: FastifyInstance, returns: ReturnsService) {
  const route = router(app);

  const draft = (actor: Actor, id: string) => returns.get(actor, id);

  async function renderSection(reply: FastifyReply, actor: Actor, id: string, n: number, values?: Record<string, unknown>, errors?: FormErrors) {
    const { ret, template } = await draft(actor, id);
    if (ret.status !== 'draft') return reply.redirect(paths.returns.show(id), 303);
    const section = template.sections[n - 1]!;
    // Amending after a query: the council's question is on the version before.
    const asked = ret.version > 1 ? (await returns.listForService(actor, ret.serviceId)).find((v) => v.year === ret.year && v.quarter === ret.quarter && v.version === ret.version - 1)?.query : undefined;
    return reply.code(errors ? 400 : 200).render('returns/views/section.njk', {
      title: `${section.title}: ${returnHeading(ret)}`,
      caption: returnHeading(ret),
      heading: section.title,
      step: `Section ${n} of ${template.sections.length}`,
      action: paths.returns.section(id, n),
      backLink: n > 1 ? paths.returns.section(id, n - 1) : paths.returns.list,
      fields: sectionFields(section.questions, values ?? ret.answers),
      query: asked ?? null,
      errors,
    });
  }

  route.post(
    paths.returns.start(':id'),
    { access: 'returns.submit', ids: ['id'], body: periodSchema },
    async ({ actor, ids, body, reply }) => {
      const ret = await returns.start(actor, ids.id, body);
      return reply.redirect(paths.returns.section(ret.id, 1), 303);
    },
  );

  route.get(paths.returns.section(':id', ':n'), { access: 'returns.submit', ids: ['id'] }, async ({ actor, ids, request, reply }) => {
    const { template } = await draft(actor, ids.id);
    return renderSection(reply, actor, ids.id, sectionNumber(request, template));
  });

  route.post(
    paths.returns.section(':id', ':n'),
    {
      access: 'returns.submit',
      ids: ['id'],
      body: sectionBody,
      invalid: async ({ actor, ids, request, values, reply }, errors) => {
        const { template } = await draft(actor, ids.id);
        return renderSection(reply, actor, ids.id, sectionNumber(request, template), values, errors);
      },
    },
    async ({ actor, ids, body, request, reply }) => {
      const { template } = await draft(actor, ids.id);
      const n = sectionNumber(request, template);
      const questions = template.sections[n - 1]!.questions;
      const raw = Object.fromEntries(questions.map((q) => [q.key, body[q.key]]));
      await returns.saveAnswers(actor, ids.id, raw, questions);
      if (body.action === 'save') return reply.redirect(withQuery(paths.returns.list, { saved: ids.id }), 303);
      return reply.redirect(n < template.sections.length ? paths.returns.section(ids.id, n + 1) : paths.returns.check(ids.id), 303);
    },
  );

  async function renderCheck(reply: FastifyReply, actor: Actor, id: string, errors?: FormErrors) {
    const { ret, template } = await draft(actor, id);
    if (ret.status !== 'draft') return reply.redirect(paths.returns.show(id), 303);
    // Required answers still missing, each linking to its section.
    const missing = checkAnswers(template, ret.answers, { complete: true }).errors;
    const sectionOf = (key: string) => template.sections.findIndex((s) => s.questions.some((q) => q.key === key)) + 1;
    const missingList = missing.map((e) => ({ text: e.message, href: `${paths.returns.section(id, sectionOf(e.path))}#${e.path}` }));
    const summary = errors ? { ...errors, errorList: [...missingList, ...errors.errorList.filter((e) => e.href === '#declaration')] } : undefined;
    return reply.code(errors ? 400 : 200).render('returns/views/check.njk', {
      title: `Check your answers: ${returnHeading(ret)}`,
      caption: returnHeading(ret),
      period: periodLabel(ret),
      sections: summarySections(template, ret, true),
      missing: missingList,
      action: paths.returns.submit(id),
      backLink: paths.returns.section(id, template.sections.length),
      errors: summary,
    });
  }

  route.get(paths.returns.check(':id'), { access: 'returns.submit', ids: ['id'] }, ({ actor, ids, reply }) => renderCheck(reply, actor, ids.id));

  route.post(
    paths.returns.submit(':id'),
    {
      access: 'returns.submit',
      ids: ['id'],
      body: declarationSchema,
      invalid: ({ actor, ids, reply }, errors) => renderCheck(reply, actor, ids.id, errors),
    },
    // Answers still missing (Invalid from the service) come back through `invalid`: the check page lists them.
    async ({ actor, ids, reply }) => {
      await returns.submitDraft(actor, ids.id);
      return reply.redirect(withQuery(paths.returns.show(ids.id), { sent: '1' }), 303);
    },
  );
}
