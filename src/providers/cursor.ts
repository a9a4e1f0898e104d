/**
 * Opaque keyset cursors for the API: the position after the last item of a page (its sort key and id),
 * base64url-encoded JSON. Clients must treat them as opaque; we only promise they work for the same query.
 */
type CursorKey = readonly (string | number)[];

interface Cursor {
  /** The ordering the key belongs to; a cursor from one ordering is refused by another. */
  readonly sort: string;
  readonly key: CursorKey;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, ...cursor.key]), 'utf8').toString('base64url');
}

/** The cursor, or undefined when the text is not one we issued for this ordering and key length. */
export function decodeCursor(text: string, sort: string, keyLength: number): Cursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== keyLength + 1 || parsed[0] !== sort) return undefined;
  const key = parsed.slice(1) as unknown[];
  if (!key.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)))) return undefined;
  return { sort, key: key as (string | number)[] };
}
