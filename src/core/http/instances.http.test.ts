import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { sharedPostgresDatabase } from '../../../test/support/databases.ts';
import { makeCouncil } from '../../../test/support/fixtures.ts';
import type { Store } from '../db/database.ts';
import { enqueueEmail } from '../email/outbox.repository.ts';

/**
 * Two app processes on one PostgreSQL database, as production runs several: the processes hold no state of
 * their own. Requests alternate between them: a session made on one is valid on the other (and ended on
 * either), the sign-in limit counts attempts made on both, and the outbox that both deliver (their one
 * scheduled job) sends every email exactly once. PostgreSQL only: PGlite's data folder has one owner.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const LIMIT = 4;
const EMAILS = 30; // more than one delivery batch (20), so both processes' first run finds some to send

const shared = await sharedPostgresDatabase();

describe('two app processes on one PostgreSQL database', { skip: shared ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  let store: Store;
  let council: Awaited<ReturnType<typeof makeCouncil>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const instances: Instance[] = [];

  before(async () => {
    store = shared!.store;
    council = await makeCouncil(store);
    // Queued before either process starts: both deliver as soon as they listen.
    await store.asSystem(async (tx) => {
      for (let i = 0; i < EMAILS; i++) await enqueueEmail(tx, { to: `person${i}@example.org`, subject: `Email ${i}`, body: `Body ${i}` });
    });
    smtp = await startSmtpServer();
    instances.push(...(await Promise.all([startInstance(shared!.url, smtp.port), startInstance(shared!.url, smtp.port)])));
  });
  after(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await smtp?.close();
    await shared?.close();
  });

  test('a session made on one process is valid on the other, and signing out on that one ends it on both', async () => {
    const [a, b] = instances as [Instance, Instance];
    const browser = new Browser();
    const signedIn = await browser.postForm(a, '/sign-in', { email: council.officer.email, password: council.officer.password, returnTo: '/' });
    assert.equal(signedIn.status, 303);
    assert.ok(browser.cookies.has('co_session'));
    assert.equal((await browser.get(b, '/services')).status, 200, 'the session works on the other process');
    assert.equal((await browser.get(a, '/services')).status, 200);
    // The form's token came from process A; process B accepts it (CSRF is checked against a cookie, not memory).
    assert.equal((await browser.postForm(b, '/sign-out', {}, { tokenFrom: a, tokenPage: '/services' })).status, 303);
    const signedOut = await browser.get(a, '/services');
    assert.equal(signedOut.status, 303);
    assert.match(String(signedOut.headers.get('location')), /^\/sign-in/);
  });

  test('failed sign-ins made on both processes count against one limit', async () => {
    const browser = new Browser();
    for (let i = 0; i < LIMIT; i++) {
      const response = await browser.postForm(instances[i % 2]!, '/sign-in', { email: `guess${i}@example.gov.uk`, password: 'wrong password', returnTo: '/' });
      assert.equal(response.status, 400, `attempt ${i + 1} on process ${'AB'[i % 2]}`);
    }
    for (const instance of instances) {
      const refused = await browser.postForm(instance, '/sign-in', { email: 'guess@example.gov.uk', password: 'wrong password', returnTo: '/' });
      assert.equal(refused.status, 429);
    }
  });

  test('both processes deliver the outbox, and every email goes out exactly once', async () => {
    const deadline = Date.now() + 20_000;
    while (smtp.received.length < EMAILS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // A little longer: a second sending of any email would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const subjects = smtp.received.map((data) => /^Subject: (.*)$/m.exec(data)?.[1]).sort();
    assert.deepEqual(subjects, Array.from({ length: EMAILS }, (_, i) => `Email ${i}`).sort());
    const sentBy = instances.map((instance) => instance.delivered());
    assert.equal(sentBy[0]! + sentBy[1]!, EMAILS);
    assert.ok(sentBy[0]! > 0 && sentBy[1]! > 0, `both processes delivered (${sentBy.join(' and ')})`);
    const unsent = await store.asSystem((tx) => tx.selectFrom('outgoing_emails').select('id').where('sent_at', 'is', null).execute());
    assert.equal(unsent.length, 0);
  });
});

interface Instance {
  readonly url: string;
  /** Emails this process says it delivered (from its log). */
  delivered(): number;
  stop(): Promise<void>;
}

/** `care-oversight serve` as production runs it, on a port of its own choosing; resolves once it listens. */
async function startInstance(databaseUrl: string, smtpPort: number): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/care-oversight.js'), 'serve', '--host', '127.0.0.1', '--port', '0'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      COOKIE_SECURE: 'false',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      LOGIN_ATTEMPTS_PER_15_MINUTES: String(LIMIT),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let delivered = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the process did not start in time:\n${output}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`the process ended (${code}) before it listened:\n${output}`)));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]!);
        }
        if (line.includes('outgoing emails delivered')) delivered += (JSON.parse(line) as { sent: number }).sent;
      }
    });
  });
  return {
    url,
    delivered: () => delivered,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Just enough of a browser: keeps cookies across processes, reads each form's CSRF token. */
class Browser {
  readonly cookies = new Map<string, string>();

  async get(instance: Instance, url: string) {
    return this.#fetch(instance, url, { method: 'GET' });
  }

  async postForm(instance: Instance, url: string, form: Record<string, string>, options: { tokenFrom?: Instance; tokenPage?: string } = {}) {
    const page = await (await this.get(options.tokenFrom ?? instance, options.tokenPage ?? url)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(csrf, `a CSRF token on ${options.tokenPage ?? url}`);
    return this.#fetch(instance, url, {
      method: 'POST',
      body: new URLSearchParams({ ...form, _csrf: csrf }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  async #fetch(instance: Instance, url: string, init: { method: string; body?: string; headers?: Record<string, string> }) {
    const response = await fetch(instance.url + url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, accept: 'text/html', cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** A real SMTP server on 127.0.0.1 that keeps every message's text. */
async function startSmtpServer() {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
