import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RISK_AREA_KEYS } from './matrix.ts';
import { readStoredProposals, readStoredProposedScores } from './risk.schemas.ts';

describe('stored proposals', () => {
  const stored = {
    cqc_rating: { basis: 'record', score: 2, explanation: 'CQC rated the service Good overall.' },
    complaints: { basis: 'previous', score: 3, explanation: 'Kept from the last rating.' },
    safeguarding: { basis: 'none', score: null, explanation: 'Nothing on record.' },
    // unreadable: a score out of range, a basis nobody writes, a string
    complexity: { basis: 'record', score: 9, explanation: 'Out of range' },
    financial_viability: { basis: 'guess', score: 2, explanation: '' },
    other_sources: 'record',
    // officer_intelligence is missing
  };

  test('read without explanations, each area has the basis and score the full reading gives', () => {
    const full = readStoredProposals(stored)!;
    const scores = readStoredProposedScores(stored)!;
    for (const area of RISK_AREA_KEYS) {
      assert.deepEqual([scores[area].basis, scores[area].score], [full[area].basis, full[area].score], area);
      assert.equal(scores[area].explanation, '');
    }
    assert.deepEqual([scores.cqc_rating.basis, scores.cqc_rating.score], ['record', 2]);
    assert.deepEqual([scores.complaints.basis, scores.complaints.score], ['previous', 3]);
    for (const area of ['complexity', 'financial_viability', 'other_sources', 'officer_intelligence'] as const) {
      assert.deepEqual([scores[area].basis, scores[area].score], ['none', null], area);
    }
  });

  test('explanations are not needed: the brief form the work list reads gives the same scores', () => {
    const brief = Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, typeof v === 'object' ? { basis: v.basis, score: v.score } : v]));
    assert.deepEqual(readStoredProposedScores(brief), readStoredProposedScores(stored));
    // the full reading counts a proposal without its explanation as unreadable; the brief one does not
    assert.equal(readStoredProposals(brief)!.cqc_rating.basis, 'none');
  });

  test('nothing stored reads as nothing proposed', () => {
    assert.equal(readStoredProposedScores(null), null);
    assert.equal(readStoredProposedScores('{}'), null);
  });
});
