import { errorResponses, idParameter, json, ref, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { AREA_LABELS, RISK_AREA_KEYS, RISK_BAND_KEYS } from './matrix.ts';

/** The risk capability's part of the OpenAPI document: ratings and the council's risk matrix. */

const uuid = { type: 'string', format: 'uuid' } as const;
const date = { type: 'string', format: 'date' } as const;
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const nullableInt = nullable({ type: 'integer' });

const score = { type: 'integer', minimum: 1, maximum: 5 } as const;
const scores: JsonSchema = {
  type: 'object',
  description: 'A score from 1 to 5 for every risk area of the matrix',
  additionalProperties: false,
  required: [...RISK_AREA_KEYS],
  properties: Object.fromEntries(RISK_AREA_KEYS.map((k) => [k, { ...score, description: AREA_LABELS[k] }])),
};

const dueDate = nullable({
  type: 'object',
  required: ['dueOn', 'status'],
  properties: { dueOn: date, status: { enum: ['overdue', 'due_soon', 'scheduled'] } },
});

const schemas: Record<string, JsonSchema> = {
  RiskRegime: {
    type: 'object',
    description: 'What a band asks of the council; a value is null where the band sets none. concernsStage 4 means "stage 4 or 5".',
    required: ['fullAssessmentEveryMonths', 'monitoringMeetingsPerYear', 'contactEveryDays', 'concernsStage'],
    properties: {
      fullAssessmentEveryMonths: { ...nullableInt, description: 'null for high and very high: the full assessment happens inside the concerns procedure' },
      monitoringMeetingsPerYear: nullableInt,
      contactEveryDays: { ...nullableInt, description: 'null: open lines of communication' },
      concernsStage: nullableInt,
    },
  },
  RiskBandRef: {
    type: 'object',
    required: ['key', 'label'],
    properties: { key: { enum: [...RISK_BAND_KEYS] }, label: { type: 'string' } },
  },
  RiskRatingInput: {
    type: 'object',
    required: ['scores', 'rationale'],
    properties: {
      scores,
      rationale: { type: 'string', minLength: 1, maxLength: 5000, description: 'Why these scores: required' },
      areaRationales: {
        type: 'object',
        description: 'Optional reasons for individual scores, by risk area key',
        additionalProperties: false,
        properties: Object.fromEntries(RISK_AREA_KEYS.map((k) => [k, { type: 'string', maxLength: 2000 }])),
      },
    },
  },
  RiskRating: {
    type: 'object',
    required: ['id', 'serviceId', 'prr', 'band', 'regime', 'ratedOn', 'ratedBy', 'scores', 'rationale'],
    properties: {
      id: uuid,
      serviceId: uuid,
      prr: { type: 'number', description: 'Provider Risk Rating: the sum of score × weight over the risk areas' },
      band: ref('RiskBandRef'),
      regime: ref('RiskRegime'),
      ratedOn: date,
      ratedBy: ref('NamedRef'),
      scores,
      rationale: { type: 'string' },
      areaRationales: { type: 'object', additionalProperties: { type: 'string' } },
      matrixVersion: { type: 'integer', description: 'The council’s matrix version used; 0 is the built-in default' },
      approval: nullable({
        type: 'object',
        description: 'A commissioner’s approval of the rating, where given',
        required: ['approvedBy', 'approvedOn'],
        properties: { approvedBy: ref('NamedRef'), approvedOn: date, note: nullable({ type: 'string' }) },
      }),
    },
  },
  ServiceRisk: {
    type: 'object',
    description: 'The latest rating’s fields (all null when the service has never been rated) and every rating, newest first.',
    required: ['serviceId', 'prr', 'band', 'regime', 'ratedOn', 'ratedBy', 'history'],
    properties: {
      serviceId: uuid,
      prr: nullable({ type: 'number' }),
      band: nullable(ref('RiskBandRef')),
      regime: nullable(ref('RiskRegime')),
      ratedOn: nullable(date),
      ratedBy: nullable(ref('NamedRef')),
      needsRerating: { type: 'boolean', description: 'For officers, commissioners and administrators: the record now proposes a different score for some area' },
      reratingReasons: {
        type: 'array',
        items: { type: 'object', properties: { area: { enum: [...RISK_AREA_KEYS] }, was: nullableInt, now: score, explanation: { type: 'string' } } },
      },
      due: nullable({
        type: 'object',
        properties: { fullAssessment: dueDate, selfAssessment: dueDate, monitoringMeeting: dueDate, contact: dueDate },
      }),
      history: { type: 'array', items: ref('RiskRating') },
    },
  },
  RiskMatrix: {
    type: 'object',
    required: ['areas', 'bands'],
    properties: {
      version: { type: 'integer', description: '0: the built-in default matrix' },
      isDefault: { type: 'boolean' },
      prrRange: { type: 'object', properties: { min: { type: 'number' }, max: { type: 'number' } } },
      areas: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'label', 'weight', 'indicators'],
          properties: {
            key: { enum: [...RISK_AREA_KEYS] },
            label: { type: 'string' },
            weight: { type: 'number' },
            indicators: { type: 'array', minItems: 5, maxItems: 5, items: { type: 'string' }, description: 'Descriptions of scores 1 to 5' },
          },
        },
      },
      complexityRows: {
        type: 'array',
        description: 'Complexity is scored on the row whose categories include the service’s category',
        items: {
          type: 'object',
          properties: {
            key: { type: 'string' },
            label: { type: 'string' },
            categories: { type: 'array', items: ref('ServiceCategory') },
            indicators: { type: 'array', minItems: 5, maxItems: 5, items: { type: 'string' } },
          },
        },
      },
      bands: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'label', 'fromPrr', 'regime'],
          properties: {
            key: { enum: [...RISK_BAND_KEYS] },
            label: { type: 'string' },
            fromPrr: { ...nullable({ type: 'number' }), description: 'The lowest PRR in the band; null for the first band' },
            lowestPrr: nullable({ type: 'number' }),
            highestPrr: nullable({ type: 'number' }),
            range: { type: 'string', examples: ['22.5 – 33'] },
            regime: ref('RiskRegime'),
          },
        },
      },
      selfAssessmentMonthsBefore: { type: 'integer' },
    },
  },
};

