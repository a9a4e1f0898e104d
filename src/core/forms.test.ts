import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { choices, dateParts, errorViewModel, foldDateInputs, isoDate, normalisePostcode, optionalAmount, optionalWholeNumber, pageNumber, parse, postcode } from './forms.ts';
import { Invalid } from './errors.ts';

describe('postcodes', () => {
  test('normalises real UK postcodes and refuses others', () => {
    const cases: [string, string | undefined][] = [
      ['sg13 8dq', 'SG13 8DQ'],
      ['SG138DQ', 'SG13 8DQ'],
      ['  ec1a   1bb ', 'EC1A 1BB'],
      ['W1A 0AX', 'W1A 0AX'],
      ['M1 1AE', 'M1 1AE'],
      ['SG13', undefined],
      ['12345', undefined],
      ['', undefined],
    ];
    for (const [input, expected] of cases) assert.equal(normalisePostcode(input), expected, input);
    assert.throws(() => parse(z.object({ postcode: postcode() }), { postcode: 'nope' }), (e: Invalid) => e.errors[0]!.message.includes('real postcode'));
  });
});

describe('numbers and amounts', () => {
  const schema = z.object({ beds: optionalWholeNumber('Beds', 500), value: optionalAmount('Annual value') });
  test('blank is absent, text is a specific error', () => {
    assert.deepEqual(parse(schema, { beds: '', value: '' }), { beds: undefined, value: undefined });
    assert.deepEqual(parse(schema, { beds: '40', value: '£1,250,000.50' }), { beds: 40, value: 1250000.5 });
    assert.throws(() => parse(schema, { beds: 'forty' }), (e: Invalid) => e.errors[0]!.message === 'Beds must be a whole number');
    assert.throws(() => parse(schema, { beds: '501' }), (e: Invalid) => e.errors[0]!.message === 'Beds must be 500 or fewer');
    assert.throws(() => parse(schema, { beds: '-1' }), (e: Invalid) => e.errors[0]!.message === 'Beds must be 0 or more');
  });
});

describe('dates', () => {
  test('GOV.UK date inputs fold into ISO dates that must exist', () => {
    const body: Record<string, unknown> = { 'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2025' };
    foldDateInputs(body, 'startsOn');
    assert.equal(body.startsOn, '2025-04-01');
    const bad: Record<string, unknown> = { 'startsOn-day': '31', 'startsOn-month': '2', 'startsOn-year': '2025' };
    foldDateInputs(bad, 'startsOn');
    const schema = z.object({ startsOn: isoDate('the start date') });
    assert.throws(() => parse(schema, bad), (e: Invalid) => e.errors[0]!.message === 'The start date must be a real date');
    const partial: Record<string, unknown> = { 'startsOn-day': '1', 'startsOn-month': '', 'startsOn-year': '2025' };
    foldDateInputs(partial, 'startsOn');
    assert.throws(() => parse(schema, partial));
    assert.deepEqual(dateParts('2025-04-01'), { day: '1', month: '4', year: '2025' });
  });
});

describe('error view model', () => {
  test('links each message to its field', () => {
    const vm = errorViewModel([{ path: 'contract.startsOn', message: 'Enter the start date' }]);
    assert.deepEqual(vm.errorList, [{ text: 'Enter the start date', href: '#contract-startsOn' }]);
    assert.deepEqual(vm.fieldErrors['contract.startsOn'], { text: 'Enter the start date' });
  });
});

describe('choices and page numbers', () => {
  test('items from a label map mark what was chosen, one value or a list', () => {
    const labels = { red: 'Red', amber: 'Amber', green: 'Green' };
    assert.deepEqual(
      choices(labels, 'amber').map((c) => [c.value, c.text, c.checked, c.selected]),
      [
        ['red', 'Red', false, false],
        ['amber', 'Amber', true, true],
        ['green', 'Green', false, false],
      ],
    );
    assert.deepEqual(choices(labels, ['red', 'green']).filter((c) => c.checked).map((c) => c.value), ['red', 'green']);
    assert.deepEqual(choices(labels, undefined).filter((c) => c.checked), []);
    assert.deepEqual(choices(labels, 'red', (key) => ({ hint: { text: `About ${key}` } }))[0], { value: 'red', text: 'Red', checked: true, selected: true, hint: { text: 'About red' } });
  });

  test('a page number is a whole number from 1; anything else, or a repeated parameter, is the first page', () => {
    const cases: [unknown, number][] = [
      ['3', 3],
      ['99999', 99999],
      [undefined, 1],
      ['', 1],
      ['0', 1],
      ['-2', 1],
      ['two', 1],
      ['1.5', 1],
      ['1e3', 1],
      ['100000', 1],
      [['4', '5'], 1],
    ];
    for (const [value, expected] of cases) assert.equal(pageNumber().parse(value), expected, JSON.stringify(value));
  });
});
