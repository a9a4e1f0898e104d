import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeCouncil } from '../test/support/fixtures.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

describe('the provider and service register in a real browser', () => {
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
    test(`an officer adds a provider and a service, finds it, and reads its history (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      const p = page.page;
      const providerName = `Willow Care ${mode.javaScriptEnabled ? 'On' : 'Off'} Ltd`;
      const serviceName = `Willow Court ${mode.javaScriptEnabled ? 'On' : 'Off'}`;
      try {
        await page.signIn(council.officer.email, council.officer.password);

        await page.goto('/providers/new');
        await p.getByLabel('Name', { exact: true }).fill(providerName);
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Add provider' }).click());
        assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), providerName);

        await page.goto('/services/new');
        await p.getByLabel('Name', { exact: true }).fill(serviceName);
        await p.getByLabel('Provider', { exact: true }).selectOption({ label: providerName });
        await p.getByLabel('Care home for older people').check();
        await p.getByLabel('Postcode').fill('not a postcode');
        await p.getByLabel('Number of council-funded people').fill('12');
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Continue' }).click());
        assert.match(await p.title(), /^Error: /);
        const summary = await p.locator('.govuk-error-summary').innerText();
        assert.match(summary, /real postcode/);

        await p.getByLabel('Postcode').fill('sg13 8dq');
        await p.getByLabel('Beds (optional)').fill('40');
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Continue' }).click());
        assert.match(await p.locator('main').innerText(), /SG13 8DQ/);
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Add service' }).click());
        assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), serviceName);

        await page.goto('/services');
        await p.getByLabel('Search').fill(serviceName);
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Apply filters' }).click());
        await page.clickAndCheck(() => p.getByRole('link', { name: serviceName }).click());
        await page.clickAndCheck(() => p.getByRole('link', { name: /history/i }).first().click());
        assert.match(await p.locator('main').innerText(), /Test officer/);
      } finally {
        await page.close();
      }
    });
  }
});
