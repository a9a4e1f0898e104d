import type { FastifyInstance, FastifyReply } from 'fastify';
import { Conflict } from '../core/errors.ts';
import type { Actor } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import { CATEGORY_LABELS, SERVICE_CATEGORIES, categoryLabel } from '../providers/categories.ts';
import type { AssessmentsService } from './assessments.service.ts';
import type { FrameworkVersion } from './frameworks.ts';
import type { FrameworksService } from './frameworks.service.ts';
import { formBody, formErrors, idParam } from './http.ts';
import { SCORING_LABELS } from './labels.ts';

const VIEWS = 'assessments/views/admin';

type Field =
  | { type: 'input' | 'textarea'; name: string; label: string; hint?: string; value?: unknown; width?: string }
  | { type: 'radios' | 'checkboxes'; name: string; label: string; hint?: string; items: { value: string; text: string; hint?: { text: string } }[]; value?: unknown };

interface FormPage {
  title: string;
  caption?: string;
  back: string;
  action: string;
  submit: string;
  intro?: string;
  fields: Field[];
}

const KINDS = { domains: 'framework_domains', standards: 'framework_standards', questions: 'framework_questions' } as const;
type Kind = keyof typeof KINDS;

function detailFields(values: Record<string, unknown>, withScoring: boolean): Field[] {
  const fields: Field[] = [
    { type: 'input', name: 'name', label: 'Name', value: values.name },
    { type: 'textarea', name: 'description', label: 'Description (optional)', hint: 'What the framework is for; shown when an officer chooses a framework.', value: values.description },
  ];
  if (withScoring) {
    fields.push({
      type: 'radios',
      name: 'scoring',
      label: 'How is it scored?',
      hint: 'This cannot be changed later: new versions keep the method so results stay comparable.',
      items: Object.entries(SCORING_LABELS).map(([value, text]) => ({ value, text })),
      value: values.scoring,
    });
  }
  fields.push(
    {
      type: 'checkboxes',
      name: 'categories',
      label: 'Which services does it apply to?',
      hint: 'Officers see it when they assess a service of one of these categories.',
      items: SERVICE_CATEGORIES.map((value) => ({ value, text: CATEGORY_LABELS[value] })),
      value: values.categories,
    },
    {
      type: 'radios',
      name: 'requiresImprovementLabel',
      label: 'What is the band between Good and Poor called?',
      items: [
        { value: 'Requires improvement', text: 'Requires improvement' },
        { value: 'Adequate', text: 'Adequate', hint: { text: 'As some councils’ workbooks name it' } },
      ],
      value: values.requiresImprovementLabel ?? 'Requires improvement',
    },
    { type: 'textarea', name: 'changeNote', label: 'What changed in this version? (optional)', value: values.changeNote },
  );
  return fields;
}

