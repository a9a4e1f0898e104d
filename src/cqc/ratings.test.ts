import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readKeyQuestion, readRating, isRealRating } from './ratings.ts';

test('every spelling of a rating in CQC files and council tables reads as the API value', () => {
  const cases: [string, string | null][] = [
    ['Outstanding', 'outstanding'],
    ['Good', 'good'],
    [' good ', 'good'],
    ['Requires improvement', 'requires_improvement'],
    ['Requires Improvement', 'requires_improvement'],
    ['REQUIRES IMPROVEMENT', 'requires_improvement'],
    ['R. Impr', 'requires_improvement'],
    ['Outsta.', 'outstanding'],
    ['Inadequate', 'inadequate'],
    ['Insufficient evidence to rate', 'insufficient_evidence'],
    ['Inspected but not rated', 'inspected_not_rated'],
    ['No published rating', 'no_published_rating'],
    ['Not yet rated', 'no_published_rating'],
    ['', null],
    ['   ', null],
  ];
  for (const [text, expected] of cases) {
    const reading = readRating(text);
    assert.ok(reading.ok, text);
    assert.equal(reading.value, expected, text);
  }
});

test('a word that is not a rating is an error, not a guess', () => {
  for (const text of ['Requires improvment', 'Satisfactory', 'RI', '5']) {
    const reading = readRating(text);
    assert.equal(reading.ok, false, text);
  }
});

test('only the four ratings count as ratings', () => {
  assert.equal(isRealRating('good'), true);
  assert.equal(isRealRating('inadequate'), true);
  assert.equal(isRealRating('no_published_rating'), false);
  assert.equal(isRealRating('insufficient_evidence'), false);
  assert.equal(isRealRating('inspected_not_rated'), false);
  assert.equal(isRealRating(null), false);
});

test('key question names as CQC writes them', () => {
  assert.equal(readKeyQuestion('Well-led'), 'wellLed');
  assert.equal(readKeyQuestion('Well led'), 'wellLed');
  assert.equal(readKeyQuestion('Overall'), 'overall');
  assert.equal(readKeyQuestion('safe'), 'safe');
  assert.equal(readKeyQuestion('Use of resources'), undefined);
});
