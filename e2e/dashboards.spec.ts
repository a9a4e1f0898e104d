import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { setClock } from '../src/core/clock.ts';
import { TODAY, makeDashboardsWorld, type DashboardsWorld } from '../test/support/dashboards-world.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';
import { mainText, squash } from './support/page-text.ts';


describe('the dashboards in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: DashboardsWorld;

  before(async () => {
    setClock(TODAY);
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    world = await makeDashboardsWorld(server.store);
  });
  after(async () => {
    setClock(undefined);
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const mode of JS_MODES) {
    test(`a commissioner reads both dashboards, filters them, and changes the yearly visits target (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      const p = page.page;
      try {
        await page.signIn(world.north.commissioner.email, world.north.commissioner.password);
        await page.goto('/');
        await page.clickAndCheck(() => p.getByRole('link', { name: 'Reports', exact: true }).click());
        await page.clickAndCheck(() => p.getByRole('link', { name: 'Care homes dashboard' }).click());
        assert.equal(squash(await p.getByRole('heading', { level: 1 }).innerText()), 'Care homes dashboard');

        // Each chart is an image named by its title, with its figures in words, beside a table of the same figures.
        const escalation = p.getByRole('img', { name: 'Services under escalation' });
        assert.equal(await escalation.getAttribute('aria-labelledby'), 'chart-escalation-title chart-escalation-desc');
        assert.equal(await p.locator('#chart-escalation-desc').textContent(), 'Suspended: 2; In the concerns procedure: 1; Under contract remedies: 1.');
        const table = p.getByRole('table', { name: 'Services under escalation' });
        assert.match(squash(await table.innerText()), /Beds in suspended homes 60/);

        // Filters: a GET form that works without JavaScript.
        await p.getByLabel('Team', { exact: true }).selectOption('North team');
        await p.getByLabel('Period', { exact: true }).selectOption('2025-q4');
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Apply filters' }).click());
        assert.match(p.url(), /team=North\+team/);
        const filtered = await mainText(p);
        assert.match(filtered, /Q4 2025\/26: 1 January 2026 to 31 March 2026\. Filtered to: team North team\./);
        assert.match(squash(await p.getByRole('table', { name: 'Services under escalation' }).innerText()), /Beds in suspended homes 40/);

        // Read at 200 % zoom (a 1280-pixel window at twice the size): nothing scrolls sideways, the charts fit.
        await p.setViewportSize({ width: 640, height: 900 });
        assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling');
        const box = await p.getByRole('img', { name: 'Services by CQC overall rating' }).boundingBox();
        assert.ok(box && box.width <= 640 && box.width > 200, `the chart fits the window (${box?.width})`);
        await p.setViewportSize({ width: 1280, height: 900 });

        await page.clickAndCheck(() => p.getByRole('link', { name: 'Performance dashboard' }).click());
        assert.match(await mainText(p), /Visits made per officer \(yearly target 300\)/);
        assert.equal(await p.locator('#chart-visits-desc').textContent(), 'Ann North: 3; Bob South: 1; Test officer: 0. Target to date: 291.');
        assert.match(squash(await p.getByRole('table', { name: 'Full assessments overdue against the risk regime' }).innerText()), /Elm View 20 November 2025 120/);

        await p.getByLabel('Lead officer', { exact: true }).selectOption({ label: 'Bob South' });
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Apply filters' }).click());
        assert.match(await mainText(p), /Filtered to: lead officer Bob South\./);

        // The yearly target: a wrong value is explained; a right one shows on the dashboard.
        await page.clickAndCheck(() => p.getByRole('link', { name: 'Change the yearly visits target' }).click());
        const target = mode.javaScriptEnabled ? '280' : '320';
        await p.getByLabel('Yearly visits target').fill('many');
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Save target' }).click());
        assert.match(await p.title(), /^Error: /);
        assert.match(await mainText(p), /Enter the number of visits each officer should make in a year/);
        await p.getByLabel('Yearly visits target').fill(target);
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Save target' }).click());
        assert.match(await mainText(p), new RegExp(`Visits made per officer \\(yearly target ${target}\\)`));

        // The downloads are links to the same figures.
        const pdf = await p.request.get(await p.getByRole('link', { name: 'PDF of the performance dashboard' }).getAttribute('href').then(String));
        assert.equal(pdf.headers()['content-type'], 'application/pdf');
      } finally {
        await page.close();
      }
      // The next journey starts from the default target.
      await server.store.asSystem((tx) => tx.deleteFrom('report_settings').execute());
    });
  }
});
