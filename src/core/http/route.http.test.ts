import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import fastifyMultipart from '@fastify/multipart';
import { testDatabases } from '../../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../../test/support/fixtures.ts';
import { PageClient, apiClient, testConfig } from '../../../test/support/http.ts';
import type { Actor, Store } from '../db/database.ts';
import { Invalid } from '../errors.ts';
import { isoDate, requiredText } from '../forms.ts';
import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/secrets.ts';
import { SESSION_COOKIE, createHttpApp } from './app.ts';
import { multipart, noBody, router } from './route.ts';

/**
 * The route pipeline, through a small app of its own: the order of its checks, its errors on pages and on
 * the API, and the request's one unit of work.
 */
for (const database of testDatabases()) {
  describe(`route pipeline (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof createHttpApp>>;
    let council: Awaited<ReturnType<typeof makeCouncil>>;
    let providerUser: Awaited<ReturnType<typeof makeUser>>;
    const handled: string[] = [];

    const providerNames = (actor: Actor) =>
      store.asUser(actor, (tx) => tx.selectFrom('providers').select('name').orderBy('name').execute()).then((rows) => rows.map((r) => r.name));
    const addProvider = (actor: Actor, name: string) =>
      store.asUser(actor, (tx) => tx.insertInto('providers').values({ council_id: actor.orgId, name }).execute());

    /** A browser signed in as the officer: a session made in the database, as the sign-in page would. */
    async function signedInOfficer() {
      const token = randomBytes(24).toString('base64url');
      await store.asSystem((tx) =>
        tx.insertInto('sessions').values({ id_hash: sha256(token), user_id: council.officer.actor.userId, expires_at: new Date(Date.now() + 3600_000) }).execute(),
      );
      const client = new PageClient(app);
      client.setCookie(SESSION_COOKIE, token);
      return { client, csrf: await client.csrfFrom('/t/csrf') };
    }

    before(async () => {
      store = await database.open();
      council = await makeCouncil(store, 'Pipeline Council');
      providerUser = await makeUser(store, await makeOrganisation(store, 'provider', { managedBy: council.org.id }), 'provider');
      app = await createHttpApp({ config: testConfig(), store }, (app) => {
        const route = router(app);
        const body = z.object({ name: requiredText('Enter the name'), startsOn: isoDate('the start date') });
        route.get('/t/things/:id', { access: 'register.read', ids: ['id'] }, ({ ids }) => ({ id: ids.id }));
        route.get('/api/v1/t/search', { access: 'register.read', query: z.object({ q: z.string().max(20).optional() }) }, ({ query }) => ({ q: query.q ?? null }));
        route.post('/api/v1/t/things/:id', { access: 'register.write', ids: ['id'], body }, ({ body }) => {
          handled.push(body.name);
          return { ok: true };
        });
        route.post(
          '/t/form',
          {
            access: 'register.write',
            body,
            dates: ['startsOn'],
            invalid: ({ reply, values }, errors) => reply.send({ errors: errors.errorList, name: values.name }),
          },
          async ({ actor, body, reply }) => {
            await addProvider(actor, body.name);
            if (body.name === 'Refused by the service') throw new Invalid([{ path: 'name', message: 'That name is taken' }]);
            return reply.redirect('/t/done', 303);
          },
        );
        route.post('/api/v1/t/two-steps', { access: 'register.write', body: z.object({ fail: z.boolean(), stepFails: z.boolean() }) }, async ({ actor, body }) => {
          await addProvider(actor, 'First step');
          // A step that fails is undone on its own; the request carries on.
          await store.asUser(actor, async (tx) => {
            await tx.insertInto('providers').values({ council_id: actor.orgId, name: 'Undone step' }).execute();
            if (body.stepFails) throw new Invalid([{ path: 'x', message: 'no' }]);
          }).catch(() => undefined);
          await store.asSystem((tx) => tx.insertInto('providers').values({ council_id: actor.orgId, name: 'System step' }).execute());
          if (body.fail) throw new Error('the handler failed after writing');
          return { names: await providerNames(actor) };
        });
        route.post('/t/no-body', { access: 'signed-in', body: noBody }, () => ({ ok: true }));
        route.get('/t/public', { access: 'public' }, ({ actor }) => ({ signedIn: !!actor }));
        route.get('/t/limited', { access: 'public', rateLimit: { max: 2, timeWindow: 60_000 } }, () => ({ ok: true }));
        route.get('/t/csrf', { access: 'signed-in' }, ({ reply }) => reply.type('text/html').send(`<input name="_csrf" value="${reply.generateCsrf()}">`));
        // File uploads: their token is the form's first field (issue 15: never in the address).
        void app.register(async (scope) => {
          await scope.register(fastifyMultipart);
          router(scope).post('/t/upload', { access: 'signed-in', body: multipart }, async ({ body }) => {
            const names: string[] = [];
            for await (const part of body) {
              names.push(part.fieldname);
              if (part.type === 'file') await part.toBuffer();
            }
            handled.push(`upload ${names.join(' ')}`);
            return { fields: names };
          });
          router(scope).post('/t/not-an-upload', { access: 'signed-in', body: noBody }, () => {
            handled.push('not an upload');
            return { ok: true };
          });
        });
      });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('without a sign-in: 401 problem on the API, the sign-in page for people; public routes open', async () => {
      const api = await app.inject({ method: 'GET', url: '/api/v1/t/search' });
      assert.equal(api.statusCode, 401);
      assert.match(api.headers['content-type'] as string, /problem\+json/);
      const page = await app.inject({ method: 'GET', url: `/t/things/${council.org.id}`, headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 303);
      assert.match(page.headers.location as string, /^\/sign-in/);
      assert.deepEqual((await app.inject({ method: 'GET', url: '/t/public' })).json(), { signedIn: false });
    });

    test('a rate-limited route refuses an address that asks too often', async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'GET', url: '/t/limited', remoteAddress: '192.0.2.7' })).statusCode);
      assert.deepEqual(statuses, [200, 200, 429]);
      assert.equal((await app.inject({ method: 'GET', url: '/t/limited', remoteAddress: '192.0.2.8' })).statusCode, 200, 'another address is not limited');
    });

    test('permission is checked before the ids and the body: a refusal never depends on what was sent', async () => {
      const provider = apiClient(app, providerUser.apiToken);
      for (const payload of [{}, { name: 'x', startsOn: '2026-01-01' }, { name: '\u0000' }]) {
        const response = await provider.post('/api/v1/t/things/not-an-id', payload);
        assert.equal(response.statusCode, 403, JSON.stringify(payload));
      }
      assert.deepEqual(handled, []);
    });

    test('an id that is not one is a 404, before the body is looked at', async () => {
      const officer = apiClient(app, council.officer.apiToken);
      assert.equal((await officer.post('/api/v1/t/things/123', { nonsense: true })).statusCode, 404);
      assert.equal((await officer.get('/t/things/123')).statusCode, 404);
      const id = '0b6f6a0e-2b7e-4f8b-9f3a-1c2d3e4f5a6b';
      assert.deepEqual((await officer.get(`/t/things/${id}`)).json(), { id });
    });

    test('the body is checked by its schema: a problem document naming each field', async () => {
      const response = await apiClient(app, council.officer.apiToken).post('/api/v1/t/things/0b6f6a0e-2b7e-4f8b-9f3a-1c2d3e4f5a6b', { startsOn: '2026-02-30' });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(
        response.json().errors.map((e: { path: string }) => e.path),
        ['name', 'startsOn'],
      );
    });

    test('text PostgreSQL cannot store is refused as a 400 naming the field: NUL and lone surrogates, in bodies and queries', async () => {
      const officer = apiClient(app, council.officer.apiToken);
      const nul = await officer.post('/api/v1/t/things/0b6f6a0e-2b7e-4f8b-9f3a-1c2d3e4f5a6b', { name: 'Oak\u0000House', startsOn: '2026-01-01' });
      assert.equal(nul.statusCode, 400);
      assert.equal(nul.json().errors[0].path, 'name');
      assert.match(nul.json().errors[0].message, /NUL/);
      const surrogate = await app.inject({
        method: 'POST',
        url: '/api/v1/t/things/0b6f6a0e-2b7e-4f8b-9f3a-1c2d3e4f5a6b',
        headers: { authorization: `Bearer ${council.officer.apiToken}`, 'content-type': 'application/json' },
        payload: '{"name":"Oak \\ud800 House","startsOn":"2026-01-01"}',
      });
      assert.equal(surrogate.statusCode, 400);
      assert.equal(surrogate.json().errors[0].path, 'name');
      const query = await officer.get('/api/v1/t/search?q=%00');
      assert.equal(query.statusCode, 400);
      assert.equal(query.json().errors[0].path, 'q');
      assert.deepEqual(handled, []);
    });

    test('a page form shown again: status 400, the errors in the order of the form, dates linked to their day field, what was typed kept', async () => {
      const { client, csrf } = await signedInOfficer();
      const response = await client.post('/t/form', { name: '', 'startsOn-day': '31', 'startsOn-month': '2', 'startsOn-year': '2026' }, { csrf });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json().errors, [
        { text: 'Enter the name', href: '#name' },
        { text: 'The start date must be a real date', href: '#startsOn-day' },
      ]);
      const refused = await client.post('/t/form', { name: 'Refused by the service', 'startsOn-day': '1', 'startsOn-month': '2', 'startsOn-year': '2026' }, { csrf });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json().name, 'Refused by the service');
      const nul = await client.post('/t/form', { name: 'A\u0000', 'startsOn-day': '1', 'startsOn-month': '2', 'startsOn-year': '2026' }, { csrf });
      assert.equal(nul.statusCode, 400);
      assert.equal(nul.json().errors[0].href, '#name');
      // The request ended normally (the form was shown again), so the write made before the refusal is kept:
      // as before, a service undoes its own work when it refuses (its own step), not the request's other steps.
      assert.ok((await providerNames(council.officer.actor)).includes('Refused by the service'));
      const ok = await client.post('/t/form', { name: 'Form Provider', 'startsOn-day': '1', 'startsOn-month': '2', 'startsOn-year': '2026' }, { csrf });
      assert.equal(ok.statusCode, 303);
      assert.ok((await providerNames(council.officer.actor)).includes('Form Provider'));
    });

    test('one unit of work per request: a failed step is undone alone, a failed request leaves nothing, the reply follows the commit', async () => {
      const officer = apiClient(app, council.officer.apiToken);
      const before = await providerNames(council.officer.actor);
      const failed = await officer.post('/api/v1/t/two-steps', { fail: true, stepFails: false });
      assert.equal(failed.statusCode, 500);
      assert.deepEqual(await providerNames(council.officer.actor), before);

      const done = await officer.post('/api/v1/t/two-steps', { fail: false, stepFails: true });
      assert.equal(done.statusCode, 200);
      const names = done.json().names as string[];
      assert.ok(names.includes('First step') && names.includes('System step'));
      assert.ok(!names.includes('Undone step'));
      // What the reply reported is what is stored, already committed.
      assert.deepEqual(await providerNames(council.officer.actor), names);
    });

    test('a route written without the pipeline is refused when the app starts', async () => {
      await assert.rejects(
        createHttpApp({ config: testConfig(), store }, (bare) => {
          bare.get('/t/bare', () => ({ unchecked: true }));
        }),
        /GET \/t\/bare is not registered through the route pipeline/,
      );
    });

    test('a button with nothing to send still needs the CSRF token', async () => {
      const { client, csrf } = await signedInOfficer();
      const withToken = await client.post('/t/no-body', {}, { csrf });
      assert.equal(withToken.statusCode, 200);
      const without = await client.post('/t/no-body', {}, { csrf: 'forged' });
      assert.equal(without.statusCode, 400);
    });

    test('a file upload’s token is its form’s first field, checked before the handler reads the file; never the address', async () => {
      const { client, csrf } = await signedInOfficer();
      const file = { name: 'notes.txt', content: 'some notes' };
      const ok = await client.upload('/t/upload', { note: 'n' }, file, { csrf });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json(), { fields: ['note', 'file'] }, 'the handler reads the parts after the token');
      handled.length = 0;
      assert.equal((await client.upload(`/t/upload?_csrf=${encodeURIComponent(csrf)}`, { note: 'n' }, file, { csrf: 'forged' })).statusCode, 400, 'a token in the address does not count');
      assert.equal((await client.upload('/t/upload', { note: 'n' }, file, { csrf: 'forged' })).statusCode, 400);
      // A multipart body to a route that takes none is refused, even with the right token.
      assert.equal((await client.upload('/t/not-an-upload', {}, file, { csrf })).statusCode, 400);
      assert.deepEqual(handled, []);
    });
  });
}
