import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { setClock } from '../src/core/clock.ts';
import { makeMarketWorld } from '../test/support/market-world.ts';
import { CheckedPage, launchChromium, startServer } from './support/browser.ts';
import { assertErrors, mainText } from './support/page-text.ts';


describe('provider failure contingency in a real browser, JavaScript off', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: Awaited<ReturnType<typeof makeMarketWorld>>;

  before(async () => {
    setClock('2026-03-03');
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    world = await makeMarketWorld(server.store);
  });
  after(async () => {
    setClock(undefined);
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  test('records a CVA on a parent group and works its contingency plan across its branches, with neighbours alerted', async () => {
    const officer = await CheckedPage.open(browser, server.baseUrl, false);
    const p = officer.page;
    try {
      await officer.signIn(world.north.officer.email, world.north.officer.password);
      await officer.clickAndCheck(() => p.getByRole('link', { name: 'Market' }).first().click());
      await officer.clickAndCheck(() => p.getByRole('link', { name: 'Contingency plans' }).click());
      assert.match(await mainText(p), /There are no contingency plans/);
      await officer.clickAndCheck(() => p.getByRole('button', { name: 'Record a market event' }).click());

      // Nothing chosen: the error summary.
      await officer.clickAndCheck(() => p.getByRole('button', { name: 'Record and open the contingency plan' }).click());
      await assertErrors(p, ['Select the provider or group', 'Select what happened', 'Enter the date it happened', 'Enter where you heard of it', 'Enter a summary of what happened']);

      await p.getByLabel('Provider or group').selectOption({ label: 'Oakleaf Group (group of 1)' });
      await p.getByLabel('Company Voluntary Arrangement (CVA)').check();
      await p.getByLabel('Day').fill('2');
      await p.getByLabel('Month').fill('3');
      await p.getByLabel('Year').fill('2026');
      await p.getByLabel('Where you heard of it').fill('Companies House');
      await p.getByLabel('Summary').fill('The parent company applied for a Company Voluntary Arrangement.');
      await officer.clickAndCheck(() => p.getByRole('button', { name: 'Record and open the contingency plan' }).click());

      const plan = await mainText(p);
      assert.match(plan, /Market event recorded and contingency plan opened/);
      assert.match(plan, /Contingency plan: Oakleaf Group/);
      assert.match(plan, /Services we commission 3 services, 25 people funded, 90 beds/);
      assert.match(plan, /Services we do not commission 1 services, 60 beds/);
      assert.match(plan, /Neighbouring councils 1 services, 31 people funded/);
      assert.match(plan, /Westshire Council Oakleaf Home Care West/);
      assert.doesNotMatch(plan, /Oakleaf Home Care East/);
      assert.match(plan, /Visits: weekly/);
      const planUrl = p.url();

      // An action: first without an owner, then whole.
      await p.getByLabel('Action', { exact: true }).fill('Daily call with the branch manager');
      await officer.clickAndCheck(() => p.getByRole('button', { name: 'Add the action' }).click());
      await assertErrors(p, ['Enter who owns the action', 'Enter the date it is due by']);
      await p.getByLabel('Owner').fill('Integrated community support team');
      const due = p.getByRole('group', { name: 'Due by' });
      await due.getByLabel('Day').fill('10');
      await due.getByLabel('Month').fill('3');
      await due.getByLabel('Year').fill('2026');
      await officer.clickAndCheck(() => p.getByRole('button', { name: 'Add the action' }).click());
      assert.match(await mainText(p), /Daily call with the branch manager Integrated community support team 10 March 2026/);

      await p.getByRole('radio', { name: 'Monitoring' }).check();
      await officer.clickAndCheck(() => p.getByRole('button', { name: 'Change status' }).click());
      assert.match(await mainText(p), /Status changed/);

      // The branch's provider sends today's assurance statement from its home page.
      const provider = await CheckedPage.open(browser, server.baseUrl, false);
      const pp = provider.page;
      try {
        await provider.signIn(world.providerUser.email, world.providerUser.password);
        await provider.clickAndCheck(() => pp.getByRole('link', { name: 'View daily assurance statements due today' }).click());
        assert.doesNotMatch(await mainText(pp), /people funded|Westshire/i);
        await provider.clickAndCheck(() => pp.getByRole('link', { name: 'Send statement for Oak House, 3 March 2026' }).click());
        await provider.clickAndCheck(() => pp.getByRole('button', { name: 'Send statement' }).click());
        await assertErrors(pp, ['Select whether all planned care was delivered', 'Select whether staffing was safe', 'Enter the number of missed or late calls, 0 if none']);
        await pp.getByRole('group', { name: 'Was all planned care delivered?' }).getByLabel('Yes').check();
        await pp.getByRole('group', { name: 'Was staffing safe all day?' }).getByLabel('Yes').check();
        await pp.getByLabel('Missed or late calls').fill('2');
        await provider.clickAndCheck(() => pp.getByRole('button', { name: 'Send statement' }).click());
        assert.match(await mainText(pp), /Statement sent to the council/);
      } finally {
        await provider.close();
      }

      await officer.goto(planUrl.replace(server.baseUrl, ''));
      assert.match(await mainText(p), /Oak House 3 March 2026 to 16 March 2026 1 0 3 March 2026: care delivered, staffing safe, 2 missed or late calls/);

      // The event is on the branch's timeline.
      await officer.goto(`/services/${world.oakHouseId}/timeline`);
      assert.match(await mainText(p), /Company Voluntary Arrangement \(CVA\): Oakleaf Group/);
    } finally {
      await officer.close();
    }

    // The neighbouring council it shares alerts with has been alerted.
    const neighbour = await CheckedPage.open(browser, server.baseUrl, false);
    try {
      await neighbour.signIn(world.west.officer.email, world.west.officer.password);
      await neighbour.goto('/alerts');
      assert.match(await mainText(neighbour.page), /Company Voluntary Arrangement recorded, from 2 March 2026: every service of the provider group Oakleaf Group\. Council: Northshire County Council/);
    } finally {
      await neighbour.close();
    }
  });
});
