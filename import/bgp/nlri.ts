// Decodes a run of NLRI prefixes (RFC 4271 §4.3, RFC 7911 path ids) into route events.
import type { BgpPathAttributes } from '../../src/model/bgp-event.js';
import { type DecodeContext, MrtDecodeError, pushRoute } from './decode-context.js';
import { formatPrefix } from './ip-text.js';

/** Offset where a walk of the NLRI stops: `end` when every prefix fits, else where the bad one starts. */
function walk(b: Buffer, start: number, end: number, maxBits: number, addPath: boolean): number {
  let off = start;
  while (off < end) {
    const p = addPath ? off + 4 : off;
    if (p >= end || b[p]! > maxBits || p + 1 + ((b[p]! + 7) >> 3) > end) return off;
    off = p + 1 + ((b[p]! + 7) >> 3);
  }
  return off;
}

function emit(
  ctx: DecodeContext, b: Buffer, start: number, end: number, afi: 4 | 6, safi: 1 | 2, addPath: boolean,
  kind: 'announce' | 'withdraw', attributes: BgpPathAttributes | null,
): void {
  let off = start;
  while (off < end) {
    let pathId: number | null = null;
    if (addPath) {
      pathId = b.readUInt32BE(off);
      off += 4;
    }
    const bits = b[off]!;
    pushRoute(ctx, kind, formatPrefix(b, off + 1, bits, afi), afi, safi, pathId, attributes);
    off += 1 + ((bits + 7) >> 3);
  }
}

/**
 * Emits one event per prefix in `start`..`end`. Two faults seen in real dumps are tolerated with a
 * warning: ADD-PATH NLRI inside a record whose subtype says plain (early BIRD), and a truncated
 * last prefix (bgpdump ignores it too). Anything else malformed fails the record.
 */
export function decodeNlri(
  ctx: DecodeContext,
  b: Buffer,
  start: number,
  end: number,
  afi: 4 | 6,
  safi: 1 | 2,
  addPath: boolean,
  kind: 'announce' | 'withdraw',
  attributes: BgpPathAttributes | null,
): void {
  const maxBits = afi === 4 ? 32 : 128;
  const stop = walk(b, start, end, maxBits, addPath);
  if (stop === end) return emit(ctx, b, start, end, afi, safi, addPath, kind, attributes);
  if (!addPath && walk(b, start, end, maxBits, true) === end) {
    ctx.warn('NLRI carry ADD-PATH path identifiers although the record subtype says they do not', start);
    return emit(ctx, b, start, end, afi, safi, true, kind, attributes);
  }
  const p = addPath ? stop + 4 : stop;
  if (p < end && b[p]! > maxBits) throw new MrtDecodeError(p, `prefix length at most ${maxBits}, got ${b[p]}`);
  ctx.warn(`truncated NLRI: last ${end - stop} bytes ignored`, stop);
  emit(ctx, b, start, stop, afi, safi, addPath, kind, attributes);
}
