import { repeatWhileListening } from '../http/repeat.ts';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Store } from '../db/database.ts';
import { lazyRequire } from '../lazy.ts';
import { MAX_ATTEMPTS, claimDue, markFailed, markSent, retryDelayMinutes } from './outbox.repository.ts';

export { MAX_ATTEMPTS };

/** What the deliverer needs from a mail transport; nodemailer's SMTP transport is one. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

const mailer = lazyRequire<typeof nodemailer>('nodemailer');

const BATCH_SIZE = 20;
const INTERVAL_MS = 30_000;

export function smtpTransport(config: Pick<Config, 'smtpHost' | 'smtpPort' | 'smtpUser' | 'smtpPassword'>): MailTransport {
  return mailer().createTransport({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpPort === 465,
    ...(config.smtpUser ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
  });
}

/** An email whose last attempt has just failed: only what an operator needs, nothing that names a person. */
export interface GivenUpEmail {
  readonly id: string;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly error: string;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  /** Ids of the emails whose failure in this run used up their last attempt. */
  gaveUp: string[];
}

/**
 * Sends what is due in the outbox, one batch, in one transaction holding the claimed rows. A failure
 * is recorded on its row and retried later; it never stops the rest of the batch. `onGiveUp` hears of
 * each email that has now failed MAX_ATTEMPTS times, after the transaction has recorded it.
 */
export async function deliverDueEmails(
  store: Store,
  transport: MailTransport,
  from: string,
  options: { batchSize?: number; onGiveUp?: (email: GivenUpEmail) => void } = {},
): Promise<DeliveryResult> {
  const givenUp: GivenUpEmail[] = [];
  const result = await store.asSystem(async (tx) => {
    const due = await claimDue(tx, options.batchSize ?? BATCH_SIZE, MAX_ATTEMPTS);
    let sent = 0;
    let failed = 0;
    for (const email of due) {
      try {
        await transport.sendMail({ from, to: email.to_address, subject: email.subject, text: email.body });
        await markSent(tx, email.id);
        sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await markFailed(tx, email.id, message, retryDelayMinutes(email.attempts));
        failed++;
        const attempts = email.attempts + 1;
        if (attempts >= MAX_ATTEMPTS) givenUp.push({ id: email.id, attempts, createdAt: email.created_at, error: message.slice(0, 1000) });
      }
    }
    return { sent, failed, gaveUp: givenUp.map((email) => email.id) };
  });
  for (const email of givenUp) options.onGiveUp?.(email);
  return result;
}

/**
 * Runs the deliverer every half minute while the server listens (so `care-oversight serve` sends mail and
 * tests that only inject requests do not). Without an SMTP host, emails wait in the outbox.
 */
export function scheduleEmailDelivery(app: FastifyInstance, store: Store, config: Config, transport?: MailTransport) {
  const log: FastifyBaseLogger = app.log;
  let mailer: MailTransport | undefined;
  const start = () => {
    if (config.smtpHost || transport) return true;
    log.warn('SMTP_HOST is not set: confirmation emails wait in the outbox until it is');
    return false;
  };
  repeatWhileListening(app, { everyMs: INTERVAL_MS, name: 'email delivery', start }, async () => {
    mailer ??= transport ?? smtpTransport(config);
    const { sent, failed } = await deliverDueEmails(store, mailer, config.smtpFrom, { onGiveUp: (email) => logGivenUp(log, email) });
    if (sent || failed) log.info({ sent, failed }, 'outgoing emails delivered');
  });
}

/**
 * Nobody else learns that an email will never be sent, so this is an error for whoever watches the logs.
 * The subject, address and body are left out: they can name a member of the public.
 */
function logGivenUp(log: FastifyBaseLogger, email: GivenUpEmail) {
  log.error(
    { emailId: email.id, attempts: email.attempts, createdAt: email.createdAt.toISOString(), error: email.error },
    'outgoing email given up after its last attempt failed; `care-oversight outbox retry` sends it again',
  );
}
