// Decodes the body of a BGP UPDATE message (RFC 4271 §4.3, RFC 4760 for IPv6) into withdraw/announce events.
import type { BgpPathAttributes } from '../../src/model/bgp-event.js';
import { type DecodeContext, MrtDecodeError } from './decode-context.js';
import { decodeNlri } from './nlri.js';
import { type MpNlri, decodePathAttributes } from './path-attributes.js';

function mpAfi(ctx: DecodeContext, mp: MpNlri, what: string): 4 | 6 | null {
  // Unicast and multicast routes are decoded; VPN, flowspec and the like are noted and passed over.
  if ((mp.safi !== 1 && mp.safi !== 2) || (mp.afi !== 1 && mp.afi !== 2)) {
    ctx.warn(`${what} for AFI ${mp.afi} SAFI ${mp.safi} not decoded`, mp.start);
    return null;
  }
  return mp.afi === 1 ? 4 : 6;
}

/**
 * `start`..`end` is the UPDATE body after the 19-byte BGP header (withdrawn routes length onwards).
 * Events come out as bgpdump prints them: withdrawals (IPv4, then MP_UNREACH), then announcements
 * (IPv4, then MP_REACH).
 */
export function decodeUpdate(ctx: DecodeContext, b: Buffer, start: number, end: number, as4: boolean, addPath: boolean): void {
  if (start + 2 > end) throw new MrtDecodeError(start, 'UPDATE withdrawn routes length (2 bytes)');
  const wLen = b.readUInt16BE(start);
  const wStart = start + 2;
  const wEnd = wStart + wLen;
  if (wEnd + 2 > end) throw new MrtDecodeError(start, `${wLen} bytes of withdrawn routes and a path attribute length`);
  const aLen = b.readUInt16BE(wEnd);
  const aStart = wEnd + 2;
  const aEnd = aStart + aLen;
  if (aEnd > end) throw new MrtDecodeError(wEnd, `${aLen} bytes of path attributes within the ${end - aStart} left`);

  const decoded = aLen > 0 ? decodePathAttributes(ctx, b, aStart, aEnd, { as4, rib: false }) : null;

  if (wLen > 0) decodeNlri(ctx, b, wStart, wEnd, 4, 1, addPath, 'withdraw', null);
  if (decoded?.mpUnreach) {
    const afi = mpAfi(ctx, decoded.mpUnreach, 'MP_UNREACH_NLRI');
    if (afi !== null) decodeNlri(ctx, b, decoded.mpUnreach.start, decoded.mpUnreach.end, afi, decoded.mpUnreach.safi as 1 | 2, addPath, 'withdraw', null);
  }
  if (aEnd < end) {
    if (decoded === null) throw new MrtDecodeError(aEnd, 'path attributes for the announced NLRI');
    decodeNlri(ctx, b, aEnd, end, 4, 1, addPath, 'announce', decoded.attributes);
  }
  if (decoded?.mpReach) {
    const afi = mpAfi(ctx, decoded.mpReach, 'MP_REACH_NLRI');
    if (afi !== null && decoded.mpReach.end > decoded.mpReach.start) {
      const attrs: BgpPathAttributes = { ...decoded.attributes, nextHop: decoded.mpNextHop, nextHopLinkLocal: decoded.mpNextHopLinkLocal };
      decodeNlri(ctx, b, decoded.mpReach.start, decoded.mpReach.end, afi, decoded.mpReach.safi as 1 | 2, addPath, 'announce', attrs);
    }
  }
}
