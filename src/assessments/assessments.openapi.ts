import {
  errorResponses,
  json,
  ref,
  dateSchema as date,
  idParameter,
  nullable,
  uuidSchema as uuid,
  type JsonSchema,
  type OpenApiFragment,
} from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { EVIDENCE_SOURCES } from './labels.ts';
import { BANDS, PERCENTAGE_ANSWERS, RATING_ANSWERS } from './scoring.ts';

/** Assessments' part of the OpenAPI document: frameworks, assessments, answers, completion and publication. */


const result = (what: string): JsonSchema => ({
  type: 'object',
  required: ['band'],
  properties: {
    percent: {
      type: 'number',
      minimum: 0,
      maximum: 100,
      description: `Percentage frameworks only: ${what}'s points over its maximum × 100, unrounded. Absent when nothing was rated.`,
    },
    band: nullable({ ...ref('Band'), description: 'null when nothing was rated (no answers, or every answer not applicable)' }),
  },
});

const schemas: Record<string, JsonSchema> = {
  Band: { type: 'string', enum: [...BANDS], description: '`requires_improvement` is shown as “Adequate” where a framework names it so' },
  Answer: {
    type: 'string',
    enum: [...new Set([...PERCENTAGE_ANSWERS, ...RATING_ANSWERS])],
    description: 'Percentage frameworks: met, partly_met, not_met, not_applicable. Rating frameworks: excellent, good, requires_improvement, poor, not_applicable.',
  },
  EvidenceSource: { type: 'string', enum: [...EVIDENCE_SOURCES] },
  Framework: {
    type: 'object',
    description: 'A framework in its current (newest published) version. Assessments keep the version they were started with.',
    required: ['id', 'versionId', 'version', 'name', 'scoring', 'categories', 'domains'],
    properties: {
      id: uuid,
      versionId: uuid,
      version: { type: 'integer', minimum: 1 },
      name: { type: 'string' },
      description: nullable({ type: 'string' }),
      scoring: { type: 'string', enum: ['percentage', 'rating'] },
      categories: { type: 'array', items: ref('ServiceCategory'), description: 'The service categories the framework applies to' },
      publishedAt: nullable({ type: 'string', format: 'date-time' }),
      domains: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'number', 'name', 'standards', 'questions'],
          properties: {
            id: uuid,
            number: { type: 'integer' },
            name: { type: 'string' },
            description: nullable({ type: 'string' }),
            standards: { type: 'array', items: ref('NamedRef') },
            questions: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'number', 'standardId', 'text', 'weight'],
                properties: {
                  id: uuid,
                  number: { type: 'string', examples: ['2.3'] },
                  standardId: uuid,
                  text: { type: 'string' },
                  guidance: nullable({ type: 'string' }),
                  weight: { type: 'number', exclusiveMinimum: 0, default: 1 },
                },
              },
            },
          },
        },
      },
    },
  },
  AssessmentInput: {
    type: 'object',
    required: ['serviceId', 'frameworkId', 'kind'],
    properties: {
      serviceId: uuid,
      frameworkId: { ...uuid, description: 'The framework; its current version is used and kept' },
      kind: { type: 'string', enum: ['full', 'self'], description: '`full`: the council’s officers; `self`: the provider of the service' },
      visitedOn: { ...date, description: 'The day of the visit (full assessments); required before completing' },
    },
  },
  AnswersInput: {
    type: 'object',
    required: ['answers'],
    properties: {
      answers: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'object',
          required: ['questionId', 'answer'],
          properties: {
            questionId: uuid,
            answer: ref('Answer'),
            evidence: nullable({ type: 'string', maxLength: 5000, description: 'Left unchanged when absent; null clears it' }),
            evidenceSource: nullable(ref('EvidenceSource')),
            confidential: { type: 'boolean', description: 'Exempt information: never shown to the provider, placing officers, partners or the public' },
          },
        },
      },
    },
  },
  Scores: {
    type: 'object',
    required: ['overall', 'domains'],
    description:
      'Percentage: met 2, partly_met 1, not_met 0 points × weight, not_applicable left out; the overall pools every criterion; bands at 95, 78 and 65 (unrounded). Rating: see docs/scoring.md.',
    properties: {
      overall: result('the whole assessment'),
      domains: { type: 'array', items: { allOf: [result('the domain'), { type: 'object', required: ['domainId'], properties: { domainId: uuid, name: { type: 'string' } } }] } },
    },
  },
  Assessment: {
    type: 'object',
    required: ['id', 'serviceId', 'frameworkId', 'frameworkVersionId', 'kind', 'status', 'answers', 'scores'],
    properties: {
      id: uuid,
      serviceId: uuid,
      frameworkId: uuid,
      frameworkVersionId: uuid,
      frameworkVersion: { type: 'integer' },
      frameworkName: { type: 'string' },
      scoring: { type: 'string', enum: ['percentage', 'rating'] },
      kind: { type: 'string', enum: ['full', 'self'] },
      status: { type: 'string', enum: ['draft', 'completed', 'published'], description: '`completed`: shared with the provider for factual accuracy (a self-assessment: submitted)' },
      visitedOn: nullable(date),
      completedOn: nullable(date),
      reviewEndsOn: nullable({ ...date, description: 'The last day of the provider’s factual-accuracy window' }),
      publishedOn: nullable(date),
      version: { type: 'integer', description: '1, or higher for a correction' },
      supersedesId: nullable({ ...uuid, description: 'The published assessment this corrects' }),
      supersededById: nullable(uuid),
      correctionReason: nullable({ type: 'string' }),
      imported: { type: 'boolean', description: 'A past result brought in from PAMMS or the East of England workbook: its dates and bands, with no answers' },
      createdAt: { type: 'string', format: 'date-time' },
      answers: {
        type: 'array',
        items: {
          type: 'object',
          required: ['questionId'],
          properties: {
            questionId: uuid,
            answer: nullable(ref('Answer')),
            evidence: { type: 'string', description: 'Absent where there is none, or where the caller may not see it (confidential)' },
            evidenceSource: ref('EvidenceSource'),
            confidential: { type: 'boolean', description: 'Council assessors only' },
          },
        },
      },
      scores: ref('Scores'),
    },
  },
  AssessmentSummary: {
    type: 'object',
    required: ['id', 'kind', 'status', 'overall'],
    properties: {
      id: uuid,
      kind: { type: 'string', enum: ['full', 'self'] },
      status: { type: 'string', enum: ['draft', 'completed', 'published'] },
      frameworkName: { type: 'string' },
      version: { type: 'integer' },
      visitedOn: nullable(date),
      completedOn: nullable(date),
      publishedOn: nullable(date),
      imported: { type: 'boolean', description: 'Brought in from another system (no answers behind it)' },
      supersededById: nullable(uuid),
      overall: result('the whole assessment'),
    },
  },
};

