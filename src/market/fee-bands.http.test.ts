import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { makeFeeBandsWorld } from '../../test/support/fee-bands-world.ts';
import type { TestUser } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

const BANDS = {
  label1: 'Band 1', minPercent1: '0', weeklyFee1: '520',
  label2: 'Band 2', minPercent2: '55', weeklyFee2: '560',
  label3: 'Band 3', minPercent3: '65', weeklyFee3: '600',
  label4: 'Band 4', minPercent4: '78', weeklyFee4: '£640.00', fee4_nursing_dementia: '810',
  label5: 'Band 5', minPercent5: '90', weeklyFee5: '690',
  suspendedCapsAtLowest: 'yes', cqcInadequateCapsAtLowest: 'yes', noAuditKeepsLastYear: 'yes',
};

for (const database of testDatabases()) {
  describe(`fee band pages (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeFeeBandsWorld>>;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store));
      w = await makeFeeBandsWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const as = async (user: TestUser) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client;
    };

    test('a commissioner is invited to set the bands; the form shows its errors in a summary', async () => {
      const page = await as(w.council.commissioner);
      const list = await page.get('/fee-bands?year=2026');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /have not been set yet/);
      assert.match(list.body, /href="\/fee-bands\/scheme\?year=2026"/);
      const form = await page.get('/fee-bands/scheme?year=2026');
      assert.equal(form.statusCode, 200);
      const bad = await page.post('/fee-bands/scheme', { year: '2026', ...BANDS, minPercent2: 'lots' }, { from: '/fee-bands/scheme?year=2026' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>Error: /);
      assert.match(bad.body, /There is a problem/);
      assert.match(bad.body, /href="#minPercent2">Enter the lowest percent of band 2 as a number/);
      assert.match(bad.body, /value="lots"/);
      const blank = await page.post('/fee-bands/scheme', { year: '2026', ...BANDS, weeklyFee5: '', label6: 'Band 6' }, { from: '/fee-bands/scheme?year=2026' });
      assert.equal(blank.statusCode, 400);
      assert.match(blank.body, /href="#weeklyFee5">Enter the weekly fee of band 5 in pounds/);
      assert.match(blank.body, /href="#minPercent6">Enter the lowest percent of band 6/);
      // The rows the schema accepts are then checked as a scheme: band 3 must start above band 2.
      const falling = await page.post('/fee-bands/scheme', { year: '2026', ...BANDS, minPercent3: '50' }, { from: '/fee-bands/scheme?year=2026' });
      assert.equal(falling.statusCode, 400);
      assert.match(falling.body, /href="#minPercent3">The lowest percent of band 3 must be more than that of band 2/);
    });

    test('saving the bands shows every care home’s proposal, reason and fee', async () => {
      const page = await as(w.council.commissioner);
      const saved = await page.post('/fee-bands/scheme', { year: '2026', ...BANDS }, { from: '/fee-bands/scheme?year=2026' });
      assert.equal(saved.statusCode, 303);
      const list = await page.get(saved.headers.location as string);
      assert.match(list.body, /The bands were saved/);
      assert.match(list.body, /Annual audit on 14 January 2026 scored 82%: band 4 \(from 78%\)/);
      assert.match(list.body, /capped at the lowest band, band 1, because new placements are suspended/);
      assert.match(list.body, /No audit since 1 April 2025 and no band last year: choose a band/);
      assert.match(list.body, /£640/);
      assert.doesNotMatch(list.body, /Oakwood Home Care|South View/);
      const again = await page.get('/fee-bands/scheme?year=2026');
      assert.match(again.body, /name="fee4_nursing_dementia"[^>]*value="810.00"/);
    });

    test('approving before every home has a band is refused on the page, with the reason', async () => {
      const page = await as(w.council.commissioner);
      const refused = await page.post('/fee-bands/approve', { year: '2026' }, { from: '/fee-bands?year=2026' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /href="#approve">Choose a band for Birch Court before approving/);
    });

    test('an override needs a band and a reason; then the schedule is approved', async () => {
      const page = await as(w.council.commissioner);
      const url = `/fee-bands/${w.birchCourtId}/override?year=2026`;
      const form = await page.get(url);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Choose the band of Birch Court/);
      const bad = await page.post(`/fee-bands/${w.birchCourtId}/override`, { year: '2026', band: '4', reason: '' }, { from: url });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#reason">Enter why the home gets this band/);
      const ok = await page.post(`/fee-bands/${w.birchCourtId}/override`, { year: '2026', band: '4', reason: 'Audit postponed by an outbreak' }, { from: url });
      assert.equal(ok.statusCode, 303);
      const approved = await page.post('/fee-bands/approve', { year: '2026' }, { from: '/fee-bands?year=2026' });
      assert.equal(approved.statusCode, 303);
      const list = await page.get(approved.headers.location as string);
      assert.match(list.body, /The schedule was approved/);
      assert.match(list.body, /Version 1, by /);
      assert.match(list.body, /Overridden: Audit postponed by an outbreak/);
      const csv = await page.get('/fee-bands.csv?year=2026');
      assert.match(csv.headers['content-type'] as string, /text\/csv/);
      assert.match(csv.body, /Birch Court,Oakwood Care Ltd,1-300000001,Nursing dementia,4,810.00/);
      const xlsx = await page.get('/fee-bands.xlsx?year=2026');
      assert.match(xlsx.headers['content-type'] as string, /spreadsheetml/);
    });

    test('an officer reads the schedule but is not offered, nor allowed, the commissioner’s actions', async () => {
      const page = await as(w.council.officer);
      const list = await page.get('/fee-bands?year=2026');
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /Approve the/);
      assert.equal((await page.get('/fee-bands/scheme?year=2026')).statusCode, 403);
      assert.equal((await page.get(`/fee-bands/${w.birchCourtId}/override?year=2026`)).statusCode, 403);
      const placer = await as(w.council.placer);
      assert.equal((await placer.get('/fee-bands?year=2026')).statusCode, 403);
    });

    test('another council’s commissioner cannot open this council’s homes', async () => {
      const page = await as(w.other.commissioner);
      assert.equal((await page.get(`/fee-bands/${w.careHomeId}/override?year=2026`)).statusCode, 404);
      const list = await page.get('/fee-bands?year=2026');
      assert.doesNotMatch(list.body, /Oakwood House|Elm Lodge/);
    });

    test('a provider sees its own homes’ bands and reasons, not its rival’s', async () => {
      const page = await as(w.provider);
      const list = await page.get('/fee-bands?year=2026');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Oakwood House/);
      assert.match(list.body, /Birch Court/);
      assert.match(list.body, /The council chose this band: Audit postponed by an outbreak/);
      assert.doesNotMatch(list.body, /Elm Lodge/);
      assert.equal((await page.get('/fee-bands/scheme?year=2026')).statusCode, 403);
      const rival = await as(w.rival);
      const theirs = await rival.get('/fee-bands?year=2026');
      assert.match(theirs.body, /Elm Lodge/);
      assert.doesNotMatch(theirs.body, /Oakwood House|Birch Court/);
    });
  });
}
