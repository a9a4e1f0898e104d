import { errorResponses, json, nullable, ref, type JsonSchema, type OpenApiFragment } from '../../core/http/openapi.ts';
import { paths } from '../../core/http/paths.ts';

/** The care homes and performance dashboards (issue 14, seed 004), as JSON or as CSV, XLSX or PDF. */

const date = { type: 'string', format: 'date' } as const;
const count: JsonSchema = { type: 'object', required: ['key', 'label', 'count'], properties: { key: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } } };
const ratio: JsonSchema = nullable({ type: 'object', required: ['count', 'of'], properties: { count: { type: 'integer' }, of: { type: 'integer' } } });
const percent: JsonSchema = nullable({ type: 'number', description: 'One decimal place, from the unrounded figures' });

const about: Record<string, JsonSchema> = {
  council: { type: 'string' },
  madeOn: date,
  period: { type: 'object', required: ['key', 'label', 'from', 'to'], properties: { key: { type: 'string' }, label: { type: 'string' }, from: date, to: date } },
  filters: {
    type: 'object',
    properties: { category: nullable({ type: 'string' }), team: nullable({ type: 'string' }), leadOfficer: nullable({ type: 'string', format: 'uuid' }) },
  },
};

const parameters = [
  { name: 'category', in: 'query', schema: { type: 'string' }, description: 'One service category (the care homes dashboard offers the two care home categories)' },
  { name: 'team', in: 'query', schema: { type: 'string' }, description: 'Only services whose lead officer is in this team' },
  { name: 'leadOfficer', in: 'query', schema: { type: 'string', format: 'uuid' }, description: 'Only services this officer leads' },
  { name: 'period', in: 'query', schema: { type: 'string', pattern: '^[0-9]{4}(-q[1-4])?$' }, description: 'A financial year (`2026` is 2026/27) or a quarter (`2026-q3`); the current financial year by default' },
  { name: 'format', in: 'query', schema: { type: 'string', enum: ['csv', 'xlsx', 'pdf'] }, description: 'Download the dashboard instead of JSON' },
];

const downloads = {
  'text/csv': { schema: { type: 'string' } },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
  'application/pdf': { schema: { type: 'string', format: 'binary' } },
};

const withDownloads = (schema: JsonSchema, description: string) => {
  const response = json(schema, description) as { description: string; content: Record<string, unknown> };
  return { ...response, content: { ...response.content, ...downloads } };
};

