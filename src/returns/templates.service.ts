import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { SERVICE_CATEGORIES } from '../providers/index.ts';
import * as repo from './returns.repository.ts';
import { toTemplate } from './returns.service.ts';
import { appliesFromFor, templateProblems, type TemplateDraft } from './template-edit.rules.ts';
import type { ReturnTemplate } from './template.ts';
import { insertTemplate, newestVersion, returnsAnswered } from './templates.repository.ts';

export interface TemplateVersions {
  readonly template: ReturnTemplate;
  /** Whether it is the newest version of its key (only the newest is changed). */
  readonly newest: boolean;
  readonly versions: readonly { readonly id: string; readonly version: number; readonly appliesFrom: ReturnTemplate['appliesFrom']; readonly answered: number }[];
}

async function councilTemplates(tx: Tx, councilId: string) {
  return (await repo.listTemplates(tx, councilId)).map(toTemplate);
}

/** Saves a draft as the next version of its key, applying from the quarter in progress; one audited insert. */
async function saveVersion(tx: Tx, actor: Actor, key: string, draft: TemplateDraft): Promise<ReturnTemplate> {
  const errors = templateProblems(draft, SERVICE_CATEGORIES);
  if (errors.length) throw new Invalid(errors);
  const version = (await newestVersion(tx, actor.orgId, key)) + 1;
  const id = await insertTemplate(tx, { councilId: actor.orgId, key, version, name: draft.name.trim(), categories: draft.categories, sections: draft.sections, appliesFrom: appliesFromFor(today()), createdBy: actor.userId });
  return toTemplate((await repo.findTemplate(tx, id))!);
}

/**
 * A council's return templates: its staff read them; its administrator changes one (a new version from the
 * newest) or starts a new one. Returns already answered keep the version they were answered on.
 */
export function templatesService(store: Store) {
  const council = (actor: Actor) => {
    if (actor.orgKind !== 'council') throw new Forbidden();
  };
  return {
    /** The newest version of each of the council's templates. */
    async list(actor: Actor): Promise<ReturnTemplate[]> {
      authorise(actor, 'returns.read');
      council(actor);
      return store.asUser(actor, async (tx) => (await councilTemplates(tx, actor.orgId)).filter((t, i, all) => all.findIndex((o) => o.key === t.key) === i));
    },

    async get(actor: Actor, id: string): Promise<TemplateVersions> {
      authorise(actor, 'returns.read');
      council(actor);
      return store.asUser(actor, async (tx) => {
        const all = await councilTemplates(tx, actor.orgId);
        const template = all.find((t) => t.id === id);
        if (!template) throw new NotFound('Return template');
        const same = all.filter((t) => t.key === template.key);
        const answered = await returnsAnswered(tx, same.map((t) => t.id));
        return { template, newest: same[0]!.id === id, versions: same.map((t) => ({ id: t.id, version: t.version, appliesFrom: t.appliesFrom, answered: answered.get(t.id) ?? 0 })) };
      });
    },

    /** A change to the newest version `id`, saved as the next version (409 if `id` is no longer the newest). */
    async change(actor: Actor, id: string, edit: (t: ReturnTemplate) => TemplateDraft): Promise<ReturnTemplate> {
      authorise(actor, 'returns.configure');
      council(actor);
      return store.asUser(actor, async (tx) => {
        const all = await councilTemplates(tx, actor.orgId);
        const template = all.find((t) => t.id === id);
        if (!template) throw new NotFound('Return template');
        if (all.find((t) => t.key === template.key)!.id !== id) throw new Conflict('A newer version of this return has been saved since; change that one');
        return saveVersion(tx, actor, template.key, edit(template));
      });
    },

    /** POST /api/v1/return-templates: the next version of `key` (or its first), whole. */
    async put(actor: Actor, key: string, draft: TemplateDraft): Promise<ReturnTemplate> {
      authorise(actor, 'returns.configure');
      council(actor);
      return store.asUser(actor, (tx) => saveVersion(tx, actor, key, draft));
    },
  };
}

export type TemplatesService = ReturnType<typeof templatesService>;
