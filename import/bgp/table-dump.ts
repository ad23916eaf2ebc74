// Decodes TABLE_DUMP (RFC 6396 §4.2) and TABLE_DUMP_V2 (§4.3, RFC 8050 ADD-PATH) records into RIB events.
import type { BgpPathAttributes, BgpPeerEntry, BgpPeerIndexEvent } from '../../src/model/bgp-event.js';
import { type DecodeContext, MrtDecodeError, need, pushRoute } from './decode-context.js';
import { formatIpv4, formatIpv6, formatPrefix } from './ip-text.js';
import { decodePathAttributes } from './path-attributes.js';

/** Picks the next hop a RIB entry's prefix uses: NEXT_HOP for IPv4, MP_REACH's for IPv6. */
function ribAttributes(decoded: ReturnType<typeof decodePathAttributes>, afi: 4 | 6): BgpPathAttributes {
  const a = decoded.attributes;
  if (afi === 6 || a.nextHop === null) {
    if (decoded.mpNextHop === null) return a;
    return { ...a, nextHop: decoded.mpNextHop, nextHopLinkLocal: decoded.mpNextHopLinkLocal };
  }
  return a;
}

/** TABLE_DUMP: one prefix as seen by one peer per record; subtype 1 is IPv4, 2 IPv6. */
export function decodeTableDump(ctx: DecodeContext, b: Buffer, start: number, end: number, subtype: number): void {
  if (subtype !== 1 && subtype !== 2) throw new MrtDecodeError(start, `TABLE_DUMP subtype 1 (IPv4) or 2 (IPv6), got ${subtype}`);
  const afi: 4 | 6 = subtype === 1 ? 4 : 6;
  const alen = afi === 4 ? 4 : 16;
  let off = start;
  need(off, 4 + alen + 6 + alen + 4, end, 'TABLE_DUMP entry header');
  off += 4; // view number and sequence number carry nothing we keep
  const prefixOff = off;
  const bits = b[off + alen]!;
  if (bits > alen * 8) throw new MrtDecodeError(off + alen, `prefix length at most ${alen * 8}, got ${bits}`);
  off += alen + 2; // prefix, length, status
  const originated = b.readUInt32BE(off);
  off += 4;
  ctx.peerAddress = afi === 4 ? formatIpv4(b, off) : formatIpv6(b, off);
  off += alen;
  ctx.peerAsn = b.readUInt16BE(off);
  const attrLen = b.readUInt16BE(off + 2);
  off += 4;
  need(off, attrLen, end, 'TABLE_DUMP path attributes');
  const decoded = decodePathAttributes(ctx, b, off, off + attrLen, { as4: false, rib: true });
  ctx.rib = true;
  ctx.originatedAt = originated;
  pushRoute(ctx, 'announce', formatPrefix(b, prefixOff, bits, afi), afi, 1, null, ribAttributes(decoded, afi));
}

/** PEER_INDEX_TABLE: the peers later RIB records name by index. */
export function decodePeerIndexTable(ctx: DecodeContext, b: Buffer, start: number, end: number): BgpPeerIndexEvent {
  let off = start;
  need(off, 6, end, 'PEER_INDEX_TABLE header');
  const collectorBgpId = formatIpv4(b, off);
  const nameLen = b.readUInt16BE(off + 4);
  off += 6;
  need(off, nameLen + 2, end, 'PEER_INDEX_TABLE view name and peer count');
  const viewName = b.toString('utf8', off, off + nameLen);
  off += nameLen;
  const count = b.readUInt16BE(off);
  off += 2;
  const peers: BgpPeerEntry[] = [];
  for (let i = 0; i < count; i++) {
    need(off, 5, end, `peer entry ${i} of ${count}`);
    const type = b[off]!;
    const alen = type & 1 ? 16 : 4;
    const asnLen = type & 2 ? 4 : 2;
    need(off, 5 + alen + asnLen, end, `peer entry ${i} of ${count}`);
    const bgpId = formatIpv4(b, off + 1);
    const address = alen === 4 ? formatIpv4(b, off + 5) : formatIpv6(b, off + 5);
    const asn = asnLen === 4 ? b.readUInt32BE(off + 5 + alen) : b.readUInt16BE(off + 5 + alen);
    peers.push({ bgpId, address, asn });
    off += 5 + alen + asnLen;
  }
  ctx.peers = peers;
  return { kind: 'peer-index', source: 'TABLE_DUMP2', timestamp: ctx.timestamp, collectorBgpId, viewName, peers, record: ctx.record };
}

/** RIB_IPV4/IPV6_UNICAST/MULTICAST and their ADD-PATH forms: one prefix, one entry per peer. */
export function decodeRibEntries(ctx: DecodeContext, b: Buffer, start: number, end: number, afi: 4 | 6, safi: 1 | 2, addPath: boolean): void {
  const peers = ctx.peers;
  if (peers === null) throw new MrtDecodeError(start, 'a PEER_INDEX_TABLE before the first RIB record');
  let off = start;
  need(off, 5, end, 'RIB record sequence number and prefix length');
  const bits = b[off + 4]!;
  const maxBits = afi === 4 ? 32 : 128;
  if (bits > maxBits) throw new MrtDecodeError(off + 4, `prefix length at most ${maxBits}, got ${bits}`);
  off += 5;
  const nbytes = (bits + 7) >> 3;
  need(off, nbytes + 2, end, 'RIB prefix and entry count');
  const prefix = formatPrefix(b, off, bits, afi);
  off += nbytes;
  const count = b.readUInt16BE(off);
  off += 2;
  ctx.rib = true;
  for (let i = 0; i < count; i++) {
    const fixed = addPath ? 12 : 8;
    need(off, fixed, end, `RIB entry ${i} of ${count}`);
    const peerIndex = b.readUInt16BE(off);
    const peer = peers[peerIndex];
    if (peer === undefined) throw new MrtDecodeError(off, `peer index below ${peers.length}, got ${peerIndex}`);
    ctx.originatedAt = b.readUInt32BE(off + 2);
    const pathId = addPath ? b.readUInt32BE(off + 6) : null;
    const attrLen = b.readUInt16BE(off + fixed - 2);
    off += fixed;
    need(off, attrLen, end, `path attributes of RIB entry ${i} of ${count}`);
    ctx.peerAddress = peer.address;
    ctx.peerAsn = peer.asn;
    const decoded = decodePathAttributes(ctx, b, off, off + attrLen, { as4: true, rib: true });
    pushRoute(ctx, 'announce', prefix, afi, safi, pathId, ribAttributes(decoded, afi));
    off += attrLen;
  }
}
