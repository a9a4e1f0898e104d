import { errorResponses, json, ref, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { CONTRACT_PROCESS_KINDS } from '../escalation/index.ts';
import { LIVE_STATUSES } from './status.rules.ts';

/** The Live Status List, the Healthwatch Enter and View list and the alerts inbox. */

const date = { type: 'string', format: 'date' } as const;
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const cqcRating = { type: 'string', enum: ['outstanding', 'good', 'requires_improvement', 'inadequate', 'insufficient_evidence', 'inspected_not_rated', 'no_published_rating'] };

const liveStatusItem: JsonSchema = {
  type: 'object',
  description:
    'A service’s current status, derived from its records (never typed in). Contains nothing personal about people using the service, no intelligence and no reasons.',
  required: ['serviceId', 'name', 'provider', 'postcode', 'cqcLocationId', 'status', 'safeguardingEnquiryOpen', 'council', 'updatedAt'],
  properties: {
    serviceId: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    provider: { type: 'string', description: 'The provider’s name' },
    postcode: { type: 'string' },
    cqcLocationId: nullable({ type: 'string' }),
    status: ref('LiveStatus'),
    concernsStage: { type: 'integer', minimum: 1, maximum: 5, description: 'The highest stage of the open concerns cases on the service or its provider group' },
    concernsSince: nullable(date),
    suspension: {
      type: 'object',
      required: ['scope', 'detail', 'since', 'reviewOn'],
      properties: { scope: { type: 'string', enum: ['full', 'partial'] }, detail: nullable({ type: 'string' }), since: date, reviewOn: nullable(date) },
    },
    contractProcesses: { type: 'array', items: { type: 'string', enum: [...CONTRACT_PROCESS_KINDS] } },
    contractProcessSince: nullable(date),
    cqcOverall: cqcRating,
    cqcRatedOn: nullable({ ...date, description: 'Publication date, or the day first seen in CQC data' }),
    assessmentBand: { type: 'string', enum: ['excellent', 'good', 'requires_improvement', 'poor'] },
    assessmentPublishedOn: nullable(date),
    prrBand: { type: 'string', enum: ['minor', 'low', 'medium', 'high', 'very_high'] },
    safeguardingEnquiryOpen: { type: 'boolean', description: 'A Section 42 enquiry is open (yes or no only)' },
    council: { type: 'string', description: 'The council whose service it is' },
    updatedAt: { type: 'string', format: 'date-time', description: 'When anything in the entry last changed' },
  },
};

export const statusOpenApi: OpenApiFragment = {
  tags: [{ name: 'Live status', description: 'The Live Status List shared across councils and partners, the Enter and View list, alerts' }],
  schemas: {
    LiveStatus: {
      type: 'string',
      enum: [...LIVE_STATUSES],
      description: 'The most severe that applies: `suspended` (in full), `suspended_partial`, `concerns_procedure` (an open case at any stage), `contract_remedies` (Remedies for Poor Performance or Failure to Perform), `no_known_concerns`',
    },
    LiveStatusItem: liveStatusItem,
  },
  paths: {
    [paths.status.api]: {
      get: {
        tags: ['Live status'],
        operationId: 'liveStatus',
        summary: 'Search the Live Status List',
        description:
          'The services of the caller’s council (staff roles) and of every council that shares its live status with the caller’s organisation. Without a search, every such service. A council that has not shared gives nothing.',
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'Part of the service’s or the provider’s name' },
          { name: 'postcode', in: 'query', schema: { type: 'string' }, description: 'A postcode or its start' },
          { name: 'cqcLocationId', in: 'query', schema: { type: 'string', pattern: '^1-[0-9]+$' } },
          { name: 'concernsOnly', in: 'query', schema: { type: 'boolean' }, description: 'Only services with a suspension, a concerns case or a contractual process' },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `nextCursor` of the previous page' },
        ],
        responses: {
          '200': json(
            { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('LiveStatusItem') }, nextCursor: nullable({ type: 'string' }) } },
            'Matching services, by name',
          ),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    [paths.status.apiEnterAndView]: {
      get: {
        tags: ['Live status'],
        operationId: 'enterAndViewList',
        summary: 'Services for Healthwatch Enter and View visits',
        description: 'Services rated Requires improvement or Inadequate by CQC, or below Good by the council’s latest published assessment: the council’s own, and those of councils that share this list with the caller (for example a Healthwatch partner).',
        responses: {
          '200': json(
            {
              type: 'object',
              required: ['items'],
              properties: { items: { type: 'array', items: { allOf: [ref('LiveStatusItem'), { type: 'object', required: ['reasons'], properties: { reasons: { type: 'array', items: { type: 'string' } } } }] } } },
            },
            'The list',
          ),
          ...errorResponses(401, 403),
        },
      },
    },
    [paths.status.apiAlerts]: {
      get: {
        tags: ['Live status'],
        operationId: 'alerts',
        summary: 'The alerts inbox of the caller’s organisation',
        parameters: [
          { name: 'unread', in: 'query', schema: { type: 'boolean' } },
          { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': json(
            {
              type: 'object',
              required: ['items', 'unread', 'total'],
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'event', 'summary', 'council', 'serviceId', 'createdAt', 'read'],
                    properties: {
                      id: { type: 'string', format: 'uuid' },
                      event: { type: 'string', enum: ['suspension_started', 'suspension_partially_lifted', 'suspension_lifted', 'suspension_reinstated', 'concerns_opened', 'concerns_escalated', 'safeguarding_enquiry_started'] },
                      summary: { type: 'string' },
                      council: { type: 'string' },
                      serviceId: nullable({ type: 'string', format: 'uuid' }),
                      createdAt: { type: 'string', format: 'date-time' },
                      read: { type: 'boolean' },
                    },
                  },
                },
                unread: { type: 'integer' },
                total: { type: 'integer' },
              },
            },
            'Newest first, 50 a page',
          ),
          ...errorResponses(401, 403),
        },
      },
    },
  },
};
