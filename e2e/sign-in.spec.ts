import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeCouncil } from '../test/support/fixtures.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

describe('signing in and out in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let council: Awaited<ReturnType<typeof makeCouncil>>;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    council = await makeCouncil(server.store, 'Northmoor County Council');
  });
  after(async () => {
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const mode of JS_MODES) {
    test(`an officer signs in, sees their council, and signs out (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await page.goto('/');
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Sign in' }).click());
        assert.equal(await page.page.title(), 'Sign in – Care Oversight');

        await page.page.getByLabel('Password').fill('not the password');
        await page.page.getByLabel('Email address').fill(council.officer.email);
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Sign in' }).click());
        assert.match(await page.page.title(), /^Error: Sign in/);
        const summary = page.page.locator('.govuk-error-summary');
        assert.match(await summary.innerText(), /Enter a correct email address and password/);

        await page.signIn(council.officer.email, council.officer.password);
        assert.match(await page.page.locator('.app-account-bar').innerText(), /Signed in as Test officer/);
        assert.equal(await page.page.getByRole('heading', { level: 1 }).innerText(), 'Northmoor County Council');
        const cookie = (await page.page.context().cookies()).find((c) => c.name === 'co_session');
        assert.ok(cookie?.httpOnly && cookie.secure && cookie.sameSite === 'Lax');

        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Sign out' }).click());
        assert.equal(await page.page.title(), 'Sign in – Care Oversight');
        await page.goto('/accessibility');
        assert.equal(await page.page.locator('.app-account-bar').count(), 0);
      } finally {
        await page.close();
      }
    });
  }
});
