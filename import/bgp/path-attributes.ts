// Decodes BGP path attributes (RFC 4271 §4.3 and friends) into BgpPathAttributes plus the MP_REACH/MP_UNREACH parts.
import type { BgpPathAttributes } from '../../src/model/bgp-event.js';
import { type DecodedAsPath, EMPTY_AS_PATH, decodeAsPath, mergeAs4Path } from './as-path.js';
import { type DecodeContext, MrtDecodeError } from './decode-context.js';
import { formatIpv4, formatIpv6 } from './ip-text.js';

const enum Attr {
  Origin = 1,
  AsPath = 2,
  NextHop = 3,
  Med = 4,
  LocalPref = 5,
  AtomicAggregate = 6,
  Aggregator = 7,
  Communities = 8,
  MpReach = 14,
  MpUnreach = 15,
  As4Path = 17,
  As4Aggregator = 18,
  LargeCommunities = 32,
}

const AS_TRANS = 23456;
const ORIGINS = ['igp', 'egp', 'incomplete'] as const;

/** Where the NLRI of MP_REACH_NLRI / MP_UNREACH_NLRI lie in the buffer, for the UPDATE decoder. */
export interface MpNlri {
  afi: number;
  safi: number;
  start: number;
  end: number;
}

export interface DecodedAttributes {
  attributes: BgpPathAttributes;
  /** MP_REACH_NLRI: its next hop; `nlri` is null in the abbreviated RIB form (RFC 6396 §4.3.4). */
  mpNextHop: string | null;
  mpNextHopLinkLocal: string | null;
  mpReach: MpNlri | null;
  mpUnreach: MpNlri | null;
}

export interface AttributeOptions {
  /** ASNs in AS_PATH / AGGREGATOR are 4 bytes (BGP4MP_*_AS4, TABLE_DUMP_V2). */
  as4: boolean;
  /** RIB entries may carry the abbreviated MP_REACH_NLRI (next hop only). */
  rib: boolean;
}

function formatNextHop(b: Buffer, off: number, len: number): [string | null, string | null] {
  switch (len) {
    case 4: return [formatIpv4(b, off), null];
    case 16: return [formatIpv6(b, off), null];
    case 32: return [formatIpv6(b, off), formatIpv6(b, off + 16)];
    // VPN next hops carry an 8-byte route distinguisher first.
    case 12: return [formatIpv4(b, off + 8), null];
    case 24: return [formatIpv6(b, off + 8), null];
    case 48: return [formatIpv6(b, off + 8), formatIpv6(b, off + 32)];
    default: return [null, null];
  }
}

function decodeCommunities(b: Buffer, start: number, len: number): string[] {
  if (len % 4 !== 0) throw new MrtDecodeError(start, `COMMUNITIES length a multiple of 4, got ${len}`);
  const out = new Array<string>(len >> 2);
  for (let i = 0, off = start; off < start + len; off += 4, i++) out[i] = `${b.readUInt16BE(off)}:${b.readUInt16BE(off + 2)}`;
  return out;
}

function decodeLargeCommunities(b: Buffer, start: number, len: number): string[] {
  if (len % 12 !== 0) throw new MrtDecodeError(start, `LARGE_COMMUNITIES length a multiple of 12, got ${len}`);
  const out: string[] = [];
  for (let off = start; off < start + len; off += 12) out.push(`${b.readUInt32BE(off)}:${b.readUInt32BE(off + 4)}:${b.readUInt32BE(off + 8)}`);
  return out;
}

const NO_STRINGS: string[] = [];

