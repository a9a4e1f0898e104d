/**
 * A small seeded pseudo-random generator, so the same seed always gives the same demo data on every
 * machine and Node version (Math.random cannot be seeded). Not for secrets.
 *
 * The state is four 32-bit words mixed with additions, xors and rotations (the "small fast counting"
 * construction); the counter word guarantees a long period whatever the seed.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    const [a, b, c, d] = hashToWords(seed);
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    // Discard the first outputs: they still carry a visible trace of the seed.
    for (let i = 0; i < 12; i++) this.next32();
  }

  /** An independent stream for a named part of the data, so changing one part leaves the others alone. */
  fork(label: string): Random {
    return new Random(`${this.next32()}:${label}`);
  }

  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next32() / 4294967296;
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`);
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.float() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** A string of digits of the given length (leading zeros allowed). */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(this.int(0, 9));
    return out;
  }

  /** A version-4-shaped UUID, so rows can reference each other before they are inserted. */
  uuid(): string {
    const hex = hex32(this.next32()) + hex32(this.next32()) + hex32(this.next32()) + hex32(this.next32());
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Eight hex digits, leading zeros kept (a table, because the national demo makes millions of ids). */
function hex32(n: number): string {
  return BYTE_HEX[n >>> 24]! + BYTE_HEX[(n >>> 16) & 255]! + BYTE_HEX[(n >>> 8) & 255]! + BYTE_HEX[n & 255]!;
}

/** Spreads a string over four 32-bit words (a multiply-xorshift hash run four ways). */
function hashToWords(seed: string): [number, number, number, number] {
  let h1 = 0x6a09e667;
  let h2 = 0xbb67ae85;
  let h3 = 0x3c6ef372;
  let h4 = 0xa54ff53a;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 0x9e3779b1);
    h2 = h3 ^ Math.imul(h2 ^ k, 0x85ebca77);
    h3 = h4 ^ Math.imul(h3 ^ k, 0xc2b2ae3d);
    h4 = h1 ^ Math.imul(h4 ^ k, 0x27d4eb2f);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 0x9e3779b1);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 0x85ebca77);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 0xc2b2ae3d);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 0x27d4eb2f);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}