export const riskOpenApi: OpenApiFragment = {
  tags: [{ name: 'Risk', description: 'Provider Risk Ratings and the council’s risk matrix' }],
  paths: {
    [paths.api.serviceRisk('{id}')]: {
      get: {
        tags: ['Risk'],
        operationId: 'getServiceRisk',
        summary: 'A service’s latest risk rating and its history, newest first',
        description: 'Council staff of the owning council. Providers and partners are refused.',
        parameters: [idParameter('The service')],
        responses: { '200': json(ref('ServiceRisk')), ...errorResponses(401, 403, 404) },
      },
      put: {
        tags: ['Risk'],
        operationId: 'rateService',
        summary: 'Confirm a risk rating for a service',
        description:
          'Quality officers and commissioners. Every risk area needs a whole-number score from 1 to 5, and the rating a rationale. The PRR, band and regime are worked out with the council’s current matrix; each call adds a rating to the history.',
        parameters: [idParameter('The service')],
        requestBody: { required: true, ...json(ref('RiskRatingInput')) },
        responses: { '200': json(ref('RiskRating'), 'The rating as confirmed'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    [paths.api.serviceRiskApproval('{id}')]: {
      post: {
        tags: ['Risk'],
        operationId: 'approveServiceRisk',
        summary: 'Approve the latest risk rating of a service',
        description: 'Commissioners only, and never a rating they confirmed themselves. 409 when there is no rating or it is already approved.',
        parameters: [idParameter('The service')],
        requestBody: { required: false, ...json({ type: 'object', properties: { note: { type: 'string', maxLength: 2000 } } }) },
        responses: { '200': json(ref('RiskRating'), 'The rating with its approval'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    [paths.api.riskMatrix]: {
      get: {
        tags: ['Risk'],
        operationId: 'getRiskMatrix',
        summary: 'The council’s risk matrix: areas, weights, indicators, complexity rows, bands and their regimes',
        responses: { '200': json(ref('RiskMatrix')), ...errorResponses(401, 403) },
      },
    },
  },
  schemas,
};
