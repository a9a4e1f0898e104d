import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { makePlanWorld } from '../test/support/plan-world.ts';
import { today } from '../src/core/clock.ts';
import { addDays } from '../src/core/dates.ts';
import { ukDate } from '../src/core/http/views.ts';
import type { TestUser } from '../test/support/fixtures.ts';
import { CheckedPage, JS_MODES, launchChromium, startServer } from './support/browser.ts';
import { assertErrors, mainText, squash } from './support/page-text.ts';

const TODAY = today();

const heading = async (p: Page) => squash(await p.getByRole('heading', { level: 1 }).innerText());

async function assertBanner(p: Page, message: string) {
  assert.equal(squash(await p.getByRole('alert', { name: 'Success' }).innerText()), `Success ${message}`);
}

/** The value of one row of a GOV.UK summary list (or card). */
async function row(scope: Locator, key: string) {
  const match = scope.locator('.govuk-summary-list__row').filter({ has: scope.page().getByRole('term').getByText(key, { exact: true }) });
  return squash(await match.getByRole('definition').first().innerText());
}

const card = (p: Page, title: string) => p.locator('.govuk-summary-card').filter({ has: p.getByRole('heading', { name: title, exact: true }) });

async function fillDate(scope: Page | Locator, legend: string, iso: string) {
  const group = scope.getByRole('group', { name: legend, exact: true });
  const [year, month, day] = iso.split('-') as [string, string, string];
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year);
}

async function readDate(scope: Page | Locator, legend: string) {
  const group = scope.getByRole('group', { name: legend, exact: true });
  const [day, month, year] = await Promise.all(['Day', 'Month', 'Year'].map((part) => group.getByLabel(part).inputValue()));
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

describe('action plans and visits in a real browser', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: Awaited<ReturnType<typeof makePlanWorld>>;

  before(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    world = await makePlanWorld(server.store);
  });
  after(async () => {
    await browser?.close();
    await server?.app.close();
    await server?.store.close();
  });

  for (const mode of JS_MODES) {
    test(`an officer drafts and shares a plan and plans a visit; the provider agrees and reports progress; the officer rejects the update and records the visit (${mode.name})`, async () => {
      // Each mode has its own service and provider, so the two journeys never see each other's plans and visits.
      const service = mode.javaScriptEnabled
        ? { id: world.homeId, name: 'Oakwood House', provider: world.provider, providerUser: 'Pat Provider (Oakwood Care Ltd)' }
        : { id: world.elmId, name: 'Elm Lodge', provider: world.rival, providerUser: 'Rita Rival (Elm Homes Ltd)' };
      const { id: assessmentId } = await world.completedAssessment({ serviceId: service.id, answers: { 1: 'partly_met', 4: 'not_met' }, visitedOn: addDays(TODAY, -2) });
      const officerName = world.council.officer.actor.name;

      const officer = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
      try {
        await officer.signIn(world.council.officer.email, world.council.officer.password);
        const planPath = await draftAndShare(officer, assessmentId, service.name);
        const visitPath = await planVisit(officer, service.id, officerName);

        const provider = await CheckedPage.open(browser, server.baseUrl, mode.javaScriptEnabled);
        let actionPath: string;
        try {
          actionPath = await agreeAndReport(provider, service.provider, service.name, planPath, service.providerUser);
        } finally {
          await provider.close();
        }

        await recordFromWorkList(officer, service.name, visitPath, officerName);
        await rejectUpdate(officer, actionPath, officerName);
      } finally {
        await officer.close();
      }
    });
  }
});

