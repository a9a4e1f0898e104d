import type { Actor, Store, Tx } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import { domainSchema, newFrameworkSchema, questionSchema, standardSchema, versionDetailsSchema } from './assessments.schemas.ts';
import { publicationProblems, type FrameworkVersion } from './frameworks.ts';
import * as repo from './frameworks.repository.ts';

interface FrameworkListItem {
  readonly frameworkId: string;
  readonly current: repo.VersionSummary | undefined;
  readonly draft: repo.VersionSummary | undefined;
  readonly versions: readonly repo.VersionSummary[];
}

type ContentTable = 'framework_domains' | 'framework_standards' | 'framework_questions';
const PARENT: Record<ContentTable, 'version_id' | 'domain_id' | 'standard_id'> = {
  framework_domains: 'version_id',
  framework_standards: 'domain_id',
  framework_questions: 'standard_id',
};

/**
 * Frameworks: everyone who assesses reads the council's current versions; administrators edit a draft
 * version and publish it. A published version never changes, so assessments keep the questions they used.
 */
export function frameworksService(store: Store) {
  async function draftOf(tx: Tx, versionId: string): Promise<FrameworkVersion> {
    const version = await repo.loadVersion(tx, versionId);
    if (!version) throw new NotFound('Framework version');
    if (version.status !== 'draft') throw new Conflict('This version is published and cannot be changed. Create a new version instead.');
    return version;
  }

  async function contentDraft(tx: Tx, table: ContentTable, id: string) {
    const versionId = await repo.findContentVersion(tx, table, id);
    if (!versionId) throw new NotFound();
    return draftOf(tx, versionId);
  }

  return {
    /** Every framework of the actor's council with its current (newest published) version and any draft. */
    async list(actor: Actor): Promise<FrameworkListItem[]> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const versions = await repo.listVersions(tx);
        const byFramework = new Map<string, repo.VersionSummary[]>();
        for (const v of versions) byFramework.set(v.frameworkId, [...(byFramework.get(v.frameworkId) ?? []), v]);
        return [...byFramework.entries()]
          .map(([frameworkId, list]) => ({
            frameworkId,
            current: list.find((v) => v.status === 'published'),
            draft: list.find((v) => v.status === 'draft'),
            versions: list,
          }))
          .sort((a, b) => (a.current?.name ?? a.draft?.name ?? '').localeCompare(b.current?.name ?? b.draft?.name ?? ''));
      });
    },

    /** The current version of every framework, with its content (GET /api/v1/frameworks). */
    async currentVersions(actor: Actor, councilId?: string): Promise<FrameworkVersion[]> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const ids = await repo.currentVersionIds(tx, councilId);
        const versions = await Promise.all(ids.map((id) => repo.loadVersion(tx, id)));
        return versions.filter((v): v is FrameworkVersion => v !== undefined);
      });
    },

    async version(actor: Actor, versionId: string): Promise<FrameworkVersion> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const version = await repo.loadVersion(tx, versionId);
        if (!version) throw new NotFound('Framework version');
        return version;
      });
    },

    /** The version a domain, standard or question belongs to. */
    async versionOfContent(actor: Actor, table: ContentTable, id: string): Promise<FrameworkVersion> {
      authorise(actor, 'assessments.read');
      return store.asUser(actor, async (tx) => {
        const versionId = await repo.findContentVersion(tx, table, id);
        const version = versionId ? await repo.loadVersion(tx, versionId) : undefined;
        if (!version) throw new NotFound();
        return version;
      });
    },

    async framework(actor: Actor, frameworkId: string): Promise<FrameworkListItem> {
      const item = (await this.list(actor)).find((f) => f.frameworkId === frameworkId);
      if (!item) throw new NotFound('Framework');
      return item;
    },

    async create(actor: Actor, input: unknown): Promise<{ frameworkId: string; versionId: string }> {
      authorise(actor, 'frameworks.manage');
      const values = parse(newFrameworkSchema, input);
      return store.asUser(actor, async (tx) => {
        const framework = await repo.insertFramework(tx, actor.orgId, values.scoring);
        const version = await repo.insertDraftVersion(tx, {
          frameworkId: framework.id,
          councilId: actor.orgId,
          version: 1,
          createdBy: actor.userId,
          name: values.name,
          description: values.description ?? null,
          categories: values.categories,
          requiresImprovementLabel: values.requiresImprovementLabel,
          changeNote: values.changeNote ?? null,
        });
        return { frameworkId: framework.id, versionId: version.id };
      });
    },

    /** Starts the next version as a copy of the current one, or returns the draft already in progress. */
    async startNewVersion(actor: Actor, frameworkId: string): Promise<string> {
      authorise(actor, 'frameworks.manage');
      return store.asUser(actor, async (tx) => {
        const framework = await repo.findFramework(tx, frameworkId);
        if (!framework || framework.council_id !== actor.orgId) throw new NotFound('Framework');
        const versions = await repo.listVersions(tx, frameworkId);
        const draft = versions.find((v) => v.status === 'draft');
        if (draft) return draft.id;
        const current = versions.find((v) => v.status === 'published');
        if (!current) throw new NotFound('Framework');
        const next = await repo.insertDraftVersion(tx, {
          frameworkId,
          councilId: actor.orgId,
          version: Math.max(...versions.map((v) => v.version)) + 1,
          createdBy: actor.userId,
          name: current.name,
          description: current.description,
          categories: current.categories,
          requiresImprovementLabel: (await repo.loadVersion(tx, current.id))!.requiresImprovementLabel,
          changeNote: null,
        });
        await repo.copyContent(tx, current.id, next.id, actor.orgId);
        return next.id;
      });
    },

    async updateDetails(actor: Actor, versionId: string, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(versionDetailsSchema, input);
      await store.asUser(actor, async (tx) => {
        await draftOf(tx, versionId);
        await repo.updateVersionDetails(tx, versionId, {
          name: values.name,
          description: values.description ?? null,
          categories: values.categories,
          requiresImprovementLabel: values.requiresImprovementLabel,
          changeNote: values.changeNote ?? null,
        });
      });
    },

    async publish(actor: Actor, versionId: string) {
      authorise(actor, 'frameworks.manage');
      await store.asUser(actor, async (tx) => {
        const version = await draftOf(tx, versionId);
        const problems = publicationProblems(version);
        if (problems.length) throw new Invalid(problems.map((message) => ({ path: 'version', message })));
        await repo.publishVersion(tx, versionId, actor.userId);
      });
    },

    /** Throws the draft away; a framework whose first draft is discarded goes with it. Returns the framework, if it remains. */
    async discardDraft(actor: Actor, versionId: string): Promise<string | undefined> {
      authorise(actor, 'frameworks.manage');
      return store.asUser(actor, async (tx) => {
        const version = await draftOf(tx, versionId);
        await repo.deleteDraftVersion(tx, versionId);
        if ((await repo.countVersions(tx, version.frameworkId)) > 0) return version.frameworkId;
        await repo.deleteFramework(tx, version.frameworkId);
        return undefined;
      });
    },

    async addDomain(actor: Actor, versionId: string, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(domainSchema, input);
      return store.asUser(actor, async (tx) => {
        await draftOf(tx, versionId);
        return (await repo.insertDomain(tx, versionId, actor.orgId, { name: values.name, description: values.description ?? null })).id;
      });
    },

    async updateDomain(actor: Actor, domainId: string, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(domainSchema, input);
      await store.asUser(actor, async (tx) => {
        await contentDraft(tx, 'framework_domains', domainId);
        await repo.updateDomain(tx, domainId, { name: values.name, description: values.description ?? null });
      });
    },

    async addStandard(actor: Actor, domainId: string, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(standardSchema, input);
      return store.asUser(actor, async (tx) => {
        const version = await contentDraft(tx, 'framework_domains', domainId);
        return (await repo.insertStandard(tx, { id: domainId, versionId: version.id }, actor.orgId, values.name)).id;
      });
    },

    async updateStandard(actor: Actor, standardId: string, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(standardSchema, input);
      await store.asUser(actor, async (tx) => {
        await contentDraft(tx, 'framework_standards', standardId);
        await repo.updateStandard(tx, standardId, values.name);
      });
    },

    async addQuestion(actor: Actor, standardId: string, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(questionSchema, input);
      return store.asUser(actor, async (tx) => {
        const version = await contentDraft(tx, 'framework_standards', standardId);
        const domain = version.domains.find((d) => d.standards.some((s) => s.id === standardId))!;
        const question = await repo.insertQuestion(tx, { id: standardId, domainId: domain.id, versionId: version.id }, actor.orgId, {
          text: values.text,
          guidance: values.guidance ?? null,
          weight: values.weight,
        });
        return question.id;
      });
    },

    async updateQuestion(actor: Actor, questionId: string, input: unknown) {
      authorise(actor, 'frameworks.manage');
      const values = parse(questionSchema, input);
      await store.asUser(actor, async (tx) => {
        await contentDraft(tx, 'framework_questions', questionId);
        await repo.updateQuestion(tx, questionId, { text: values.text, guidance: values.guidance ?? null, weight: values.weight });
      });
    },

    /** Removes a domain, standard or question (with everything inside it) from a draft; returns the version. */
    async remove(actor: Actor, table: ContentTable, id: string): Promise<string> {
      authorise(actor, 'frameworks.manage');
      return store.asUser(actor, async (tx) => {
        const version = await contentDraft(tx, table, id);
        await repo.deleteContent(tx, table, id);
        return version.id;
      });
    },

    async move(actor: Actor, table: ContentTable, id: string, direction: 'up' | 'down'): Promise<string> {
      authorise(actor, 'frameworks.manage');
      return store.asUser(actor, async (tx) => {
        const version = await contentDraft(tx, table, id);
        await repo.move(tx, table, PARENT[table], id, direction);
        return version.id;
      });
    },
  };
}

export type FrameworksService = ReturnType<typeof frameworksService>;
