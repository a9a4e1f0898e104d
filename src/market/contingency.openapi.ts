import { dateSchema, errorResponses, idParameter, json, nullable, ref, timestampSchema, uuidSchema, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { CONTINGENCY_STATUSES, MARKET_EVENT_KINDS } from './contingency.rules.ts';

/** The provider failure contingency part of the OpenAPI document (issue 18). */

const totals: JsonSchema = { type: 'object', properties: { services: { type: 'integer' }, peopleFunded: { type: 'integer' }, beds: { type: 'integer' }, hoursPerWeek: { type: 'integer' } } };

const schemas: Record<string, JsonSchema> = {
  NewMarketEvent: {
    type: 'object',
    required: ['kind', 'occurredOn', 'source', 'summary'],
    properties: {
      kind: { type: 'string', enum: [...MARKET_EVENT_KINDS] },
      occurredOn: { ...dateSchema, description: 'Today or earlier' },
      source: { type: 'string', maxLength: 200, description: 'Where the council heard of it (Companies House, the provider, a credit report…)' },
      summary: { type: 'string', maxLength: 2000 },
      intelligenceId: { ...uuidSchema, description: 'The intelligence entry it is raised from, if any' },
    },
  },
  MarketEvent: {
    type: 'object',
    required: ['id', 'providerId', 'kind', 'occurredOn', 'source', 'summary', 'contingencyPlanId'],
    properties: {
      id: uuidSchema,
      providerId: uuidSchema,
      kind: { type: 'string', enum: [...MARKET_EVENT_KINDS] },
      occurredOn: dateSchema,
      source: { type: 'string' },
      summary: { type: 'string' },
      intelligenceId: nullable(uuidSchema),
      contingencyPlanId: { ...uuidSchema, description: 'The contingency plan the event opened' },
      createdAt: timestampSchema,
    },
  },
  ContingencyPlanSummary: {
    type: 'object',
    required: ['id', 'status', 'provider', 'marketEvent'],
    properties: { id: uuidSchema, status: { type: 'string', enum: [...CONTINGENCY_STATUSES] }, provider: { type: 'object' }, marketEvent: { type: 'object' }, services: { type: 'integer' }, openActions: { type: 'integer' } },
  },
  ContingencyPlan: {
    type: 'object',
    required: ['id', 'status', 'services', 'actions'],
    properties: {
      id: uuidSchema,
      status: { type: 'string', enum: [...CONTINGENCY_STATUSES] },
      provider: { type: 'object', properties: { id: uuidSchema, name: { type: 'string' } } },
      marketEvent: { type: 'object' },
      visitEveryDays: nullable({ type: 'integer', enum: [7, 14, 28] }),
      services: {
        type: 'array',
        description: 'The services at stake: the council’s, and those of councils that share their live status with it. Figures only, never names of people.',
        items: {
          type: 'object',
          required: ['serviceId', 'council', 'peopleFunded', 'bedsOrHours'],
          properties: {
            serviceId: uuidSchema,
            serviceName: { type: 'string' },
            council: { type: 'object', properties: { id: uuidSchema, name: { type: 'string' } } },
            notCommissioned: { type: 'boolean', description: 'Held in the register but not commissioned (the self-funded market): counted apart' },
            peopleFunded: { type: 'integer' },
            bedsOrHours: nullable({ type: 'integer' }),
            unit: nullable({ type: 'string', enum: ['beds', 'hours_per_week'] }),
          },
        },
      },
      totals: { type: 'object', properties: { commissioned: totals, notCommissioned: totals, neighbours: totals } },
      capacityElsewhere: { type: 'array', items: { type: 'object', description: 'Care homes of the same kinds: registered beds, beds occupied at their latest return, vacancies' } },
      assurance: { type: 'array', items: { type: 'object', description: 'Daily assurance statements asked and received per service' } },
      actions: { type: 'array', items: ref('ContingencyAction') },
      createdAt: timestampSchema,
      updatedAt: timestampSchema,
    },
  },
  NewContingencyAction: {
    type: 'object',
    required: ['description', 'ownerName', 'dueOn'],
    properties: { description: { type: 'string', maxLength: 500 }, ownerName: { type: 'string', maxLength: 200 }, dueOn: dateSchema },
  },
  ContingencyAction: {
    type: 'object',
    required: ['id', 'description', 'owner', 'dueOn', 'doneOn'],
    properties: { id: uuidSchema, description: { type: 'string' }, owner: { type: 'string' }, dueOn: dateSchema, doneOn: nullable(dateSchema) },
  },
  AssuranceStatement: {
    type: 'object',
    required: ['statementOn', 'careDelivered', 'staffingSafe', 'missedCalls'],
    properties: { statementOn: dateSchema, careDelivered: { type: 'boolean' }, staffingSafe: { type: 'boolean' }, missedCalls: { type: 'integer', minimum: 0 }, concerns: { type: 'string', maxLength: 2000 } },
  },
};

const COUNCIL = 'The council’s officers, commissioners and administrators read; officers and commissioners write. Another council’s plan is 404.';
const items = (schema: JsonSchema, description: string) => json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } }, description);
const op = (operationId: string, summary: string, rest: Record<string, unknown>) => ({ tags: ['Market'], operationId, summary, description: COUNCIL, ...rest });

