import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeAssessmentWorld } from '../test/support/assessment-world.ts';
import { assessmentsServices } from '../src/assessments/index.ts';
import { setClock } from '../src/core/clock.ts';
import { publishedOn } from '../src/reports/reports.test-support.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

describe('a commissioner takes the quarterly summary in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    world = await makeAssessmentWorld(server.store);
    const services = assessmentsServices(server.store);
    const people = { officer: world.council.officer.actor, commissioner: world.council.commissioner.actor };
    const target = { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId };
    await publishedOn(services, people, target, 'good', { visited: '2018-01-10', published: '2018-01-12' });
    await publishedOn(services, people, { ...target, serviceId: world.elmLodgeId }, 'requires_improvement', { visited: '2018-02-10', published: '2018-02-14' });
    // The last quarter that has ended is Q4 2017/18: the page shows it without being asked.
    setClock('2018-04-16');
  });
  after(async () => {
    setClock(undefined);
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const mode of JS_MODES) {
    test(`from Reports to the records behind a figure, the commentary and the PDF (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await page.signIn(world.council.commissioner.email, world.council.commissioner.password);
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Reports', exact: true }).click());
        // The Reports start page offers the last quarter that has ended (the clock stands at 16 April 2018).
        await page.clickAndCheck(() => page.page.getByRole('link', { name: /^Q4 2017\/18 \(1 January to 31 March 2018\)/ }).click());
        assert.equal(await page.page.title(), 'Quality monitoring summary: Q4 2017/18 – Care Oversight');
        const homes = page.page.locator('#care_home_older_people');
        assert.match(await homes.innerText(), /Percent good or better\s+50\.0%/);

        await page.clickAndCheck(() => homes.getByRole('row', { name: /^Reports published/ }).getByRole('link').click());
        assert.match(await page.page.locator('h1').innerText(), /Care home for older people: the records behind the figures/);
        assert.equal(await page.page.locator('table a[href^="/assessments/"]').count(), 2);
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Back' }).click());

        await page.clickAndCheck(() => page.page.getByRole('link', { name: /the commentary for Care home for older people/ }).click());
        await page.page.getByLabel('What the lead team says about this quarter').fill('');
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Save the commentary' }).click());
        assert.match(await page.page.locator('.govuk-error-summary').innerText(), /Enter the commentary/);
        await page.page.getByLabel('What the lead team says about this quarter').fill(`One home in two was good or better (${mode.name}).`);
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Save the commentary' }).click());
        assert.match(await page.page.locator('#care_home_older_people').innerText(), new RegExp(`One home in two was good or better \\(${mode.name}\\)\\.`));

        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Compare with neighbouring councils' }).click());
        assert.match(await page.page.locator('h1').innerText(), /Benchmarking with neighbours/);
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Back' }).click());

        const [download] = await Promise.all([page.page.waitForEvent('download'), page.page.getByRole('link', { name: /^Download the summary as PDF/ }).click()]);
        assert.equal(download.suggestedFilename(), 'quality-monitoring-summary-q4-2017-18.pdf');
      } finally {
        await page.close();
      }
    });
  }
});
