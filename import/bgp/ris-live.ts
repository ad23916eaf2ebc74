// RIPE RIS Live JSON messages (one per line, `ris_message` frames or bare data) → the normalised BGP events of the MRT reader.
import type { ImportWarning } from '../../src/model/topology.js';
import type { AsPathSegment, BgpEvent, BgpPathAttributes, BgpRouteEvent } from '../../src/model/bgp-event.js';
import { StringDecoder } from 'node:string_decoder';
import { ParseError } from '../../src/errors.js';
import { type ByteInput, openByteStream } from './byte-stream.js';
import { canonicalAddress, canonicalPrefix } from './ip-text.js';

export interface RisLiveReadOptions {
  file?: string;
  /** Skip lines that are not valid RIS Live messages (counted in `stats.badRecords`) instead of throwing. */
  skipBad?: boolean;
  onWarning?: (w: ImportWarning) => void;
  keepWarnings?: number;
  /** Longest line accepted (default 16 MiB); a longer one means the input is not line-delimited JSON. */
  maxLineBytes?: number;
}

export interface RisLiveStats {
  bytes: number;
  /** Non-empty lines read, good or bad. */
  records: number;
  badRecords: number;
  /** Messages with no routes in them (KEEPALIVE, OPEN, NOTIFICATION, RIS_PEER_STATE…). */
  skippedMessages: number;
  warnings: number;
}

/** Thrown inside the decoder for one message; becomes a ParseError or a skipped line. */
class BadMessage extends Error {}

type Json = Record<string, unknown>;

const ORIGINS: Record<string, BgpPathAttributes['origin']> = { igp: 'igp', egp: 'egp', incomplete: 'incomplete' };

function asNumber(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new BadMessage(`${what} as an unsigned 32-bit integer`);
  return n;
}

function decodePath(path: unknown): { asns: number[]; segments: AsPathSegment[] | null } {
  if (path === undefined || path === null) return { asns: [], segments: null };
  if (!Array.isArray(path)) throw new BadMessage('`path` as an array of ASNs');
  const asns: number[] = [];
  let hasSet = false;
  const segments: AsPathSegment[] = [];
  for (const hop of path) {
    if (Array.isArray(hop)) {
      // RIS Live writes an AS_SET as a nested array.
      hasSet = true;
      const set = hop.map((a) => asNumber(a, 'AS_SET member'));
      segments.push({ type: 'set', asns: set });
      asns.push(...set);
    } else {
      const asn = asNumber(hop, 'ASN in `path`');
      const last = segments.at(-1);
      if (last && last.type === 'sequence') last.asns.push(asn);
      else segments.push({ type: 'sequence', asns: [asn] });
      asns.push(asn);
    }
  }
  return { asns, segments: hasSet ? segments : null };
}

function decodePairs(v: unknown, width: number, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new BadMessage(`\`${what}\` as an array`);
  return v.map((c) => {
    if (!Array.isArray(c) || c.length !== width) throw new BadMessage(`each \`${what}\` entry as ${width} numbers`);
    return c.map((x) => asNumber(x, what)).join(':');
  });
}

function decodeAggregator(v: unknown): BgpPathAttributes['aggregator'] {
  if (typeof v !== 'string' || v === '') return null;
  // RIS Live writes `asn:address`; an IPv6 address would hold colons too, so split at the first one.
  const i = v.indexOf(':');
  const address = i < 0 ? null : canonicalAddress(v.slice(i + 1));
  if (address === null) throw new BadMessage('`aggregator` as "asn:address"');
  return { asn: asNumber(v.slice(0, i), 'aggregator ASN'), address };
}

/** Events of one RIS Live message object (a `ris_message` frame or its `data`); record is its index. */
export function decodeRisLiveMessage(msg: unknown, record: number, warn: (m: string) => void = () => {}): BgpEvent[] {
  if (typeof msg !== 'object' || msg === null) throw new BadMessage('a JSON object per line');
  let data = msg as Json;
  if (data.type === 'ris_message' && typeof data.data === 'object' && data.data !== null) data = data.data as Json;
  else if (data.type === 'ris_error') throw new BadMessage(`a ris_message, got ris_error: ${JSON.stringify(data.data)}`);
  const ts = typeof data.timestamp === 'number' ? data.timestamp : Number.NaN;
  if (!Number.isFinite(ts)) throw new BadMessage('a numeric `timestamp`');
  const timestamp = Math.floor(ts);
  const microseconds = Math.round((ts - timestamp) * 1e6);
  const peerAddress = typeof data.peer === 'string' ? canonicalAddress(data.peer) : null;
  if (peerAddress === null) throw new BadMessage('`peer` as an IP address');
  const peerAsn = asNumber(data.peer_asn, '`peer_asn`');
  const base = { source: 'RIS_LIVE' as const, timestamp, microseconds, peerAddress, peerAsn, record };

  if (data.type === 'STATE') {
    // RIS Live reports only the new state: `connected` means Established, `down` means Idle.
    const state = data.state === 'connected' ? 6 : data.state === 'down' ? 1 : null;
    if (state === null) {
      warn(`RIS Live STATE ${String(data.state)} not understood`);
      return [];
    }
    return [{ kind: 'state', ...base, oldState: 0, newState: state }];
  }
  if (data.type !== 'UPDATE') return [];

  const out: BgpEvent[] = [];
  const route = (kind: 'announce' | 'withdraw', text: unknown, attributes: BgpPathAttributes | null): void => {
    const p = typeof text === 'string' ? canonicalPrefix(text) : null;
    if (p === null) throw new BadMessage(`a prefix, got ${JSON.stringify(text)}`);
    const ev: BgpRouteEvent = { kind, ...base, rib: false, prefix: p.prefix, afi: p.afi, safi: 1, pathId: null, attributes, originatedAt: undefined };
    out.push(ev);
  };
  const withdrawals = data.withdrawals ?? [];
  if (!Array.isArray(withdrawals)) throw new BadMessage('`withdrawals` as an array of prefixes');
  for (const w of withdrawals) route('withdraw', w, null);

  const announcements = data.announcements ?? [];
  if (!Array.isArray(announcements)) throw new BadMessage('`announcements` as an array');
  if (announcements.length === 0) return out;
  const path = decodePath(data.path);
  const originText = typeof data.origin === 'string' ? data.origin.toLowerCase() : null;
  const shared: BgpPathAttributes = {
    origin: originText === null ? null : ORIGINS[originText] ?? null,
    asPath: path.asns,
    asPathSegments: path.segments,
    nextHop: null,
    nextHopLinkLocal: null,
    med: data.med === undefined ? null : asNumber(data.med, '`med`'),
    localPref: data.local_pref === undefined ? null : asNumber(data.local_pref, '`local_pref`'),
    atomicAggregate: data.atomic_aggregate === true,
    aggregator: decodeAggregator(data.aggregator),
    communities: decodePairs(data.community, 2, 'community'),
    largeCommunities: decodePairs(data.large_community, 3, 'large_community'),
  };
  for (const a of announcements) {
    if (typeof a !== 'object' || a === null || !Array.isArray((a as Json).prefixes)) throw new BadMessage('each announcement with a `prefixes` array');
    const ann = a as Json;
    // An IPv6 next hop comes as "global,link-local".
    const [global, linkLocal] = typeof ann.next_hop === 'string' ? ann.next_hop.split(',') : [];
    const attributes: BgpPathAttributes = {
      ...shared,
      nextHop: global ? canonicalAddress(global) : null,
      nextHopLinkLocal: linkLocal ? canonicalAddress(linkLocal) : null,
    };
    for (const p of ann.prefixes as unknown[]) route('announce', p, attributes);
  }
  return out;
}

