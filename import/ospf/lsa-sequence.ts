// Ordering of OSPF LS sequence numbers, so a newer copy of an LSA wins over an older one.

/**
 * Orders two LS sequence numbers (RFC 2328 §12.1.6: signed 32-bit, 0x80000001 is the oldest).
 * Positive when `a` is newer; an unknown sequence is older than any known one.
 */
export function compareLsaSequence(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return (Number.parseInt(a, 16) | 0) - (Number.parseInt(b, 16) | 0);
}
