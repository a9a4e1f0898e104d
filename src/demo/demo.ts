import type { Store } from '../core/db/database.js';
export const SCALES = { small: 1, council: 1, region: 5, national: 153 } as const;
export async function loadDemoIfEmpty(_store: Store, _scale: keyof typeof SCALES) {
  return undefined as undefined | { services: number; councils: number };
}
export async function loadDemo(_store: Store, _scale: keyof typeof SCALES) {
  return {};
}
