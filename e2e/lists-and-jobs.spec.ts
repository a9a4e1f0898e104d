import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { makeCouncil } from '../test/support/fixtures.ts';
import { directory2025, toCsv } from '../src/cqc/cqc.test-support.ts';
import { makeService } from '../src/risk/risk.test-support.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

/**
 * Long lists and long work in a real browser: the risk register paged, sorted, filtered and downloaded; a
 * CQC file uploaded, its progress page, then its result. JavaScript on and off; axe on every page.
 */
describe('lists people work with, and an upload that shows its progress, in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let council: Awaited<ReturnType<typeof makeCouncil>>;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    council = await makeCouncil(server.store, 'Listmoor County Council');
    for (let i = 1; i <= 55; i += 1) await makeService(server.store, council.org.id, { name: `Home ${String(i).padStart(2, '0')}`, leadOfficerId: council.officer.actor.userId });
  });
  after(async () => {
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  /** Checks markup with axe in a scripted page of its own (for a page that may reload itself while being checked). */
  async function checkMarkup(html: string) {
    const checker = await (await browser.newContext({ baseURL: server.baseUrl })).newPage();
    try {
      await checker.goto('/healthz');
      await checker.setContent(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ''), { waitUntil: 'load' });
      const results = await new AxeBuilder({ page: checker }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.help}`), []);
    } finally {
      await checker.context().close();
    }
  }

  for (const mode of JS_MODES) {
    test(`the risk register: pages, sorting, a filter and the download (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await page.signIn(council.officer.email, council.officer.password);
        await page.goto('/risk-register');
        assert.match(await page.page.locator('main').innerText(), /55 services, page 1 of 2/);
        await page.clickAndCheck(() => page.page.getByRole('link', { name: /^Next/ }).click());
        assert.match(page.page.url(), /\/risk-register\?page=2$/);
        assert.equal(await page.page.locator('tbody tr').count(), 5);

        // A header is a link that sorts on the server (a paged table is not sorted in the browser).
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Service', exact: true }).click());
        assert.match(page.page.url(), /sort=service&order=asc/);
        assert.equal(await page.page.locator('tbody tr').first().locator('td').first().locator('a').innerText(), 'Home 01');
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Service', exact: true }).click());
        assert.match(page.page.url(), /sort=service&order=desc/);
        assert.equal(await page.page.locator('tbody tr').first().locator('td').first().locator('a').innerText(), 'Home 55');
        assert.equal(await page.page.locator('th[aria-sort="descending"]').innerText(), 'Service');

        await page.page.getByLabel('Band').selectOption({ label: 'Not rated' });
        await page.clickAndCheck(() => page.page.getByRole('button', { name: 'Apply filters' }).click());
        assert.match(page.page.url(), /band=unrated/);
        assert.match(page.page.url(), /sort=service&order=desc/, 'the filter keeps the order');

        const [download] = await Promise.all([page.page.waitForEvent('download'), page.page.getByRole('link', { name: /Download these 55 services \(CSV\)/ }).click()]);
        assert.equal(download.suggestedFilename(), 'risk-register.csv');
        const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
        assert.equal(lines.length, 56);
        assert.ok(lines[1]!.startsWith('Home 55,'), lines[1]);
      } finally {
        await page.close();
      }
    });

    test(`a CQC upload shows its progress, then its result, and the result survives a reload (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await page.signIn(council.admin.email, council.admin.password);
        await page.goto('/admin/cqc-import');
        const { header, rows } = directory2025();
        await page.page.getByLabel('Import nothing, and list the rows to correct').check();
        await page.page.getByLabel('CQC file').setInputFiles({ name: `directory-${mode.javaScriptEnabled ? 'js' : 'nojs'}.csv`, mimeType: 'text/csv', buffer: Buffer.from(toCsv([header, ...rows.slice(0, 40)])) });
        await Promise.all([page.page.waitForNavigation(), page.page.getByRole('button', { name: 'Import file' }).click()]);
        assert.match(page.page.url(), /\/admin\/cqc-import\/[0-9a-f-]{36}$/);
        assert.doesNotMatch(page.page.url(), /_csrf/);
        const jobUrl = page.page.url();
        // The job is usually still waiting for a runner here; on the embedded database an import that has
        // started holds every other request until it ends, so the page may already show the result.
        const html = await page.page.content();
        if (html.includes('<title>Importing CQC data')) {
          assert.match(html, /Waiting to start|rows read|Reading the file|Starting/);
          await checkMarkup(html);
        }
        // Without JavaScript the page refreshes itself; with it, the script follows the progress and reloads.
        await page.page.getByRole('heading', { name: 'CQC data imported' }).waitFor({ timeout: 30_000 });
        await page.checkAccessibility();
        assert.match(await page.page.locator('main').innerText(), /Rows read\s+40/);
        await page.goto(jobUrl.replace(server.baseUrl, ''));
        assert.equal(await page.page.title(), 'CQC data imported – Care Oversight');
      } finally {
        await page.close();
      }
    });
  }
});