const assessmentResponse = (description: string) => json(ref('Assessment'), description);

export const assessmentsOpenApi: OpenApiFragment = {
  tags: [{ name: 'Assessments', description: 'Quality frameworks and assessments against them' }],
  schemas,
  paths: {
    [paths.api.frameworks]: {
      get: {
        tags: ['Assessments'],
        operationId: 'listFrameworks',
        summary: 'The council’s frameworks, each in its current version, with domains and questions',
        responses: {
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Framework') } } }, 'Frameworks'),
          ...errorResponses(401, 403),
        },
      },
    },
    [paths.api.assessments]: {
      post: {
        tags: ['Assessments'],
        operationId: 'startAssessment',
        summary: 'Start a full assessment (council officers) or a self-assessment (the provider)',
        requestBody: { required: true, ...json(ref('AssessmentInput')) },
        responses: {
          '201': json({ type: 'object', required: ['id', 'status'], properties: { id: uuid, status: { const: 'draft' } } }, 'Started, as a draft'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    '/api/v1/assessments/{id}': {
      get: {
        tags: ['Assessments'],
        operationId: 'getAssessment',
        summary: 'An assessment with its answers and scores, as far as the caller may see it',
        parameters: [idParameter()],
        responses: { '200': assessmentResponse('The assessment'), ...errorResponses(401, 403, 404) },
      },
    },
    '/api/v1/assessments/{id}/answers': {
      put: {
        tags: ['Assessments'],
        operationId: 'saveAnswers',
        summary: 'Answer questions of a draft (or, for a full assessment, a completed one before publication); the scores follow at once',
        parameters: [idParameter()],
        requestBody: { required: true, ...json(ref('AnswersInput')) },
        responses: { '200': assessmentResponse('The assessment with its scores'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    '/api/v1/assessments/{id}/complete': {
      post: {
        tags: ['Assessments'],
        operationId: 'completeAssessment',
        summary: 'Complete it: every question answered; a full assessment is shared with the provider for its factual-accuracy window',
        parameters: [idParameter()],
        description:
          'A report written up in a past year takes the day it was completed (`completedOn`, today when left out): not in the future, not before the visit ' +
          '(nor, for a correction, before the report it corrects was published). The provider’s factual-accuracy window runs from that day. ' +
          'The audit trail records that the date was entered rather than taken from the clock.',
        requestBody: { required: false, ...json({ type: 'object', properties: { visitedOn: date, completedOn: date } }) },
        responses: { '200': assessmentResponse('The completed assessment'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    '/api/v1/assessments/{id}/publish': {
      post: {
        tags: ['Assessments'],
        operationId: 'publishAssessment',
        summary: 'Publish a completed full assessment (commissioners and administrators); it is then locked',
        parameters: [idParameter()],
        description:
          'A report published in a past year takes the day it was published (`publishedOn`, today when left out): not in the future, not before ' +
          'the visit and not before it was completed. The audit trail records that the date was entered rather than taken from the clock.',
        requestBody: { required: false, ...json({ type: 'object', properties: { publishedOn: date } }) },
        responses: { '200': assessmentResponse('The published assessment'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    '/api/v1/services/{id}/assessments': {
      get: {
        tags: ['Assessments'],
        operationId: 'listServiceAssessments',
        summary: 'The assessments of a service the caller may see, newest first',
        parameters: [idParameter()],
        responses: {
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('AssessmentSummary') } } }, 'Assessments'),
          ...errorResponses(401, 403),
        },
      },
    },
  },
};
