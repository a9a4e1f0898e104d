import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { setClock } from '../src/core/clock.ts';
import { makeFeeBandsWorld } from '../test/support/fee-bands-world.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';
import { assertErrors, mainText } from './support/page-text.ts';


const BANDS: [string, string, string][] = [
  ['Band 1', '0', '520'],
  ['Band 2', '55', '560'],
  ['Band 3', '65', '600'],
  ['Band 4', '78', '640'],
  ['Band 5', '90', '690'],
];

describe('a commissioner sets a year’s fee bands from the audits in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;

  before(async () => {
    setClock('2026-12-06');
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
  });
  after(async () => {
    setClock(undefined);
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const mode of JS_MODES) {
    test(`bands, one override, one capped home, approval and the export (${mode.name})`, async () => {
      // Each mode its own councils, so the two journeys never meet.
      const world = await makeFeeBandsWorld(server.store);
      const commissioner = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      const p = commissioner.page;
      try {
        await commissioner.signIn(world.council.commissioner.email, world.council.commissioner.password);
        await commissioner.clickAndCheck(() => p.getByRole('link', { name: 'Market' }).first().click());
        await commissioner.clickAndCheck(() => p.getByRole('link', { name: 'This year’s fee bands' }).click());
        assert.match(await mainText(p), /The bands and fees for 2026\/27 have not been set yet/);
        await commissioner.clickAndCheck(() => p.getByRole('link', { name: 'Set the bands and fees for 2026/27' }).click());

        // A mistake first: the error summary, and what was typed kept.
        for (const [n, [label, percent, fee]] of BANDS.entries()) {
          await p.getByLabel(`Name of band ${n + 1}`, { exact: true }).fill(label);
          await p.getByLabel(`Lowest overall percent of band ${n + 1}`).fill(n === 2 ? '50' : percent);
          await p.getByLabel(`Weekly fee of band ${n + 1} in pounds`).fill(fee);
        }
        await commissioner.clickAndCheck(() => p.getByRole('button', { name: 'Save the bands' }).click());
        await assertErrors(p, ['The lowest percent of band 3 must be more than that of band 2 (55%)']);
        await p.getByLabel('Lowest overall percent of band 3').fill('65');
        await commissioner.clickAndCheck(() => p.getByRole('button', { name: 'Save the bands' }).click());

        const proposed = await mainText(p);
        assert.match(proposed, /The bands were saved/);
        assert.match(proposed, /Oakwood House .* Annual audit on 14 January 2026 scored 82%: band 4 \(from 78%\)/);
        // Elm Lodge scored 91% but its placements are suspended: capped at the lowest band.
        assert.match(proposed, /Elm Lodge .*Capped .*because new placements are suspended/);
        assert.match(proposed, /Birch Court .*No audit since 1 April 2025 and no band last year: choose a band/);

        // Approval waits for Birch Court's band.
        await commissioner.clickAndCheck(() => p.getByRole('button', { name: 'Approve the 2026/27 schedule' }).click());
        await assertErrors(p, ['Choose a band for Birch Court before approving']);

        await commissioner.clickAndCheck(() => p.getByRole('link', { name: 'Change the band of Birch Court' }).click());
        await p.getByLabel('Band 3 (from 65%)').check();
        await commissioner.clickAndCheck(() => p.getByRole('button', { name: 'Save the band' }).click());
        await assertErrors(p, ['Enter why the home gets this band']);
        await p.getByLabel('Why does the home get this band?').fill('Audit postponed by an outbreak; sound CQC report in May');
        await commissioner.clickAndCheck(() => p.getByRole('button', { name: 'Save the band' }).click());
        assert.match(await mainText(p), /Band 3 Overridden/);

        await commissioner.clickAndCheck(() => p.getByRole('button', { name: 'Approve the 2026/27 schedule' }).click());
        const approved = await mainText(p);
        assert.match(approved, /The schedule was approved/);
        assert.match(approved, /Version 1, by /);

        const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('link', { name: 'Download the schedule as CSV' }).click()]);
        assert.equal(download.suggestedFilename(), 'fee-bands-2026.csv');
        const lines = readFileSync(await download.path()).toString('utf8').trim().split('\r\n');
        assert.equal(lines[0], 'Service,Provider,CQC location id,Type,Band,Weekly fee,Effective from,Changed since last year,Approved');
        assert.deepEqual(lines.slice(1).sort(), [
          'Birch Court,Oakwood Care Ltd,1-300000001,Nursing dementia,3,600.00,2026-04-01,Yes,Yes',
          'Elm Lodge,Elm Homes Ltd,,Residential,1,520.00,2026-04-01,Yes,Yes',
          'Oakwood House,Oakwood Care Ltd,,Residential,4,640.00,2026-04-01,Yes,Yes',
        ]);
      } finally {
        await commissioner.close();
      }

      // The provider sees its own homes' bands and reasons, not its rival's.
      const provider = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await provider.signIn(world.provider.email, world.provider.password);
        await provider.clickAndCheck(() => provider.page.getByRole('link', { name: 'Fee bands' }).first().click());
        const own = await mainText(provider.page);
        assert.match(own, /Birch Court .*Band 3 .*The council chose this band: Audit postponed by an outbreak/);
        assert.match(own, /Oakwood House .*Band 4/);
        assert.doesNotMatch(own, /Elm Lodge/);
      } finally {
        await provider.close();
      }
    });
  }
});
