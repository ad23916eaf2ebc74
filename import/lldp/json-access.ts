// Tolerant accessors for lldpd's JSON renderings: `json` collapses single values, `json0` wraps every value in an array.

import { isObject } from '../normalise/json-input.js';

export { isObject, type JsonObject } from '../normalise/json-input.js';

/** The value itself, unwrapping json0's one-element arrays. */
export function one(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

/** A list whatever the shape: lldpd prints one item as a bare value and several as an array. */
export function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Text of a scalar, of json0's `{ "value": … }` wrapper, or null. */
export function text(v: unknown): string | null {
  const u = one(v);
  if (typeof u === 'string') return u;
  if (typeof u === 'number' || typeof u === 'boolean') return String(u);
  if (isObject(u) && 'value' in u) return text(u.value);
  return null;
}
