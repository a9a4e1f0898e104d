import { router } from './route.ts';
import type { FastifyInstance } from 'fastify';
import { paths } from './paths.ts';

/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json. Each capability exports a fragment (its paths,
 * schemas and tags); the composition root passes them all here. The core fragment below holds what every
 * capability shares: the bearer scheme, the problem document and the standard error responses, which
 * fragments reference as `#/components/responses/NotFound` and so on.
 */

export type JsonSchema = Record<string, unknown>;

export interface OpenApiFragment {
  readonly tags?: readonly { readonly name: string; readonly description?: string }[];
  /** OpenAPI path items keyed by path (`/api/v1/services/{id}`), each keyed by lower-case method. */
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly schemas?: Readonly<Record<string, JsonSchema>>;
}

/** The value types every fragment uses. */
export const uuidSchema = { type: 'string', format: 'uuid' } as const;
export const dateSchema = { type: 'string', format: 'date' } as const;
export const timestampSchema = { type: 'string', format: 'date-time' } as const;
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/** `$ref` to a shared schema. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The standard error responses by status, to spread into an operation's `responses`. */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 429)[]): Record<string, unknown> {
  const names = { 400: 'ValidationFailed', 401: 'Unauthorised', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 429: 'TooManyRequests' } as const;
  return Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${names[s]}` }]));
}

/** A record id in the path (`{id}`), which the route pipeline checks is one (src/core/ids.ts). */
export const idParameter = (description?: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, ...(description ? { description } : {}) });

/** A JSON request body or response with the given schema. */
export const json = (schema: JsonSchema, description?: string) => ({
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

export const coreOpenApi: OpenApiFragment = {
  tags: [{ name: 'System', description: 'Health and this document' }],
  paths: {
    [paths.healthz]: {
      get: {
        tags: ['System'],
        operationId: 'health',
        summary: 'Whether the service is up',
        security: [],
        responses: {
          '200': json({ type: 'object', required: ['status'], properties: { status: { const: 'ok' } } }, 'The service is up'),
        },
      },
    },
    [paths.api.openapi]: {
      get: {
        tags: ['System'],
        operationId: 'openApiDocument',
        summary: 'This OpenAPI document',
        security: [],
        responses: { '200': json({ type: 'object' }, 'The OpenAPI 3.1 document') },
      },
    },
  },
  schemas: {
    Problem: {
      type: 'object',
      description: 'An RFC 9457 problem document. Validation failures list each field in `errors`.',
      required: ['title', 'status'],
      properties: {
        type: { type: 'string', examples: ['about:blank'] },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: {
              path: { type: 'string', description: 'Dotted path of the field, like `postcode` or `scores.safeguarding`' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
    NamedRef: {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
    },
  },
};

const RESPONSES = {
  ValidationFailed: problem('The request is not valid: see `errors`'),
  Unauthorised: problem('No valid API token was sent'),
  Forbidden: problem('The token’s role or organisation may not do this'),
  NotFound: problem('No such record, or one the caller may not know exists'),
  Conflict: problem('The change conflicts with the current state of the record'),
  TooManyRequests: problem('Too many requests; try again later'),
};

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** Merges fragments into one document; two fragments claiming the same operation or schema is a programming error. */
export function buildOpenApiDocument(fragments: readonly OpenApiFragment[], info: OpenApiInfo) {
  const mergedPaths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = {};
  const tags: { name: string; description?: string }[] = [];
  for (const fragment of [coreOpenApi, ...fragments]) {
    for (const [path, item] of Object.entries(fragment.paths)) {
      const target = (mergedPaths[path] ??= {});
      for (const [method, operation] of Object.entries(item)) {
        if (method in target) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} is documented twice`);
        target[method] = operation;
      }
    }
    for (const [name, schema] of Object.entries(fragment.schemas ?? {})) {
      if (name in schemas) throw new Error(`OpenAPI: schema ${name} is defined twice`);
      schemas[name] = schema;
    }
    for (const tag of fragment.tags ?? []) if (!tags.some((t) => t.name === tag.name)) tags.push({ ...tag });
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    tags,
    security: [{ bearerAuth: [] }],
    paths: mergedPaths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token from the API tokens page or `care-oversight user add`' },
      },
      schemas,
      responses: RESPONSES,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

export interface ApiRoute {
  readonly method: string;
  /** The route in OpenAPI form: `/api/v1/services/{id}`. */
  readonly path: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered under /api/v1 after trackApiRoutes() was called, for checking the document covers them. */
    apiRoutes: ApiRoute[];
  }
}

/** Records every /api/v1 route as it is registered. Call it before registering any capability's routes. */
export function trackApiRoutes(app: FastifyInstance): void {
  const routes: ApiRoute[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, path: route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') });
    }
  });
}

/** Serves the document, built once from every capability's fragment; no token needed to read it. */
export function openApiRoutes(app: FastifyInstance, fragments: readonly OpenApiFragment[], info: OpenApiInfo): OpenApiDocument {
  const document = buildOpenApiDocument(fragments, info);
  router(app).get(paths.api.openapi, { access: 'public' }, ({ reply }) => reply.type('application/json').send(document));
  return document;
}
