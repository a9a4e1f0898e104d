import { dateSchema, errorResponses, idParameter, json, nullable, ref, timestampSchema, uuidSchema, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { RETURN_STATUSES } from './return.rules.ts';
import { QUESTION_TYPES } from './template.ts';
import { settingsPaths, settingsSchemas } from './settings.openapi.ts';

/** The quarterly returns part of the OpenAPI document (issue 17). */

const answerValue = { anyOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'string' }] };
const flag: JsonSchema = {
  type: 'object',
  required: ['key', 'value', 'threshold', 'message'],
  properties: { key: { type: 'string' }, value: answerValue, threshold: { anyOf: [{ type: 'number' }, { type: 'boolean' }] }, message: { type: 'string' } },
};

const schemas: Record<string, JsonSchema> = {
  ReturnTemplate: {
    type: 'object',
    required: ['id', 'key', 'version', 'name', 'categories', 'appliesFrom', 'sections'],
    properties: {
      id: uuidSchema,
      key: { type: 'string', examples: ['care_homes', 'community'] },
      version: { type: 'integer', minimum: 1 },
      name: { type: 'string' },
      categories: { type: 'array', items: { type: 'string' }, description: 'The service categories it applies to' },
      appliesFrom: { type: 'object', required: ['year', 'quarter'], properties: { year: { type: 'integer' }, quarter: { type: 'integer' } } },
      sections: {
        type: 'array',
        items: {
          type: 'object',
          required: ['title', 'questions'],
          properties: {
            title: { type: 'string' },
            questions: {
              type: 'array',
              items: {
                type: 'object',
                required: ['key', 'label', 'type', 'required'],
                properties: {
                  key: { type: 'string', description: 'Stable: the key of the answer (docs/returns.md lists the defaults’)' },
                  label: { type: 'string' },
                  hint: { type: 'string' },
                  type: { type: 'string', enum: [...QUESTION_TYPES] },
                  min: { type: 'number' },
                  max: { type: 'number', description: 'For text, the most characters' },
                  options: { type: 'array', items: { type: 'string' }, description: 'For `choice`' },
                  required: { type: 'boolean' },
                  flag: { type: 'object', description: 'The council’s threshold: `above`, `below` or `equals`, and the flag’s message' },
                },
              },
            },
          },
        },
      },
    },
  },
  NewReturn: {
    type: 'object',
    required: ['year', 'quarter', 'answers'],
    properties: {
      year: { type: 'integer', description: 'Financial year by the calendar year it starts in: 2026 is 2026/27' },
      quarter: { type: 'integer', minimum: 1, maximum: 4, description: 'Q1 April to June … Q4 January to March; the quarter must have ended' },
      answers: {
        type: 'object',
        additionalProperties: answerValue,
        description: 'By question key: whole numbers, percentages and money as JSON numbers, yes/no as booleans, dates as yyyy-mm-dd, choices and text as strings',
      },
    },
  },
  ReturnFlag: flag,
  Return: {
    type: 'object',
    required: ['id', 'serviceId', 'year', 'quarter', 'version', 'status', 'answers', 'flags', 'dueOn'],
    properties: {
      id: uuidSchema,
      serviceId: uuidSchema,
      year: { type: 'integer' },
      quarter: { type: 'integer' },
      version: { type: 'integer', description: 'Each resubmission after a query is a new version; every version is kept' },
      status: { type: 'string', enum: [...RETURN_STATUSES] },
      answers: { type: 'object', additionalProperties: answerValue },
      flags: { type: 'array', items: ref('ReturnFlag') },
      templateId: uuidSchema,
      dueOn: dateSchema,
      submittedAt: nullable(timestampSchema),
      submittedBy: nullable({ type: 'string' }),
      query: nullable({ type: 'object', properties: { message: { type: 'string' }, by: nullable({ type: 'string' }), at: timestampSchema } }),
      acceptedAt: nullable(timestampSchema),
    },
  },
  ReturnsPeriodItem: {
    type: 'object',
    required: ['serviceId', 'status', 'dueOn', 'flags'],
    properties: {
      serviceId: uuidSchema,
      serviceName: { type: 'string' },
      providerName: { type: 'string' },
      category: { type: 'string' },
      status: { type: 'string', enum: ['missing', 'late', 'submitted', 'queried', 'accepted'], description: '`missing`: none received yet, before the deadline; `late`: none received by the deadline' },
      dueOn: dateSchema,
      returnId: nullable(uuidSchema),
      version: nullable({ type: 'integer' }),
      submittedAt: nullable(timestampSchema),
      flags: { type: 'array', items: ref('ReturnFlag') },
    },
  },
};

