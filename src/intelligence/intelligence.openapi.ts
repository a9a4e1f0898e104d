import { errorResponses, idParameter, json, ref, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { HANDLING_STATUSES, SOURCES, SUBSTANTIATED, THEMES } from './intelligence.rules.ts';

/** The intelligence part of the OpenAPI document: entries about a service and the service timeline. */

const uuid = { type: 'string', format: 'uuid' } as const;
const date = { type: 'string', format: 'date' } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const severity = { type: 'string', enum: ['red', 'amber', 'green'] } as const;
const section42 = { type: 'string', enum: ['open', 'concluded'] } as const;

const schemas: Record<string, JsonSchema> = {
  IntelligenceSource: { type: 'string', enum: Object.keys(SOURCES), description: 'Where it came from' },
  IntelligenceTheme: { type: 'string', enum: Object.keys(THEMES) },
  NewIntelligence: {
    type: 'object',
    required: ['receivedOn', 'source', 'summary'],
    properties: {
      receivedOn: { ...date, description: 'Today or earlier' },
      source: ref('IntelligenceSource'),
      summary: { type: 'string', minLength: 1, maxLength: 300, description: 'One line; no personal details' },
      detail: { type: 'string', maxLength: 10000, description: 'May hold personal details; only the council’s officers, commissioners and administrators can read it' },
      themes: { type: 'array', items: ref('IntelligenceTheme'), uniqueItems: true },
      severity: { ...severity, description: 'RAG rating; required when the source is `complaint`' },
      substantiated: { anyOf: [{ type: 'string', enum: Object.keys(SUBSTANTIATED) }, { type: 'boolean' }], default: 'unknown', description: '`true` and `false` mean `yes` and `no`' },
      safeguarding: { type: 'boolean', description: 'A safeguarding alert. Always true for the `safeguarding` source or a Section 42 enquiry' },
      section42: { type: 'string', enum: ['none', 'open', 'concluded'], description: 'A Section 42 enquiry and its status' },
      status: { type: 'string', enum: Object.keys(HANDLING_STATUSES), default: 'open' },
    },
  },
  Intelligence: {
    type: 'object',
    required: ['id', 'serviceId', 'receivedOn', 'source', 'summary', 'themes', 'substantiated', 'safeguarding', 'status', 'createdBy', 'createdAt', 'updatedAt'],
    properties: {
      id: uuid,
      serviceId: uuid,
      receivedOn: date,
      source: ref('IntelligenceSource'),
      summary: { type: 'string' },
      detail: nullable({ type: 'string' }),
      themes: { type: 'array', items: ref('IntelligenceTheme') },
      severity: nullable(severity),
      substantiated: { type: 'string', enum: Object.keys(SUBSTANTIATED) },
      safeguarding: { type: 'boolean' },
      section42: nullable(section42),
      status: { type: 'string', enum: Object.keys(HANDLING_STATUSES) },
      concernReportId: nullable({ ...uuid, description: 'The public concern report it was made from' }),
      createdBy: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: nullable({ type: 'string' }) } },
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  },
  TimelineEvent: {
    type: 'object',
    required: ['occurredOn', 'kind', 'summary', 'recordId'],
    properties: {
      occurredOn: date,
      kind: { type: 'string', description: 'Which capability: `intelligence`, `cqc`, `assessment`, `visit`, `risk`…', examples: ['intelligence'] },
      source: { type: 'string', description: 'For intelligence, its source' },
      summary: { type: 'string' },
      href: { type: 'string', description: 'The page about the record' },
      recordId: { type: 'string' },
    },
  },
};

const ONLY_COUNCIL_STAFF = 'Only the owning council’s officers, commissioners and administrators; placing officers, other councils, providers and partners get 403 or 404.';

export const intelligenceOpenApi: OpenApiFragment = {
  tags: [{ name: 'Intelligence', description: 'Dated information about a service from any source, and the service timeline' }],
  schemas,
  paths: {
    [paths.api.serviceIntelligence('{id}')]: {
      post: {
        tags: ['Intelligence'],
        operationId: 'logIntelligence',
        summary: 'Log intelligence about a service',
        description: ONLY_COUNCIL_STAFF,
        parameters: [idParameter('The service')],
        requestBody: { required: true, ...json(ref('NewIntelligence')) },
        responses: { '201': json(ref('Intelligence'), 'Logged'), ...errorResponses(400, 401, 403, 404) },
      },
      get: {
        tags: ['Intelligence'],
        operationId: 'listIntelligence',
        summary: 'Every intelligence entry about a service, newest first',
        description: ONLY_COUNCIL_STAFF,
        parameters: [idParameter('The service')],
        responses: {
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Intelligence') } } }, 'The entries'),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    [paths.api.intelligence('{id}')]: {
      get: {
        tags: ['Intelligence'],
        operationId: 'getIntelligence',
        summary: 'One intelligence entry',
        description: ONLY_COUNCIL_STAFF,
        parameters: [idParameter('The entry')],
        responses: { '200': json(ref('Intelligence'), 'The entry'), ...errorResponses(401, 403, 404) },
      },
    },
    [paths.api.serviceTimeline('{id}')]: {
      get: {
        tags: ['Intelligence'],
        operationId: 'serviceTimeline',
        summary: 'Every dated event about a service, newest first',
        description: 'Intelligence, CQC rating changes, assessments, visits, risk ratings and more, merged. Each person sees the events their role may see: placing officers see no intelligence.',
        parameters: [
          idParameter('The service'),
          { name: 'kind', in: 'query', schema: { type: 'string' }, description: 'Only events of this kind' },
          { name: 'source', in: 'query', schema: { type: 'string' }, description: 'Only events with this source' },
        ],
        responses: {
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('TimelineEvent') } } }, 'The events'),
          ...errorResponses(401, 403, 404),
        },
      },
    },
  },
};
