import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Spam protection for the public form without any third-party service: a honeypot field people never
 * see, and a signed timestamp put in the form when it is rendered, so a submission that comes back
 * faster than a person could type, much later, or with a forged time is refused.
 */
export const HONEYPOT_FIELD = 'website';
export const STARTED_FIELD = 'formStarted';

export const MINIMUM_FILL_MS = 3_000;
export const MAXIMUM_AGE_MS = 24 * 60 * 60 * 1000;

export type SpamVerdict = 'accepted' | 'honeypot' | 'too_fast' | 'expired' | 'tampered';

function mac(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The value of the form's hidden "started" field: when the form was rendered, and a signature. */
export function signFormStarted(secret: string, renderedAtMs: number): string {
  const at = String(Math.floor(renderedAtMs));
  return `${at}.${mac(secret, 'form-started', at)}`;
}

export interface Submission {
  readonly honeypot: unknown;
  readonly started: unknown;
}

export function checkSubmission(
  submission: Submission,
  secret: string,
  nowMs: number,
  limits: { minimumMs: number; maximumMs: number } = { minimumMs: MINIMUM_FILL_MS, maximumMs: MAXIMUM_AGE_MS },
): SpamVerdict {
  if (typeof submission.honeypot === 'string' ? submission.honeypot.trim() !== '' : submission.honeypot !== undefined) return 'honeypot';
  if (typeof submission.started !== 'string') return 'tampered';
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(submission.started);
  if (!match || !sameText(match[2]!, mac(secret, 'form-started', match[1]!))) return 'tampered';
  const elapsed = nowMs - Number(match[1]);
  if (elapsed < limits.minimumMs) return 'too_fast';
  if (elapsed > limits.maximumMs) return 'expired';
  return 'accepted';
}

/** Signs the reference in the confirmation page's address, so that page cannot be used to probe references. */
export function signReference(secret: string, reference: string): string {
  return mac(secret, 'confirmation', reference);
}

export function verifyReference(secret: string, reference: unknown, signature: unknown): reference is string {
  return typeof reference === 'string' && typeof signature === 'string' && sameText(signature, signReference(secret, reference));
}
