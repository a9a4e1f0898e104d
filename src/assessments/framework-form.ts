import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../core/db/database.ts';
import { Conflict } from '../core/errors.ts';
import type { FormErrors, FormValues, Router } from '../core/http/route.ts';
import { CATEGORY_LABELS, SERVICE_CATEGORIES } from '../providers/index.ts';
import type { FrameworkVersion } from './frameworks.ts';
import { SCORING_LABELS } from './labels.ts';

/**
 * The administrators' framework forms share one template: a page of fields described here. Each form is a
 * GET that shows it and a POST that saves it, shown again with the errors and what was typed.
 */

export type Field =
  | { type: 'input' | 'textarea'; name: string; label: string; hint?: string; value?: unknown; width?: string }
  | { type: 'radios' | 'checkboxes'; name: string; label: string; hint?: string; items: { value: string; text: string; hint?: { text: string } }[]; value?: unknown };

export interface FormPage {
  title: string;
  caption?: string;
  back: string;
  action: string;
  submit: string;
  intro?: string;
  fields: Field[];
}

export function renderForm(reply: FastifyReply, page: FormPage, errors?: FormErrors) {
  return reply.code(errors ? 400 : 200).render('assessments/views/admin/form.njk', { ...page, backLink: page.back, section: 'frameworks', errors });
}

/**
 * A form about one record (`:id` in the path): `page` lays it out (with the values typed, or the record's
 * own when there are none), `save` saves the parsed body and says where to go next.
 */
export function formRoute<T>(
  route: Router,
  url: string,
  body: z.ZodType<T>,
  page: (actor: Actor, id: string, values: FormValues) => Promise<FormPage>,
  save: (actor: Actor, id: string, body: T) => Promise<string>,
) {
  route.get(url, { access: 'frameworks.manage', ids: ['id'] }, async ({ actor, ids, reply }) => renderForm(reply, await page(actor, ids.id, {})));
  route.post(
    url,
    {
      access: 'frameworks.manage',
      ids: ['id'],
      body,
      invalid: async ({ actor, ids, values, reply }, errors) => renderForm(reply, await page(actor, ids.id, values), errors),
    },
    async ({ actor, ids, body, reply }) => reply.redirect(await save(actor, ids.id, body), 303),
  );
}

/** The fields of a framework version's details (and, for a new framework, how it is scored). */
export function detailFields(values: FormValues, withScoring: boolean): Field[] {
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

/** The draft a form changes; a published version's forms are not offered at all. */
export function draft(version: FrameworkVersion): FrameworkVersion {
  if (version.status !== 'draft') throw new Conflict('This version is published and cannot be changed. Create a new version instead.');
  return version;
}
