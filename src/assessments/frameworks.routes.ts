import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router, type FormErrors, type FormValues } from '../core/http/route.ts';
import { categoryLabel } from '../providers/index.ts';
import { newFrameworkSchema, settingsSchema, versionDetailsSchema } from './assessments.schemas.ts';
import type { AssessmentsService } from './assessments.service.ts';
import { detailFields, draft, formRoute, renderForm, type FormPage } from './framework-form.ts';
import type { FrameworkVersion } from './frameworks.ts';
import type { FrameworksService } from './frameworks.service.ts';
import { SCORING_LABELS } from './labels.ts';

const VIEWS = 'assessments/views/admin';

/**
 * Administrators' pages for frameworks: the list, a framework's versions, a version (its details, publishing
 * or discarding a draft), and the factual accuracy window. Domains, standards and questions: framework-content.routes.ts.
 */
export function frameworksRoutes(app: FastifyInstance, frameworks: FrameworksService, assessments: AssessmentsService) {
  const route = router(app);
  const admin = 'frameworks.manage';

  route.get(paths.frameworks.list, { access: admin }, async ({ actor, reply }) => {
    const list = await frameworks.list(actor);
    return reply.render(`${VIEWS}/frameworks.njk`, {
      title: 'Assessment frameworks',
      section: 'frameworks',
      days: await assessments.factualAccuracyDays(actor),
      rows: list.map((f) => {
        const shown = f.current ?? f.draft!;
        return {
          href: paths.frameworks.show(f.frameworkId),
          name: shown.name,
          scoring: shown.scoring === 'percentage' ? 'Percentage' : 'Rating',
          categories: shown.categories.map(categoryLabel),
          version: f.current ? `Version ${f.current.version}` : 'Not published yet',
          publishedAt: f.current?.publishedAt,
          draft: f.draft ? `Draft of version ${f.draft.version}` : undefined,
        };
      }),
    });
  });

  const newFramework = (values: FormValues): FormPage => ({
    title: 'Create a framework',
    back: paths.frameworks.list,
    action: paths.frameworks.new,
    submit: 'Create framework',
    intro: 'The framework starts as a draft: add its domains, standards and questions, then publish it.',
    fields: detailFields(values, true),
  });
  route.get(paths.frameworks.new, { access: admin }, ({ reply }) => renderForm(reply, newFramework({})));
  route.post(
    paths.frameworks.new,
    { access: admin, body: newFrameworkSchema, invalid: ({ values, reply }, errors) => renderForm(reply, newFramework(values), errors) },
    async ({ actor, body, reply }) => reply.redirect(paths.frameworks.version((await frameworks.create(actor, body)).versionId), 303),
  );

  route.get(paths.frameworks.show(':id'), { access: admin, ids: ['id'] }, async ({ actor, ids, reply }) => {
    const item = await frameworks.framework(actor, ids.id);
    const shown = item.current ?? item.draft!;
    return reply.render(`${VIEWS}/framework.njk`, {
      title: shown.name,
      section: 'frameworks',
      backLink: paths.frameworks.list,
      frameworkId: item.frameworkId,
      hasDraft: !!item.draft,
      draftHref: item.draft ? paths.frameworks.version(item.draft.id) : undefined,
      canStartVersion: !item.draft && !!item.current,
      versions: item.versions.map((v) => ({
        href: paths.frameworks.version(v.id),
        version: v.version,
        status: v.status === 'published' ? 'Published' : 'Draft',
        current: v.id === item.current?.id,
        publishedAt: v.publishedAt,
        changeNote: v.changeNote,
      })),
    });
  });

  route.post(paths.frameworks.newVersion(':id'), { access: admin, ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    const versionId = await frameworks.startNewVersion(actor, ids.id);
    return reply.redirect(paths.frameworks.version(versionId), 303);
  });

  function renderVersion(reply: FastifyReply, version: FrameworkVersion, errors?: FormErrors) {
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/version.njk`, {
      title: `${version.name}, version ${version.version}`,
      section: 'frameworks',
      backLink: paths.frameworks.show(version.frameworkId),
      v: {
        id: version.id,
        draft: version.status === 'draft',
        name: version.name,
        version: version.version,
        description: version.description,
        scoring: SCORING_LABELS[version.scoring],
        categories: version.categories.map(categoryLabel),
        riLabel: version.requiresImprovementLabel,
        changeNote: version.changeNote,
        publishedAt: version.publishedAt,
        domains: version.domains.map((d) => ({
          id: d.id,
          number: d.number,
          name: d.name,
          description: d.description,
          standards: d.standards.map((s) => ({
            id: s.id,
            name: s.name,
            questions: s.questions.map((q) => ({ id: q.id, number: q.number, text: q.text, guidance: q.guidance, weight: q.weight })),
          })),
        })),
      },
      errors,
    });
  }

  route.get(paths.frameworks.version(':id'), { access: admin, ids: ['id'] }, async ({ actor, ids, reply }) => renderVersion(reply, await frameworks.version(actor, ids.id)));

  // Publishing is refused, with what is missing, while the draft lacks categories, domains, standards or questions.
  route.post(
    paths.frameworks.publish(':id'),
    { access: admin, ids: ['id'], body: noBody, invalid: async ({ actor, ids, reply }, errors) => renderVersion(reply, await frameworks.version(actor, ids.id), errors) },
    async ({ actor, ids, reply }) => {
      await frameworks.publish(actor, ids.id);
      const version = await frameworks.version(actor, ids.id);
      return reply.redirect(paths.frameworks.show(version.frameworkId), 303);
    },
  );

  route.post(paths.frameworks.discard(':id'), { access: admin, ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
    await frameworks.discardDraft(actor, ids.id);
    return reply.redirect(paths.frameworks.list, 303);
  });

  formRoute(
    route,
    paths.frameworks.details(':id'),
    versionDetailsSchema,
    async (actor, id, values) => {
      const v = draft(await frameworks.version(actor, id));
      const current = Object.keys(values).length
        ? values
        : { name: v.name, description: v.description, categories: v.categories, requiresImprovementLabel: v.requiresImprovementLabel, changeNote: v.changeNote };
      return { title: 'Framework details', caption: `${v.name}, version ${v.version}`, back: paths.frameworks.version(id), action: paths.frameworks.details(id), submit: 'Save', fields: detailFields(current, false) };
    },
    async (actor, id, body) => {
      await frameworks.updateDetails(actor, id, body);
      return paths.frameworks.version(id);
    },
  );

  async function settingsPage(actor: Actor, values: FormValues): Promise<FormPage> {
    return {
      title: 'Factual accuracy window',
      back: paths.frameworks.list,
      action: paths.frameworks.settings,
      submit: 'Save',
      intro: 'When an officer completes a full assessment, the provider can comment on the draft report’s factual accuracy for this many days. Corrections of published reports have no window.',
      fields: [{ type: 'input', name: 'factualAccuracyDays', label: 'Number of days', hint: 'Between 0 and 90. The default is 14.', value: values.factualAccuracyDays ?? (await assessments.factualAccuracyDays(actor)), width: 'govuk-input--width-3' }],
    };
  }
  route.get(paths.frameworks.settings, { access: admin }, async ({ actor, reply }) => renderForm(reply, await settingsPage(actor, {})));
  route.post(
    paths.frameworks.settings,
    { access: admin, body: settingsSchema, invalid: async ({ actor, values, reply }, errors) => renderForm(reply, await settingsPage(actor, values), errors) },
    async ({ actor, body, reply }) => {
      await assessments.saveFactualAccuracyDays(actor, body);
      return reply.redirect(paths.frameworks.list, 303);
    },
  );
}
