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
import { JOINT_PARTNERS, VISIT_KINDS } from './visit.rules.ts';

/** Visits' part of the OpenAPI document. */

const TAG = 'Visits';
const WHO = 'The council’s quality officers, commissioners and administrators only: visits are never shown to providers, placers or partners.';

const schemas: Record<string, JsonSchema> = {
  VisitKind: { type: 'string', enum: [...VISIT_KINDS], description: 'full monitoring, drop-in or unannounced, support, follow-up or update, joint, relatives’ surgery' },
  Visit: {
    type: 'object',
    required: ['id', 'serviceId', 'kind', 'jointWith', 'dueBy', 'plannedOn', 'visitedOn', 'officer', 'outcome', 'state'],
    properties: {
      id: uuid,
      serviceId: uuid,
      kind: ref('VisitKind'),
      jointWith: { type: 'array', items: { type: 'string', enum: [...JOINT_PARTNERS] } },
      jointDetail: nullable({ type: 'string' }),
      purpose: nullable({ type: 'string' }),
      dueBy: nullable({ ...date, description: 'The last day it may happen (the update visit of an action plan has one)' }),
      plannedOn: nullable(date),
      visitedOn: nullable(date),
      officer: nullable(ref('NamedRef')),
      outcome: nullable({ type: 'string' }),
      assessmentId: nullable(uuid),
      actionPlanId: nullable(uuid),
      cancelledOn: nullable(date),
      cancelReason: nullable({ type: 'string' }),
      state: {
        type: 'string',
        enum: ['done', 'cancelled', 'overdue', 'due_soon', 'planned', 'to_arrange'],
        description: 'overdue once its due-by or planned day has passed unrecorded; due_soon within 14 days',
      },
    },
  },
};

const visitFields: Record<string, JsonSchema> = {
  kind: ref('VisitKind'),
  jointWith: { type: 'array', items: { type: 'string', enum: [...JOINT_PARTNERS] }, description: 'Required for a joint visit; ignored otherwise' },
  jointDetail: { type: 'string', maxLength: 500 },
  purpose: { type: 'string', maxLength: 2000 },
  officerId: { ...uuid, description: 'An active quality officer, commissioner or administrator of the council; the caller when absent' },
  assessmentId: uuid,
  actionPlanId: uuid,
};

export const visitsOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Visits to services: planned, made and recorded' }],
  schemas,
  paths: {
    [paths.api.serviceVisits('{id}')]: {
      get: {
        tags: [TAG],
        operationId: 'listServiceVisits',
        summary: 'Every visit to a service, those still to happen first',
        description: WHO,
        parameters: [idParameter('The service’s ID')],
        responses: { '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Visit') } } }, 'The visits'), ...errorResponses(401, 403, 404) },
      },
      post: {
        tags: [TAG],
        operationId: 'createVisit',
        summary: 'Plan a visit, or record one that has happened',
        description: `${WHO} With \`visitedOn\` (today or earlier) and \`outcome\` the visit is recorded; otherwise it is planned with \`plannedOn\` and/or \`dueBy\` (today or later).`,
        parameters: [idParameter('The service’s ID')],
        requestBody: json({
          type: 'object',
          required: ['kind'],
          properties: { ...visitFields, plannedOn: date, dueBy: date, visitedOn: date, outcome: { type: 'string', maxLength: 5000 } },
        }),
        responses: { '201': json(ref('Visit'), 'The visit'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    [paths.api.visit('{id}')]: {
      get: {
        tags: [TAG],
        operationId: 'getVisit',
        summary: 'One visit',
        description: WHO,
        parameters: [idParameter('The visit’s ID')],
        responses: { '200': json(ref('Visit'), 'The visit'), ...errorResponses(401, 403, 404) },
      },
    },
    [paths.api.visitRecord('{id}')]: {
      post: {
        tags: [TAG],
        operationId: 'recordVisit',
        summary: 'Record a planned visit as made, or correct the record of one',
        description: WHO,
        parameters: [idParameter('The visit’s ID')],
        requestBody: json({
          type: 'object',
          required: ['visitedOn', 'outcome'],
          properties: { visitedOn: date, outcome: { type: 'string', minLength: 1, maxLength: 5000 }, officerId: uuid },
        }),
        responses: { '200': json(ref('Visit'), 'The visit'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    [paths.api.visitCancel('{id}')]: {
      post: {
        tags: [TAG],
        operationId: 'cancelVisit',
        summary: 'Cancel a visit that has not happened',
        description: WHO,
        parameters: [idParameter('The visit’s ID')],
        requestBody: json({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } }),
        responses: { '200': json(ref('Visit'), 'The visit'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
  },
};
