// Shared state of one MRT record's decoding: where events go, who the peer is, and how faults are raised.
import type { BgpEvent, BgpEventSource, BgpPathAttributes, BgpPeerEntry, BgpRouteEvent } from '../../src/model/bgp-event.js';

/**
 * A fault inside one record. `offset` is an index into the chunk buffer being decoded; the
 * reader turns it into a stream byte offset and a ParseError (or a skipped record).
 */
export class MrtDecodeError extends Error {
  readonly offset: number;
  readonly expected: string;
  constructor(offset: number, expected: string) {
    super(expected);
    this.name = 'MrtDecodeError';
    this.offset = offset;
    this.expected = expected;
  }
}

export interface DecodeContext {
  /** Events of the current batch; a failed record's events are cut off again by the reader. */
  out: BgpEvent[];
  warn(message: string, offset: number): void;
  record: number;
  timestamp: number;
  microseconds: number;
  source: BgpEventSource;
  /** Peers of the last TABLE_DUMP_V2 PEER_INDEX_TABLE. */
  peers: BgpPeerEntry[] | null;
  /** The peer of the record being decoded. */
  peerAddress: string;
  peerAsn: number;
  rib: boolean;
  originatedAt: number | undefined;
}

/** Throws unless `need` bytes are available at `off` (before `end`). */
export function need(off: number, count: number, end: number, what: string): void {
  if (off + count > end) throw new MrtDecodeError(off, `${what} (${count} bytes, ${Math.max(0, end - off)} left)`);
}

export function pushRoute(
  ctx: DecodeContext,
  kind: 'announce' | 'withdraw',
  prefix: string,
  afi: 4 | 6,
  safi: 1 | 2,
  pathId: number | null,
  attributes: BgpPathAttributes | null,
): void {
  // Every event is built with the same fields in the same order, so V8 keeps one hidden class.
  const ev: BgpRouteEvent = {
    kind,
    source: ctx.source,
    rib: ctx.rib,
    timestamp: ctx.timestamp,
    microseconds: ctx.microseconds,
    peerAddress: ctx.peerAddress,
    peerAsn: ctx.peerAsn,
    prefix,
    afi,
    safi,
    pathId,
    attributes,
    originatedAt: ctx.originatedAt,
    record: ctx.record,
  };
  ctx.out.push(ev);
}
