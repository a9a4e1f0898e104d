import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { makeCouncil } from '../test/support/fixtures.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

describe("an administrator downloads their council's backup in a real browser", () => {
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
    test(`from the Backup page (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await page.signIn(council.admin.email, council.admin.password);
        // Administrators' pages are reached from Administration (navigation by job, issue 15).
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Administration', exact: true }).first().click());
        await page.clickAndCheck(() => page.page.getByRole('link', { name: 'Backup', exact: true }).click());
        assert.equal(await page.page.title(), 'Back up your council’s records – Care Oversight');
        const [download] = await Promise.all([page.page.waitForEvent('download'), page.page.getByRole('button', { name: 'Download a backup' }).click()]);
        assert.match(download.suggestedFilename(), new RegExp(`^care-oversight-${council.org.code}-\\d{4}-\\d\\d-\\d\\d\\.jsonl\\.gz$`));
        const text = gunzipSync(readFileSync(await download.path())).toString('utf8');
        assert.equal((JSON.parse(text.slice(0, text.indexOf('\n'))) as { organisation: { id: string } }).organisation.id, council.org.id);
      } finally {
        await page.close();
      }
    });
  }
});
