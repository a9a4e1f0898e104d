import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { repeatWhileListening } from './repeat.ts';

/** Listens on a free port, gives the timers a turn, closes; how many times each task ran. */
async function runs(options: { atStart?: boolean }): Promise<number> {
  const app = Fastify();
  let count = 0;
  repeatWhileListening(app, { everyMs: 60 * 60 * 1000, name: 'test task', ...options }, async () => {
    count += 1;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => setImmediate(resolve));
  await app.close();
  return count;
}

test('a repeated task runs when the server starts listening, unless told to wait for its first interval', async () => {
  assert.equal(await runs({}), 1);
  assert.equal(await runs({ atStart: true }), 1);
  assert.equal(await runs({ atStart: false }), 0);
});
