import { dateSchema, errorResponses, idParameter, json, nullable, ref, timestampSchema, uuidSchema, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { CARE_HOME_TYPES } from './fee-band.rules.ts';

/** The fee-band part of the OpenAPI document (issue 18). */

const money = { type: 'number', minimum: 0, maximum: 100000, description: 'Pounds a week' };

const schemas: Record<string, JsonSchema> = {
  FeeBandScheme: {
    type: 'object',
    required: ['bands', 'gates'],
    properties: {
      year: { type: 'integer', readOnly: true, description: 'Financial year by the calendar year it starts in: 2026 is 2026/27' },
      bands: {
        type: 'array',
        minItems: 1,
        maxItems: 10,
        description: 'By rising `minPercent`, the first 0: a home gets the highest band whose `minPercent` its audit’s overall percent reached',
        items: {
          type: 'object',
          required: ['key', 'label', 'weeklyFee', 'minPercent'],
          properties: {
            key: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,20}$', examples: ['1'] },
            label: { type: 'string', maxLength: 100, examples: ['Band 1'] },
            weeklyFee: money,
            minPercent: { type: 'number', minimum: 0, maximum: 100 },
            weeklyFees: { type: 'object', description: 'The weekly fee for a type of home, where it differs from `weeklyFee`', propertyNames: { enum: [...CARE_HOME_TYPES] }, additionalProperties: money },
          },
        },
      },
      gates: {
        type: 'object',
        required: ['suspendedCapsAtLowest', 'cqcInadequateCapsAtLowest', 'noAuditKeepsLastYear'],
        properties: {
          suspendedCapsAtLowest: { type: 'boolean', description: 'A home with new placements suspended is capped at the lowest band' },
          cqcInadequateCapsAtLowest: { type: 'boolean', description: 'A home CQC rates Inadequate overall is capped at the lowest band' },
          noAuditKeepsLastYear: { type: 'boolean', description: 'A home without an audit since the start of the year before keeps last year’s approved band, flagged' },
        },
      },
    },
  },
  FeeBandItem: {
    type: 'object',
    required: ['serviceId', 'proposedBand', 'band', 'weeklyFee', 'reason', 'overridden', 'approved'],
    properties: {
      serviceId: uuidSchema,
      serviceName: { type: 'string' },
      providerName: { type: 'string' },
      cqcLocationId: nullable({ type: 'string' }),
      type: { type: 'string', enum: [...CARE_HOME_TYPES] },
      proposedBand: nullable({ type: 'string', description: 'Null where there was no audit and no band to keep' }),
      band: nullable({ type: 'string', description: 'The override, else the proposal' }),
      weeklyFee: nullable({ type: 'number' }),
      effectiveFrom: dateSchema,
      reason: { type: 'string', description: 'Why the proposal, in words' },
      overridden: { type: 'boolean' },
      overrideReason: nullable({ type: 'string' }),
      capped: { type: 'boolean', description: 'A gate held the band to the lowest' },
      flagged: { type: 'boolean', description: 'No audit this round' },
      approved: { type: 'boolean', description: 'As it stands, it is what the latest approved version says' },
      changedSinceLastYear: { type: 'boolean' },
    },
  },
  FeeBandApproval: {
    type: 'object',
    required: ['year', 'version', 'approvedAt'],
    properties: { year: { type: 'integer' }, version: { type: 'integer', minimum: 1 }, approvedBy: nullable({ type: 'string' }), approvedAt: timestampSchema },
  },
};

const yearParameter = { name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: 2000, maximum: 2100 }, description: 'Financial year by the calendar year it starts in' };
const COMMISSIONERS = 'The council’s commissioners only; anyone else gets 403.';

export const feeBandsOpenApi: OpenApiFragment = {
  tags: [{ name: 'Fee bands', description: 'Care-home fee bands set from the annual audits: schemes, the year’s schedule, overrides and approval' }],
  schemas,
  paths: {
    [paths.feeBands.api.scheme('{year}')]: {
      put: {
        tags: ['Fee bands'],
        operationId: 'putFeeBandScheme',
        summary: 'Set the year’s bands, fees and gates',
        description: COMMISSIONERS,
        parameters: [yearParameter],
        requestBody: { required: true, ...json(ref('FeeBandScheme')) },
        responses: { '200': json(ref('FeeBandScheme'), 'Saved'), ...errorResponses(400, 401, 403, 404) },
      },
      get: {
        tags: ['Fee bands'],
        operationId: 'getFeeBandScheme',
        summary: 'The year’s bands, fees and gates',
        description: 'The council’s officers, commissioners and administrators; 404 where none is set.',
        parameters: [yearParameter],
        responses: { '200': json(ref('FeeBandScheme'), 'The scheme'), ...errorResponses(401, 403, 404) },
      },
    },
    [paths.feeBands.api.approve('{year}')]: {
      post: {
        tags: ['Fee bands'],
        operationId: 'approveFeeBandSchedule',
        summary: 'Approve the year’s schedule as it stands',
        description: `${COMMISSIONERS} A new version when anything changed since the last approval, else the same version. 409 without a scheme, or while a home has no band.`,
        parameters: [yearParameter],
        responses: { '200': json(ref('FeeBandApproval'), 'Approved'), ...errorResponses(401, 403, 404, 409) },
      },
    },
    [paths.feeBands.api.list]: {
      get: {
        tags: ['Fee bands'],
        operationId: 'listFeeBands',
        summary: 'The year’s schedule: every care home’s proposed and standing band',
        description:
          'Council staff get every care home of the council, as it stands; a provider user gets its own homes in the latest approved version only. `format=csv` or `xlsx` gives the same for finance (service, provider, CQC location id, type, band, weekly fee, effective from, changed since last year, approved).',
        parameters: [
          { name: 'year', in: 'query', schema: { type: 'integer' }, description: 'Without one, this financial year' },
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv', 'xlsx'] } },
        ],
        responses: {
          '200': {
            description: 'The schedule',
            content: {
              'application/json': { schema: { type: 'object', required: ['year', 'items'], properties: { year: { type: 'integer' }, items: { type: 'array', items: ref('FeeBandItem') } } } },
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    [paths.feeBands.api.override('{id}')]: {
      post: {
        tags: ['Fee bands'],
        operationId: 'overrideFeeBand',
        summary: 'Give a care home a band for the year in place of the proposal, with the reason',
        description: `${COMMISSIONERS} A home of another council is 404; 409 while the year has no scheme.`,
        parameters: [idParameter('The care home (service)')],
        requestBody: {
          required: true,
          ...json({ type: 'object', required: ['year', 'band', 'reason'], properties: { year: { type: 'integer' }, band: { type: 'string' }, reason: { type: 'string', minLength: 1, maxLength: 2000 } } }),
        },
        responses: { '200': json(ref('FeeBandItem'), 'The home’s line of the schedule'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
  },
};
