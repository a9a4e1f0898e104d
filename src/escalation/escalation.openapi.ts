import { errorResponses, json, ref, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { ATTENDEE_ORGANISATION_TYPES, CONTRACT_PROCESS_KINDS } from './escalation.rules.ts';

/** Concerns procedure cases, suspensions of new placements and contractual processes. */

const uuid = { type: 'string', format: 'uuid' } as const;
const date = { type: 'string', format: 'date' } as const;
const text = (max: number, description?: string) => ({ type: 'string', minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, schema: uuid, description });
const organisationType = { type: 'string', enum: Object.keys(ATTENDEE_ORGANISATION_TYPES) };
const COUNCIL_ONLY = 'The owning council only: commissioners make the decisions; officers and commissioners record meetings, decisions and actions. Other councils, providers and partners get 403 or 404.';

/** What a case and its summary in a list both say. */
const caseFields = {
  subject: { type: 'object', properties: { kind: { type: 'string', enum: ['service', 'provider_group'] }, id: uuid, name: { type: 'string' } } },
  stage: { type: 'integer', minimum: 1, maximum: 5 },
  status: { type: 'string', enum: ['open', 'closed'] },
  reason: { type: 'string' },
  openedOn: date,
  openedBy: nullable({ type: 'string' }),
  closedOn: nullable(date),
  overdue: { type: 'boolean', description: 'The case is open and at least one of its actions is past its due date and not done' },
};

const schemas: Record<string, JsonSchema> = {
  ConcernsCase: {
    type: 'object',
    required: ['id', 'serviceId', 'providerId', 'stage', 'status', 'reason', 'openedOn', 'overdue', 'history', 'meetings', 'decisions', 'actions'],
    properties: {
      id: uuid,
      serviceId: nullable(uuid),
      providerId: nullable({ ...uuid, description: 'Set for a case on a whole provider group' }),
      ...caseFields,
      history: {
        type: 'array',
        description: 'Opened, escalated, de-escalated and closed, each with its reason',
        items: {
          type: 'object',
          properties: {
            id: uuid,
            kind: { type: 'string', enum: ['opened', 'escalated', 'de_escalated', 'closed'] },
            fromStage: nullable({ type: 'integer' }),
            toStage: nullable({ type: 'integer' }),
            reason: { type: 'string' },
            occurredOn: date,
            recordedBy: nullable({ type: 'string' }),
          },
        },
      },
      evidence: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, recordId: { type: 'string' }, occurredOn: date, summary: { type: 'string' }, href: nullable({ type: 'string' }) } } },
      meetings: {
        type: 'array',
        items: { type: 'object', properties: { id: uuid, heldOn: date, attendees: { type: 'array', items: ref('Attendee') }, notes: nullable({ type: 'string' }) } },
      },
      decisions: { type: 'array', items: { type: 'object', properties: { id: uuid, meetingId: nullable(uuid), decidedOn: date, decision: { type: 'string' } } } },
      actions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: uuid,
            meetingId: nullable(uuid),
            description: { type: 'string' },
            ownerName: { type: 'string' },
            ownerOrganisationType: organisationType,
            dueOn: date,
            status: { type: 'string', enum: ['open', 'done'] },
            completedOn: nullable(date),
            overdue: { type: 'boolean', description: 'Not done, the case is open and the due date has passed (the due date itself is not overdue)' },
          },
        },
      },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  ConcernsCaseSummary: {
    type: 'object',
    required: ['id', 'subject', 'stage', 'status', 'reason', 'openedOn', 'overdue'],
    properties: {
      id: uuid,
      ...caseFields,
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  Attendee: {
    type: 'object',
    required: ['name', 'organisationType'],
    properties: { name: text(200), organisationType, organisation: text(200, 'For example the provider’s or the other council’s name') },
  },
  NewConcernsCase: {
    type: 'object',
    required: ['stage', 'reason'],
    properties: {
      stage: { type: 'integer', minimum: 1, maximum: 5 },
      reason: text(5000),
      openedOn: { ...date, description: 'Defaults to today' },
      evidence: {
        type: 'array',
        description: 'Entries of the service’s timeline (GET /api/v1/services/{id}/timeline) the case is opened on',
        items: { type: 'object', required: ['kind', 'recordId'], properties: { kind: { type: 'string' }, recordId: { type: 'string' } } },
      },
    },
  },
  StageChange: { type: 'object', required: ['stage', 'reason'], properties: { stage: { type: 'integer', minimum: 1, maximum: 5 }, reason: text(5000), on: { ...date, description: 'Defaults to today' } } },
  Suspension: {
    type: 'object',
    required: ['id', 'serviceId', 'scope', 'detail', 'reason', 'startsOn', 'reviewOn', 'scopeSince', 'status', 'liftedOn', 'reviewOverdue', 'history'],
    properties: {
      id: uuid,
      serviceId: uuid,
      scope: { type: 'string', enum: ['full', 'partial'] },
      detail: nullable({ type: 'string' }),
      reason: { type: 'string' },
      startsOn: date,
      reviewOn: nullable(date),
      scopeSince: { ...date, description: 'When the current scope began: the start, a partial lift or a reinstatement' },
      status: { type: 'string', enum: ['active', 'lifted'] },
      liftedOn: nullable(date),
      reviewOverdue: { type: 'boolean', description: 'In force and the review date has passed (the review date itself is not overdue); never for a lifted suspension' },
      history: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: uuid,
            kind: { type: 'string', enum: ['started', 'partially_lifted', 'lifted', 'reinstated', 'review_date_changed'] },
            occurredOn: date,
            scopeAfter: nullable({ type: 'string', enum: ['full', 'partial'] }),
            detailAfter: nullable({ type: 'string' }),
            reason: { type: 'string', description: 'The reason, or for lifts the evidence of sustained improvement' },
          },
        },
      },
    },
  },
  ContractProcess: {
    type: 'object',
    required: ['id', 'serviceId', 'kind', 'reason', 'startedOn', 'status', 'reviewOverdue'],
    properties: {
      id: uuid,
      serviceId: uuid,
      kind: { type: 'string', enum: [...CONTRACT_PROCESS_KINDS] },
      reason: { type: 'string' },
      startedOn: date,
      reviewOn: nullable(date),
      status: { type: 'string', enum: ['open', 'ended'] },
      endedOn: nullable(date),
      outcome: nullable({ type: 'string' }),
      reviewOverdue: { type: 'boolean', description: 'Open and the review date has passed (the review date itself is not overdue); never for an ended process' },
    },
  },
};