/** The officer opens the assessment's draft plan, names owners, adds a milestone and shares it. Returns the plan's path. */
async function draftAndShare(page: CheckedPage, assessmentId: string, serviceName: string) {
  const p = page.page;
  await page.goto(`/assessments/${assessmentId}/action-plan`);
  assert.equal(await heading(p), 'Action plan Draft');
  assert.match(await mainText(p), new RegExp(`^${serviceName}`));
  const planPath = new URL(p.url()).pathname;

  await page.clickAndCheck(() => p.getByRole('button', { name: 'Share the plan with the provider' }).click());
  await assertErrors(p, ['Action 1: enter who is responsible for it', 'Action 2: enter who is responsible for it']);
  assert.equal(await heading(p), 'Action plan Draft');

  for (const [number, owner] of [
    [1, 'Registered manager'],
    [2, 'Deputy manager'],
  ] as const) {
    await page.clickAndCheck(() => p.getByRole('link', { name: `Change action ${number}` }).click());
    assert.equal(await heading(p), `Change action ${number}`);
    await p.getByLabel('Who is responsible?').fill(owner);
    await page.clickAndCheck(() => p.getByRole('button', { name: 'Save changes' }).click());
    await assertBanner(p, 'Action saved');
    assert.equal(await row(card(p, `Action ${number}`), 'Owner'), `${owner} (the provider)`);
  }

  const milestoneOn = addDays(TODAY, 10);
  await page.clickAndCheck(() => p.getByRole('link', { name: 'Add a milestone to action 1' }).click());
  await p.getByLabel('What will have been done by then?').fill('Half the care plans reviewed with families');
  await fillDate(p, 'By when?', milestoneOn);
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Add milestone' }).click());
  await assertBanner(p, 'Milestone saved');
  assert.match(await row(card(p, 'Action 1'), 'Milestones'), new RegExp(`^${ukDate(milestoneOn)}: Half the care plans reviewed with families`));
  assert.equal(await row(card(p, 'Action 2'), 'Milestones'), 'None');

  await page.clickAndCheck(() => p.getByRole('link', { name: 'Add an action' }).click());
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Add action' }).click());
  await assertErrors(p, ['Enter what must be done', 'Enter the target date', 'Select the domain the action addresses']);
  // Each message is shown again beside its field, not only in the summary.
  assert.match(await mainText(p), /Error: Enter what must be done/);
  await page.clickAndCheck(() => p.getByRole('link', { name: 'Cancel' }).click());
  assert.equal(await p.getByRole('heading', { name: /^Action \d+$/ }).count(), 2, 'the empty action was not added');

  await page.clickAndCheck(() => p.getByRole('button', { name: 'Share the plan with the provider' }).click());
  await assertBanner(p, 'The action plan has been shared with the provider');
  assert.equal(await heading(p), 'Action plan Waiting for the provider to agree');
  assert.match(await row(p.getByRole('main'), 'Shared with the provider'), new RegExp(`^${ukDate(TODAY)}`));
  assert.equal(await p.getByRole('button', { name: 'Share the plan with the provider' }).count(), 0);
  return planPath;
}

/** The officer plans a drop-in visit for today, after first sending the empty form. Returns the visit's path. */
async function planVisit(page: CheckedPage, serviceId: string, officerName: string) {
  const p = page.page;
  await page.goto(`/services/${serviceId}/visits`);
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Plan a visit' }).click());
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Plan visit' }).click());
  await assertErrors(p, ['Select the kind of visit', 'Enter the date of the visit']);

  await p.getByLabel('Drop-in or unannounced visit').check();
  await fillDate(p, 'Date of the visit', TODAY);
  await p.getByLabel('Purpose (optional)').fill('Check the care plans on the unit');
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Plan visit' }).click());
  await assertBanner(p, 'Visit planned');
  assert.match(await heading(p), /^Drop-in or unannounced visit /);
  assert.equal(await row(p.getByRole('main'), 'Planned for'), ukDate(TODAY));
  const visitPath = new URL(p.url()).pathname;

  await page.clickAndCheck(() => p.getByRole('link', { name: 'All visits to this service' }).click());
  const listed = p.getByRole('row').filter({ has: p.getByRole('link', { name: 'Drop-in or unannounced visit' }) });
  assert.match(squash(await listed.innerText()), new RegExp(`Planned for ${ukDate(TODAY)} ${officerName}`));
  return visitPath;
}

