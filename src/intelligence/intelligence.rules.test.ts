import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { today } from '../core/clock.ts';
import { Invalid } from '../core/errors.ts';
import {
  MESSAGES,
  SOURCE_KEYS,
  THEME_KEYS,
  checkIntelligence,
  describeChanges,
  parseApiBody,
  parseFormBody,
  safeguardingChoice,
  type IntelligenceInput,
} from './intelligence.rules.ts';

const TODAY = '2026-11-23';

function errorsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof Invalid) return error.errors.map((e) => `${e.path}: ${e.message}`);
    throw error;
  }
  assert.fail('expected Invalid');
}

describe('intelligence sources and themes', () => {
  test('every source the specification names is offered, and only the fixed themes', () => {
    for (const source of ['cqc', 'safeguarding', 'complaint', 'whistleblowing', 'people_and_families', 'gp_and_district_nurse', 'health_commissioner', 'healthwatch', 'environmental_health', 'fire_service', 'financial_check', 'other_council', 'operational_team', 'officer']) {
      assert.ok(SOURCE_KEYS.includes(source as never), source);
    }
    assert.deepEqual(THEME_KEYS, ['staffing', 'management', 'medication', 'care_planning', 'missed_or_late_calls', 'safeguarding', 'infection_control', 'nutrition_and_hydration', 'moving_and_handling', 'premises', 'record_keeping', 'communication', 'finance', 'other']);
  });
});

describe('the API body', () => {
  test('the minimum API.md body gives defaults', () => {
    const input = parseApiBody({ receivedOn: '2026-11-20', source: 'healthwatch', summary: 'Enter and View visit found cold meals' }, TODAY);
    assert.deepEqual(input, {
      receivedOn: '2026-11-20',
      source: 'healthwatch',
      summary: 'Enter and View visit found cold meals',
      detail: undefined,
      themes: [],
      severity: undefined,
      substantiated: 'unknown',
      safeguarding: false,
      section42: undefined,
      status: 'open',
    });
  });

  test('substantiated accepts yes/no/unknown and booleans; themes are de-duplicated', () => {
    const cases: [unknown, string][] = [[true, 'yes'], [false, 'no'], ['yes', 'yes'], ['no', 'no'], ['unknown', 'unknown'], [undefined, 'unknown']];
    for (const [given, expected] of cases) {
      const input = parseApiBody({ receivedOn: '2026-11-20', source: 'officer', summary: 'x', substantiated: given, themes: ['staffing', 'staffing'] }, TODAY);
      assert.equal(input.substantiated, expected);
      assert.deepEqual(input.themes, ['staffing']);
    }
  });

  test('a safeguarding source or a Section 42 enquiry is always flagged as safeguarding', () => {
    assert.equal(parseApiBody({ receivedOn: '2026-11-20', source: 'safeguarding', summary: 'Alert', safeguarding: false }, TODAY).safeguarding, true);
    const s42 = parseApiBody({ receivedOn: '2026-11-20', source: 'operational_team', summary: 'S42 started', section42: 'open' }, TODAY);
    assert.equal(s42.safeguarding, true);
    assert.equal(s42.section42, 'open');
    assert.equal(parseApiBody({ receivedOn: '2026-11-20', source: 'officer', summary: 'x', section42: 'none' }, TODAY).section42, undefined);
  });

  test('a complaint without a severity is refused, with every other problem at once, in form order', () => {
    assert.deepEqual(errorsOf(() => parseApiBody({ receivedOn: '2026-11-20', source: 'complaint', summary: 'Late calls' }, TODAY)), [`severity: ${MESSAGES.severityForComplaint}`]);
    assert.deepEqual(errorsOf(() => parseApiBody({ source: 'complaint', summary: '' }, TODAY)), [
      'receivedOn: Enter the date the intelligence was received',
      `severity: ${MESSAGES.severityForComplaint}`,
      `summary: ${MESSAGES.summary}`,
    ]);
  });

  test('unknown sources, themes, severities and impossible or future dates are refused', () => {
    const base = { receivedOn: '2026-11-20', source: 'officer', summary: 'x' };
    assert.deepEqual(errorsOf(() => parseApiBody({ ...base, source: 'tabloid' }, TODAY)), [`source: ${MESSAGES.source}`]);
    assert.deepEqual(errorsOf(() => parseApiBody({ ...base, themes: ['gossip'] }, TODAY)), [`themes.0: ${MESSAGES.themes}`]);
    assert.deepEqual(errorsOf(() => parseApiBody({ ...base, severity: 'purple' }, TODAY)), [`severity: ${MESSAGES.severity}`]);
    assert.deepEqual(errorsOf(() => parseApiBody({ ...base, receivedOn: '2026-02-30' }, TODAY)), ['receivedOn: The date the intelligence was received must be a real date']);
    assert.deepEqual(errorsOf(() => parseApiBody({ ...base, receivedOn: '2026-11-24' }, TODAY)), [`receivedOn: ${MESSAGES.receivedOnFuture}`]);
    assert.equal(parseApiBody({ ...base, receivedOn: TODAY }, TODAY).receivedOn, TODAY);
    assert.deepEqual(errorsOf(() => parseApiBody({ ...base, summary: 'x'.repeat(301) }, TODAY)), ['summary: Summary must be 300 characters or fewer']);
    assert.deepEqual(errorsOf(() => parseApiBody('not an object', TODAY)).length, 3);
  });
});

