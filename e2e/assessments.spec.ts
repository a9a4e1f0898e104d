import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { makeAssessmentWorld } from '../test/support/assessment-world.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

describe('quality assessments in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    world = await makeAssessmentWorld(server.store);
  });
  after(async () => {
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const mode of JS_MODES) {
    test(`an officer starts an assessment, saves a domain, checks answers; the public page and framework admin (${mode.name})`, async () => {
      const page = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      const p = page.page;
      try {
        await page.signIn(world.council.officer.email, world.council.officer.password);
        await page.goto(`/services/${world.careHomeId}/assessments/new`);
        await p.getByLabel(/Care homes quality framework/).check();
        await p.getByLabel('Day').fill('2');
        await p.getByLabel('Month').fill('11');
        await p.getByLabel('Year').fill('2026');
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Start' }).click());
        assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), 'Full assessment');

        await page.clickAndCheck(() => p.getByRole('link', { name: /Involvement and information/ }).click());
        const firstQuestion = p.getByRole('group', { name: /^1\.1 / });
        await firstQuestion.getByLabel('Met in full').check();
        await p.getByLabel('Evidence for 1.1 (optional)').fill('Every plan sampled records the person’s views.');
        await p.getByLabel('Source of the evidence for 1.1').selectOption({ label: 'Records' });
        await page.clickAndCheck(() => p.getByRole('button', { name: 'Save and return to the task list' }).click());
        assert.match(await p.locator('main').innerText(), /1 of 6 questions answered/);
        assert.match(await p.locator('main').innerText(), /100%/);

        await page.goto(`/public/services/${world.careHomeId}`);
        assert.match(await p.locator('main').innerText(), /No published assessment/);

        const admin = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
        try {
          await admin.signIn(world.council.admin.email, world.council.admin.password);
          await admin.goto('/admin/frameworks');
          await admin.clickAndCheck(() => admin.page.getByRole('link', { name: 'Care at home quality framework' }).click());
          await admin.clickAndCheck(() => admin.page.getByRole('link', { name: 'Version 1' }).click());
          assert.match(await admin.page.locator('main').innerText(), /Published versions cannot be changed/);
        } finally {
          await admin.close();
        }
      } finally {
        await page.close();
      }
    });
  }
});
