import {
  errorResponses,
  json,
  ref,
  dateSchema as date,
  idParameter,
  nullable,
  uuidSchema as uuid,
  timestampSchema as timestamp,
  type JsonSchema,
  type OpenApiFragment,
} from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { ACTION_STATUSES, OWNER_ORGS, PLAN_STATUSES, REPORTED_STATUSES } from './action-plan.rules.ts';

/** Action plans' part of the OpenAPI document. */

const TAG = 'Action plans';

const schemas: Record<string, JsonSchema> = {
  ActionUpdate: {
    type: 'object',
    required: ['id', 'actionId', 'text', 'reportedStatus', 'author', 'createdAt', 'decision', 'actionStatus'],
    properties: {
      id: uuid,
      actionId: uuid,
      text: { type: 'string' },
      reportedStatus: { type: 'string', enum: [...REPORTED_STATUSES] },
      author: {
        type: 'object',
        required: ['name', 'organisation', 'fromProvider'],
        properties: { name: { type: 'string' }, organisation: { type: 'string' }, fromProvider: { type: 'boolean' } },
      },
      createdAt: timestamp,
      decision: nullable({ type: 'string', enum: ['verified', 'rejected'], description: 'null while it waits for the council' }),
      decisionReason: nullable({ type: 'string' }),
      decidedBy: nullable({ type: 'string' }),
      decidedAt: nullable(timestamp),
      actionStatus: { type: 'string', enum: [...ACTION_STATUSES], description: 'The action’s status after this update or decision' },
    },
  },
  Action: {
    type: 'object',
    required: ['id', 'number', 'domainId', 'description', 'ownerOrg', 'dueOn', 'status', 'overdue', 'milestones', 'updates'],
    properties: {
      id: uuid,
      number: { type: 'integer', minimum: 1, description: 'Its number within the plan' },
      questionId: { ...uuid, description: 'The question answered below the standard; absent for an action about a whole domain' },
      domainId: uuid,
      description: { type: 'string', description: 'What must be done: specific and measurable' },
      ownerOrg: { type: 'string', enum: [...OWNER_ORGS] },
      ownerName: nullable({ type: 'string', description: 'The person or role responsible; required before the plan is shared' }),
      dueOn: date,
      status: {
        type: 'string',
        enum: [...ACTION_STATUSES],
        description:
          '`open` until the first update; then what the latest update reported (`in_progress`, `done`), `rejected` when the council rejected it, and `verified` once the council has verified an update reporting it done',
      },
      overdue: { type: 'boolean', description: 'The target date has passed and the action is neither done nor verified, in a plan still open' },
      milestones: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'description', 'dueOn', 'doneOn', 'overdue'],
          properties: { id: uuid, description: { type: 'string' }, dueOn: date, doneOn: nullable(date), overdue: { type: 'boolean' } },
        },
      },
      updates: { type: 'array', items: ref('ActionUpdate'), description: 'Oldest first' },
    },
  },
  ActionPlan: {
    type: 'object',
    required: ['id', 'assessmentId', 'serviceId', 'status', 'assessedOn', 'actions', 'followUpVisitDueBy'],
    properties: {
      id: nullable({ ...uuid, description: 'null when nothing in the assessment fell below the standard and no plan was started' }),
      assessmentId: uuid,
      serviceId: uuid,
      status: nullable({
        type: 'string',
        enum: [...PLAN_STATUSES],
        description: 'draft (the council edits it) → shared (the provider reads it) → agreed → in_progress → completed (every action verified), or closed',
      }),
      assessedOn: date,
      sharedOn: nullable(date),
      agreedOn: nullable(date),
      agreedBy: nullable({ type: 'string' }),
      completedOn: nullable(date),
      closedOn: nullable(date),
      actions: { type: 'array', items: ref('Action') },
      followUpVisitDueBy: nullable({ ...date, description: 'The update visit is due within three months of the assessment (seed 002): three calendar months on, the month’s last day where the day does not exist' }),
    },
  },
};

export const actionPlansOpenApi: OpenApiFragment = {
  tags: [{ name: TAG, description: 'Actions for everything an assessment found below the standard; the provider’s progress and the council’s verification' }],
  schemas,
  paths: {
    [paths.api.assessmentActionPlan('{id}')]: {
      get: {
        tags: [TAG],
        operationId: 'getActionPlan',
        summary: 'The action plan of a completed or published full assessment',
        description:
          'The council’s quality officers, commissioners and administrators: the first call drafts the plan, with one action for every question answered below the standard (owned by the provider, due 4 weeks after the assessment for not met or poor, 8 weeks for met in part or requires improvement) and one for every domain below Good not already covered, and plans the update visit. The provider of the service: the plan once the council has shared it. Everyone else: 403 or 404.',
        parameters: [idParameter('The assessment’s ID')],
        responses: { '200': json(ref('ActionPlan'), 'The plan'), ...errorResponses(401, 403, 404, 409) },
      },
    },
    [paths.api.actionPlanShare('{id}')]: {
      post: {
        tags: [TAG],
        operationId: 'shareActionPlan',
        summary: 'Share a draft plan with the provider',
        description: 'The council. Every action needs someone named as responsible and a target date not yet passed.',
        parameters: [idParameter('The plan’s ID')],
        responses: { '200': json(ref('ActionPlan'), 'The shared plan'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    [paths.api.actionPlanAgree('{id}')]: {
      post: {
        tags: [TAG],
        operationId: 'agreeActionPlan',
        summary: 'The provider agrees a shared plan',
        parameters: [idParameter('The plan’s ID')],
        responses: { '200': json(ref('ActionPlan'), 'The agreed plan'), ...errorResponses(401, 403, 404, 409) },
      },
    },
    [paths.api.actionUpdates('{id}')]: {
      post: {
        tags: [TAG],
        operationId: 'postActionUpdate',
        summary: 'Report progress on an action of an agreed plan',
        description:
          'The provider, on its own actions; the council’s update is its own observation and is verified as it is recorded. `milestonesDone` ticks off milestones of the action.',
        parameters: [idParameter('The action’s ID')],
        requestBody: json({
          type: 'object',
          required: ['text', 'reportedStatus'],
          properties: {
            text: { type: 'string', minLength: 1, maxLength: 5000 },
            reportedStatus: { type: 'string', enum: [...REPORTED_STATUSES] },
            milestonesDone: { type: 'array', items: uuid },
          },
        }),
        responses: { '201': json(ref('ActionUpdate'), 'The update'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    [paths.api.actionUpdateVerify('{id}')]: {
      post: {
        tags: [TAG],
        operationId: 'verifyActionUpdate',
        summary: 'The council verifies an update',
        parameters: [idParameter('The update’s ID')],
        responses: { '200': json(ref('ActionUpdate'), 'The update with its decision'), ...errorResponses(401, 403, 404, 409) },
      },
    },
    [paths.api.actionUpdateReject('{id}')]: {
      post: {
        tags: [TAG],
        operationId: 'rejectActionUpdate',
        summary: 'The council rejects an update, saying why',
        parameters: [idParameter('The update’s ID')],
        requestBody: json({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } }),
        responses: { '200': json(ref('ActionUpdate'), 'The update with its decision'), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
  },
};
