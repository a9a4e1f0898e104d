import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { makeProvider, makeService } from '../providers/register.test-support.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';

for (const database of testDatabases()) {
  describe(`the backup page for administrators (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let provider: TestUser;
    let partner: TestUser;
    let aService: string;
    let bService: string;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store));
      a = await makeCouncil(store, 'Northmoor County Council');
      b = await makeCouncil(store, 'Southmoor Council');
      provider = await makeUser(store, await makeOrganisation(store, 'provider', { managedBy: a.org.id }), 'provider');
      partner = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      aService = (await makeService(store, a.org.id, (await makeProvider(store, a.org.id)).id, { name: 'Oak House' })).id;
      bService = (await makeService(store, b.org.id, (await makeProvider(store, b.org.id)).id, { name: 'Elm Lodge' })).id;
      setClock('2026-03-31');
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const signedIn = async (user: TestUser) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    };

    test("an administrator downloads their own council's backup, and nothing of another council", async () => {
      const admin = await signedIn(a.admin);
      const page = await admin.get(paths.admin.backup);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1 class="govuk-heading-l">Back up your council’s records<\/h1>/);
      assert.ok(page.body.includes(`href="${paths.admin.backupDownload(a.org.id)}"`));
      assert.match(page.body, /Northmoor County Council/);

      const download = await admin.get(paths.admin.backupDownload(a.org.id));
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'application/gzip');
      assert.equal(download.headers['content-disposition'], `attachment; filename="care-oversight-${a.org.code}-2026-03-31.jsonl.gz"`);
      assert.equal(download.headers['cache-control'], 'no-store');
      const text = gunzipSync(download.rawPayload).toString('utf8');
      const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { format: string; organisation: { id: string; code: string } };
      assert.equal(header.format, 'care-oversight-backup');
      assert.deepEqual([header.organisation.id, header.organisation.code], [a.org.id, a.org.code]);
      assert.ok(text.includes(aService) && text.includes(a.admin.actor.userId));
      assert.ok(!text.includes(bService) && !text.includes(b.org.id) && !text.includes(b.admin.actor.userId), 'nothing of the other council');
    });

    test("other roles, other organisations and another council's administrator are refused", async () => {
      for (const user of [a.commissioner, a.officer, a.placer, provider, partner]) {
        const client = await signedIn(user);
        assert.equal((await client.get(paths.admin.backup)).statusCode, 403, `${user.actor.role}: the page`);
        const download = await client.get(paths.admin.backupDownload(a.org.id));
        assert.equal(download.statusCode, 403, `${user.actor.role}: the download`);
        assert.notEqual(download.headers['content-type'], 'application/gzip');
      }
      const otherAdmin = await signedIn(b.admin);
      for (const id of [a.org.id, provider.actor.orgId, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
        const refused = await otherAdmin.get(paths.admin.backupDownload(id));
        assert.equal(refused.statusCode, 404, id);
        assert.notEqual(refused.headers['content-type'], 'application/gzip');
      }
      assert.equal((await otherAdmin.get(paths.admin.backupDownload(b.org.id))).statusCode, 200, 'their own');
      const signedOut = await new PageClient(app).get(paths.admin.backupDownload(a.org.id));
      assert.equal(signedOut.statusCode, 303);
      assert.match(String(signedOut.headers.location), /^\/sign-in/);
    });
  });
}
