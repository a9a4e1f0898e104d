import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, apiClient, testApp } from '../../test/support/http.ts';
import { completeAnswers, makeReturnsWorld } from '../../test/support/returns-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

type Template = { id: string; key: string; version: number; appliesFrom: { year: number; quarter: number }; sections: { title: string; questions: { key: string; label: string; type: string; required: boolean; max?: number }[] }[] };

for (const database of testDatabases()) {
  describe(`editing return templates (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: Awaited<ReturnType<typeof makeReturnsWorld>>;
    let admin: PageClient;

    before(async () => {
      setClock('2026-12-06');
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeReturnsWorld(store);
      admin = new PageClient(app);
      await admin.signIn(w.council.admin.email, w.council.admin.password);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const api = (user: { apiToken: string }) => apiClient(app, user.apiToken);
    const templates = async (user: { apiToken: string } = w.council.officer) => (await api(user).get('/api/v1/return-templates')).json().items as Template[];
    const newest = async (key: string) => (await templates()).filter((t) => t.key === key).sort((a, b) => b.version - a.version)[0]!;

    test('a return sent before a change keeps the version it was answered on', async () => {
      const sent = await api(w.provider).post(`/api/v1/services/${w.careHomeId}/returns`, { year: 2026, quarter: 2, answers: completeAnswers('care_homes') });
      assert.equal(sent.statusCode, 201);
      const v1 = await newest('care_homes');
      assert.equal(v1.version, 1);

      // The administrator changes a question on the page: a new version, applying from the quarter in progress (Q3).
      const form = await admin.get(`/returns/templates/${v1.id}/questions/care_posts_vacant`);
      assert.equal(form.statusCode, 200);
      const wrong = await admin.post(`/returns/templates/${v1.id}/questions/care_posts_vacant`, { label: '', required: 'yes', min: '10', max: '5' }, { from: `/returns/templates/${v1.id}/questions/care_posts_vacant` });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /govuk-error-summary/);
      assert.match(wrong.body, /href="#label">Enter the question/);
      const saved = await admin.post(
        `/returns/templates/${v1.id}/questions/care_posts_vacant`,
        { label: 'Care staff posts vacant at the end of the quarter', hint: 'Full-time equivalent', required: 'yes', min: '0', max: '500' },
        { from: `/returns/templates/${v1.id}/questions/care_posts_vacant` },
      );
      assert.equal(saved.statusCode, 303);
      const v2 = await newest('care_homes');
      assert.equal(v2.version, 2);
      assert.deepEqual(v2.appliesFrom, { year: 2026, quarter: 3 });
      const q = v2.sections.flatMap((s) => s.questions).find((x) => x.key === 'care_posts_vacant')!;
      assert.deepEqual([q.label, q.type, q.max], ['Care staff posts vacant at the end of the quarter', 'whole_number', 500]);
      assert.match(saved.headers.location as string, new RegExp(`/returns/templates/${v2.id}\\?saved=1`));
      const page = await admin.get(saved.headers.location as string);
      assert.match(page.body, /Saved as version 2, for returns from Q3 2026\/27/);
      assert.match(page.body.replace(/\s+/g, ' '), /Version 1<\/a>: from Q1 2000\/01, 1 return answered on it/);

      // The return sent on version 1 still reads with version 1; a Q2 return still answers version 1.
      const got = (await api(w.council.officer).get(`/api/v1/services/${w.careHomeId}/returns`)).json().items[0];
      assert.equal((await api(w.council.officer).get(`/api/v1/return-templates`)).json().items.find((t: Template) => t.id === v1.id)?.version, 1);
      const ret = await store.asSystem((tx) => tx.selectFrom('returns').select('template_id').where('id', '=', got.id).executeTakeFirstOrThrow());
      assert.equal(ret.template_id, v1.id);
    });

    test('adding a question and a section; only the newest version changes; removing a question', async () => {
      const v2 = await newest('care_homes');
      const added = await admin.post(`/returns/templates/${v2.id}/sections/1/questions`, { key: 'night_staff_vacant', type: 'whole_number', label: 'Night staff posts vacant', required: 'no', min: '0', max: '100' }, { from: `/returns/templates/${v2.id}` });
      assert.equal(added.statusCode, 303);
      const v3 = await newest('care_homes');
      assert.ok(v3.sections[0]!.questions.some((q) => q.key === 'night_staff_vacant' && !q.required));
      // A key used already is refused by the field.
      const dup = await admin.post(`/returns/templates/${v3.id}/sections/1/questions`, { key: 'care_posts_filled', type: 'whole_number', label: 'Again', required: 'yes' }, { from: `/returns/templates/${v3.id}` });
      assert.equal(dup.statusCode, 400);
      assert.match(dup.body, /href="#key">The key “care_posts_filled” is already used by another question/);
      // An older version cannot be changed.
      const stale = await admin.post(`/returns/templates/${v2.id}/questions/care_posts_filled/remove`, {}, { from: `/returns/templates/${v3.id}` });
      assert.equal(stale.statusCode, 409);
      const section = await admin.post(`/returns/templates/${v3.id}/sections`, { title: 'Food and nutrition', key: 'food_hygiene_rating', type: 'choice', label: 'Food hygiene rating', required: 'yes', options: '5\n4\n3\n2 or below' }, { from: `/returns/templates/${v3.id}` });
      assert.equal(section.statusCode, 303);
      const v4 = await newest('care_homes');
      assert.deepEqual(v4.sections.at(-1), { title: 'Food and nutrition', questions: [{ key: 'food_hygiene_rating', label: 'Food hygiene rating', type: 'choice', required: true, options: ['5', '4', '3', '2 or below'] }] });
      const removed = await admin.post(`/returns/templates/${v4.id}/questions/night_staff_vacant/remove`, {}, { from: `/returns/templates/${v4.id}` });
      assert.equal(removed.statusCode, 303);
      assert.ok(!(await newest('care_homes')).sections[0]!.questions.some((q) => q.key === 'night_staff_vacant'));
      // A Q3 return (once Q3 ends) answers the new questions: a provider's API submission must give the food rating.
      setClock('2027-01-06');
      const q3 = await api(w.provider).post(`/api/v1/services/${w.careHomeId}/returns`, { year: 2026, quarter: 3, answers: completeAnswers('care_homes') });
      assert.equal(q3.statusCode, 400);
      assert.ok(q3.json().errors.some((e: { path: string }) => e.path === 'answers.food_hygiene_rating'));
      setClock('2026-12-06');
    });

    test('only the council’s administrator edits; other roles, providers and another council are refused', async () => {
      const v = await newest('care_homes');
      const officer = new PageClient(app);
      await officer.signIn(w.council.officer.email, w.council.officer.password);
      assert.equal((await officer.get(`/returns/templates/${v.id}`)).statusCode, 200);
      assert.doesNotMatch((await officer.get(`/returns/templates/${v.id}`)).body, /Add a question/);
      assert.equal((await officer.get(`/returns/templates/${v.id}/questions/care_posts_filled`)).statusCode, 403);
      const otherAdmin = new PageClient(app);
      await otherAdmin.signIn(w.other.admin.email, w.other.admin.password);
      assert.equal((await otherAdmin.get(`/returns/templates/${v.id}`)).statusCode, 404);
      assert.equal((await otherAdmin.get(`/returns/templates/${v.id}/questions/care_posts_filled`)).statusCode, 404);
      const body = { key: 'care_homes', name: 'Hijacked', categories: ['care_home_older_people'], sections: v.sections };
      assert.equal((await api(w.provider).post('/api/v1/return-templates', body)).statusCode, 403);
      assert.equal((await api(w.council.officer).post('/api/v1/return-templates', body)).statusCode, 403);
      // Another council's administrator makes a version of its own template, never this council's.
      assert.equal((await api(w.other.admin).post('/api/v1/return-templates', body)).statusCode, 201);
      assert.equal((await newest('care_homes')).version, v.version);
      assert.notEqual((await templates(w.council.officer)).find((t) => t.key === 'care_homes' && t.version === v.version)?.sections, undefined);
    });

    test('POST /api/v1/return-templates: a whole new version, or a new template, checked', async () => {
      const bad = await api(w.council.admin).post('/api/v1/return-templates', { key: 'extra', name: 'Extra', categories: ['day_services_older_people'], sections: [{ title: 'One', questions: [{ key: 'x', label: 'X', name: 'x', type: 'decimal', required: true }] }] });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.json().errors.some((e: { path: string }) => e.path.startsWith('sections.0.questions.0.type')));
      const ok = await api(w.council.admin).post('/api/v1/return-templates', { key: 'day_services', name: 'Day services', categories: ['day_services_older_people'], sections: [{ title: 'Attendance', questions: [{ key: 'attendances', label: 'Attendances', name: 'attendances', type: 'whole_number', required: true, min: 0 }] }] });
      assert.equal(ok.statusCode, 201);
      assert.deepEqual([ok.json().key, ok.json().version, ok.json().appliesFrom], ['day_services', 1, { year: 2026, quarter: 3 }]);
    });
  });
}
