// Decodes AS_PATH / AS4_PATH segments (RFC 4271 §4.3, RFC 6793) and merges AS4_PATH into a 2-byte AS_PATH.
import type { AsPathSegment } from '../../src/model/bgp-event.js';
import { MrtDecodeError } from './decode-context.js';

/** A decoded path: the flat ASN list, plus the segments when it is not one plain sequence. */
export interface DecodedAsPath {
  asns: number[];
  segments: AsPathSegment[] | null;
}

const SEGMENT_TYPES: Readonly<Record<number, AsPathSegment['type']>> = {
  1: 'set',
  2: 'sequence',
  3: 'confed-sequence',
  4: 'confed-set',
};

export const EMPTY_AS_PATH: DecodedAsPath = Object.freeze({ asns: [], segments: null }) as DecodedAsPath;

export function decodeAsPath(b: Buffer, start: number, end: number, asnSize: 2 | 4): DecodedAsPath {
  const asns: number[] = [];
  let segments: AsPathSegment[] | null = null;
  let off = start;
  let count = 0;
  while (off < end) {
    if (off + 2 > end) throw new MrtDecodeError(off, 'AS path segment header (2 bytes)');
    const type = SEGMENT_TYPES[b[off]!];
    const n = b[off + 1]!;
    if (type === undefined) throw new MrtDecodeError(off, `AS path segment type 1-4, got ${b[off]}`);
    off += 2;
    if (off + n * asnSize > end) throw new MrtDecodeError(off, `${n} ASNs of ${asnSize} bytes in an AS path segment`);
    const segAsns: number[] = segments !== null || type !== 'sequence' || count > 0 ? [] : asns;
    for (let i = 0; i < n; i++, off += asnSize) {
      const asn = asnSize === 4 ? b.readUInt32BE(off) : b.readUInt16BE(off);
      segAsns.push(asn);
      if (segAsns !== asns) asns.push(asn);
    }
    // A single AS_SEQUENCE (nearly every path) needs no segment list; anything else keeps one.
    if (segments === null && segAsns !== asns) {
      segments = [];
      if (count > 0) segments.push({ type: 'sequence', asns: asns.slice(0, asns.length - segAsns.length) });
    }
    if (segments !== null) segments.push({ type, asns: segAsns });
    count++;
  }
  return { asns, segments };
}

function segmentsOf(p: DecodedAsPath): AsPathSegment[] {
  return p.segments ?? (p.asns.length > 0 ? [{ type: 'sequence', asns: p.asns }] : []);
}

/** Path length as RFC 6793 counts it: a set counts one, confederation segments nothing. */
function pathLength(segs: AsPathSegment[]): number {
  let n = 0;
  for (const s of segs) {
    if (s.type === 'sequence') n += s.asns.length;
    else if (s.type === 'set') n += 1;
  }
  return n;
}

function fromSegments(segs: AsPathSegment[]): DecodedAsPath {
  const asns: number[] = [];
  for (const s of segs) for (const a of s.asns) asns.push(a);
  const plain = segs.length === 0 || (segs.length === 1 && segs[0]!.type === 'sequence');
  return { asns, segments: plain ? null : segs };
}

/**
 * RFC 6793 §4.2.3: keep the leading ASes of AS_PATH that AS4_PATH does not cover, then AS4_PATH.
 * When AS4_PATH is longer than AS_PATH it is ignored, as the RFC says.
 */
export function mergeAs4Path(asPath: DecodedAsPath, as4Path: DecodedAsPath): DecodedAsPath {
  const old = segmentsOf(asPath);
  const add = segmentsOf(as4Path).filter((s) => s.type === 'sequence' || s.type === 'set');
  const n2 = pathLength(old);
  const n4 = pathLength(add);
  if (n4 > n2) return asPath;
  let keep = n2 - n4;
  const merged: AsPathSegment[] = [];
  for (const s of old) {
    if (keep <= 0 && (s.type === 'sequence' || s.type === 'set')) break;
    if (s.type === 'sequence') {
      const take = Math.min(keep, s.asns.length);
      merged.push(take === s.asns.length ? s : { type: 'sequence', asns: s.asns.slice(0, take) });
      keep -= take;
    } else {
      if (s.type === 'set') keep -= 1;
      merged.push(s);
    }
  }
  for (const s of add) {
    const last = merged[merged.length - 1];
    // Two sequences meeting at the seam are one sequence on the wire.
    if (last && last.type === 'sequence' && s.type === 'sequence') merged[merged.length - 1] = { type: 'sequence', asns: [...last.asns, ...s.asns] };
    else merged.push(s);
  }
  return fromSegments(merged);
}
