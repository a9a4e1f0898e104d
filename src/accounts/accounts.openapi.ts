import { errorResponses, json, ref, uuidSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { ROLES } from '../core/auth/permissions.ts';

/** The accounts part of the OpenAPI document: who the caller is. */
export const accountsOpenApi: OpenApiFragment = {
  tags: [{ name: 'Accounts', description: 'The caller’s own account. Tokens are created on the API tokens page or with `care-oversight user add`.' }],
  schemas: {
    Me: {
      type: 'object',
      required: ['userId', 'name', 'email', 'role', 'organisation', 'authMethod'],
      properties: {
        userId: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        email: { type: 'string', format: 'email' },
        role: { enum: [...ROLES] },
        organisation: {
          type: 'object',
          required: ['id', 'code', 'name', 'kind'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            code: { type: 'string', examples: ['E10000015'] },
            name: { type: 'string' },
            kind: { enum: ['council', 'provider', 'partner'] },
          },
        },
        authMethod: {
          enum: ['password', 'password+totp', 'sso'],
          description: 'How the account signs in: with its council’s identity provider (sso), or with a password, with or without an authenticator app.',
        },
      },
    },
  },
  paths: {
    [paths.api.organisations]: {
      post: {
        tags: ['Accounts'],
        operationId: 'addOrganisation',
        summary: 'Add a provider or partner organisation, managed by the caller’s council',
        description: 'Council administrators only. Link it to a provider on the register with `POST /api/v1/providers {…, portalOrganisationId}`. A code already in use is 409; `kind: council` is 400.',
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['code', 'name', 'kind'],
            properties: {
              code: { type: 'string', description: 'Capitals, digits and hyphens; stored in capitals', examples: ['OAKLEAF'] },
              name: { type: 'string', minLength: 1, maxLength: 200 },
              kind: { type: 'string', enum: ['provider', 'partner'] },
            },
          }),
        },
        responses: {
          '201': json(
            { type: 'object', required: ['id', 'code', 'name', 'kind', 'managedBy'], properties: { id: uuidSchema, code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, managedBy: uuidSchema } },
            'Added',
          ),
          ...errorResponses(400, 401, 403, 409),
        },
      },
    },
    [paths.api.me]: {
      get: {
        tags: ['Accounts'],
        operationId: 'getMe',
        summary: 'The user and organisation the API token belongs to',
        description: 'A cheap way for a script to check its token before it starts. A revoked token, or one of a deactivated user, gets 401.',
        responses: { '200': json(ref('Me'), 'The caller'), ...errorResponses(401) },
      },
    },
  },
};
