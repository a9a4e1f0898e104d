import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { setClock } from '../src/core/clock.ts';
import { completeAnswers, makeReturnsWorld } from '../test/support/returns-world.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';
import { assertErrors, mainText, squash } from './support/page-text.ts';


describe('a provider fills and sends a quarterly return in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: Awaited<ReturnType<typeof makeReturnsWorld>>;

  before(async () => {
    setClock('2026-12-06');
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    world = await makeReturnsWorld(server.store);
  });
  after(async () => {
    setClock(undefined);
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const mode of JS_MODES) {
    test(`home, start, one page per section with an error, check answers, declaration, send (${mode.name})`, async () => {
      // Each mode its own service, so the two journeys never meet.
      const service = mode.javaScriptEnabled
        ? { id: world.careHomeId, name: 'Oakwood House', key: 'care_homes' as const }
        : { id: world.homeCareId, name: 'Oakwood Home Care', key: 'community' as const };
      const answers = completeAnswers(service.key, { agency_hours_percent: 31 });
      const provider = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      const p = provider.page;
      try {
        await provider.signIn(world.provider.email, world.provider.password);
        assert.match(await mainText(p), new RegExp(`${service.name}: Q2 2026/27 return overdue, it was due by 31 October 2026`));

        await provider.clickAndCheck(() => p.getByRole('link', { name: 'Quarterly returns' }).first().click());
        await provider.clickAndCheck(() => p.getByRole('button', { name: `Start the return for ${service.name}` }).click());
        assert.equal(squash(await p.getByRole('heading', { level: 1 }).innerText()), 'Staff and vacancies');

        // A wrong value first: the error summary, and the message by the field.
        await p.getByLabel('Care staff posts filled').fill('lots');
        await provider.clickAndCheck(() => p.getByRole('button', { name: 'Save and continue' }).click());
        await assertErrors(p, ['The number of care staff posts filled must be a whole number']);
        assert.equal(await p.getByLabel('Care staff posts filled').inputValue(), 'lots');

        // Every section in turn.
        for (;;) {
          const heading = squash(await p.getByRole('heading', { level: 1 }).innerText());
          if (heading.startsWith('Check your answers')) break;
          for (const input of await p.locator('main form input[type="text"], main form input:not([type])').all()) {
            const name = (await input.getAttribute('name'))!;
            await input.fill(name in answers ? String(answers[name]) : '');
          }
          for (const key of Object.keys(answers)) {
            const yes = p.locator(`input[type="radio"][name="${key}"]`);
            if (await yes.count()) await p.locator(`input[name="${key}"][value="${answers[key] ? 'yes' : 'no'}"]`).check();
          }
          await provider.clickAndCheck(() => p.getByRole('button', { name: 'Save and continue' }).click());
        }
        assert.match(await mainText(p), /Agency hours as a percentage of all hours worked 31% Change/);

        await provider.clickAndCheck(() => p.getByRole('button', { name: 'Accept and send' }).click());
        await assertErrors(p, ['Confirm that the information is correct to the best of your knowledge']);
        await p.getByLabel('I confirm that the information in this return is correct to the best of my knowledge').check();
        await provider.clickAndCheck(() => p.getByRole('button', { name: 'Accept and send' }).click());
        const sent = await mainText(p);
        assert.match(sent, /Return sent to the council/);
        assert.match(sent, /Agency staff worked more than 20% of hours/);
        assert.match(sent, /Submitted/);
      } finally {
        await provider.close();
      }
    });
  }

  test('many by upload; the council queries one, accepts the amended version, and sees flags, trends, late list and proposals change (JavaScript off)', async () => {
    const row = (serviceId: string, key: 'care_homes' | 'community') => ({
      service_id: serviceId,
      year: 2026,
      quarter: 1,
      ...completeAnswers(key),
    });
    const rows = [row(world.careHomeId, 'care_homes'), row(world.homeCareId, 'community')];
    const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const csv = [
      header.join(','),
      ...rows.map((r) =>
        header
          .map((h) => {
            const v = (r as Record<string, unknown>)[h];
            return v === undefined ? '' : v === true ? 'Yes' : v === false ? 'No' : String(v as string | number);
          })
          .join(','),
      ),
    ].join('\n');

    const provider = await CheckedPage.open(browser, server.baseUrl, false);
    const officer = await CheckedPage.open(browser, server.baseUrl, false);
    const p = provider.page;
    const o = officer.page;
    try {
      await provider.signIn(world.provider.email, world.provider.password);
      await provider.goto('/returns/upload');
      await p.getByLabel('CSV or XLSX file').setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await provider.clickAndCheck(() => p.getByRole('button', { name: 'Upload and send' }).click());
      assert.match(await mainText(p), /2 returns were sent to the council/);

      await officer.signIn(world.council.officer.email, world.council.officer.password);
      // The flagged agency hours of Oakwood House's Q2 return feed the proposal for information from other sources.
      await officer.goto(`/services/${world.careHomeId}/risk/rate`);
      assert.match(
        await mainText(o),
        /Quarterly returns flagged in the last 6 months: Q2 2026\/27 \(Agency staff worked more than 20% of hours\)/,
      );
      // The late list: Elm Lodge has sent nothing for Q2.
      await officer.goto('/returns');
      assert.match(await mainText(o), /Elm Lodge Elm Homes Ltd .* Late/);
      // The trend: two quarters now, a chart per figure with its text alternative, and the table.
      await officer.goto(`/services/${world.careHomeId}`);
      assert.equal(await o.getByRole('img', { name: 'Agency hours' }).count(), 1);
      assert.match(await mainText(o), /Agency hours 5% 31% \(flagged\)/);

      // The council queries Oakwood House's return.
      await officer.goto('/returns');
      await officer.clickAndCheck(() => o.getByRole('link', { name: 'Oakwood House' }).click());
      await o.getByLabel('Or ask the provider a question').fill('Agency hours of 31% look high: please check the figure.');
      await officer.clickAndCheck(() => o.getByRole('button', { name: 'Send question' }).click());
      assert.match(await mainText(o), /Queried/);

      // The provider sees the question at home, amends the figure and sends the return again.
      await provider.goto('/');
      assert.match(await mainText(p), /Oakwood House: the council has a question about your Q2 2026\/27 return/);
      await provider.goto('/returns');
      await provider.clickAndCheck(() =>
        p
          .getByRole('link', { name: /Oakwood House/ })
          .first()
          .click(),
      );
      await provider.clickAndCheck(() => p.getByRole('button', { name: 'Amend and send again' }).click());
      for (;;) {
        const heading = squash(await p.getByRole('heading', { level: 1 }).innerText());
        if (heading.startsWith('Check your answers')) break;
        if (await p.getByLabel('Agency hours as a percentage of all hours worked').count())
          await p.getByLabel('Agency hours as a percentage of all hours worked').fill('12');
        await provider.clickAndCheck(() => p.getByRole('button', { name: 'Save and continue' }).click());
      }
      await p.getByLabel('I confirm that the information in this return is correct to the best of my knowledge').check();
      await provider.clickAndCheck(() => p.getByRole('button', { name: 'Accept and send' }).click());
      assert.match(await mainText(p), /Return sent to the council/);

      // The council accepts version 2; its flags are gone, and so is the proposal's reason.
      await officer.goto('/returns');
      await officer.clickAndCheck(() => o.getByRole('link', { name: 'Oakwood House' }).click());
      assert.match(await mainText(o), /version 2/i);
      await officer.clickAndCheck(() => o.getByRole('button', { name: 'Accept the return' }).click());
      assert.match(await mainText(o), /Accepted/);
      await officer.goto(`/services/${world.careHomeId}/risk/rate`);
      assert.doesNotMatch(await mainText(o), /Quarterly returns flagged/);
      assert.match(await mainText(o), /No intelligence from other sources in the last 6 months/);
    } finally {
      await provider.close();
      await officer.close();
    }
  });

  test('the council’s administrator sets thresholds and edits a template on pages (JavaScript off)', async () => {
    const admin = await CheckedPage.open(browser, server.baseUrl, false);
    const a = admin.page;
    try {
      await admin.signIn(world.council.admin.email, world.council.admin.password);
      await admin.goto('/returns/settings');
      await a.getByLabel('Agency hours are above this percentage of hours worked').fill('150');
      await admin.clickAndCheck(() => a.getByRole('button', { name: 'Save settings' }).click());
      await assertErrors(a, ['The agency hours threshold must be between 0 and 100']);
      await a.getByLabel('Agency hours are above this percentage of hours worked').fill('25');
      await admin.clickAndCheck(() => a.getByRole('button', { name: 'Save settings' }).click());
      assert.match(await mainText(a), /The settings for returns were saved/);

      await admin.goto('/returns/templates');
      await admin.clickAndCheck(() =>
        a
          .getByRole('link', { name: /care homes/i })
          .first()
          .click(),
      );
      await admin.clickAndCheck(() => a.getByRole('link', { name: 'Add a question to Staff and vacancies' }).click());
      await a.getByLabel('Key of the answer').fill('night_staff_vacant');
      await a.getByLabel('Whole number').check();
      await a.getByLabel('Question', { exact: true }).fill('Night staff posts vacant');
      await a.getByLabel('No', { exact: true }).check();
      await admin.clickAndCheck(() => a.getByRole('button', { name: 'Save as a new version' }).click());
      const page = await mainText(a);
      assert.match(page, /Saved as version 2, for returns from Q3 2026\/27/);
      assert.match(page, /Night staff posts vacant/);

      // Half-yearly from the next period: on 6 December (Q3) that is Q4, and the page says so.
      await admin.goto('/returns/settings');
      await a.getByLabel('Every half year').check();
      await admin.clickAndCheck(() => a.getByRole('button', { name: 'Save settings' }).click());
      assert.match(await mainText(a), /Quarterly returns up to the quarter ending Q3 2026\/27; half-yearly returns from Q4 2026\/27 on\./);
    } finally {
      await admin.close();
    }
  });
});
