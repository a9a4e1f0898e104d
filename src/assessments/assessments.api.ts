import type { FastifyInstance } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import type { Assessment, AssessmentListItem } from './assessment.model.ts';
import { answersSchema, completeSchema, publishSchema, startSchema } from './assessments.schemas.ts';
import type { AssessmentsService } from './assessments.service.ts';
import type { FrameworkVersion } from './frameworks.ts';
import type { FrameworksService } from './frameworks.service.ts';

/** The JSON API for frameworks and assessments (shared/API.md). */
export function assessmentsApi(app: FastifyInstance, assessments: AssessmentsService, frameworks: FrameworksService) {
  const route = router(app);

  route.get(paths.api.frameworks, { access: 'assessments.read' }, async ({ actor }) => {
    const versions = await frameworks.currentVersions(actor);
    return { items: versions.map(frameworkToApi) };
  });

  route.post(paths.api.assessments, { access: ['assessments.conduct', 'assessments.self'], body: startSchema }, async ({ actor, body, reply }) => {
    const created = await assessments.start(actor, body);
    return reply.code(201).header('location', paths.api.assessment(created.id)).send(created);
  });

  route.get(paths.api.assessment(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids }) => assessmentToApi(await assessments.get(actor, ids.id), actor));

  route.put(paths.api.assessmentAnswers(':id'), { access: 'assessments.read', ids: ['id'], body: answersSchema }, async ({ actor, ids, body }) =>
    assessmentToApi(await assessments.saveAnswers(actor, ids.id, body), actor),
  );

  route.post(paths.api.assessmentComplete(':id'), { access: 'assessments.read', ids: ['id'], body: completeSchema }, async ({ actor, ids, body }) =>
    assessmentToApi(await assessments.complete(actor, ids.id, body), actor),
  );

  route.post(paths.api.assessmentPublish(':id'), { access: 'assessments.publish', ids: ['id'], body: publishSchema }, async ({ actor, ids, body }) =>
    assessmentToApi(await assessments.publish(actor, ids.id, body), actor),
  );

  // A service of another council is not found, as on every other route of a service.
  route.get(paths.api.serviceAssessments(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids }) => {
    const items = await assessments.listForService(actor, ids.id);
    return { items: items.map(listItemToApi) };
  });
}

function frameworkToApi(version: FrameworkVersion) {
  return {
    id: version.frameworkId,
    versionId: version.id,
    version: version.version,
    name: version.name,
    description: version.description,
    scoring: version.scoring,
    categories: version.categories,
    publishedAt: version.publishedAt?.toISOString() ?? null,
    domains: version.domains.map((d) => ({
      id: d.id,
      number: d.number,
      name: d.name,
      description: d.description,
      standards: d.standards.map((s) => ({ id: s.id, name: s.name })),
      questions: d.questions.map((q) => ({
        id: q.id,
        number: q.number,
        standardId: q.standardId,
        text: q.text,
        guidance: q.guidance,
        weight: q.weight,
      })),
    })),
  };
}

/** The scores exactly as API.md names them: `percent` only where there is one, `band` null when nothing was rated. */
function scoresToApi(assessment: Pick<Assessment, 'scores' | 'framework'>) {
  const names = new Map(assessment.framework.domains.map((d) => [d.id, d.name]));
  return {
    overall: { ...(assessment.scores.overall.percent === undefined ? {} : { percent: assessment.scores.overall.percent }), band: assessment.scores.overall.band },
    domains: assessment.scores.domains.map((d) => ({
      domainId: d.domainId,
      name: names.get(d.domainId) ?? null,
      ...(d.percent === undefined ? {} : { percent: d.percent }),
      band: d.band,
    })),
  };
}

function assessmentToApi(a: Assessment, actor: Actor) {
  const assessor = can(actor, 'assessments.conduct');
  return {
    id: a.id,
    serviceId: a.serviceId,
    frameworkId: a.framework.frameworkId,
    frameworkVersionId: a.framework.id,
    frameworkVersion: a.framework.version,
    frameworkName: a.framework.name,
    scoring: a.framework.scoring,
    kind: a.kind,
    status: a.status,
    visitedOn: a.visitedOn,
    completedOn: a.completedOn,
    reviewEndsOn: a.reviewEndsOn,
    publishedOn: a.publishedOn,
    version: a.version,
    supersedesId: a.supersedesId,
    supersededById: a.supersededById,
    correctionReason: a.correctionReason,
    imported: a.imported,
    createdAt: a.createdAt.toISOString(),
    answers: [...a.answers].map(([questionId, r]) => ({
      questionId,
      answer: r.answer ?? null,
      ...(r.evidence === null ? {} : { evidence: r.evidence }),
      ...(r.evidenceSource === null ? {} : { evidenceSource: r.evidenceSource }),
      // Only the council's assessors see confidential evidence, so only they are told what is confidential.
      ...(assessor ? { confidential: r.confidential } : {}),
    })),
    scores: scoresToApi(a),
  };
}

function listItemToApi(item: AssessmentListItem) {
  return {
    id: item.id,
    kind: item.kind,
    status: item.status,
    frameworkName: item.frameworkName,
    version: item.version,
    visitedOn: item.visitedOn,
    completedOn: item.completedOn,
    publishedOn: item.publishedOn,
    supersededById: item.supersededById,
    imported: item.imported,
    overall: { ...(item.percent === undefined ? {} : { percent: item.percent }), band: item.band },
  };
}