/** Administrators' pages for frameworks: versions, their domains, standards and questions, and the review window. */
export function frameworksRoutes(app: FastifyInstance, frameworks: FrameworksService, assessments: AssessmentsService) {
  function renderForm(reply: FastifyReply, page: FormPage, errors?: unknown) {
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/form.njk`, { ...page, backLink: page.back, section: 'frameworks', errors });
  }

  /** A form page whose POST runs `save`, then redirects; on a field error it is shown again with the typed values. */
  function formRoute(url: string, page: (actor: Actor, id: string, values: Record<string, unknown>) => Promise<FormPage>, save: (actor: Actor, id: string, body: Record<string, unknown>) => Promise<string>) {
    app.get(url, async (request, reply) => {
      const actor = requireActor(request);
      authorise(actor, 'frameworks.manage');
      return renderForm(reply, await page(actor, url.includes(':id') ? idParam(request) : '', {}));
    });
    app.post(url, async (request, reply) => {
      const actor = requireActor(request);
      const id = url.includes(':id') ? idParam(request) : '';
      const body = formBody(request);
      try {
        return reply.redirect(await save(actor, id, body), 303);
      } catch (error) {
        const errors = formErrors(error);
        if (!errors) throw error;
        return renderForm(reply, await page(actor, id, body), errors);
      }
    });
  }

  /** The draft a form changes; a published version's forms are not offered at all. */
  function draft(version: FrameworkVersion): FrameworkVersion {
    if (version.status !== 'draft') throw new Conflict('This version is published and cannot be changed. Create a new version instead.');
    return version;
  }
  const versionOf = async (actor: Actor, kind: Kind, id: string) => draft(await frameworks.versionOfContent(actor, KINDS[kind], id));
  const draftVersion = async (actor: Actor, id: string) => draft(await frameworks.version(actor, id));

  app.get(paths.frameworks.list, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'frameworks.manage');
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

  formRoute(
    paths.frameworks.new,
    (_actor, _id, values) => Promise.resolve({
      title: 'Create a framework',
      back: paths.frameworks.list,
      action: paths.frameworks.new,
      submit: 'Create framework',
      intro: 'The framework starts as a draft: add its domains, standards and questions, then publish it.',
      fields: detailFields(values, true),
    }),
    async (actor, _id, body) => paths.frameworks.version((await frameworks.create(actor, body)).versionId),
  );
  app.get(paths.frameworks.show(':id'), async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'frameworks.manage');
    const item = await frameworks.framework(actor, idParam(request));
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

  app.post(paths.frameworks.newVersion(':id'), async (request, reply) => {
    const versionId = await frameworks.startNewVersion(requireActor(request), idParam(request));
    return reply.redirect(paths.frameworks.version(versionId), 303);
  });

  app.get(paths.frameworks.version(':id'), async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'frameworks.manage');
    return renderVersion(reply, await frameworks.version(actor, idParam(request)));
  });

  function renderVersion(reply: FastifyReply, version: FrameworkVersion, errors?: unknown) {
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

  app.post(paths.frameworks.publish(':id'), async (request, reply) => {
    const actor = requireActor(request);
    const id = idParam(request);
    try {
      await frameworks.publish(actor, id);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return renderVersion(reply, await frameworks.version(actor, id), errors);
    }
    const version = await frameworks.version(actor, id);
    return reply.redirect(paths.frameworks.show(version.frameworkId), 303);
  });

  app.post(paths.frameworks.discard(':id'), async (request, reply) => {
    await frameworks.discardDraft(requireActor(request), idParam(request));
    return reply.redirect(paths.frameworks.list, 303);
  });

  formRoute(
    paths.frameworks.details(':id'),
    async (actor, id, values) => {
      const v = await draftVersion(actor, id);
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

  const domainFields = (values: Record<string, unknown>): Field[] => [
    { type: 'input', name: 'name', label: 'Name of the domain', value: values.name },
    { type: 'textarea', name: 'description', label: 'Description (optional)', value: values.description },
  ];
  formRoute(
    paths.frameworks.newDomain(':id'),
    async (actor, id, values) => {
      const v = await draftVersion(actor, id);
      return { title: 'Add a domain', caption: `${v.name}, version ${v.version}`, back: paths.frameworks.version(id), action: paths.frameworks.newDomain(id), submit: 'Add domain', fields: domainFields(values) };
    },
    async (actor, id, body) => {
      await frameworks.addDomain(actor, id, body);
      return paths.frameworks.version(id);
    },
  );
  formRoute(
    paths.frameworks.editDomain(':id'),
    async (actor, id, values) => {
      const v = await versionOf(actor, 'domains', id);
      const d = v.domains.find((x) => x.id === id)!;
      return {
        title: 'Change the domain',
        caption: `${v.name}, version ${v.version}`,
        back: paths.frameworks.version(v.id),
        action: paths.frameworks.editDomain(id),
        submit: 'Save',
        fields: domainFields(Object.keys(values).length ? values : { name: d.name, description: d.description }),
      };
    },
    async (actor, id, body) => {
      await frameworks.updateDomain(actor, id, body);
      return paths.frameworks.version((await versionOf(actor, 'domains', id)).id);
    },
  );

  const standardFields = (values: Record<string, unknown>): Field[] => [
    { type: 'input', name: 'name', label: 'Standard', hint: 'A heading that groups questions within the domain, like “Safe recruitment”.', value: values.name },
  ];
  formRoute(
    paths.frameworks.newStandard(':id'),
    async (actor, id, values) => {
      const v = await versionOf(actor, 'domains', id);
      const d = v.domains.find((x) => x.id === id)!;
      return { title: 'Add a standard', caption: `${d.number}. ${d.name}`, back: paths.frameworks.version(v.id), action: paths.frameworks.newStandard(id), submit: 'Add standard', fields: standardFields(values) };
    },
    async (actor, id, body) => {
      await frameworks.addStandard(actor, id, body);
      return paths.frameworks.version((await versionOf(actor, 'domains', id)).id);
    },
  );
  formRoute(
    paths.frameworks.editStandard(':id'),
    async (actor, id, values) => {
      const v = await versionOf(actor, 'standards', id);
      const s = v.domains.flatMap((d) => d.standards).find((x) => x.id === id)!;
      return {
        title: 'Change the standard',
        caption: `${v.name}, version ${v.version}`,
        back: paths.frameworks.version(v.id),
        action: paths.frameworks.editStandard(id),
        submit: 'Save',
        fields: standardFields(Object.keys(values).length ? values : { name: s.name }),
      };
    },
    async (actor, id, body) => {
      await frameworks.updateStandard(actor, id, body);
      return paths.frameworks.version((await versionOf(actor, 'standards', id)).id);
    },
  );

  const questionFields = (values: Record<string, unknown>): Field[] => [
    { type: 'textarea', name: 'text', label: 'Question', hint: 'A statement the officer judges, like “Staff files show safe recruitment”.', value: values.text },
    { type: 'textarea', name: 'guidance', label: 'Guidance for the officer (optional)', hint: 'Where to look and what good evidence is.', value: values.guidance },
    {
      type: 'input',
      name: 'weight',
      label: 'Weight',
      hint: 'How much the question counts towards its domain and the overall result. 1 is normal; 2 counts double. Up to 2 decimal places.',
      value: values.weight ?? '1',
      width: 'govuk-input--width-4',
    },
  ];
  formRoute(
    paths.frameworks.newQuestion(':id'),
    async (actor, id, values) => {
      const v = await versionOf(actor, 'standards', id);
      const s = v.domains.flatMap((d) => d.standards).find((x) => x.id === id)!;
      return { title: 'Add a question', caption: s.name, back: paths.frameworks.version(v.id), action: paths.frameworks.newQuestion(id), submit: 'Add question', fields: questionFields(values) };
    },
    async (actor, id, body) => {
      await frameworks.addQuestion(actor, id, body);
      return paths.frameworks.version((await versionOf(actor, 'standards', id)).id);
    },
  );
  formRoute(
    paths.frameworks.editQuestion(':id'),
    async (actor, id, values) => {
      const v = await versionOf(actor, 'questions', id);
      const q = v.domains.flatMap((d) => d.questions).find((x) => x.id === id)!;
      return {
        title: `Change question ${q.number}`,
        caption: `${v.name}, version ${v.version}`,
        back: paths.frameworks.version(v.id),
        action: paths.frameworks.editQuestion(id),
        submit: 'Save',
        fields: questionFields(Object.keys(values).length ? values : { text: q.text, guidance: q.guidance, weight: String(q.weight) }),
      };
    },
    async (actor, id, body) => {
      await frameworks.updateQuestion(actor, id, body);
      return paths.frameworks.version((await versionOf(actor, 'questions', id)).id);
    },
  );

  for (const kind of Object.keys(KINDS) as Kind[]) {
    app.post(paths.frameworks.remove(kind, ':id'), async (request, reply) => {
      const versionId = await frameworks.remove(requireActor(request), KINDS[kind], idParam(request));
      return reply.redirect(paths.frameworks.version(versionId), 303);
    });
    app.post(paths.frameworks.move(kind, ':id'), async (request, reply) => {
      const direction = formBody(request).direction === 'up' ? 'up' : 'down';
      const versionId = await frameworks.move(requireActor(request), KINDS[kind], idParam(request), direction);
      return reply.redirect(paths.frameworks.version(versionId), 303);
    });
  }

  async function renderSettings(reply: FastifyReply, actor: Actor, values: Record<string, unknown>, errors?: unknown) {
    return renderForm(
      reply,
      {
        title: 'Factual accuracy window',
        back: paths.frameworks.list,
        action: paths.frameworks.settings,
        submit: 'Save',
        intro: 'When an officer completes a full assessment, the provider can comment on the draft report’s factual accuracy for this many days. Corrections of published reports have no window.',
        fields: [{ type: 'input', name: 'factualAccuracyDays', label: 'Number of days', hint: 'Between 0 and 90. The default is 14.', value: values.factualAccuracyDays ?? (await assessments.factualAccuracyDays(actor)), width: 'govuk-input--width-3' }],
      },
      errors,
    );
  }
  app.get(paths.frameworks.settings, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'frameworks.manage');
    return renderSettings(reply, actor, {});
  });
  app.post(paths.frameworks.settings, async (request, reply) => {
    const actor = requireActor(request);
    const body = formBody(request);
    try {
      await assessments.saveFactualAccuracyDays(actor, body);
    } catch (error) {
      const errors = formErrors(error);
      if (!errors) throw error;
      return renderSettings(reply, actor, body, errors);
    }
    return reply.redirect(paths.frameworks.list, 303);
  });
}
