import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { generate, generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type QRCode from 'qrcode';
import { now } from '../core/clock.ts';
import { lazyRequire } from '../core/lazy.ts';

const qrcode = lazyRequire<typeof QRCode>('qrcode');

/**
 * Authenticator codes (TOTP, RFC 6238: 6 digits, 30-second steps, SHA-1, as every authenticator app reads
 * them) with otplib, QR codes with qrcode, and recovery codes hashed with argon2id.
 */

const ISSUER = 'Care Oversight';
/** One step either side, for a phone whose clock is a little out. */
const TOLERANCE_SECONDS = 30;
export const RECOVERY_CODES = 10;

export const newTotpSecret = () => generateSecret();

const epoch = () => Math.floor(now().getTime() / 1000);

/** The time step of a code that matches now (give or take one step), or undefined. */
export async function matchCode(secret: string, code: string): Promise<number | undefined> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verifyTotp({ secret, token, epoch: epoch(), epochTolerance: TOLERANCE_SECONDS });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** The code an authenticator would show now (for tests and the demo). */
export const currentCode = (secret: string, at = now()) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

/** What the set-up page shows: the QR code (a PNG data URL) and the key to type, in groups of four. */
export async function enrolment(secret: string, email: string) {
  const uri = generateURI({ issuer: ISSUER, label: email, secret });
  return { qrCode: await qrcode().toDataURL(uri, { margin: 2, width: 220 }), typedKey: secret.replace(/(.{4})/g, '$1 ').trim(), uri };
}

/** Ten recovery codes like `k7m2p-9xq4w` (no look-alike characters), shown once; only their hashes are kept. */
export async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: await Promise.all(codes.map((c) => hash(c))) };
}

export const looksLikeRecoveryCode = (code: string) => /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code.trim());

/** The stored hash a typed recovery code matches, if any. */
export async function matchRecoveryCode(hashes: readonly string[], code: string): Promise<string | undefined> {
  const typed = code.trim().toLowerCase().replace(/^([a-z0-9]{5})-?([a-z0-9]{5})$/, '$1-$2');
  for (const stored of hashes) {
    try {
      if (await verify(stored, typed)) return stored;
    } catch {
      // A malformed hash matches nothing.
    }
  }
  return undefined;
}
