// Decodes BGP4MP / BGP4MP_ET records (RFC 6396 §4.4, RFC 8050) and the deprecated type-5 BGP records.
import type { BgpStateChangeEvent } from '../../src/model/bgp-event.js';
import { decodeUpdate } from './bgp-update.js';
import { type DecodeContext, MrtDecodeError, need } from './decode-context.js';
import { formatIpv4, formatIpv6 } from './ip-text.js';

const BGP_HEADER = 19;
const BGP_UPDATE = 2;

// Peer addresses repeat record after record; remembering the last one saves a string per record.
let lastV4 = -1;
let lastV4Text = '';
function peerV4(b: Buffer, off: number): string {
  const v = b.readUInt32BE(off);
  if (v !== lastV4) {
    lastV4 = v;
    lastV4Text = formatIpv4(b, off);
  }
  return lastV4Text;
}

function pushState(ctx: DecodeContext, oldState: number, newState: number): void {
  const ev: BgpStateChangeEvent = {
    kind: 'state',
    source: ctx.source,
    timestamp: ctx.timestamp,
    microseconds: ctx.microseconds,
    peerAddress: ctx.peerAddress,
    peerAsn: ctx.peerAsn,
    oldState,
    newState,
    record: ctx.record,
  };
  ctx.out.push(ev);
}

/** Subtypes: 0 STATE_CHANGE, 1 MESSAGE, 4 MESSAGE_AS4, 5 STATE_CHANGE_AS4, 6/7 *_LOCAL, 8-11 *_ADDPATH. */
export function decodeBgp4mp(ctx: DecodeContext, b: Buffer, start: number, end: number, subtype: number): void {
  let as4: boolean;
  let addPath = false;
  let isState = false;
  switch (subtype) {
    case 0: as4 = false; isState = true; break;
    case 5: as4 = true; isState = true; break;
    case 1: case 6: as4 = false; break;
    case 4: case 7: as4 = true; break;
    case 8: case 10: as4 = false; addPath = true; break;
    case 9: case 11: as4 = true; addPath = true; break;
    default:
      // ENTRY (2) and SNAPSHOT (3) were never standardised in use; say so and move on.
      ctx.warn(`BGP4MP subtype ${subtype} not decoded`, start);
      return;
  }
  ctx.rib = false;
  ctx.originatedAt = undefined;
  // Old Zebra wrote 8-byte state changes with only the two states; bgpdump reads them the same way.
  if (subtype === 0 && end - start === 8) {
    ctx.warn('8-byte BGP4MP STATE_CHANGE without peer (old Zebra)', start);
    ctx.peerAddress = '0.0.0.0';
    ctx.peerAsn = 0;
    pushState(ctx, b.readUInt16BE(start + 4), b.readUInt16BE(start + 6));
    return;
  }
  const asnLen = as4 ? 4 : 2;
  let off = start;
  need(off, 2 * asnLen + 4, end, 'BGP4MP peer and local AS, interface index and AFI');
  ctx.peerAsn = as4 ? b.readUInt32BE(off) : b.readUInt16BE(off);
  off += 2 * asnLen + 2;
  const afi = b.readUInt16BE(off);
  off += 2;
  if (afi === 1) {
    need(off, 8, end, 'BGP4MP IPv4 peer and local addresses');
    ctx.peerAddress = peerV4(b, off);
    off += 8;
  } else if (afi === 2) {
    need(off, 32, end, 'BGP4MP IPv6 peer and local addresses');
    ctx.peerAddress = formatIpv6(b, off);
    off += 32;
  } else {
    // Old Zebra wrote shortened records (OPENs without the peer addresses); without an address family
    // the peer cannot be named, so the record is noted and passed over, as bgpdump does.
    ctx.warn(`BGP4MP record with address family ${afi} skipped`, off - 2);
    return;
  }
  if (isState) {
    need(off, 4, end, 'BGP4MP old and new state');
    pushState(ctx, b.readUInt16BE(off), b.readUInt16BE(off + 2));
    return;
  }
  need(off, BGP_HEADER, end, 'BGP message header (19 bytes)');
  const msgLen = b.readUInt16BE(off + 16);
  const type = b[off + 18]!;
  // Only UPDATEs carry routes; OPEN, KEEPALIVE, NOTIFICATION and ROUTE-REFRESH are skipped unread.
  if (type !== BGP_UPDATE) return;
  if (msgLen < BGP_HEADER || off + msgLen > end) throw new MrtDecodeError(off + 16, `BGP message length between 19 and ${end - off}, got ${msgLen}`);
  decodeUpdate(ctx, b, off + BGP_HEADER, off + msgLen, as4, addPath);
}

/** Deprecated MRT type 5 (BGP), as RIS wrote until 2000: subtype 1 UPDATE, 3 STATE_CHANGE; others carry no routes. */
export function decodeLegacyBgp(ctx: DecodeContext, b: Buffer, start: number, end: number, subtype: number): void {
  ctx.rib = false;
  ctx.originatedAt = undefined;
  if (subtype !== 1 && subtype !== 3) return;
  need(start, 6, end, 'BGP peer AS and address');
  ctx.peerAsn = b.readUInt16BE(start);
  ctx.peerAddress = peerV4(b, start + 2);
  if (subtype === 3) {
    need(start + 6, 4, end, 'BGP old and new state');
    pushState(ctx, b.readUInt16BE(start + 6), b.readUInt16BE(start + 8));
    return;
  }
  need(start + 6, 6, end, 'BGP local AS and address');
  // The UPDATE follows without the 19-byte BGP header.
  decodeUpdate(ctx, b, start + 12, end, false, false);
}
