import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { PageClient, testApp } from '../../test/support/http.ts';
import { makeProvider, makeService } from '../providers/register.test-support.ts';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const HOSTILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
<script>alert(2)</script><rect width="10" height="10" fill="#005ea5" onclick="alert(3)"/><a xlink:href="javascript:alert(4)"><text>x</text></a>
<image href="https://tracker.example/pixel.png"/><foreignObject><p>html</p></foreignObject></svg>`;

/** No page of a council's service may carry GOV.UK's crown, crest, logotype, typeface or Crown copyright. */
function assertNotGovuk(body: string, where: string) {
  for (const mark of [/crown/i, /govuk-logo/, /govuk-header__logotype/, /coat of arms/i, /GDS Transport/, /Open Government Licence/, /\/assets\/images\//]) {
    assert.doesNotMatch(body, mark, `${where} carries ${String(mark)}`);
  }
}

for (const database of testDatabases()) {
  describe(`the council's own brand (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let admin: PageClient;

    before(async () => {
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      a = await makeCouncil(store, 'Northmoor County Council');
      admin = new PageClient(app);
      await admin.signIn(a.admin.email, a.admin.password);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('with one council, public pages name it, and no page or stylesheet is GOV.UK’s', async () => {
      const visitor = new PageClient(app);
      for (const url of [paths.home, paths.signIn, paths.concerns.start, paths.privacy, paths.contact, paths.accessibility]) {
        const page = await visitor.get(url);
        assert.equal(page.statusCode, 200, url);
        assertNotGovuk(page.body, url);
        assert.match(page.body, /<span class="app-brand__council">Northmoor County Council<\/span>/, url);
      }
      const signedIn = await admin.get(paths.services.list);
      assertNotGovuk(signedIn.body, 'a signed-in page');
      const css = await visitor.get('/assets/govuk-frontend.min.css');
      assert.equal(css.statusCode, 200);
      assert.match(css.headers['content-type'] as string, /^text\/css/);
      assert.doesNotMatch(css.body, /GDS Transport|@font-face/);
      assert.match(css.body, /font-family:arial,sans-serif/);
      assert.equal((await visitor.get('/assets/images/govuk-crest.svg')).statusCode, 404);
      assert.equal((await visitor.get('/assets/fonts/bold-b542beb274-v2.woff2')).statusCode, 404);
    });

    test('the footer links to this service’s own pages until the council sets its own', async () => {
      const page = await admin.get(paths.home);
      for (const [href, text] of [['/privacy', 'Privacy notice'], ['/accessibility', 'Accessibility statement'], ['/contact', 'Contact']]) {
        assert.match(page.body, new RegExp(`<a class="govuk-footer__link" href="${href}">${text}</a>`));
      }
      const refused = await admin.post(paths.admin.brand, { privacyUrl: 'javascript:alert(1)', accessibilityUrl: '', contactUrl: 'help@northmoor', logoAlt: '' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Enter privacy notice as a full web address/);
      assert.match(refused.body, /Enter contact as a full web address/);
      assert.match(refused.body, /value="javascript:alert\(1\)"/, 'what was typed is kept');

      const saved = await admin.post(paths.admin.brand, {
        privacyUrl: 'https://www.northmoor.gov.uk/privacy/care-oversight',
        accessibilityUrl: '',
        contactUrl: 'mailto:care.oversight@northmoor.gov.uk',
        logoAlt: '',
      });
      assert.equal(saved.statusCode, 303);
      const after = await admin.get(paths.services.list);
      assert.match(after.body, /href="https:\/\/www.northmoor.gov.uk\/privacy\/care-oversight">Privacy notice</);
      assert.match(after.body, /href="\/accessibility">Accessibility statement</);
      assert.match(after.body, /href="mailto:care.oversight@northmoor.gov.uk">Contact</);

      // Another council keeps its own (here, the defaults); and with two councils the public sees no council's.
      b = await makeCouncil(store, 'Southfen District Council');
      const other = new PageClient(app);
      await other.signIn(b.officer.email, b.officer.password);
      const theirs = await other.get(paths.services.list);
      assert.match(theirs.body, /href="\/privacy">Privacy notice</);
      assert.match(theirs.body, /<span class="app-brand__council">Southfen District Council<\/span>/);
      assert.doesNotMatch((await new PageClient(app).get(paths.signIn)).body, /app-brand__council/);
      // … but a public page about one service names the council the service belongs to.
      const provider = await makeProvider(store, b.org.id);
      const service = await makeService(store, b.org.id, provider.id, { name: 'Fen View' });
      for (const url of [paths.public.service(service.id), `/report-a-concern/care-service?serviceId=${service.id}`]) {
        const page = await new PageClient(app).get(url);
        assert.equal(page.statusCode, 200, url);
        assert.match(page.body, /<span class="app-brand__council">Southfen District Council<\/span>/, url);
      }
    });

    test('an administrator uploads a PNG or a sanitised SVG logo; the header shows it with its description', async () => {
      const tooBig = await admin.upload(paths.admin.brandLogo, {}, { name: 'big.png', content: Buffer.concat([PNG, Buffer.alloc(120 * 1024)]) }, { from: paths.admin.brand });
      assert.equal(tooBig.statusCode, 400);
      assert.match(tooBig.body, /The logo must be smaller than 100KB/);
      const notImage = await admin.upload(paths.admin.brandLogo, {}, { name: 'logo.gif', content: 'GIF89a....' }, { from: paths.admin.brand });
      assert.equal(notImage.statusCode, 400);
      assert.match(notImage.body, /The logo must be a PNG or SVG/);

      assert.equal((await admin.upload(paths.admin.brandLogo, {}, { name: 'logo.png', content: PNG }, { from: paths.admin.brand })).statusCode, 303);
      let page = await admin.get(paths.services.list);
      const src = /<img class="app-brand__logo" src="([^"]+)" alt="Northmoor County Council logo"/.exec(page.body)?.[1];
      assert.ok(src, 'the header shows the logo, described by the council’s name');
      const png = await new PageClient(app).get(src.replace(/&amp;/g, '&'));
      assert.equal(png.statusCode, 200);
      assert.equal(png.headers['content-type'], 'image/png');
      assert.equal(png.headers['x-content-type-options'], 'nosniff');
      assert.deepEqual(png.rawPayload, PNG);

      assert.equal((await admin.upload(paths.admin.brandLogo, {}, { name: 'logo.svg', content: HOSTILE_SVG, type: 'image/svg+xml' }, { from: paths.admin.brand })).statusCode, 303);
      await admin.post(paths.admin.brand, { privacyUrl: '', accessibilityUrl: '', contactUrl: '', logoAlt: 'Northmoor County Council' });
      page = await admin.get(paths.services.list);
      const svgSrc = /<img class="app-brand__logo" src="([^"]+)" alt="Northmoor County Council"/.exec(page.body)![1]!;
      const svg = await new PageClient(app).get(svgSrc.replace(/&amp;/g, '&'));
      assert.equal(svg.headers['content-type'], 'image/svg+xml');
      assert.match(svg.headers['content-security-policy'] as string, /default-src 'none'/);
      assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* viewBox="0 0 10 10"/);
      assert.match(svg.body, /<rect width="10" height="10" fill="#005ea5"\/>/);
      assert.doesNotMatch(svg.body, /script|onload|onclick|javascript|image|foreignObject|tracker/i);

      // Providers the council manages see the council's brand; other councils and strangers cannot change it.
      const provider = await makeOrganisation(store, 'provider', { name: 'Oak Care Ltd', managedBy: a.org.id });
      const providerUser = await makeUser(store, provider, 'provider');
      const theirs = new PageClient(app);
      await theirs.signIn(providerUser.email, providerUser.password);
      assert.match((await theirs.get(paths.home)).body, /<span class="app-brand__council">Northmoor County Council<\/span>[\s\S]*alt="Northmoor County Council"|alt="Northmoor County Council"[\s\S]*<span class="app-brand__council">Northmoor County Council/);
      assert.equal((await theirs.get(paths.admin.brand)).statusCode, 403);
      const officer = new PageClient(app);
      await officer.signIn(a.officer.email, a.officer.password);
      assert.equal((await officer.get(paths.admin.brand)).statusCode, 403);

      assert.equal((await admin.post(paths.admin.removeBrandLogo, {}, { from: paths.admin.brand })).statusCode, 303);
      assert.doesNotMatch((await admin.get(paths.services.list)).body, /app-brand__logo/);
      assert.equal((await new PageClient(app).get(svgSrc.replace(/&amp;/g, '&'))).statusCode, 404);
    });
  });
}
