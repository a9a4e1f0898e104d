import { dateSchema, errorResponses, json, nullable, timestampSchema, uuidSchema, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { SERVICE_CATEGORIES } from '../providers/index.ts';

/** The quarterly monitoring summary. */

const count = { type: 'integer', minimum: 0 } as const;
const counts = (names: readonly string[]): JsonSchema => ({ type: 'object', required: [...names], properties: Object.fromEntries(names.map((n) => [n, count])) });
const percentage = (description: string): JsonSchema => ({ ...nullable({ type: 'number' }), description });

const section: JsonSchema = {
  type: 'object',
  required: [
    'category',
    'label',
    'assessmentsPublished',
    'percentGoodOrBetter',
    'changeFromPreviousQuarter',
    'visits',
    'reportsCompleted',
    'reportsPublished',
    'actionPlansOpen',
    'actionPlansDrafted',
    'suspensionsStarted',
    'suspensionsLifted',
    'suspensionsInForce',
    'servicesReferredToConcerns',
    'themes',
    'commentary',
    'notCommissioned',
  ],
  properties: {
    category: { type: 'string', enum: [...SERVICE_CATEGORIES] },
    label: { type: 'string' },
    assessmentsPublished: { ...counts(['excellent', 'good', 'requiresImprovement', 'poor']), description: 'Full assessments published in the quarter, by overall band; a correction counts instead of the report it corrects' },
    percentGoodOrBetter: percentage('Excellent and good over all published, one decimal place; null with none published'),
    changeFromPreviousQuarter: percentage('Percentage points against the previous quarter, from the unrounded figures; null when either quarter has none'),
    visits: { ...counts(['full', 'dropIn', 'support', 'followUp', 'joint', 'relativesSurgery']), description: 'Visits made in the quarter (cancelled ones never took place)' },
    reportsCompleted: count,
    reportsPublished: count,
    actionPlansOpen: { ...count, description: 'At the quarter’s end' },
    actionPlansDrafted: count,
    suspensionsStarted: count,
    suspensionsLifted: count,
    suspensionsInForce: { ...count, description: 'At the quarter’s end' },
    servicesReferredToConcerns: count,
    themes: {
      type: 'array',
      description: 'The domains most often banded below Good in the quarter’s published assessments, and the most frequent intelligence themes (five of each at most), most first',
      items: { type: 'object', required: ['source', 'theme', 'label', 'count'], properties: { source: { type: 'string', enum: ['assessment', 'intelligence'] }, theme: { type: 'string' }, label: { type: 'string' }, count } },
    },
    commentary: nullable({ type: 'object', required: ['text', 'writtenBy', 'writtenAt'], properties: { text: { type: 'string' }, writtenBy: { type: 'string' }, writtenAt: timestampSchema } }),
    notCommissioned: {
      type: 'object',
      required: ['services', 'byCqcRating'],
      description:
        'The category’s services held in the register that the council does not commission (the self-funded market), by CQC overall rating at the quarter’s end (today while it runs). Every other figure, and the records behind them, count commissioned services only',
      properties: { services: count, byCqcRating: counts(['outstanding', 'good', 'requiresImprovement', 'inadequate', 'notRated']) },
    },
  },
};

export const reportsOpenApi: OpenApiFragment = {
  tags: [{ name: 'Reports', description: 'The quarterly monitoring summary, from the records' }],
  schemas: { QuarterlySection: section },
  paths: {
    [paths.reports.api]: {
      get: {
        tags: ['Reports'],
        operationId: 'quarterlyReport',
        summary: 'The quarterly monitoring summary',
        description:
          'The caller’s council’s summary of a financial quarter (Q1 is April to June; year 2017, quarter 4 is 1 January to 31 March 2018), a section per service category. Without year and quarter, the last quarter that has ended. `format=csv|xlsx|pdf` gives the committee paper (counts only) instead of JSON.',
        parameters: [
          { name: 'year', in: 'query', schema: { type: 'integer', minimum: 2000, maximum: 2100 }, description: 'The financial year by the calendar year it starts in' },
          { name: 'quarter', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 4 } },
          { name: 'category', in: 'query', schema: { type: 'string', enum: [...SERVICE_CATEGORIES] }, description: 'Only this category’s section' },
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv', 'xlsx', 'pdf'], default: 'json' } },
        ],
        responses: {
          '200': {
            description: 'The report',
            content: {
              ...json({
                type: 'object',
                required: ['council', 'year', 'quarter', 'label', 'period', 'madeOn', 'provisional', 'bandLabels', 'categories'],
                properties: {
                  council: { type: 'object', required: ['id', 'name'], properties: { id: uuidSchema, name: { type: 'string' } } },
                  year: { type: 'integer' },
                  quarter: { type: 'integer', minimum: 1, maximum: 4 },
                  label: { type: 'string', description: '"Q4 2017/18"' },
                  period: { type: 'object', required: ['from', 'to'], properties: { from: dateSchema, to: dateSchema } },
                  madeOn: dateSchema,
                  provisional: { type: 'boolean', description: 'The quarter has not ended: its figures may still change' },
                  bandLabels: { type: 'object', description: 'The council’s names for the bands (requiresImprovement may be "Adequate")', additionalProperties: { type: 'string' } },
                  categories: { type: 'array', items: { $ref: '#/components/schemas/QuarterlySection' } },
                },
              }).content,
              'text/csv': { schema: { type: 'string' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
  },
};
