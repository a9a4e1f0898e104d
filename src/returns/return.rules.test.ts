import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_RETURN_TEMPLATES } from '../migrations/20261206T0100_returns.defaults.ts';
import { deadline, lastEndedPeriod, periodLabel, quarterEnd, quarterOf } from './periods.ts';
import { checkAnswers, flagsFor, nextVersion, periodStatus, readAnswer } from './return.rules.ts';
import { reminderDue } from './reminders.rules.ts';
import { parseSections, questionsOf, templateFor, type Question, type ReturnTemplate } from './template.ts';

const q = (over: Partial<Question>): Question => ({ key: 'x', label: 'X', name: 'things', type: 'whole_number', required: true, ...over });

describe('reading one answer by its type', () => {
  const cases: [string, Question, unknown, { value?: unknown; error?: string }][] = [
    ['whole number from text', q({ min: 0, max: 10 }), ' 7 ', { value: 7 }],
    ['whole number from JSON', q({ min: 0 }), 3, { value: 3 }],
    ['whole number with a thousands comma', q({}), '1,200', { value: 1200 }],
    ['blank is nothing', q({}), '', { value: undefined }],
    ['null is nothing', q({}), null, { value: undefined }],
    ['a fraction is not a whole number', q({}), '2.5', { error: 'The number of things must be a whole number' }],
    ['words are not a whole number', q({}), 'lots', { error: 'The number of things must be a whole number' }],
    ['a boolean is not a whole number', q({}), true, { error: 'The number of things must be a whole number' }],
    ['below the minimum', q({ min: 0 }), -1, { error: 'The number of things must be 0 or more' }],
    ['above the maximum', q({ max: 10 }), '11', { error: 'The number of things must be 10 or fewer' }],
    ['percentage with decimals', q({ type: 'percentage', name: 'agency percentage', min: 0, max: 100 }), '12.5', { value: 12.5 }],
    ['percentage with a % sign', q({ type: 'percentage', name: 'agency percentage', min: 0, max: 100 }), '20%', { value: 20 }],
    ['percentage over 100', q({ type: 'percentage', name: 'agency percentage', min: 0, max: 100 }), 101, { error: 'The agency percentage must be between 0 and 100' }],
    ['percentage not a number', q({ type: 'percentage', name: 'agency percentage' }), 'high', { error: 'The agency percentage must be a number, like 12.5' }],
    ['money with a pound sign', q({ type: 'money', name: 'fee', min: 0 }), '£1,250.50', { value: 1250.5 }],
    ['money with a fraction of a penny', q({ type: 'money', name: 'fee' }), '1.234', { error: 'The fee must be in pounds and pence, like 1250.50' }],
    ['money below its minimum', q({ type: 'money', name: 'fee', min: 0 }), '-5', { error: 'The fee must be £0 or more' }],
    ['yes from a form', q({ type: 'yes_no', name: 'whether a manager is in post' }), 'yes', { value: true }],
    ['no from JSON', q({ type: 'yes_no', name: 'whether a manager is in post' }), false, { value: false }],
    ['yes/no given a number', q({ type: 'yes_no', name: 'whether a manager is in post' }), 1, { error: 'Select whether a manager is in post' }],
    ['a real date', q({ type: 'date', name: 'date of the outbreak' }), '2026-02-28', { value: '2026-02-28' }],
    ['an impossible date', q({ type: 'date', name: 'date of the outbreak' }), '2026-02-30', { error: 'The date of the outbreak must be a real date' }],
    ['a choice among the options', q({ type: 'choice', name: 'a rota pattern', options: ['days', 'nights'] }), 'nights', { value: 'nights' }],
    ['a choice not among them', q({ type: 'choice', name: 'a rota pattern', options: ['days'] }), 'weekends', { error: 'Select a rota pattern' }],
    ['text is trimmed', q({ type: 'text', name: 'details' }), '  a power cut ', { value: 'a power cut' }],
    ['text too long', q({ type: 'text', name: 'details', max: 5 }), 'far too long', { error: 'The details must be 5 characters or fewer' }],
    ['text given a number', q({ type: 'text', name: 'details' }), 5, { error: 'The details must be text' }],
  ];
  for (const [name, question, raw, expected] of cases) {
    test(name, () => assert.deepEqual(readAnswer(question, raw), expected));
  }
});

