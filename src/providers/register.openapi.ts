import { errorResponses, json, ref, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';
import { CONTRACT_KINDS, SERVICE_CATEGORIES } from './categories.ts';

/** The register's part of the OpenAPI document: providers and services. */

const uuid = { type: 'string', format: 'uuid' } as const;
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const timestamp = { type: 'string', format: 'date-time' } as const;
const date = { type: 'string', format: 'date' } as const;
const cqcLocationId = { type: 'string', pattern: '^1-[0-9]{3,12}$', examples: ['1-123456789'] } as const;
const idParam = { name: 'id', in: 'path', required: true, schema: uuid };
const listParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, description: 'How many items per page' },
  { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `nextCursor` of the previous page; opaque' },
];

const providerFields: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  companyNumber: nullable({ type: 'string', pattern: '^([0-9]{8}|[A-Z]{2}[0-9]{6})$', description: 'Companies House number; shorter numbers are padded with zeros' }),
  cqcProviderId: nullable({ type: 'string', pattern: '^1-[0-9]{3,12}$' }),
  parentProviderId: nullable({ ...uuid, description: 'The provider group this provider belongs to: another provider of the same council. Loops are refused.' }),
  portalOrganisationId: nullable({ ...uuid, description: 'A provider organisation managed by the council; its users see this provider’s services' }),
};

const serviceFields: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  providerId: uuid,
  category: ref('ServiceCategory'),
  cqcLocationId: nullable({ ...cqcLocationId, description: 'Unique within the council' }),
  addressLine1: nullable({ type: 'string', maxLength: 200 }),
  addressLine2: nullable({ type: 'string', maxLength: 200 }),
  town: nullable({ type: 'string', maxLength: 100 }),
  postcode: { type: 'string', description: 'A UK postcode; stored in capitals with one space', examples: ['SG13 8DQ'] },
  beds: nullable({ type: 'integer', minimum: 0, maximum: 2000, description: 'Care homes only' }),
  hoursPerWeek: nullable({ type: 'number', minimum: 0, multipleOf: 0.1, description: 'Home care, supported living and extra care only' }),
  fundedPeople: { type: 'integer', minimum: 0, default: 0, description: 'People whose care the council funds' },
  inCounty: { type: 'boolean', default: true },
  notCommissioned: { type: 'boolean', default: false, description: 'Held in the register but not commissioned by the council (the self-funded market): CQC data, intelligence and market events apply; contracts and assessments do not' },
  leadOfficerId: nullable({ ...uuid, description: 'A quality officer or commissioner of the council' }),
};

const serviceSummaryProperties: Record<string, JsonSchema> = {
  id: uuid,
  name: { type: 'string' },
  category: ref('ServiceCategory'),
  cqcLocationId: nullable(cqcLocationId),
  town: nullable({ type: 'string' }),
  postcode: { type: 'string' },
  providerId: uuid,
  provider: ref('NamedRef'),
  beds: nullable({ type: 'integer' }),
  hoursPerWeek: nullable({ type: 'number' }),
  fundedPeople: { type: 'integer' },
  inCounty: { type: 'boolean' },
  notCommissioned: { type: 'boolean' },
  leadOfficerId: nullable(uuid),
  leadOfficer: nullable(ref('NamedRef')),
  updatedAt: timestamp,
};