/** Reads RIS Live NDJSON (optionally gzip/bzip2-compressed) as BGP events, one batch per chunk of lines. */
export class RisLiveReader implements AsyncIterable<BgpEvent> {
  readonly stats: RisLiveStats = { bytes: 0, records: 0, badRecords: 0, skippedMessages: 0, warnings: 0 };
  readonly warnings: ImportWarning[] = [];
  private readonly file: string;

  constructor(
    private readonly input: ByteInput,
    private readonly options: RisLiveReadOptions = {},
  ) {
    this.file = options.file ?? (typeof input === 'string' ? input : '<stream>');
  }

  private warn(message: string, line: number, byteOffset: number): void {
    const w: ImportWarning = { file: this.file, line, record: line - 1, byteOffset, message };
    this.stats.warnings++;
    if (this.warnings.length < (this.options.keepWarnings ?? 100)) this.warnings.push(w);
    this.options.onWarning?.(w);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<BgpEvent> {
    for await (const batch of this.batches()) yield* batch;
  }

  async *batches(): AsyncGenerator<BgpEvent[]> {
    const maxLine = this.options.maxLineBytes ?? 16 * 1024 * 1024;
    let pending = '';
    let pendingStart = 0; // byte offset of `pending`
    let line = 0;
    const handle = (text: string, offset: number, out: BgpEvent[]): void => {
      line++;
      if (text.trim() === '') return;
      const record = this.stats.records++;
      try {
        let msg: unknown;
        try {
          msg = JSON.parse(text);
        } catch (e) {
          throw new BadMessage(`a JSON object (${(e as Error).message})`);
        }
        const events = decodeRisLiveMessage(msg, record, (m) => this.warn(m, line, offset));
        if (events.length === 0) this.stats.skippedMessages++;
        for (const ev of events) out.push(ev);
      } catch (e) {
        if (!(e instanceof BadMessage)) throw e;
        if (!this.options.skipBad) throw new ParseError({ file: this.file, line, record, byteOffset: offset }, e.message);
        this.stats.badRecords++;
        this.warn(`skipped bad message: ${e.message}`, line, offset);
      }
    };
    // A multi-byte character may straddle two chunks; the decoder holds its first half back.
    const utf8 = new StringDecoder('utf8');
    try {
      for await (const chunk of openByteStream(this.input)) {
        const text = pending + utf8.write(chunk);
        const out: BgpEvent[] = [];
        let start = 0;
        let offset = pendingStart;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          const lineText = text.slice(start, nl);
          handle(lineText, offset, out);
          offset += Buffer.byteLength(lineText) + 1;
          start = nl + 1;
        }
        pending = text.slice(start);
        pendingStart = offset;
        if (pending.length > maxLine) throw new ParseError({ file: this.file, line: line + 1, byteOffset: pendingStart }, `a line of at most ${maxLine} bytes`);
        this.stats.bytes = pendingStart;
        if (out.length > 0) yield out;
      }
    } catch (e) {
      // A file that cannot be opened is not bad input: ENOENT and friends pass through as they are.
      if (e instanceof ParseError || (e instanceof Error && 'syscall' in e)) throw e;
      throw new ParseError({ file: this.file, line: line + 1, byteOffset: pendingStart }, `a readable stream (${(e as Error).message})`, { cause: e });
    }
    const out: BgpEvent[] = [];
    handle(pending, pendingStart, out);
    this.stats.bytes = pendingStart + Buffer.byteLength(pending);
    if (out.length > 0) yield out;
  }
}

export function readRisLive(input: ByteInput, options: RisLiveReadOptions = {}): RisLiveReader {
  return new RisLiveReader(input, options);
}
