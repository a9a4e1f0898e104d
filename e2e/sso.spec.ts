import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { currentCode } from '../src/accounts/second-factor.ts';
import { setClock } from '../src/core/clock.ts';
import { openStore, type Store } from '../src/core/db/database.ts';
import { freePort } from '../test/support/cli.ts';
import { makeCouncil, makeOrganisation, makeUser, type TestUser } from '../test/support/fixtures.ts';
import { testConfig } from '../test/support/http.ts';
import { TestIdentityProvider } from '../test/support/oidc-provider.ts';
import { CheckedPage, JS_MODES, launchChromium } from './support/browser.ts';

const START = new Date('2026-12-05T10:00:00Z');

describe('single sign-on and authenticator codes in a real browser', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let store: Store;
  let baseUrl: string;
  let idp: TestIdentityProvider;
  const domain = `sso${randomBytes(3).toString('hex')}.gov.uk`;
  const providerUsers: TestUser[] = [];

  before(async () => {
    setClock(START);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    store = await openStore({ dataDir: 'memory://' });
    await store.migrate();
    const built = await buildApp(testConfig({ cookieSecure: true, publicBaseUrl: baseUrl }), store);
    app = built.app;
    [browser, idp] = await Promise.all([launchChromium(), new TestIdentityProvider([`${baseUrl}/sign-in/sso/callback`]).start(), app.listen({ port, host: '127.0.0.1' })]);
    const council = await makeCouncil(store, 'Northmoor County Council');
    const { code } = await store.asSystem((tx) => tx.selectFrom('organisations').select('code').where('id', '=', council.org.id).executeTakeFirstOrThrow());
    await built.services.signInSettings.setAsSystem(code, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, emailDomains: [domain], createUsers: true });
    await built.services.signInSettings.mapAsSystem(code, 'care-officers', 'officer');
    await store.asSystem((tx) => tx.updateTable('sign_in_settings').set({ second_factor_required: true }).where('org_id', '=', council.org.id).execute());
    const provider = await makeOrganisation(store, 'provider', { managedBy: council.org.id, name: 'Oakleaf Care' });
    providerUsers.push(await makeUser(store, provider, 'provider'), await makeUser(store, provider, 'provider'));
  });
  after(async () => {
    setClock(undefined);
    await browser?.close();
    await app?.close();
    await store?.close();
    await idp?.stop();
  });

  for (const [index, mode] of JS_MODES.entries()) {
    test(`council staff sign in with their council account; someone without a mapped group is refused (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, baseUrl, mode.javaScriptEnabled);
      try {
        const id = randomBytes(3).toString('hex');
        idp.nextLogin = { sub: `sub-${id}`, email: `officer.${id}@${domain}`, name: `Olu Officer ${id}`, groups: ['care-officers'] };
        await page.goto('/sign-in');
        await page.page.getByLabel('Your council email').fill(idp.nextLogin.email);
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Use your council account' }).click());
        await page.page.waitForURL(`${baseUrl}/`);
        assert.match(await page.page.locator('.app-account-bar').innerText(), new RegExp(`Signed in as Olu Officer ${id}`));

        // Signing out ends the session at the identity provider too.
        await Promise.all([page.page.waitForURL(`${idp.issuer}/end-session**`), page.page.getByRole('button', { name: 'Sign out' }).click()]);
        assert.equal(idp.endSessions.at(-1)?.get('client_id'), idp.clientId);

        idp.nextLogin = { sub: `sub-x${id}`, email: `finance.${id}@${domain}`, groups: ['finance'] };
        await page.goto('/sign-in');
        await page.page.getByLabel('Your council email').fill(idp.nextLogin.email);
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Use your council account' }).click());
        assert.equal(await page.page.getByRole('heading', { level: 1 }).innerText(), 'Your council account does not give you access to Care Oversight');
      } finally {
        await page.close();
      }
    });

    test(`a provider user sets up an authenticator app at sign-in, then signs in with a code (${mode.name})`, async () => {
      const user = providerUsers[index]!;
      const page = await CheckedPage.open(browser, baseUrl, mode.javaScriptEnabled);
      try {
        setClock(START);
        await page.signIn(user.email, user.password);
        assert.equal(await page.page.getByRole('heading', { level: 1 }).innerText(), 'Set up an authenticator app');
        const secret = (await page.page.locator('#typed-key').innerText()).replace(/\s/g, '');
        await page.page.getByLabel('Code from the app').fill('000000');
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Continue' }).click());
        assert.match(await page.page.locator('.govuk-error-summary').innerText(), /Enter the 6-digit code your authenticator app shows now/);
        await page.page.getByLabel('Code from the app').fill(await currentCode(secret));
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Continue' }).click());
        assert.equal(await page.page.locator('#recovery-codes li').count(), 10);
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Continue' }).click());
        assert.match(await page.page.locator('.app-account-bar').innerText(), /Signed in as/);
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Sign out' }).click());

        setClock(new Date(START.getTime() + 60_000));
        await page.signIn(user.email, user.password);
        assert.equal(await page.page.title(), 'Enter the code from your authenticator app – Care Oversight');
        await page.page.getByLabel('Enter the code from your authenticator app').fill(await currentCode(secret));
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Continue' }).click());
        assert.match(await page.page.locator('.app-account-bar').innerText(), /Signed in as/);
      } finally {
        await page.close();
      }
    });
  }
});