const careHomes = DEFAULT_RETURN_TEMPLATES[0]!;
const template = { sections: parseSections(JSON.parse(JSON.stringify(careHomes.sections))) };
const complete = Object.fromEntries(
  questionsOf(template)
    .filter((x) => x.required)
    .map((x) => [x.key, x.key === 'agency_hours_percent' ? 5 : x.type === 'yes_no' ? true : x.type === 'percentage' ? 90 : 3]),
);

describe('checking a set of answers', () => {
  test('a complete return has no errors and keeps the values', () => {
    const { answers, errors } = checkAnswers(template, complete, { complete: true });
    assert.deepEqual(errors, []);
    assert.equal(answers.care_posts_filled, 3);
    assert.equal(answers.registered_manager_in_post, true);
  });
  test('a submission names every missing required answer, in order, with GOV.UK messages', () => {
    const { errors } = checkAnswers(template, { care_posts_filled: 4 }, { complete: true });
    assert.equal(errors[0]!.path, 'care_posts_vacant');
    assert.equal(errors[0]!.message, 'Enter the number of care staff posts vacant');
    assert.ok(errors.some((e) => e.path === 'registered_manager_in_post' && e.message === 'Select whether a registered manager is in post'));
    assert.ok(errors.some((e) => e.path === 'agency_hours_percent' && e.message === 'Enter the agency hours percentage'));
    assert.ok(!errors.some((e) => e.path === 'nurse_posts_filled'), 'nurse posts are optional');
  });
  test('a draft may leave answers blank but not wrong', () => {
    const { answers, errors } = checkAnswers(template, { care_posts_filled: '4', agency_hours_percent: '120' }, { complete: false });
    assert.deepEqual(answers, { care_posts_filled: 4 });
    assert.deepEqual(errors, [{ path: 'agency_hours_percent', message: 'The agency hours percentage must be between 0 and 100' }]);
  });
  test('an unknown key is an error naming it', () => {
    const { errors } = checkAnswers(template, { ...complete, staff_happiness: 10 }, { complete: true });
    assert.deepEqual(errors, [{ path: 'staff_happiness', message: '“staff_happiness” is not a question on this return' }]);
  });
});

describe('flags at the default thresholds', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['nothing beyond a threshold', {}, []],
    ['agency exactly 20% is not flagged', { agency_hours_percent: 20 }, []],
    ['agency above 20%', { agency_hours_percent: 20.5 }, ['agency_hours_percent']],
    ['mandatory training exactly 80% is not flagged', { training_mandatory_percent: 80 }, []],
    ['mandatory training below 80%', { training_mandatory_percent: 79 }, ['training_mandatory_percent']],
    ['no registered manager', { registered_manager_in_post: false }, ['registered_manager_in_post']],
    ['all three', { agency_hours_percent: 35, training_mandatory_percent: 50, registered_manager_in_post: false }, ['agency_hours_percent', 'training_mandatory_percent', 'registered_manager_in_post']],
  ];
  for (const [name, over, keys] of cases) {
    test(name, () => {
      const flags = flagsFor(template, { ...complete, ...over } as Record<string, number | boolean>);
      assert.deepEqual(flags.map((f) => f.key), keys);
    });
  }
  test('a flag carries its value, threshold and message', () => {
    assert.deepEqual(flagsFor(template, { agency_hours_percent: 35 }), [{ key: 'agency_hours_percent', value: 35, threshold: 20, message: 'Agency staff worked more than 20% of hours' }]);
  });
});

