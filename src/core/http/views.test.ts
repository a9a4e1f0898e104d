import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ukDate, ukDateTime } from './views.ts';

test('ukDate writes a calendar date as Intl’s en-GB long date does, for every day of four years (a leap year among them)', () => {
  const intl = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
  for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
    const iso = new Date(t).toISOString().slice(0, 10);
    assert.equal(ukDate(iso), intl.format(new Date(`${iso}T12:00:00Z`)), iso);
  }
  assert.equal(ukDate('2024-02-29'), '29 February 2024');
  assert.equal(ukDate('0999-01-05'), intl.format(new Date('0999-01-05T12:00:00Z')));
});

test('ukDate of a moment is the day in London; empty for nothing', () => {
  // 23:30 UTC on 31 March 2026 is already 1 April in London (British Summer Time)
  assert.equal(ukDate('2026-03-31T23:30:00Z'), '1 April 2026');
  assert.equal(ukDate(new Date('2026-12-31T23:30:00Z')), '31 December 2026');
  assert.equal(ukDate(null), '');
  assert.equal(ukDate(''), '');
  assert.equal(ukDateTime('2026-03-31T23:30:00Z'), '1 April 2026 at 12:30am');
});

test('longSelect writes what govukSelect writes, with and without a hint, an error and a selected option', async () => {
  const { createViews } = await import('./views.ts');
  const env = createViews();
  const items = [
    { value: '', text: 'All providers', selected: false },
    { value: 'a1', text: 'Alder & Birch <Care>', selected: true },
    { value: 'b2', text: 'Cedar "Homes" \\ Rowan\'s', selected: false },
  ];
  const cases = [
    { id: 'providerId', name: 'providerId', label: { text: 'Provider', classes: 'govuk-label--s' }, items },
    { name: 'leadOfficerId', label: { text: 'Lead officer' }, hint: { text: 'Who leads it' }, errorMessage: { text: 'Select a lead officer' }, items },
    { id: 'p', name: 'p', label: { text: 'P' }, errorMessage: { text: 'Wrong' }, items: items.map((i) => ({ ...i, selected: false })) },
  ];
  // the same markup, whitespace apart
  const squash = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();
  for (const params of cases) {
    const govuk = env.renderString('{% from "govuk/components/select/macro.njk" import govukSelect %}{{ govukSelect(params) }}', { params });
    const ours = env.renderString('{% from "core/views/_forms.njk" import longSelect %}{{ longSelect(params) }}', { params });
    assert.equal(squash(ours), squash(govuk), JSON.stringify(params));
  }
});
