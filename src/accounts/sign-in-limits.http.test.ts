import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';

const LIMIT = 3;
const MINUTE = 60_000;
const LOCKED = 'Too many failed attempts to sign in with this email address. Try again in 15 minutes.';

/**
 * The limits on signing in, and how they sit beside the public forms' limits: failed sign-ins count per address
 * and per account, successful ones count against neither, and every limited route keeps its own counter.
 */
for (const database of testDatabases()) {
  describe(`sign-in limits (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let council: Awaited<ReturnType<typeof makeCouncil>>;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: LIMIT, loginAttemptsPerAccount: LIMIT, publicReportsPerHour: LIMIT }));
      council = await makeCouncil(store);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const from = (remoteAddress: string) => new PageClient(app, { remoteAddress });
    const signIn = (client: PageClient, email: string, password: string) => client.post(paths.signIn, { email, password, returnTo: '/' }, { from: paths.signIn });
    const search = (client: PageClient) => client.get(`${paths.concerns.findService}?q=oak`);
    // The concern form with nothing chosen: the form's own answer is to ask for a choice (303), unless the limit refuses it first.
    const report = (client: PageClient) => client.post(paths.concerns.submit, {}, { from: paths.concerns.form('self_neglect') });
    const errorSummary = (body: string) => /<div class="govuk-error-summary__body">([\s\S]*?)<\/div>/.exec(body)?.[1]?.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
    /** Moves every counter's window back in time, as if its attempts had been made `ms` earlier. */
    const later = (ms: number) => store.asSystem((tx) => sql`update rate_limits set resets_at = resets_at - make_interval(secs => ${ms / 1000})`.execute(tx));

    test('failed sign-ins from one address are refused after the limit, and a public search a minute later restores none', async () => {
      const client = from('203.0.113.20');
      for (let i = 0; i < LIMIT; i++) assert.equal((await signIn(client, `guess${i}@example.gov.uk`, 'wrong password')).statusCode, 400);
      const refused = await signIn(client, 'guess@example.gov.uk', 'wrong password');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /Too many attempts to sign in from your network. Try again in 15 minutes./);
      await later(MINUTE + 1000);
      assert.equal((await search(client)).statusCode, 200);
      const still = await signIn(client, council.officer.email, council.officer.password);
      assert.equal(still.statusCode, 429, 'the search has its own counter and window: the guesses stay counted');
      assert.equal(still.cookies.find((c) => c.name === 'co_session'), undefined);
      assert.equal((await signIn(from('203.0.113.21'), council.officer.email, council.officer.password)).statusCode, 303, 'another address is not refused');
    });

    test('successful sign-ins count against no address: an office signs in all day and still reports concerns', async () => {
      const office = from('203.0.113.30');
      for (let i = 0; i < LIMIT * 3; i++) assert.equal((await signIn(office, council.placer.email, council.placer.password)).statusCode, 303);
      assert.equal((await report(office)).statusCode, 303, 'the concern form is not refused');
      assert.equal((await signIn(office, 'typo@example.gov.uk', 'wrong password')).statusCode, 400, 'nor is the next sign-in');
    });

    test('the public form and the finder keep their own counters: using them up leaves sign-in alone', async () => {
      const visitor = from('203.0.113.40');
      for (let i = 0; i < LIMIT; i++) assert.equal((await report(visitor)).statusCode, 303);
      assert.equal((await report(visitor)).statusCode, 429);
      assert.equal((await search(visitor)).statusCode, 200);
      assert.equal((await signIn(visitor, council.admin.email, council.admin.password)).statusCode, 303);
    });

    test('failed sign-ins are limited per account too, from any address, until the window ends', async () => {
      for (let i = 0; i < LIMIT; i++) assert.equal((await signIn(from(`198.51.100.${50 + i}`), council.commissioner.email, `guess ${i}`)).statusCode, 400);
      // Even the right password is refused while the account is locked: a guess that happens to be right tells nothing.
      const locked = await signIn(from('198.51.100.60'), council.commissioner.email, council.commissioner.password);
      assert.equal(locked.statusCode, 429);
      assert.equal(errorSummary(locked.body), LOCKED);
      assert.match(locked.body, /<title>Error: Sign in/);
      assert.equal(locked.cookies.find((c) => c.name === 'co_session'), undefined);
      assert.equal((await signIn(from('198.51.100.61'), council.officer.email, council.officer.password)).statusCode, 303, 'other accounts are not locked');
      await later(15 * MINUTE);
      assert.equal((await signIn(from('198.51.100.62'), council.commissioner.email, council.commissioner.password)).statusCode, 303);
    });

    test('a locked account and an unknown email get the same words: a lock reveals nothing about who has an account', async () => {
      const unknown = 'nobody.here@example.gov.uk';
      for (let i = 0; i < LIMIT; i++) {
        await signIn(from(`192.0.2.${10 + i}`), council.admin.email, `guess ${i}`);
        await signIn(from(`192.0.2.${20 + i}`), unknown, `guess ${i}`);
      }
      const known = await signIn(from('192.0.2.30'), council.admin.email, 'another guess');
      const stranger = await signIn(from('192.0.2.31'), unknown, 'another guess');
      assert.deepEqual([known.statusCode, stranger.statusCode], [429, 429]);
      assert.equal(errorSummary(known.body), LOCKED);
      assert.equal(errorSummary(stranger.body), LOCKED);
      await later(15 * MINUTE);
    });

    test('signing in clears the account’s failures; blank fields count as no attempt', async () => {
      const client = from('192.0.2.40');
      for (let i = 0; i < LIMIT - 1; i++) await signIn(client, council.officer.email, `guess ${i}`);
      assert.equal((await signIn(client, council.officer.email, council.officer.password)).statusCode, 303);
      for (let i = 0; i < LIMIT - 1; i++) assert.equal((await signIn(from(`192.0.2.${41 + i}`), council.officer.email, `guess ${i}`)).statusCode, 400);
      assert.equal((await signIn(from('192.0.2.49'), council.officer.email, council.officer.password)).statusCode, 303);
      const blank = from('192.0.2.50');
      for (let i = 0; i < LIMIT + 1; i++) assert.equal((await signIn(blank, '', '')).statusCode, 400);
      assert.equal((await signIn(blank, council.officer.email, council.officer.password)).statusCode, 303);
    });
  });
}
