import type { FastifyInstance } from 'fastify';
import type { Actor } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router, type FormValues } from '../core/http/route.ts';
import { domainSchema, moveSchema, questionSchema, standardSchema } from './assessments.schemas.ts';
import { draft, formRoute, type Field } from './framework-form.ts';
import type { FrameworksService } from './frameworks.service.ts';

const KINDS = { domains: 'framework_domains', standards: 'framework_standards', questions: 'framework_questions' } as const;
type Kind = keyof typeof KINDS;

/** Administrators' pages for what a draft framework version holds: its domains, their standards and questions, in order. */
export function frameworkContentRoutes(app: FastifyInstance, frameworks: FrameworksService) {
  const route = router(app);
  const versionOf = async (actor: Actor, kind: Kind, id: string) => draft(await frameworks.versionOfContent(actor, KINDS[kind], id));
  const draftVersion = async (actor: Actor, id: string) => draft(await frameworks.version(actor, id));

  const domainFields = (values: FormValues): Field[] => [
    { type: 'input', name: 'name', label: 'Name of the domain', value: values.name },
    { type: 'textarea', name: 'description', label: 'Description (optional)', value: values.description },
  ];
  formRoute(
    route,
    paths.frameworks.newDomain(':id'),
    domainSchema,
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
    route,
    paths.frameworks.editDomain(':id'),
    domainSchema,
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

  const standardFields = (values: FormValues): Field[] => [
    { type: 'input', name: 'name', label: 'Standard', hint: 'A heading that groups questions within the domain, like “Safe recruitment”.', value: values.name },
  ];
  formRoute(
    route,
    paths.frameworks.newStandard(':id'),
    standardSchema,
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
    route,
    paths.frameworks.editStandard(':id'),
    standardSchema,
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

  const questionFields = (values: FormValues): Field[] => [
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
    route,
    paths.frameworks.newQuestion(':id'),
    questionSchema,
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
    route,
    paths.frameworks.editQuestion(':id'),
    questionSchema,
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
    route.post(paths.frameworks.remove(kind, ':id'), { access: 'frameworks.manage', ids: ['id'], body: noBody }, async ({ actor, ids, reply }) => {
      const versionId = await frameworks.remove(actor, KINDS[kind], ids.id);
      return reply.redirect(paths.frameworks.version(versionId), 303);
    });
    route.post(paths.frameworks.move(kind, ':id'), { access: 'frameworks.manage', ids: ['id'], body: moveSchema }, async ({ actor, ids, body, reply }) => {
      const versionId = await frameworks.move(actor, KINDS[kind], ids.id, body.direction);
      return reply.redirect(paths.frameworks.version(versionId), 303);
    });
  }
}
