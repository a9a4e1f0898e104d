import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import { addQuestion, addSection, readSections, removeQuestion, replaceQuestion } from './template-edit.rules.ts';
import { questionsOf, type QuestionType } from './template.ts';
import { detailsFormSchema, questionFormSchema, sectionFormSchema, templateApiSchema } from './templates.schemas.ts';
import type { TemplatesService } from './templates.service.ts';
import { categoryItems, questionFromForm, questionValues, templateListItem, templatePage, typeItems } from './templates.view.ts';
import { templateToApi } from './returns.view.ts';

/** A template's problems name the form's own fields ("sections.0.questions.3.key" → "key"). */
async function onForm<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Invalid) throw new Invalid(error.errors.map((e) => ({ ...e, path: e.path.split('.').at(-1) ?? e.path })));
    throw error;
  }
}

/** Editing a council's return templates on pages (its administrator; its staff read them) and on the API. */
export function templatesRoutes(app: FastifyInstance, templates: TemplatesService) {
  const route = router(app);
  const saved = (reply: FastifyReply, id: string) => reply.redirect(withQuery(paths.returns.template(id), { saved: '1' }), 303);

  route.get(paths.returns.templates, { access: 'returns.read' }, async ({ actor, reply }) =>
    reply.render('returns/views/templates.njk', { title: 'Return templates', backLink: paths.returns.list, items: (await templates.list(actor)).map(templateListItem) }),
  );

  route.get(paths.returns.template(':id'), { access: 'returns.read', ids: ['id'] }, async ({ actor, ids, request, reply }) => {
    const page = templatePage(await templates.get(actor, ids.id), can(actor, 'returns.configure'));
    return reply.render('returns/views/template.njk', { title: page.name, backLink: paths.returns.templates, t: page, saved: (request.query as { saved?: string }).saved === '1' });
  });

  // One question: change it (its key and type stay), or add one to a section, or a new section with its first question.
  async function questionForm(reply: FastifyReply, actor: Actor, id: string, mode: { key?: string; section?: number; newSection?: boolean }, extra: { values?: Record<string, unknown>; errors?: FormErrors } = {}) {
    const { template } = await templates.get(actor, id);
    const existing = mode.key ? questionsOf(template).find((q) => q.key === mode.key) : undefined;
    if (mode.key && !existing) throw new NotFound('Question');
    if (mode.section !== undefined && !template.sections[mode.section - 1]) throw new NotFound('Section');
    const values = extra.values ?? (existing ? questionValues(existing) : { required: 'yes' });
    return reply.code(extra.errors ? 400 : 200).render('returns/views/template-question.njk', {
      title: existing ? `Change: ${existing.label}` : mode.newSection ? 'Add a section' : `Add a question to ${template.sections[mode.section! - 1]!.title}`,
      backLink: paths.returns.template(id),
      caption: `${template.name}, version ${template.version}`,
      action: existing ? paths.returns.templateQuestion(id, existing.key) : mode.newSection ? paths.returns.templateNewSection(id) : paths.returns.templateNewQuestion(id, mode.section!),
      existing: existing ? { key: existing.key, type: existing.type } : undefined,
      newSection: !!mode.newSection,
      values,
      typeItems: typeItems(values.type as string | undefined),
      errors: extra.errors,
    });
  }

  const question = { access: 'returns.configure', ids: ['id'] } as const;
  route.get(paths.returns.templateQuestion(':id', ':key'), question, ({ actor, ids, request, reply }) => questionForm(reply, actor, ids.id, { key: (request.params as { key: string }).key }));
  route.post(
    paths.returns.templateQuestion(':id', ':key'),
    { ...question, body: questionFormSchema, invalid: ({ actor, ids, request, values, reply }, errors) => questionForm(reply, actor, ids.id, { key: (request.params as { key: string }).key }, { values, errors }) },
    async ({ actor, ids, body, request, reply }) => {
      const key = (request.params as { key: string }).key;
      const t = await onForm(() => templates.change(actor, ids.id, (t) => ({ ...t, sections: replaceQuestion(t.sections, key, (q) => questionFromForm(body, q.key, q.type, q)) })));
      return saved(reply, t.id);
    },
  );

  route.post(paths.returns.templateRemoveQuestion(':id', ':key'), { ...question, body: noBody }, async ({ actor, ids, request, reply }) => {
    const key = (request.params as { key: string }).key;
    const t = await templates.change(actor, ids.id, (t) => ({ ...t, sections: removeQuestion(t.sections, key) }));
    return saved(reply, t.id);
  });

  const sectionOf = (params: unknown) => Number((params as { section: string }).section);
  route.get(paths.returns.templateNewQuestion(':id', ':section'), question, ({ actor, ids, request, reply }) => questionForm(reply, actor, ids.id, { section: sectionOf(request.params) }));
  route.post(
    paths.returns.templateNewQuestion(':id', ':section'),
    { ...question, body: questionFormSchema, invalid: ({ actor, ids, request, values, reply }, errors) => questionForm(reply, actor, ids.id, { section: sectionOf(request.params) }, { values, errors }) },
    async ({ actor, ids, body, request, reply }) => {
      const newOne = requireNew(body);
      const t = await onForm(() => templates.change(actor, ids.id, (t) => ({ ...t, sections: addQuestion(t.sections, sectionOf(request.params) - 1, questionFromForm(body, newOne.key, newOne.type)) })));
      return saved(reply, t.id);
    },
  );

  route.get(paths.returns.templateNewSection(':id'), question, ({ actor, ids, reply }) => questionForm(reply, actor, ids.id, { newSection: true }));
  route.post(
    paths.returns.templateNewSection(':id'),
    { ...question, body: sectionFormSchema, invalid: ({ actor, ids, values, reply }, errors) => questionForm(reply, actor, ids.id, { newSection: true }, { values, errors }) },
    async ({ actor, ids, body, reply }) => {
      const newOne = requireNew(body);
      const t = await onForm(() => templates.change(actor, ids.id, (t) => ({ ...t, sections: addSection(t.sections, body.title, questionFromForm(body, newOne.key, newOne.type)) })));
      return saved(reply, t.id);
    },
  );

  async function detailsForm(reply: FastifyReply, actor: Actor, id: string, extra: { values?: Record<string, unknown>; errors?: FormErrors } = {}) {
    const { template } = await templates.get(actor, id);
    const chosen = extra.values ? [extra.values.categories ?? []].flat().map(String) : [...template.categories];
    return reply.code(extra.errors ? 400 : 200).render('returns/views/template-details.njk', {
      title: `Change the name and services: ${template.name}`,
      backLink: paths.returns.template(id),
      action: paths.returns.templateDetails(id),
      name: extra.values ? extra.values.name : template.name,
      categoryItems: categoryItems(chosen),
      errors: extra.errors,
    });
  }
  route.get(paths.returns.templateDetails(':id'), question, ({ actor, ids, reply }) => detailsForm(reply, actor, ids.id));
  route.post(
    paths.returns.templateDetails(':id'),
    { ...question, body: detailsFormSchema, invalid: ({ actor, ids, values, reply }, errors) => detailsForm(reply, actor, ids.id, { values, errors }) },
    async ({ actor, ids, body, reply }) => {
      const t = await onForm(() => templates.change(actor, ids.id, (t) => ({ ...t, name: body.name, categories: body.categories })));
      return saved(reply, t.id);
    },
  );

  route.post(paths.api.returnTemplates, { access: 'returns.configure', body: templateApiSchema }, async ({ actor, body, reply }) => {
    const read = readSections(body.sections);
    if ('errors' in read) throw new Invalid(read.errors);
    const t = await templates.put(actor, body.key, { name: body.name, categories: body.categories, sections: read.sections });
    return reply.code(201).send(templateToApi(t));
  });
}

/** A new question needs its key and type (a changed one keeps its own). */
function requireNew(body: { key?: string | undefined; type?: QuestionType | undefined }): { key: string; type: QuestionType } {
  const errors = [
    ...(body.key ? [] : [{ path: 'key', message: 'Enter a key for the answer, like night_staff_vacant' }]),
    ...(body.type ? [] : [{ path: 'type', message: 'Select the type of answer' }]),
  ];
  if (errors.length) throw new Invalid(errors);
  return { key: body.key!, type: body.type! };
}
