import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeAssessmentWorld } from '../test/support/assessment-world.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

const csv = (text: string) => ({ name: 'pamms-2018.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

describe('a commissioner imports past assessment results in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    world = await makeAssessmentWorld(server.store);
    await server.store.asSystem(async (tx) => {
      await tx.updateTable('services').set({ cqc_location_id: '1-000000001' }).where('id', '=', world.careHomeId).execute();
      await tx.updateTable('services').set({ cqc_location_id: '1-000000002' }).where('id', '=', world.elmLodgeId).execute();
    });
  });
  after(async () => {
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const [index, mode] of JS_MODES.entries()) {
    test(`from the assessments list: no file, a file with a bad row, then a good file (${mode.name})`, async () => {
      const location = index === 0 ? '1-000000001' : '1-000000002';
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await page.signIn(world.council.commissioner.email, world.council.commissioner.password);
        await page.goto('/assessments');
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Import past results' }).click());
        assert.equal(await page.page.title(), 'Import past assessment results – Care Oversight');

        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Import file' }).click());
        assert.match(await page.page.locator('.govuk-error-summary').innerText(), /Select a CSV or XLSX file of past results/);

        await page.page.getByLabel('File of past results').setInputFiles(csv(`CQC location ID,Visited,Published,Overall band\n${location},2018-01-05,2018-02-01,Good\n${location},2018-01-05,2018-01-01,Good\n`));
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Import file' }).click());
        assert.equal(await page.page.getByRole('heading', { level: 1 }).innerText(), 'The file was not imported');
        assert.match(await page.page.getByRole('table').innerText(), /3\s+the date the report was published must be the same as or after the date of the visit \(5 January 2018\)/);

        await page.page.getByLabel('File of past results').setInputFiles(csv(`CQC location ID,Visited,Completed,Published,Overall band,Domain 1\n${location},2018-01-05,2018-01-20,2018-02-01,Requires improvement,Poor\n`));
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Import file' }).click());
        assert.match(await page.page.locator('.govuk-panel').innerText(), /Past results imported\s+1 result from pamms-2018\.csv/);

        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'See published assessments' }).click());
        await page.clickAndCheck(() => page.page.getByRole('link', { name: index === 0 ? 'Oakwood House' : 'Elm Lodge' }).click());
        assert.match(await page.page.locator('.govuk-inset-text').innerText(), /This result was imported from another system/);
      } finally {
        await page.close();
      }
    });
  }
});
