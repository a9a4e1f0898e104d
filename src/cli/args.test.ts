import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseFlags, UsageError } from './args.ts';

const spec = {
  email: { type: 'string', required: true },
  name: { type: 'string', required: true },
  team: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

describe('command-line flags', () => {
  test('reads every flag, with booleans false when absent', () => {
    const { flags } = parseFlags(['--email', 'a@b.gov.uk', '--name=Ann Lee'], spec);
    assert.deepEqual(flags, { email: 'a@b.gov.uk', name: 'Ann Lee', team: undefined, 'password-stdin': false });
    assert.equal(parseFlags(['--email', 'e', '--name', 'n', '--password-stdin'], spec).flags['password-stdin'], true);
  });

  const mistakes: [string, string[], string][] = [
    ['a missing required flag', ['--name', 'Ann'], '--email is required'],
    ['a blank required flag', ['--email', ' ', '--name', 'Ann'], '--email is required'],
    ['two missing flags', [], '--email and --name are required'],
    ['an unknown flag', ['--email', 'e', '--name', 'n', '--mail', 'x'], 'unknown option --mail'],
    ['a flag without its value', ['--name', 'n', '--email'], '--email needs a value'],
    ['a flag followed by another flag', ['--email', '--name', 'n'], '--email needs a value'],
    ['a value given to a switch', ['--email', 'e', '--name', 'n', '--password-stdin=yes'], '--password-stdin does not take a value'],
    ['a stray argument', ['--email', 'e', '--name', 'n', 'extra'], "unexpected argument 'extra'"],
  ];
  for (const [what, args, message] of mistakes) {
    test(`${what}: "${message}"`, () => {
      assert.throws(() => parseFlags(args, spec), (error: unknown) => error instanceof UsageError && error.message === message);
    });
  }

  test('positionals are allowed only where the command takes them', () => {
    assert.deepEqual(parseFlags(['file.csv', '--email', 'e', '--name', 'n'], spec, 1).positionals, ['file.csv']);
    assert.throws(() => parseFlags(['a', 'b', '--email', 'e', '--name', 'n'], spec, 1), /unexpected argument b/);
  });
});