const PROVIDER_ONLY = 'Only a provider user of the organisation that runs the service; anyone else gets 403 or 404.';
const READERS = 'The council’s officers, commissioners and administrators, and the provider of the service; others get 403 or 404.';
const REVIEWERS = 'Only the owning council’s officers and commissioners; the return must be `submitted` (409 otherwise).';
const items = (schema: JsonSchema, description: string) => json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } }, description);

export const returnsOpenApi: OpenApiFragment = {
  tags: [{ name: 'Returns', description: 'Quarterly provider returns: templates, submissions, queries and the council’s overview' }],
  schemas: { ...schemas, ...settingsSchemas },
  paths: {
    ...settingsPaths,
    [paths.api.returnTemplates]: {
      ...settingsPaths[paths.api.returnTemplates],
      get: {
        tags: ['Returns'],
        operationId: 'listReturnTemplates',
        summary: 'The return templates the caller answers or reads, every version',
        responses: { '200': items(ref('ReturnTemplate'), 'The templates'), ...errorResponses(401, 403) },
      },
    },
    [paths.api.serviceReturns('{id}')]: {
      post: {
        tags: ['Returns'],
        operationId: 'submitReturn',
        summary: 'Submit a service’s return for a quarter',
        description: `${PROVIDER_ONLY} After a query, submitting again makes a new version; while one waits for the council, or once accepted, it is 409. A value of the wrong type or out of bounds is a 400 whose errors[].path is \`answers.KEY\`.`,
        parameters: [idParameter('The service')],
        requestBody: { required: true, ...json(ref('NewReturn')) },
        responses: { '201': json(ref('Return'), 'Submitted, with its flags'), ...errorResponses(400, 401, 403, 404, 409) },
      },
      get: {
        tags: ['Returns'],
        operationId: 'listServiceReturns',
        summary: 'Every version of a service’s returns, newest first',
        description: READERS,
        parameters: [idParameter('The service')],
        responses: { '200': items(ref('Return'), 'The returns'), ...errorResponses(401, 403, 404) },
      },
    },
    [paths.api.return('{id}')]: {
      get: {
        tags: ['Returns'],
        operationId: 'getReturn',
        summary: 'One version of a return',
        description: READERS,
        parameters: [idParameter('The return')],
        responses: { '200': json(ref('Return'), 'The return'), ...errorResponses(401, 403, 404) },
      },
    },
    [paths.api.returnQuery('{id}')]: {
      post: {
        tags: ['Returns'],
        operationId: 'queryReturn',
        summary: 'Ask the provider a question about a return; it answers with a new version',
        description: REVIEWERS,
        parameters: [idParameter('The return')],
        requestBody: { required: true, ...json({ type: 'object', required: ['message'], properties: { message: { type: 'string', minLength: 1, maxLength: 2000 } } }) },
        responses: { '200': json(ref('Return'), 'Queried'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    [paths.api.returnAccept('{id}')]: {
      post: {
        tags: ['Returns'],
        operationId: 'acceptReturn',
        summary: 'Accept a return',
        description: REVIEWERS,
        parameters: [idParameter('The return')],
        responses: { '200': json(ref('Return'), 'Accepted'), ...errorResponses(401, 403, 404, 409) },
      },
    },
    [paths.api.returns]: {
      get: {
        tags: ['Returns'],
        operationId: 'listReturnsForPeriod',
        summary: 'The council’s services that owe a return for a period (by the quarter ending it), and where each stands',
        description:
          'The council’s officers, commissioners and administrators only. Without `year` and `quarter`, the quarter ending the council’s period most recently ended (its `period` setting: quarterly, half-yearly on Q2 and Q4, annual on Q4). A quarter that ends none of its periods answers an empty list; services the council does not commission are never listed.',
        parameters: [
          { name: 'year', in: 'query', schema: { type: 'integer' } },
          { name: 'quarter', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 4 } },
        ],
        responses: {
          '200': json(
            { type: 'object', required: ['year', 'quarter', 'items'], properties: { year: { type: 'integer' }, quarter: { type: 'integer' }, items: { type: 'array', items: ref('ReturnsPeriodItem') } } },
            'One item per service',
          ),
          ...errorResponses(400, 401, 403),
        },
      },
    },
  },
};
