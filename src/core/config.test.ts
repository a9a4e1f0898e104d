import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  test('numbers have their defaults when unset, and are read when set', () => {
    const defaults = loadConfig({});
    assert.deepEqual(
      [defaults.port, defaults.sessionHours, defaults.loginAttemptsPerWindow, defaults.loginAttemptsPerAccount, defaults.publicReportsPerHour, defaults.smtpPort],
      [3000, 8, 10, 10, 10, 587],
    );
    const set = loadConfig({
      PORT: '8080',
      SESSION_HOURS: '12',
      LOGIN_ATTEMPTS_PER_15_MINUTES: '20',
      LOGIN_ATTEMPTS_PER_ACCOUNT_PER_15_MINUTES: '5',
      PUBLIC_REPORTS_PER_HOUR: '3',
      SMTP_PORT: '25',
    });
    assert.deepEqual([set.port, set.sessionHours, set.loginAttemptsPerWindow, set.loginAttemptsPerAccount, set.publicReportsPerHour, set.smtpPort], [8080, 12, 20, 5, 3, 25]);
  });

  test('the database pool: ten connections, two seconds to wait for one, unless set', () => {
    const defaults = loadConfig({});
    assert.deepEqual([defaults.databasePoolSize, defaults.databasePoolWaitMs], [10, 2000]);
    const set = loadConfig({ DATABASE_POOL_SIZE: '40', DATABASE_POOL_WAIT_MS: '500' });
    assert.deepEqual([set.databasePoolSize, set.databasePoolWaitMs], [40, 500]);
  });

  test('PGlite\'s buffer cache and the read replica are settings; a replica without a primary stops at once', () => {
    assert.equal(loadConfig({}).pgliteSharedBuffersMb, 32);
    assert.equal(loadConfig({ PGLITE_SHARED_BUFFERS_MB: '128' }).pgliteSharedBuffersMb, 128);
    assert.equal(loadConfig({}).databaseReadUrl, undefined);
    const both = loadConfig({ DATABASE_URL: 'postgres://primary/db', DATABASE_READ_URL: 'postgres://replica/db' });
    assert.deepEqual([both.databaseUrl, both.databaseReadUrl], ['postgres://primary/db', 'postgres://replica/db']);
    assert.throws(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/db' }), (error: unknown) => error instanceof ConfigError && /set DATABASE_URL too/.test(error.message));
  });

  test('answers kept while nothing is committed: 500 by default, 0 keeps none', () => {
    assert.equal(loadConfig({}).keptAnswers, 500);
    assert.equal(loadConfig({ KEPT_ANSWERS: '0' }).keptAnswers, 0);
    assert.equal(loadConfig({ KEPT_ANSWERS: '2000' }).keptAnswers, 2000);
  });

  // Each of these used to become NaN or 0 and run: a limit of NaN lets every attempt through.
  const mistakes: [string, string, string][] = [
    ['PORT', 'abc', 'PORT must be a whole number from 0 to 65535 (it is "abc")'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535 (it is "70000")'],
    ['SESSION_HOURS', 'x', 'SESSION_HOURS must be a whole number from 1 to 8784 (it is "x")'],
    ['SESSION_HOURS', '0', 'SESSION_HOURS must be a whole number from 1 to 8784 (it is "0")'],
    ['SESSION_HOURS', '1.5', 'SESSION_HOURS must be a whole number from 1 to 8784 (it is "1.5")'],
    ['LOGIN_ATTEMPTS_PER_15_MINUTES', '', 'LOGIN_ATTEMPTS_PER_15_MINUTES must be a whole number from 1 to 1000000 (it is "")'],
    ['LOGIN_ATTEMPTS_PER_15_MINUTES', '-1', 'LOGIN_ATTEMPTS_PER_15_MINUTES must be a whole number from 1 to 1000000 (it is "-1")'],
    ['LOGIN_ATTEMPTS_PER_ACCOUNT_PER_15_MINUTES', 'ten', 'LOGIN_ATTEMPTS_PER_ACCOUNT_PER_15_MINUTES must be a whole number from 1 to 1000000 (it is "ten")'],
    ['PUBLIC_REPORTS_PER_HOUR', '1e3', 'PUBLIC_REPORTS_PER_HOUR must be a whole number from 1 to 1000000 (it is "1e3")'],
    ['SMTP_PORT', ' ', 'SMTP_PORT must be a whole number from 1 to 65535 (it is " ")'],
    ['DATABASE_POOL_SIZE', '0', 'DATABASE_POOL_SIZE must be a whole number from 1 to 1000 (it is "0")'],
    ['PGLITE_SHARED_BUFFERS_MB', '0', 'PGLITE_SHARED_BUFFERS_MB must be a whole number from 1 to 65536 (it is "0")'],
    ['KEPT_ANSWERS', 'off', 'KEPT_ANSWERS must be a whole number from 0 to 100000 (it is "off")'],
    ['DATABASE_POOL_WAIT_MS', '2s', 'DATABASE_POOL_WAIT_MS must be a whole number from 1 to 600000 (it is "2s")'],
  ];
  for (const [name, value, message] of mistakes) {
    test(`${name}=${JSON.stringify(value)} stops at once, naming the variable`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && error.message === message);
    });
  }
});