export const contingencyOpenApi: OpenApiFragment = {
  tags: [{ name: 'Market', description: 'Market events, provider failure contingency plans and daily assurance statements' }],
  schemas,
  paths: {
    [paths.api.providerMarketEvents('{id}')]: {
      post: op('recordMarketEvent', 'Record a market event on a provider or parent group; opens its contingency plan and alerts sharing partners', {
        parameters: [idParameter('The provider or group')],
        requestBody: { required: true, ...json(ref('NewMarketEvent')) },
        responses: { '201': json(ref('MarketEvent'), 'Recorded, with the plan it opened'), ...errorResponses(400, 401, 403, 404) },
      }),
    },
    [paths.api.marketEvents]: { get: op('listMarketEvents', 'The council’s market events, newest first', { responses: { '200': items(ref('MarketEvent'), 'The events'), ...errorResponses(401, 403) } }) },
    [paths.api.contingencyPlans]: {
      get: op('listContingencyPlans', 'The council’s contingency plans', {
        parameters: [{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: [...CONTINGENCY_STATUSES] } }],
        responses: { '200': items(ref('ContingencyPlanSummary'), 'The plans'), ...errorResponses(400, 401, 403) },
      }),
    },
    [paths.api.contingencyPlan('{id}')]: {
      get: op('getContingencyPlan', 'A contingency plan: services at stake, capacity elsewhere, assurance, actions and status', {
        parameters: [idParameter('The plan')],
        responses: { '200': json(ref('ContingencyPlan'), 'The plan'), ...errorResponses(401, 403, 404) },
      }),
    },
    [paths.api.contingencyPlanActions('{id}')]: {
      post: op('addContingencyAction', 'Add an action with its owner and due date', {
        parameters: [idParameter('The plan')],
        requestBody: { required: true, ...json(ref('NewContingencyAction')) },
        responses: { '201': json(ref('ContingencyAction'), 'The action'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [paths.api.contingencyPlanStatus('{id}')]: {
      post: op('setContingencyPlanStatus', 'Move the plan to open, monitoring or closed (a closed plan stays closed)', {
        parameters: [idParameter('The plan')],
        requestBody: { required: true, ...json({ type: 'object', required: ['status'], properties: { status: { type: 'string', enum: [...CONTINGENCY_STATUSES] } } }) },
        responses: { '200': json(ref('ContingencyPlan'), 'The plan'), ...errorResponses(400, 401, 403, 404) },
      }),
    },
    [paths.api.assuranceRequests]: {
      get: {
        tags: ['Market'],
        operationId: 'listAssuranceRequests',
        summary: 'The daily assurance statements asked of the caller’s services, each day up to today sent, due or overdue',
        description: 'Provider users only: their own services, never the plan behind the request.',
        responses: { '200': items({ type: 'object' }, 'The requests'), ...errorResponses(401, 403) },
      },
    },
    [paths.api.assuranceStatements('{id}')]: {
      post: {
        tags: ['Market'],
        operationId: 'submitAssuranceStatement',
        summary: 'Send one day’s assurance statement',
        description: 'Provider users of the service only; a day outside the request or still to come is 400, a day already sent 409.',
        parameters: [idParameter('The assurance request')],
        requestBody: { required: true, ...json(ref('AssuranceStatement')) },
        responses: { '201': json({ type: 'object' }, 'Sent'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
  },
};
