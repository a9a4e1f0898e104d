import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { setClock } from '../src/core/clock.ts';
import { completeAnswers, makeReturnsWorld } from '../test/support/returns-world.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const mainText = async (p: Page) => squash(await p.getByRole('main').innerText());

async function assertErrors(p: Page, messages: string[]) {
  assert.match(await p.title(), /^Error: /);
  const summary = p.getByRole('alert').filter({ has: p.getByRole('heading', { name: 'There is a problem' }) });
  assert.deepEqual((await summary.getByRole('listitem').allInnerTexts()).map(squash), messages);
}

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
      const service = mode.javaScriptEnabled ? { id: world.careHomeId, name: 'Oakwood House', key: 'care_homes' as const } : { id: world.homeCareId, name: 'Oakwood Home Care', key: 'community' as const };
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
});