export function decodePathAttributes(ctx: DecodeContext, b: Buffer, start: number, end: number, opts: AttributeOptions): DecodedAttributes {
  let origin: BgpPathAttributes['origin'] = null;
  let asPath: DecodedAsPath = EMPTY_AS_PATH;
  let as4Path: DecodedAsPath | null = null;
  let nextHop: string | null = null;
  let med: number | null = null;
  let localPref: number | null = null;
  let atomicAggregate = false;
  let aggregator: BgpPathAttributes['aggregator'] = null;
  let as4Aggregator: BgpPathAttributes['aggregator'] = null;
  let communities = NO_STRINGS;
  let largeCommunities = NO_STRINGS;
  let mpNextHop: string | null = null;
  let mpNextHopLinkLocal: string | null = null;
  let mpReach: MpNlri | null = null;
  let mpUnreach: MpNlri | null = null;

  let off = start;
  while (off < end) {
    if (off + 3 > end) throw new MrtDecodeError(off, 'path attribute header (flags, type, length)');
    const flags = b[off]!;
    const type = b[off + 1]!;
    let len: number;
    let v: number;
    if (flags & 0x10) {
      if (off + 4 > end) throw new MrtDecodeError(off, 'extended path attribute length (2 bytes)');
      len = b.readUInt16BE(off + 2);
      v = off + 4;
    } else {
      len = b[off + 2]!;
      v = off + 3;
    }
    if (v + len > end) throw new MrtDecodeError(off, `path attribute ${type} of ${len} bytes within the ${end - v} left`);
    switch (type) {
      case Attr.Origin:
        if (len !== 1) throw new MrtDecodeError(off, `ORIGIN of 1 byte, got ${len}`);
        origin = ORIGINS[b[v]!] ?? null;
        if (origin === null) ctx.warn(`unknown ORIGIN value ${b[v]}`, off);
        break;
      case Attr.AsPath:
        asPath = decodeAsPath(b, v, v + len, opts.as4 ? 4 : 2);
        break;
      case Attr.As4Path:
        as4Path = decodeAsPath(b, v, v + len, 4);
        break;
      case Attr.NextHop:
        if (len !== 4) throw new MrtDecodeError(off, `NEXT_HOP of 4 bytes, got ${len}`);
        nextHop = formatIpv4(b, v);
        break;
      case Attr.Med:
        if (len !== 4) throw new MrtDecodeError(off, `MULTI_EXIT_DISC of 4 bytes, got ${len}`);
        med = b.readUInt32BE(v);
        break;
      case Attr.LocalPref:
        if (len !== 4) throw new MrtDecodeError(off, `LOCAL_PREF of 4 bytes, got ${len}`);
        localPref = b.readUInt32BE(v);
        break;
      case Attr.AtomicAggregate:
        atomicAggregate = true;
        break;
      case Attr.Aggregator:
      case Attr.As4Aggregator: {
        // The length, not the message type, says whether the ASN is 2 or 4 bytes.
        let agg: BgpPathAttributes['aggregator'];
        if (len === 6) agg = { asn: b.readUInt16BE(v), address: formatIpv4(b, v + 2) };
        else if (len === 8) agg = { asn: b.readUInt32BE(v), address: formatIpv4(b, v + 4) };
        else throw new MrtDecodeError(off, `AGGREGATOR of 6 or 8 bytes, got ${len}`);
        if (type === Attr.Aggregator) aggregator = agg;
        else as4Aggregator = agg;
        break;
      }
      case Attr.Communities:
        communities = decodeCommunities(b, v, len);
        break;
      case Attr.LargeCommunities:
        largeCommunities = decodeLargeCommunities(b, v, len);
        break;
      case Attr.MpReach: {
        if (len < 1) throw new MrtDecodeError(off, 'MP_REACH_NLRI body');
        // RFC 6396 §4.3.4: RIB entries keep only the next-hop length and next hop.
        if (opts.rib && b[v]! + 1 === len) {
          [mpNextHop, mpNextHopLinkLocal] = formatNextHop(b, v + 1, b[v]!);
          break;
        }
        if (len < 5) throw new MrtDecodeError(off, `MP_REACH_NLRI of at least 5 bytes, got ${len}`);
        const nhLen = b[v + 3]!;
        const nlriStart = v + 4 + nhLen + 1;
        if (nlriStart > v + len) throw new MrtDecodeError(v + 3, `MP_REACH_NLRI next hop of ${nhLen} bytes within the attribute`);
        [mpNextHop, mpNextHopLinkLocal] = formatNextHop(b, v + 4, nhLen);
        mpReach = { afi: b.readUInt16BE(v), safi: b[v + 2]!, start: nlriStart, end: v + len };
        break;
      }
      case Attr.MpUnreach:
        if (len < 3) throw new MrtDecodeError(off, `MP_UNREACH_NLRI of at least 3 bytes, got ${len}`);
        mpUnreach = { afi: b.readUInt16BE(v), safi: b[v + 2]!, start: v + 3, end: v + len };
        break;
      default:
        break;
    }
    off = v + len;
  }

  // RFC 6793: a 2-byte speaker's path is completed by AS4_PATH; a 4-byte one must not carry it.
  if (as4Path !== null && !opts.as4) asPath = mergeAs4Path(asPath, as4Path);
  if (as4Aggregator !== null && !opts.as4 && (aggregator === null || aggregator.asn === AS_TRANS)) aggregator = as4Aggregator;

  return {
    attributes: {
      origin,
      asPath: asPath.asns,
      asPathSegments: asPath.segments,
      nextHop,
      nextHopLinkLocal: null,
      med,
      localPref,
      atomicAggregate,
      aggregator,
      communities,
      largeCommunities,
    },
    mpNextHop,
    mpNextHopLinkLocal,
    mpReach,
    mpUnreach,
  };
}
