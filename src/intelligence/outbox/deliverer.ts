import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../../core/config.js';
import type { Store } from '../../core/db/database.js';
import { claimDue, markFailed, markSent, retryDelayMinutes } from './outbox.repository.js';

/** What the deliverer needs from a mail transport; nodemailer's SMTP transport is one. */
export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export const MAX_ATTEMPTS = 10;
const BATCH_SIZE = 20;
const INTERVAL_MS = 30_000;

export function smtpTransport(config: Pick<Config, 'smtpHost' | 'smtpPort' | 'smtpUser' | 'smtpPassword'>): MailTransport {
  return nodemailer.createTransport({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpPort === 465,
    ...(config.smtpUser ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
  });
}

/**
 * Sends what is due in the outbox, one batch, in one transaction holding the claimed rows. A failure
 * is recorded on its row and retried later; it never stops the rest of the batch.
 */
export async function deliverDueEmails(store: Store, transport: MailTransport, from: string, batchSize = BATCH_SIZE) {
  return store.asSystem(async (tx) => {
    const due = await claimDue(tx, batchSize, MAX_ATTEMPTS);
    let sent = 0;
    let failed = 0;
    for (const email of due) {
      try {
        await transport.sendMail({ from, to: email.to_address, subject: email.subject, text: email.body });
        await markSent(tx, email.id);
        sent++;
      } catch (error) {
        await markFailed(tx, email.id, error instanceof Error ? error.message : String(error), retryDelayMinutes(email.attempts));
        failed++;
      }
    }
    return { sent, failed };
  });
}

/**
 * Runs the deliverer every half minute while the server listens (so `care-oversight serve` sends mail and
 * tests that only inject requests do not). Without an SMTP host, emails wait in the outbox.
 */
export function scheduleEmailDelivery(app: FastifyInstance, store: Store, config: Config, transport?: MailTransport) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const log: FastifyBaseLogger = app.log;
  app.addHook('onListen', async () => {
    if (!config.smtpHost && !transport) {
      log.warn('SMTP_HOST is not set: confirmation emails wait in the outbox until it is');
      return;
    }
    const mailer = transport ?? smtpTransport(config);
    const tick = () => {
      if (running) return;
      running = deliverDueEmails(store, mailer, config.smtpFrom)
        .then((result) => {
          if (result.sent || result.failed) log.info(result, 'outgoing emails delivered');
        })
        .catch((error: unknown) => log.error({ err: error }, 'email delivery failed'))
        .finally(() => {
          running = undefined;
        });
    };
    timer = setInterval(tick, INTERVAL_MS);
    timer.unref();
    tick();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
