import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiteralError, readNested, readPythonLiteral } from './python-literal.ts';

test('nested cells as pandas and Python write them, and as JSON', () => {
  const cases: [string, unknown][] = [
    [`{'overall': {'rating': 'Good', 'reportDate': '2024-03-14'}}`, { overall: { rating: 'Good', reportDate: '2024-03-14' } }],
    [`[{'name': 'Safe', 'rating': None}, {'name': 'Caring', 'primary': True, 'x': False}]`, [{ name: 'Safe', rating: null }, { name: 'Caring', primary: true, x: false }]],
    [`{"overall": {"rating": "Good"}}`, { overall: { rating: 'Good' } }],
    [`{'name': "Kingswood's House", 'beds': 28, 'score': 63.5, 'n': nan}`, { name: "Kingswood's House", beds: 28, score: 63.5, n: null }],
    [`('a', 'b',)`, ['a', 'b']],
    [`['It\\'s', 'tab\\there', '\\u00e9t\\xe9', 'a\\\\b']`, ["It's", 'tab\there', 'été', 'a\\b']],
    [`  [ ]  `, []],
    [`{'__proto__': {'polluted': 1}, 'kept': 1}`, { kept: 1 }],
  ];
  for (const [text, value] of cases) assert.deepEqual(readNested(text), value, text);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('what is not a literal is refused with where it went wrong, and nothing is evaluated', () => {
  const cases: [string, RegExp][] = [
    [`{'a': 1`, /expected "," or "}"|a value is missing/],
    [`['unclosed]`, /a string is not closed/],
    [`{'a': __import__('os')}`, /is not a literal/],
    [`[1, 2] trailing`, /unexpected text after the value/],
    [`{'a' 1}`, /expected ":" at character 6/],
  ];
  for (const [text, reason] of cases) assert.throws(() => readPythonLiteral(text), (error: unknown) => error instanceof LiteralError && reason.test(error.message), text);
});