describe('the form body', () => {
  const form = { 'receivedOn-day': '3', 'receivedOn-month': '11', 'receivedOn-year': '2026', source: 'complaint', severity: 'amber', summary: 'Missed visits', substantiated: 'yes', safeguarding: 'none', status: 'open' };

  test('date parts fold into a date; one theme arrives as a string, several as a list', () => {
    assert.deepEqual(parseFormBody({ ...form, themes: 'staffing' }, TODAY).themes, ['staffing']);
    const input = parseFormBody({ ...form, themes: ['staffing', 'missed_or_late_calls'] }, TODAY);
    assert.equal(input.receivedOn, '2026-11-03');
    assert.deepEqual(input.themes, ['staffing', 'missed_or_late_calls']);
  });

  test('"Select a severity for a complaint" when a complaint comes without one', () => {
    assert.deepEqual(errorsOf(() => parseFormBody({ ...form, severity: '' }, TODAY)), [`severity: ${MESSAGES.severityForComplaint}`]);
    assert.equal(parseFormBody({ ...form, source: 'healthwatch', severity: '' }, TODAY).severity, undefined);
  });

  test('the safeguarding question maps to the flag and the Section 42 status, and back', () => {
    const table: [string, boolean, string | undefined][] = [
      ['none', false, undefined],
      ['alert', true, undefined],
      ['s42_open', true, 'open'],
      ['s42_concluded', true, 'concluded'],
    ];
    for (const [choice, flag, s42] of table) {
      const input = parseFormBody({ ...form, safeguarding: choice }, TODAY);
      assert.equal(input.safeguarding, flag, choice);
      assert.equal(input.section42, s42, choice);
      assert.equal(safeguardingChoice(input), choice);
    }
  });

  test('an incomplete date says so', () => {
    assert.deepEqual(errorsOf(() => parseFormBody({ ...form, 'receivedOn-year': '' }, TODAY)), ['receivedOn: The date the intelligence was received must be a real date']);
  });
});

describe('checkIntelligence', () => {
  const input: IntelligenceInput = { receivedOn: TODAY, source: 'complaint', summary: 's', detail: undefined, themes: [], severity: 'red', substantiated: 'unknown', safeguarding: false, section42: undefined, status: 'open' };
  test('today is allowed, tomorrow is not; a complaint needs a severity', () => {
    assert.deepEqual(checkIntelligence(input, TODAY), []);
    assert.deepEqual(checkIntelligence({ ...input, receivedOn: '2026-11-24' }, TODAY).map((e) => e.path), ['receivedOn']);
    assert.deepEqual(checkIntelligence({ ...input, severity: undefined }, TODAY).map((e) => e.path), ['severity']);
  });
});

describe('describeChanges', () => {
  test('names each changed field in words, ignoring bookkeeping columns', () => {
    const before = { status: 'open', severity: null, themes: ['staffing'], updated_at: '1', summary: 'a', safeguarding: false };
    const after = { status: 'closed', severity: 'red', themes: ['staffing', 'medication'], updated_at: '2', summary: 'a', safeguarding: true };
    assert.deepEqual(describeChanges(before, after), [
      { field: 'themes', label: 'Themes', from: 'Staffing', to: 'Staffing, Medication' },
      { field: 'severity', label: 'Severity', from: 'Not given', to: 'Red (high)' },
      { field: 'safeguarding', label: 'Safeguarding', from: 'No', to: 'Yes' },
      { field: 'status', label: 'Status', from: 'Open', to: 'Closed' },
    ]);
    assert.deepEqual(describeChanges(null, after), []);
  });
});

describe('dates', () => {
  test('today (the one clock) uses London time, so late evening in British Summer Time is already tomorrow', () => {
    assert.equal(today(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(today(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
  });
});