describe('periods and deadlines', () => {
  const cases: [string, { year: number; quarter: number }, string, string][] = [
    ['Q1 ends in June, due by July', { year: 2026, quarter: 1 }, '2026-06-30', '2026-07-31'],
    ['Q2 ends in September, due by October', { year: 2026, quarter: 2 }, '2026-09-30', '2026-10-31'],
    ['Q3 ends in December, due by January of the next calendar year', { year: 2026, quarter: 3 }, '2026-12-31', '2027-01-31'],
    ['Q4 ends in March, due by April', { year: 2026, quarter: 4 }, '2027-03-31', '2027-04-30'],
  ];
  for (const [name, period, end, due] of cases) {
    test(name, () => {
      assert.equal(quarterEnd(period), end);
      assert.equal(deadline(period), due);
    });
  }
  test('a council may allow two months', () => assert.equal(deadline({ year: 2026, quarter: 3 }, 2), '2027-02-28'));
  test('the quarter a day is in, and the last one ended', () => {
    assert.deepEqual(quarterOf('2027-02-01'), { year: 2026, quarter: 4 });
    assert.deepEqual(quarterOf('2026-04-01'), { year: 2026, quarter: 1 });
    assert.deepEqual(lastEndedPeriod('2026-04-01'), { year: 2025, quarter: 4 });
    assert.deepEqual(lastEndedPeriod('2026-12-06'), { year: 2026, quarter: 2 });
    assert.equal(periodLabel({ year: 2026, quarter: 2 }), 'Q2 2026/27');
  });
});

describe('a period’s status', () => {
  const period = { year: 2026, quarter: 2 };
  const cases: [string, { status: 'draft' | 'submitted' | 'queried' | 'accepted'; version: number } | undefined, string, string][] = [
    ['nothing yet, before the deadline', undefined, '2026-10-31', 'missing'],
    ['nothing, after the deadline', undefined, '2026-11-01', 'late'],
    ['only a draft, after the deadline', { status: 'draft', version: 1 }, '2026-11-01', 'late'],
    ['an amended draft after a query stays queried', { status: 'draft', version: 2 }, '2026-12-01', 'queried'],
    ['submitted', { status: 'submitted', version: 1 }, '2026-12-01', 'submitted'],
    ['queried', { status: 'queried', version: 1 }, '2026-12-01', 'queried'],
    ['accepted', { status: 'accepted', version: 2 }, '2026-12-01', 'accepted'],
  ];
  for (const [name, live, today, expected] of cases) test(name, () => assert.equal(periodStatus(live, period, today), expected));
});

describe('what a new submission does', () => {
  const cases: [string, Parameters<typeof nextVersion>[0], string, number?][] = [
    ['the first', undefined, 'new', 1],
    ['carries on a draft', { status: 'draft', version: 2 }, 'draft'],
    ['a new version after a query', { status: 'queried', version: 1 }, 'new', 2],
    ['refused while waiting for the council', { status: 'submitted', version: 1 }, 'refuse'],
    ['refused once accepted', { status: 'accepted', version: 3 }, 'refuse'],
  ];
  for (const [name, newest, kind, version] of cases) {
    test(name, () => {
      const next = nextVersion(newest);
      assert.equal(next.kind, kind);
      if (version) assert.equal(next.kind === 'new' && next.version, version);
    });
  }
});

describe('which template applies', () => {
  const make = (id: string, version: number, year: number, quarter: number, categories = ['home_care']): ReturnTemplate => ({ id, key: 'community', version, name: id, categories, sections: [], appliesFrom: { year, quarter } });
  const templates = [make('v1', 1, 2000, 1), make('v2', 2, 2026, 3), make('homes', 1, 2000, 1, ['care_home_older_people'])];
  test('the newest version that applies by the quarter', () => {
    assert.equal(templateFor(templates, 'home_care', { year: 2026, quarter: 2 })?.id, 'v1');
    assert.equal(templateFor(templates, 'home_care', { year: 2026, quarter: 3 })?.id, 'v2');
    assert.equal(templateFor(templates, 'care_home_older_people', { year: 2026, quarter: 3 })?.id, 'homes');
  });
  test('none for a category no template covers', () => assert.equal(templateFor(templates, 'day_services_older_people', { year: 2026, quarter: 3 }), undefined));
});

describe('which reminder a day calls for (Q2 2026/27, due 31 October 2026)', () => {
  const cases: [string, string | undefined][] = [
    ['2026-10-23', undefined],
    ['2026-10-24', 'week_before'],
    ['2026-10-31', 'week_before'],
    ['2026-11-01', 'overdue'],
    ['2027-01-15', 'overdue'],
  ];
  for (const [day, kind] of cases) test(`${day}: ${kind ?? 'none'}`, () => assert.equal(reminderDue(deadline({ year: 2026, quarter: 2 }), day), kind));
});