const op = (operationId: string, summary: string, extra: Record<string, unknown>) => ({ tags: ['Escalation'], operationId, summary, description: COUNCIL_ONLY, ...extra });
const caseResponse = (status: '200' | '201', description: string) => ({ [status]: json(ref('ConcernsCase'), description) });
const api = paths.escalation.api;

export const escalationOpenApi: OpenApiFragment = {
  tags: [{ name: 'Escalation', description: 'The Concerns / Serious Concerns procedure, suspensions of new placements and contractual processes' }],
  schemas,
  paths: {
    [api.serviceConcerns('{id}')]: {
      post: op('openConcernsCase', 'Open a concerns procedure case on a service', {
        parameters: [idParam('The service')],
        requestBody: { required: true, ...json(ref('NewConcernsCase')) },
        responses: { ...caseResponse('201', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      get: op('listConcernsCases', 'The cases covering a service (its own and its provider group’s)', {
        parameters: [idParam('The service')],
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('ConcernsCaseSummary') } } }, 'Newest first'), ...errorResponses(401, 403, 404) },
      }),
    },
    [api.providerConcerns('{id}')]: {
      post: op('openGroupConcernsCase', 'Open a concerns procedure case on a whole provider group', {
        parameters: [idParam('The provider at the head of the group')],
        requestBody: { required: true, ...json(ref('NewConcernsCase')) },
        responses: { ...caseResponse('201', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.case('{id}')]: {
      get: op('getConcernsCase', 'A case with its history, meetings, decisions and actions', { parameters: [idParam('The case')], responses: { ...caseResponse('200', 'The case'), ...errorResponses(401, 403, 404) } }),
    },
    [api.escalate('{id}')]: {
      post: op('escalateConcernsCase', 'Escalate a case to a higher stage, with the reason', {
        parameters: [idParam('The case')],
        requestBody: { required: true, ...json(ref('StageChange')) },
        responses: { ...caseResponse('200', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.deEscalate('{id}')]: {
      post: op('deEscalateConcernsCase', 'De-escalate a case to a lower stage, with the reason', {
        parameters: [idParam('The case')],
        requestBody: { required: true, ...json(ref('StageChange')) },
        responses: { ...caseResponse('200', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.close('{id}')]: {
      post: op('closeConcernsCase', 'Close a case, with the reason', {
        parameters: [idParam('The case')],
        requestBody: { required: true, ...json({ type: 'object', required: ['reason'], properties: { reason: text(5000), closedOn: date } }) },
        responses: { ...caseResponse('200', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.meetings('{id}')]: {
      post: op('recordConcernsMeeting', 'Record a meeting: date, attendees by organisation, notes and decisions', {
        parameters: [idParam('The case')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['heldOn', 'attendees'],
            properties: { heldOn: date, attendees: { type: 'array', minItems: 1, items: ref('Attendee') }, notes: { type: 'string', maxLength: 10000 }, decisions: { type: 'array', items: text(5000) } },
          }),
        },
        responses: { ...caseResponse('201', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.decisions('{id}')]: {
      post: op('recordConcernsDecision', 'Record a decision', {
        parameters: [idParam('The case')],
        requestBody: { required: true, ...json({ type: 'object', required: ['decidedOn', 'decision'], properties: { decidedOn: date, decision: text(5000), meetingId: uuid } }) },
        responses: { ...caseResponse('201', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.actions('{id}')]: {
      post: op('addConcernsAction', 'Add an action with its owner and due date', {
        parameters: [idParam('The case')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['description', 'ownerName', 'ownerOrganisationType', 'dueOn'],
            properties: { description: text(2000), ownerName: text(200), ownerOrganisationType: organisationType, dueOn: date, meetingId: uuid },
          }),
        },
        responses: { ...caseResponse('201', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.completeAction('{id}')]: {
      post: op('completeConcernsAction', 'Mark an action done', {
        parameters: [idParam('The action')],
        requestBody: { required: false, ...json({ type: 'object', properties: { completedOn: date } }) },
        responses: { ...caseResponse('200', 'The case'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.serviceSuspensions('{id}')]: {
      post: op('suspendPlacements', 'Suspend new placements at a service, in full or in part', {
        parameters: [idParam('The service')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['scope', 'reason', 'startsOn'],
            properties: { scope: { type: 'string', enum: ['full', 'partial'] }, detail: { type: 'string', maxLength: 500, description: 'What is suspended, for a partial suspension' }, reason: text(5000), startsOn: date, reviewOn: date },
          }),
        },
        responses: { '201': json(ref('Suspension'), 'The suspension'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      get: op('listSuspensions', 'The service’s suspensions, newest first', {
        parameters: [idParam('The service')],
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Suspension') } } }, 'Suspensions'), ...errorResponses(401, 403, 404) },
      }),
    },
    [api.suspension('{id}')]: {
      get: op('getSuspension', 'A suspension with its history', { parameters: [idParam('The suspension')], responses: { '200': json(ref('Suspension'), 'The suspension'), ...errorResponses(401, 403, 404) } }),
    },
    [api.lift('{id}')]: {
      post: op('liftSuspension', 'Lift a suspension in part or in full, with the evidence of sustained improvement', {
        parameters: [idParam('The suspension')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['liftedOn', 'evidence'],
            properties: { liftedOn: date, evidence: text(5000), partial: { type: 'boolean', default: false }, detail: { type: 'string', maxLength: 500, description: 'For a partial lift: what stays suspended' } },
          }),
        },
        responses: { '200': json(ref('Suspension'), 'The suspension'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.reinstate('{id}')]: {
      post: op('reinstateSuspension', 'Reinstate a lifted or partly lifted suspension when care slips again', {
        parameters: [idParam('The suspension')],
        requestBody: {
          required: true,
          ...json({ type: 'object', required: ['reinstatedOn', 'reason'], properties: { reinstatedOn: date, reason: text(5000), scope: { type: 'string', enum: ['full', 'partial'], default: 'full' }, detail: { type: 'string', maxLength: 500 } } }),
        },
        responses: { '200': json(ref('Suspension'), 'The suspension'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.reviewDate('{id}')]: {
      post: op('changeSuspensionReviewDate', 'Change the review date of a suspension in force', {
        parameters: [idParam('The suspension')],
        requestBody: { required: true, ...json({ type: 'object', required: ['reviewOn', 'reason'], properties: { reviewOn: date, reason: text(5000) } }) },
        responses: { '200': json(ref('Suspension'), 'The suspension'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
    [api.groupSuspensions('{id}')]: {
      get: op('groupSuspensions', 'Every suspension in force at the services of a provider group', {
        parameters: [idParam('The provider at the head of the group')],
        responses: { '200': json({ type: 'object', properties: { provider: ref('NamedRef'), items: { type: 'array', items: ref('Suspension') } } }, 'Suspensions in force'), ...errorResponses(401, 403, 404) },
      }),
    },
    [api.serviceProcesses('{id}')]: {
      post: op('startContractProcess', 'Start Remedies for Poor Performance or Failure to Perform', {
        parameters: [idParam('The service')],
        requestBody: {
          required: true,
          ...json({ type: 'object', required: ['kind', 'reason', 'startedOn'], properties: { kind: { type: 'string', enum: [...CONTRACT_PROCESS_KINDS] }, reason: text(5000), startedOn: date, reviewOn: date } }),
        },
        responses: { '201': json(ref('ContractProcess'), 'The process'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
      get: op('listContractProcesses', 'The service’s contractual processes', {
        parameters: [idParam('The service')],
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('ContractProcess') } } }, 'Processes'), ...errorResponses(401, 403, 404) },
      }),
    },
    [api.process('{id}')]: {
      get: op('getContractProcess', 'A contractual process', { parameters: [idParam('The process')], responses: { '200': json(ref('ContractProcess'), 'The process'), ...errorResponses(401, 403, 404) } }),
    },
    [api.endProcess('{id}')]: {
      post: op('endContractProcess', 'End a contractual process with its outcome', {
        parameters: [idParam('The process')],
        requestBody: { required: true, ...json({ type: 'object', required: ['endedOn', 'outcome'], properties: { endedOn: date, outcome: text(5000) } }) },
        responses: { '200': json(ref('ContractProcess'), 'The process'), ...errorResponses(400, 401, 403, 404, 409) },
      }),
    },
  },
};