export const dashboardsOpenApi: OpenApiFragment = {
  tags: [{ name: 'Dashboards', description: 'The care homes and performance dashboards, counted from the records at request time (council staff)' }],
  schemas: {
    CareHomesDashboard: {
      type: 'object',
      required: ['council', 'madeOn', 'period', 'filters', 'services', 'notCommissioned', 'byCqcRating', 'byRiskBand', 'suspended', 'inConcernsProcedure', 'underContractRemedies', 'goodOrBetterByQuarter', 'cqcChanges'],
      properties: {
        ...about,
        services: { type: 'integer', description: 'The care homes the council commissions. Every figure but `notCommissioned` counts these only' },
        notCommissioned: {
          type: 'object',
          description: 'Care homes held in the register that the council does not commission (the self-funded market), counted apart: in no other figure',
          required: ['services', 'beds', 'byCqcRating'],
          properties: {
            services: { type: 'integer' },
            beds: { type: 'integer', description: 'Their beds (a home without a bed count adds none)' },
            byCqcRating: { type: 'array', items: count, description: 'CQC overall rating today; `not_rated` for homes without one' },
          },
        },
        byCqcRating: { type: 'array', items: count, description: 'CQC overall rating today; `not_rated` for services without one' },
        byRiskBand: { type: 'array', items: count, description: 'The latest Provider Risk Rating band; `not_rated` for services never rated' },
        suspended: { type: 'object', required: ['services', 'full', 'partial', 'beds'], properties: { services: { type: 'integer' }, full: { type: 'integer' }, partial: { type: 'integer' }, beds: { type: 'integer' } } },
        inConcernsProcedure: { type: 'integer' },
        underContractRemedies: { type: 'integer' },
        goodOrBetterByQuarter: {
          type: 'array',
          items: { type: 'object', required: ['quarter', 'ours', 'oursPercent', 'cqc', 'cqcPercent'], properties: { quarter: { type: 'string' }, ours: ratio, oursPercent: percent, cqc: ratio, cqcPercent: percent } },
        },
        cqcChanges: {
          type: 'array',
          items: {
            type: 'object',
            required: ['serviceId', 'name', 'from', 'to', 'on', 'direction'],
            properties: { serviceId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, on: date, direction: { type: 'string', enum: ['better', 'worse'] } },
          },
        },
      },
    },
    PerformanceDashboard: {
      type: 'object',
      required: ['council', 'madeOn', 'period', 'filters', 'visitsTargetPerYear', 'targetPerOfficer', 'visitsMade', 'visits', 'fullAssessmentsOverdue', 'actionPlansOverdue', 'actionsOverdue', 'suspensionReviewsOverdue', 'processReviewsOverdue', 'triage'],
      properties: {
        ...about,
        visitsTargetPerYear: { type: 'integer', description: 'The council’s yearly target of visits per officer' },
        targetPerOfficer: { type: 'integer', description: 'The yearly target for the days of the period up to today' },
        visitsMade: { type: 'integer' },
        visits: {
          type: 'array',
          items: {
            type: 'object',
            required: ['officerId', 'name', 'made', 'target', 'percentOfTarget'],
            properties: { officerId: nullable({ type: 'string', format: 'uuid' }), name: { type: 'string' }, made: { type: 'integer' }, target: { type: 'integer' }, percentOfTarget: percent },
          },
        },
        fullAssessmentsOverdue: {
          type: 'array',
          items: { type: 'object', required: ['serviceId', 'name', 'dueOn', 'daysOverdue'], properties: { serviceId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, dueOn: date, daysOverdue: { type: 'integer' } } },
        },
        actionPlansOverdue: { type: 'integer' },
        actionsOverdue: { type: 'integer' },
        suspensionReviewsOverdue: { type: 'integer' },
        processReviewsOverdue: { type: 'integer' },
        triage: {
          type: 'object',
          required: ['received', 'triaged', 'waiting', 'medianDays', 'meanDays', 'longestDays', 'oldestWaitingDays', 'buckets'],
          properties: {
            received: { type: 'integer' },
            triaged: { type: 'integer' },
            waiting: { type: 'integer' },
            medianDays: nullable({ type: 'number' }),
            meanDays: nullable({ type: 'number' }),
            longestDays: nullable({ type: 'integer' }),
            oldestWaitingDays: nullable({ type: 'integer' }),
            buckets: { type: 'array', items: count },
          },
        },
      },
    },
  },
  paths: {
    [paths.dashboards.apiCareHomes]: {
      get: {
        tags: ['Dashboards'],
        operationId: 'careHomesDashboard',
        summary: 'The care homes dashboard',
        description: 'The caller’s council’s care homes: by CQC rating and risk band, under escalation, percent good or better over eight quarters, CQC rating changes in the period.',
        parameters,
        responses: { '200': withDownloads(ref('CareHomesDashboard'), 'The figures'), ...errorResponses(400, 401, 403) },
      },
    },
    [paths.dashboards.apiPerformance]: {
      get: {
        tags: ['Dashboards'],
        operationId: 'performanceDashboard',
        summary: 'The performance dashboard',
        description: 'Visits per officer against the council’s yearly target, work overdue, and days from a concern’s receipt to its triage.',
        parameters,
        responses: { '200': withDownloads(ref('PerformanceDashboard'), 'The figures'), ...errorResponses(400, 401, 403) },
      },
    },
  },
};
