import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LIVE_STATUSES, csvCell, csvDocument, deriveStatus, enterAndViewReasons, likeLiteral, severityRank, statusText, type StatusFacts } from './status.rules.ts';

const none: StatusFacts = { suspensionScope: null, concernsStage: null, contractProcesses: [] };

describe('deriveStatus: the most severe that applies', () => {
  const cases: [string, Partial<StatusFacts>, string][] = [
    ['nothing against the service', {}, 'no_known_concerns'],
    ['a full suspension', { suspensionScope: 'full' }, 'suspended'],
    ['a partial suspension', { suspensionScope: 'partial' }, 'suspended_partial'],
    ['a concerns case at stage 1', { concernsStage: 1 }, 'concerns_procedure'],
    ['a concerns case at stage 5', { concernsStage: 5 }, 'concerns_procedure'],
    ['Remedies for Poor Performance', { contractProcesses: ['remedies_for_poor_performance'] }, 'contract_remedies'],
    ['Failure to Perform', { contractProcesses: ['failure_to_perform'] }, 'contract_remedies'],
    ['both contractual processes', { contractProcesses: ['remedies_for_poor_performance', 'failure_to_perform'] }, 'contract_remedies'],
    ['full suspension beats everything', { suspensionScope: 'full', concernsStage: 5, contractProcesses: ['failure_to_perform'] }, 'suspended'],
    ['partial suspension beats a case and a process', { suspensionScope: 'partial', concernsStage: 4, contractProcesses: ['failure_to_perform'] }, 'suspended_partial'],
    ['a case beats a contractual process', { concernsStage: 2, contractProcesses: ['remedies_for_poor_performance'] }, 'concerns_procedure'],
  ];
  for (const [name, facts, expected] of cases) {
    test(name, () => assert.equal(deriveStatus({ ...none, ...facts }), expected));
  }

  test('the statuses are listed most severe first', () => {
    assert.deepEqual([...LIVE_STATUSES].sort((a, b) => severityRank(a) - severityRank(b)), ['suspended', 'suspended_partial', 'concerns_procedure', 'contract_remedies', 'no_known_concerns']);
  });
});

describe('statusText', () => {
  test('names the stage of a concerns case', () => assert.equal(statusText('concerns_procedure', 3), 'Concerns procedure, stage 3'));
  test('says "No known concerns" plainly', () => assert.equal(statusText('no_known_concerns', null), 'No known concerns'));
  test('full and partial suspensions read differently', () => {
    assert.equal(statusText('suspended', null), 'Suspended');
    assert.equal(statusText('suspended_partial', null), 'Partly suspended');
  });
});

describe('enterAndViewReasons (seed 003)', () => {
  const cases: [string | null, string | null, string[]][] = [
    [null, null, []],
    ['good', 'good', []],
    ['outstanding', 'excellent', []],
    ['requires_improvement', null, ['CQC rated Requires improvement']],
    ['inadequate', null, ['CQC rated Inadequate']],
    [null, 'requires_improvement', ['Council assessment Requires improvement']],
    ['good', 'poor', ['Council assessment Poor']],
    ['inadequate', 'poor', ['CQC rated Inadequate', 'Council assessment Poor']],
    ['insufficient_evidence', null, []],
  ];
  for (const [cqc, band, expected] of cases) {
    test(`CQC ${cqc ?? 'none'}, assessment ${band ?? 'none'}`, () => assert.deepEqual(enterAndViewReasons(cqc, band), expected));
  }
});

describe('likeLiteral', () => {
  test('escapes the wildcards and the escape character', () => assert.equal(likeLiteral('50%_a\\b'), '50\\%\\_a\\\\b'));
  test('leaves ordinary text alone', () => assert.equal(likeLiteral("St John's Court"), "St John's Court"));
});

describe('CSV', () => {
  const cases: [unknown, string][] = [
    ['plain', 'plain'],
    ['with, comma', '"with, comma"'],
    ['with "quotes"', '"with ""quotes"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+44 1234', `"'+44 1234"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    [3, '3'],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
  ];
  for (const [value, expected] of cases) {
    test(`cell ${JSON.stringify(value)}`, () => assert.equal(csvCell(value as string), expected));
  }
  test('a document has a header, CRLF line ends and a final line end', () => {
    assert.equal(csvDocument(['A', 'B'], [['1', null], ['x,y', 2]]), 'A,B\r\n1,\r\n"x,y",2\r\n');
  });
});
