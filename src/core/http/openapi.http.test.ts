import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../db/database.ts';
import { testDatabases } from '../../../test/support/databases.ts';
import { testApp } from '../../../test/support/http.ts';

/** Every `$ref` in a document, with where it was found. */
function refsIn(node: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsIn(item, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [{ ref: value, at }] : refsIn(value, `${at}/${key}`)));
}

function resolve(doc: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), doc);
}

/** The API document as clients fetch it: public, complete, and covering every route the app serves. */
for (const database of testDatabases()) {
  describe(`OpenAPI document (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let doc: { openapi: string; paths: Record<string, Record<string, { responses?: object }>> };

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      assert.equal(response.statusCode, 200, 'served without a token');
      assert.match(String(response.headers['content-type']), /application\/json/);
      doc = response.json();
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('is OpenAPI 3.1 with the bearer scheme and /healthz', () => {
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/healthz']?.get);
      assert.deepEqual((doc as unknown as { components: { securitySchemes: object } }).components.securitySchemes, {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token from the API tokens page or `care-oversight user add`' },
      });
    });

    test('every route registered under /api/v1 appears in the document', () => {
      assert.ok(app.apiRoutes.length >= 9, 'the routes were tracked');
      const missing = app.apiRoutes.filter((r) => !doc.paths[r.path]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(missing, []);
    });

    test('every documented operation is served, and has responses', () => {
      const served = new Set(app.apiRoutes.map((r) => `${r.method.toLowerCase()} ${r.path}`));
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          if (path.startsWith('/api/v1/')) assert.ok(served.has(`${method} ${path}`), `${method} ${path} is documented but not served`);
          assert.ok(operation.responses && Object.keys(operation.responses).length > 0, `${method} ${path} has responses`);
        }
      }
    });

    test('every $ref resolves', () => {
      const refs = refsIn(doc);
      assert.ok(refs.length > 20);
      for (const { ref, at } of refs) assert.ok(resolve(doc, ref) !== undefined, `${ref} (at ${at}) does not resolve`);
    });
  });
}
