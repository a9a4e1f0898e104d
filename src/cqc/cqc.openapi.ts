import { errorResponses, json, ref, type JsonSchema, type OpenApiFragment } from '../core/http/openapi.ts';
import { paths } from '../core/http/paths.ts';

/** CQC's part of /api/v1/openapi.json. */
const rating: JsonSchema = {
  anyOf: [
    { enum: ['outstanding', 'good', 'requires_improvement', 'inadequate', 'insufficient_evidence', 'inspected_not_rated', 'no_published_rating'] },
    { type: 'null' },
  ],
  description: 'The value CQC published; null where the publication gives none for this key question',
};
const date = { type: 'string', format: 'date' } as const;

export const cqcOpenApi: OpenApiFragment = {
  tags: [{ name: 'CQC', description: "The Care Quality Commission's ratings of each service, as CQC publishes them" }],
  paths: {
    [paths.api.serviceCqcRatings('{id}')]: {
      get: {
        tags: ['CQC'],
        operationId: 'serviceCqcRatings',
        summary: "A service's CQC rating history, newest first",
        description:
          'Every rating publication recorded for the CQC location the service is linked to. A service without a CQC location id has an empty history. Where CQC did not date a publication (its directory export gives no date), `publishedOn` is null and `firstSeenOn` says when it was first seen.',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The service' }],
        responses: {
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('CqcRatingPublication') } } }, 'The history'),
          ...errorResponses(401, 404),
        },
      },
    },
  },
  schemas: {
    CqcRatingPublication: {
      type: 'object',
      required: ['publishedOn', 'firstSeenOn', 'overall', 'safe', 'effective', 'caring', 'responsive', 'wellLed'],
      properties: {
        publishedOn: { anyOf: [date, { type: 'null' }] },
        firstSeenOn: date,
        overall: rating,
        safe: rating,
        effective: rating,
        caring: rating,
        responsive: rating,
        wellLed: rating,
      },
    },
    ServiceCqc: {
      description: '`cqc` on GET /api/v1/services/{id}: the latest value of each key question and when the overall rating was published; null when the service has no CQC location id',
      anyOf: [
        {
          type: 'object',
          required: ['locationId', 'registrationStatus', 'publishedOn', 'overall', 'safe', 'effective', 'caring', 'responsive', 'wellLed'],
          properties: {
            locationId: { type: 'string' },
            registrationStatus: { anyOf: [{ enum: ['registered', 'deregistered'] }, { type: 'null' }] },
            publishedOn: { anyOf: [date, { type: 'null' }] },
            firstSeenOn: { anyOf: [date, { type: 'null' }] },
            overall: rating,
            safe: rating,
            effective: rating,
            caring: rating,
            responsive: rating,
            wellLed: rating,
          },
        },
        { type: 'null' },
      ],
    },
  },
};
