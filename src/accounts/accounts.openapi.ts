import { errorResponses, json, ref, type OpenApiFragment } from '../core/http/openapi.ts';
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
