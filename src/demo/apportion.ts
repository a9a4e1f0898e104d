/**
 * Splits a whole number in proportion to weights, so the parts are whole and add up exactly
 * (largest remainder method; ties go to the earlier weight, so the result is deterministic).
 */
export function apportion(weights: readonly number[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`apportion: total ${total} is not a whole number of 0 or more`);
  const sum = weights.reduce((a, w) => a + w, 0);
  if (weights.length === 0 || sum <= 0 || weights.some((w) => w < 0)) throw new RangeError('apportion: weights must be non-negative with a positive sum');
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, p) => a + p, 0);
  const byRemainder = exact.map((x, i) => ({ i, remainder: x - Math.floor(x) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i]! += 1;
    left--;
  }
  return parts;
}