const schemas: Record<string, JsonSchema> = {
  ServiceCategory: { type: 'string', enum: [...SERVICE_CATEGORIES] },
  ProviderInput: { type: 'object', additionalProperties: false, required: ['name'], properties: providerFields },
  ProviderPatch: {
    type: 'object',
    additionalProperties: false,
    description: 'Only the fields sent change; `null` clears an optional field',
    properties: providerFields,
  },
  Provider: {
    type: 'object',
    required: ['id', 'name', 'companyNumber', 'cqcProviderId', 'parentProviderId', 'parent', 'portalOrganisationId', 'createdAt', 'updatedAt'],
    properties: {
      id: uuid,
      name: { type: 'string' },
      companyNumber: nullable({ type: 'string' }),
      cqcProviderId: nullable({ type: 'string' }),
      parentProviderId: nullable(uuid),
      parent: nullable(ref('NamedRef')),
      portalOrganisationId: nullable(uuid),
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  },
  ProviderListItem: {
    type: 'object',
    required: ['id', 'name', 'serviceCount', 'updatedAt'],
    properties: {
      id: uuid,
      name: { type: 'string' },
      companyNumber: nullable({ type: 'string' }),
      cqcProviderId: nullable({ type: 'string' }),
      parentProviderId: nullable(uuid),
      serviceCount: { type: 'integer' },
      updatedAt: timestamp,
    },
  },
  ProviderList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: ref('ProviderListItem') }, nextCursor: nullable({ type: 'string' }) },
  },
  ServiceInput: { type: 'object', additionalProperties: false, required: ['name', 'providerId', 'category', 'postcode'], properties: serviceFields },
  ServicePatch: {
    type: 'object',
    additionalProperties: false,
    description: 'Only the fields sent change; `null` clears an optional field',
    properties: serviceFields,
  },
  ServiceSummary: { type: 'object', required: Object.keys(serviceSummaryProperties), properties: serviceSummaryProperties },
  ServiceList: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: ref('ServiceSummary') }, nextCursor: nullable({ type: 'string' }) },
  },
  Contract: {
    type: 'object',
    required: ['id', 'kind', 'reference', 'annualValue', 'startsOn', 'endsOn', 'updatedAt'],
    properties: {
      id: uuid,
      kind: { type: 'string', enum: [...CONTRACT_KINDS] },
      reference: nullable({ type: 'string' }),
      annualValue: nullable({ type: 'number', description: 'Pounds a year' }),
      startsOn: date,
      endsOn: nullable(date),
      updatedAt: timestamp,
    },
  },
  Service: {
    description: 'A service with its provider, contracts and what other capabilities contribute (`cqc`, `risk`, `status`; null until known)',
    allOf: [
      ref('ServiceSummary'),
      {
        type: 'object',
        required: ['addressLine1', 'addressLine2', 'provider', 'contracts', 'createdAt', 'cqc', 'risk', 'status'],
        properties: {
          addressLine1: nullable({ type: 'string' }),
          addressLine2: nullable({ type: 'string' }),
          provider: {
            type: 'object',
            required: ['id', 'name', 'parent'],
            properties: { id: uuid, name: { type: 'string' }, parent: nullable(ref('NamedRef')) },
          },
          contracts: { type: 'array', items: ref('Contract'), description: 'Empty for provider users' },
          createdAt: timestamp,
          cqc: nullable({ type: 'object', description: 'Latest CQC ratings' }),
          risk: nullable({ type: 'object', description: 'Latest provider risk rating' }),
          status: nullable({ type: ['object', 'string'], description: 'Live status' }),
        },
      },
    ],
  },
};

export const registerOpenApi: OpenApiFragment = {
  tags: [
    { name: 'Providers', description: 'Providers and provider groups of the council’s register' },
    { name: 'Services', description: 'Services (care homes, home care branches, schemes) of the council’s register' },
  ],
  schemas,
  paths: {
    [paths.api.providers]: {
      get: {
        tags: ['Providers'],
        operationId: 'listProviders',
        summary: 'Providers in name order, a page at a time',
        parameters: [{ name: 'q', in: 'query', schema: { type: 'string' }, description: 'Part of the name, or a company number or CQC provider ID' }, ...listParams],
        responses: { '200': json(ref('ProviderList'), 'A page of providers'), ...errorResponses(400, 401, 403) },
      },
      post: {
        tags: ['Providers'],
        operationId: 'createProvider',
        summary: 'Add a provider',
        requestBody: { required: true, ...json(ref('ProviderInput')) },
        responses: { '201': json(ref('Provider'), 'The provider as stored'), ...errorResponses(400, 401, 403) },
      },
    },
    [paths.api.provider('{id}')]: {
      get: {
        tags: ['Providers'],
        operationId: 'getProvider',
        summary: 'One provider',
        parameters: [idParam],
        responses: { '200': json(ref('Provider'), 'The provider'), ...errorResponses(401, 403, 404) },
      },
      patch: {
        tags: ['Providers'],
        operationId: 'updateProvider',
        summary: 'Change some of a provider’s fields',
        parameters: [idParam],
        requestBody: { required: true, ...json(ref('ProviderPatch')) },
        responses: { '200': json(ref('Provider'), 'The provider as stored'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    [paths.api.services]: {
      get: {
        tags: ['Services'],
        operationId: 'listServices',
        summary: 'Search services, in name order, a page at a time',
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string' }, description: 'Part of the service or provider name, the start of a postcode, or a CQC location ID' },
          { name: 'category', in: 'query', schema: ref('ServiceCategory') },
          { name: 'cqcLocationId', in: 'query', schema: cqcLocationId },
          ...listParams,
        ],
        responses: { '200': json(ref('ServiceList'), 'A page of services'), ...errorResponses(400, 401, 403) },
      },
      post: {
        tags: ['Services'],
        operationId: 'createService',
        summary: 'Add a service',
        requestBody: { required: true, ...json(ref('ServiceInput')) },
        responses: { '201': json(ref('Service'), 'The service as stored'), ...errorResponses(400, 401, 403) },
      },
    },
    [paths.api.service('{id}')]: {
      get: {
        tags: ['Services'],
        operationId: 'getService',
        summary: 'One service with its provider, contracts, CQC ratings, risk and status',
        parameters: [idParam],
        responses: { '200': json(ref('Service'), 'The service'), ...errorResponses(401, 403, 404) },
      },
      patch: {
        tags: ['Services'],
        operationId: 'updateService',
        summary: 'Change some of a service’s fields',
        parameters: [idParam],
        requestBody: { required: true, ...json(ref('ServicePatch')) },
        responses: { '200': json(ref('Service'), 'The service as stored'), ...errorResponses(400, 401, 403, 404) },
      },
    },
  },
};