/** The provider finds the shared plan, agrees it and reports progress on action 1. Returns the action's path. */
async function agreeAndReport(page: CheckedPage, user: TestUser, serviceName: string, planPath: string, providerUser: string) {
  const p = page.page;
  await page.signIn(user.email, user.password);
  await page.goto('/action-plans');
  const listed = p.getByRole('row').filter({ has: p.getByRole('link', { name: serviceName }) });
  assert.match(squash(await listed.innerText()), /Waiting for the provider to agree/);
  await page.clickAndCheck(() => listed.getByRole('link', { name: serviceName }).click());
  assert.equal(new URL(p.url()).pathname, planPath);
  assert.equal(await heading(p), 'Action plan Waiting for the provider to agree');

  await page.clickAndCheck(() => p.getByRole('button', { name: 'Agree the action plan' }).click());
  await assertBanner(p, 'You have agreed the action plan');
  assert.equal(await heading(p), 'Action plan Agreed');
  assert.match(await row(p.getByRole('main'), 'Agreed by the provider'), new RegExp(`^${ukDate(TODAY)} by ${providerUser.replace(/ \(.*/, '')}`));

  await page.clickAndCheck(() => p.getByRole('link', { name: 'Report progress on action 1' }).click());
  await p.getByLabel('What has been done?').fill('Six care plans reviewed with families; the rest are booked.');
  await p.getByLabel('Still in progress').check();
  await p.getByLabel('Half the care plans reviewed with families').check();
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Save update' }).click());
  await assertBanner(p, 'Your update has been saved');
  const text = await mainText(p);
  assert.match(text, new RegExp(`${providerUser.replace(/[()]/g, '\\$&')}, ${ukDate(TODAY)} at \\d{1,2}:\\d{2}[ap]m: still in progress Six care plans reviewed with families; the rest are booked\\. Waiting for the council`));
  assert.match(await row(p.getByRole('main'), 'Milestones'), new RegExp(`Half the care plans reviewed with families Done ${ukDate(TODAY)}$`));
  return new URL(p.url()).pathname;
}

/** The officer finds the planned visit and the update in the work list, and records the visit. */
async function recordFromWorkList(page: CheckedPage, serviceName: string, visitPath: string, officerName: string) {
  const p = page.page;
  const visitSummary = `Drop-in or unannounced visit, planned for ${ukDate(TODAY)} (${officerName})`;
  // The officer's own work list shows it under the risk ratings, with the way to everything due.
  await page.goto('/work');
  assert.equal(await p.getByRole('heading', { name: 'Action plans and visits' }).count(), 1);
  assert.ok((await p.getByRole('link', { name: visitSummary }).count()) >= 1, 'the planned visit is on /work');
  await page.goto('/work/plans-and-visits?scope=all');
  const ours = p.getByRole('row').filter({ has: p.getByRole('link', { name: serviceName, exact: true }) });
  assert.equal(await ours.getByRole('link', { name: visitSummary }).count(), 1);
  assert.equal(await ours.getByRole('link', { name: 'Verify or reject the update on action 1 (progress)' }).count(), 1);

  await page.clickAndCheck(() => ours.getByRole('link', { name: visitSummary }).click());
  assert.equal(new URL(p.url()).pathname, visitPath);
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Record the visit' }).click());
  // A visit planned for today is offered as made today.
  assert.equal(await readDate(p, 'Date of the visit'), TODAY);
  await p.getByLabel('What did the visit find?').fill('Care plans now record relatives’ views; two still to review.');
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Save' }).click());
  await assertBanner(p, 'Visit recorded');
  assert.equal(await heading(p), 'Drop-in or unannounced visit Done');
  assert.equal(await row(p.getByRole('main'), 'Visited on'), ukDate(TODAY));
  assert.equal(await row(p.getByRole('main'), 'What it found'), 'Care plans now record relatives’ views; two still to review.');
  assert.equal(await p.getByRole('button', { name: 'Record the visit' }).count(), 0);
}

/** The officer rejects the provider's update: first without a reason, which is refused, then with one. */
async function rejectUpdate(page: CheckedPage, actionPath: string, officerName: string) {
  const p = page.page;
  await page.goto(actionPath);
  assert.match(await mainText(p), /Six care plans reviewed with families; the rest are booked\. Waiting for the council/);
  await p.getByRole('radio', { name: 'Reject' }).check();
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Save decision' }).click());
  await assertErrors(p, ['Enter why you are rejecting the update']);
  assert.equal(await p.getByRole('radio', { name: 'Reject' }).isChecked(), true, 'the decision is kept');

  await p.getByLabel('Reason (needed to reject)').fill('No evidence of the reviews was sent; send the signed review records.');
  await page.clickAndCheck(() => p.getByRole('button', { name: 'Save decision' }).click());
  await assertBanner(p, 'Your decision has been saved');
  assert.equal(await heading(p), 'Action 1 Update rejected');
  const text = await mainText(p);
  assert.match(text, new RegExp(`Rejected by ${officerName}, ${ukDate(TODAY)} at \\d{1,2}:\\d{2}[ap]m Reason: No evidence of the reviews was sent; send the signed review records\\.`));
  assert.equal(await p.getByRole('button', { name: 'Save decision' }).count(), 0);
}
