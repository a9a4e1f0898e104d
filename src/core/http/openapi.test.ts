import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildOpenApiDocument, errorResponses, ref, type OpenApiFragment } from './openapi.ts';

const info = { title: 'Test', version: '1' };

describe('building the OpenAPI document from fragments', () => {
  const one: OpenApiFragment = {
    tags: [{ name: 'Things' }],
    paths: { '/api/v1/things': { get: { responses: { '200': { description: 'ok' }, ...errorResponses(401) } } } },
    schemas: { Thing: { type: 'object' } },
  };

  test('merges paths, schemas and tags, after the core fragment', () => {
    const two: OpenApiFragment = {
      tags: [{ name: 'Things' }, { name: 'Others' }],
      paths: { '/api/v1/things': { post: { responses: { '201': { description: 'made' } } } } },
      schemas: { Other: ref('Thing') },
    };
    const doc = buildOpenApiDocument([one, two], info);
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths['/api/v1/things']!), ['get', 'post']);
    assert.ok(doc.paths['/healthz']?.get, 'the core fragment documents /healthz');
    assert.deepEqual(Object.keys(doc.components.schemas).sort(), ['NamedRef', 'Other', 'Problem', 'Thing']);
    assert.deepEqual(doc.tags.map((t) => t.name), ['System', 'Things', 'Others']);
    assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
    assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
  });

  test('two fragments documenting the same operation or schema is refused', () => {
    assert.throws(() => buildOpenApiDocument([one, { paths: { '/api/v1/things': { get: {} } } }], info), /GET \/api\/v1\/things is documented twice/);
    assert.throws(() => buildOpenApiDocument([one, { paths: {}, schemas: { Thing: {} } }], info), /schema Thing is defined twice/);
  });

  test('error responses point at the shared problem responses', () => {
    assert.deepEqual(errorResponses(400, 404), {
      '400': { $ref: '#/components/responses/ValidationFailed' },
      '404': { $ref: '#/components/responses/NotFound' },
    });
  });
});
