import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeStatusWorld, share, type StatusWorld } from '../test/support/status-world.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

// A 1×1 PNG, for the council's logo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Issue 15: each role's first hour, with JavaScript on and off, and axe on every page. */
describe('the first hour of each role in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let w: StatusWorld;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    w = await makeStatusWorld(server.store);
    await share(server.store, w.north.org.id, w.healthwatchOrg.id, { liveStatus: true, alerts: true, enterAndView: true });
    await server.store.asSystem(async (tx) => {
      await tx.updateTable('services').set({ lead_officer_id: w.north.officer.actor.userId }).where('id', '=', w.oakHouseId).execute();
      await tx.insertInto('concern_reports').values({ reference: 'CO-2026-000001', council_id: w.north.org.id, route: 'self_neglect', what_happened: 'Seen' }).execute();
    });
  });
  after(async () => {
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  /** The page's top-level navigation: at most seven items, none of GOV.UK's own marks. */
  async function checkFrame(page: CheckedPage) {
    const items = await page.page.locator('.govuk-service-navigation__item').count();
    assert.ok(items <= 7, `${items} navigation items on ${page.page.url()}`);
    const html = await page.page.content();
    assert.doesNotMatch(html, /crown|Open Government Licence|GDS Transport/i);
    assert.match(await page.page.locator('.app-brand__council').innerText(), /Northshire County Council/);
  }

  test('with JavaScript, a dialog warns two minutes before an idle session ends, and staying signed in keeps it', async () => {
    const page = await CheckedPage.open(browser, server.baseUrl, true);
    try {
      await page.page.clock.install();
      await page.signIn(w.north.officer.email, w.north.officer.password);
      const dialog = page.page.locator('#app-timeout-dialog');
      assert.equal(await dialog.isVisible(), false);
      await page.page.clock.runFor('27:00');
      assert.equal(await dialog.isVisible(), false, 'not before two minutes are left');
      await page.page.clock.runFor('01:01');
      assert.equal(await dialog.isVisible(), true);
      assert.match(await dialog.innerText(), /You’re about to be signed out[\s\S]*we will sign you out in 2 minutes/);
      await page.checkAccessibility();
      await dialog.getByRole('button', { name: 'Stay signed in' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert.match(await page.page.locator('.app-account-bar').innerText(), /Signed in as/);
    } finally {
      await page.close();
    }
  });

  for (const mode of JS_MODES) {
    test(`officer, commissioner, administrator, placing officer and partner land on their homes (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      const signOut = () => page.clickAndCheck(() => page.page.locator('.app-account-bar').getByRole('button', { name: 'Sign out' }).click());
      try {
        await page.signIn(w.north.officer.email, w.north.officer.password);
        await checkFrame(page);
        const work = page.page.locator('.govuk-summary-list__row', { hasText: 'Reports from the public to triage' });
        assert.match(await work.innerText(), /1/);
        assert.match(await page.page.locator('.govuk-summary-list__row', { hasText: 'Services you lead with no risk rating' }).innerText(), /1/);
        await page.clickAndCheck(() => work.getByRole('link').click());
        assert.match(await page.page.title(), /^Reports from the public/);
        assert.equal(await page.page.locator('.govuk-service-navigation__item--active').innerText(), 'Your work');
        await signOut();

        await page.signIn(w.north.commissioner.email, w.north.commissioner.password);
        await checkFrame(page);
        assert.ok(await page.page.getByRole('heading', { name: 'Waiting for your approval' }).isVisible());
        assert.ok(await page.page.getByRole('heading', { name: 'The council’s figures' }).isVisible());
        await signOut();

        await page.signIn(w.north.admin.email, w.north.admin.password);
        await checkFrame(page);
        assert.ok(await page.page.getByRole('heading', { name: 'Administration', level: 2 }).isVisible());
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Administration' }).first().click());
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Your council’s brand: logo and footer links' }).click());
        await page.page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Upload logo' }).click());
        assert.match(await page.page.locator('.govuk-notification-banner').innerText(), /Logo uploaded/);
        assert.equal(await page.page.locator('header img.app-brand__logo').getAttribute('alt'), 'Northshire County Council logo');
        await page.page.getByLabel('Privacy notice').fill('https://www.northshire.example/privacy');
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Save' }).click());
        assert.equal(await page.page.locator('footer').getByRole('link', { name: 'Privacy notice' }).getAttribute('href'), 'https://www.northshire.example/privacy');
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Remove the logo' }).click());
        assert.equal(await page.page.locator('header img.app-brand__logo').count(), 0);
        await signOut();

        await page.signIn(w.north.placer.email, w.north.placer.password);
        assert.match(await page.page.title(), /^Live Status List/);
        await checkFrame(page);
        await signOut();

        await page.signIn(w.healthwatch.email, w.healthwatch.password);
        await checkFrame(page);
        assert.match(await page.page.locator('.govuk-summary-list__row', { hasText: 'Councils sharing their live status with you' }).innerText(), /1/);
        await page.clickAndCheck(() => page.page.locator('.govuk-summary-list__row', { hasText: 'Services on your Enter and View list' }).getByRole('link').click());
        assert.equal(await page.page.locator('.govuk-service-navigation__item--active').innerText(), 'Enter and View');
        await signOut();
      } finally {
        await page.close();
      }
    });
  }
});
